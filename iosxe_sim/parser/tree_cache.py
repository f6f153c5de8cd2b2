"""The on-disk cache of parsed syntax strings (and of the grammar files' TOML data): plain JSON
data, verified before use.

Reading ~400 syntax strings with pyparsing costs ~0.15 s a start; the trees they read into are
small data (keywords, variables, sequences ...). The cache holds them as JSON, never code: a file
that does not verify (a SHA-256 of the payload on its first line), does not decode, or holds
anything but the node shapes below is ignored, and the grammar is rebuilt and the cache rewritten.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from iosxe_sim.parser.nodes import Choice, Keyword, Node, Opt, Repeat, Seq, Variable, VarKind

MAGIC = "iosxe-sim syntax trees v1 sha256="
FILES_MAGIC = "iosxe-sim grammar files v1 sha256="
MAX_CACHE_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 64  # syntax strings nest a few levels; a deeper tree is not ours


class CacheError(ValueError):
    """The cache file is not one we wrote."""


def load(path: Path) -> dict[str, Node]:
    """The cached trees by syntax string; empty when the file is missing or does not verify."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_CACHE_BYTES + 1)
        return _decode_file(data)
    except (OSError, CacheError, ValueError, RecursionError):
        return {}


def save(path: Path, trees: dict[str, Node]) -> None:
    _write(path, MAGIC, {syntax: _encode(node) for syntax, node in trees.items()})


def load_files(path: Path) -> dict[str, dict[str, Any]]:
    """The grammar files as parsed TOML data, by file name; empty when missing or not verified.
    (Parsing the TOML text costs ~25 ms a start; reading it back as JSON a few.)"""
    try:
        with path.open("rb") as handle:
            table = _verified(handle.read(MAX_CACHE_BYTES + 1), FILES_MAGIC)
    except (OSError, CacheError, ValueError, RecursionError):
        return {}
    if not all(isinstance(name, str) and isinstance(data, dict) for name, data in table.items()):
        return {}
    return table


def save_files(path: Path, files: dict[str, dict[str, Any]]) -> None:
    _write(path, FILES_MAGIC, files)


def _write(path: Path, magic: str, table: dict[str, Any]) -> None:
    from iosxe_sim.storage import write_private

    payload = json.dumps(table, separators=(",", ":"), sort_keys=True).encode()
    try:
        write_private(path, f"{magic}{hashlib.sha256(payload).hexdigest()}\n".encode() + payload)
    except OSError:
        pass  # a read-only cache folder still works, just slower


def _verified(data: bytes, magic: str) -> dict[str, Any]:
    """The JSON table of a cache file whose first line is ``magic`` and the payload's SHA-256."""
    if len(data) > MAX_CACHE_BYTES:
        raise CacheError("too large")
    head, _, payload = data.partition(b"\n")
    if head != f"{magic}{hashlib.sha256(payload).hexdigest()}".encode():
        raise CacheError("digest mismatch")
    table = json.loads(payload)
    if not isinstance(table, dict):
        raise CacheError("not a table")
    return table


def _decode_file(data: bytes) -> dict[str, Node]:
    table = _verified(data, MAGIC)
    return {_text(syntax): _decode(tree, 0) for syntax, tree in table.items()}


def _encode(node: Node) -> list[Any]:
    if isinstance(node, Keyword):
        return ["k", node.word, node.capture]
    if isinstance(node, Variable):
        return ["v", node.kind.value, node.capture, node.low, node.high]
    if isinstance(node, Seq):
        return ["s", [_encode(item) for item in node.items]]
    if isinstance(node, Choice):
        return ["c", [_encode(option) for option in node.options], node.capture]
    tag = "o" if isinstance(node, Opt) else "r"
    return [tag, _encode(node.body), node.capture]


def _decode(tree: Any, depth: int) -> Node:
    if depth > MAX_DEPTH or not isinstance(tree, list) or not tree:
        raise CacheError("not a syntax tree")
    tag, *fields = tree
    if tag == "k" and len(fields) == 2:
        return Keyword(_text(fields[0]), _capture(fields[1]))
    if tag == "v" and len(fields) == 4:
        low, high = fields[2], fields[3]
        if type(low) is not int or type(high) is not int:
            raise CacheError("bad range")
        return Variable(VarKind(_text(fields[0])), _capture(fields[1]), low, high)
    if tag == "s" and len(fields) == 1:
        return Seq(tuple(_decode(item, depth + 1) for item in _list(fields[0])))
    if tag == "c" and len(fields) == 2:
        return Choice(tuple(_decode(option, depth + 1) for option in _list(fields[0])), _capture(fields[1]))
    if tag in ("o", "r") and len(fields) == 2:
        return (Opt if tag == "o" else Repeat)(_decode(fields[0], depth + 1), _capture(fields[1]))
    raise CacheError("not a syntax tree")


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise CacheError("not text")
    return value


def _capture(value: Any) -> str | None:
    return None if value is None else _text(value)


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise CacheError("not a list")
    return value
