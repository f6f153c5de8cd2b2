"""Loading the grammar files (grammars/*.toml) into modes of compiled commands.

Each file adds commands to one mode; the file that defines a sub-mode also names its prompt, its
parent mode and the ``[entry]`` command (in the parent mode) that enters it. The schema is checked
here, with the file and field named in every error, and by a test over all shipped files.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from iosxe_sim import __version__
from iosxe_sim.parser import tree_cache
from iosxe_sim.parser.graph import Command, HelpLookup, PositionIndex, compile_command
from iosxe_sim.parser.nodes import Keyword, Node, Seq

FILE_KEYS = {"mode", "prompt", "parent", "negatable", "entry", "help", "command", "help-title"}
COMMAND_KEYS = {
    "syntax", "handler", "enters", "no", "multiline", "help", "store", "key", "rank", "keep-no", "privilege",
}
ENTRY_KEYS = {"syntax", "handler", "no", "help", "key", "rank", "compact"}
STORES = {"set", "list", "merge", "block", "sequenced"}
MULTILINE_KINDS = {"delimited", "quit"}
DEFAULT_RANK = 500
USER_MODE = "user"  # user EXEC (R>): the exec commands of privilege 1, derived, not declared
CONFIG_MODE = "config"  # global configuration: where the unmodelled roots live
EVERY_CONFIG_MODE = "*"  # a file with this mode adds its commands (exit, end, do) to every config mode
NEGATION_HELP = {"no": "Negate a command or set its defaults", "default": "Set a command to its defaults"}


class GrammarError(ValueError):
    """A grammar file breaks the schema; the message names the file and the field."""


@dataclass
class Mode:
    name: str
    prompt: str  # the part inside "R(...)#"; empty for EXEC
    parent: str | None
    negatable: bool
    help: dict[str, str] = field(default_factory=dict)
    commands: list[Command] = field(default_factory=list)
    index: PositionIndex = field(default_factory=lambda: PositionIndex([]))
    phantom_words: frozenset[str] = frozenset()  # first words of unmodelled commands (ambiguity only)
    origin: str = ""  # the grammar file that defines the mode
    help_title: str = ""  # the line `?` on an empty line prints first ("Configure commands:")


@dataclass
class Grammar:
    modes: dict[str, Mode]
    unmodelled: dict[str, tuple[tuple[str, ...], ...]]  # mode -> roots we keep verbatim, longest first

    @property
    def unmodelled_roots(self) -> tuple[tuple[str, ...], ...]:
        """The top-level (global configuration) roots."""
        return self.unmodelled.get(CONFIG_MODE, ())

    def lineage(self, mode: str) -> list[str]:
        """The mode and its ancestors, innermost first (the implicit-exit order)."""
        chain = [mode]
        while (parent := self.modes[chain[-1]].parent) is not None:
            chain.append(parent)
        return chain


@dataclass
class _Pending:
    mode: str
    entry: dict[str, Any]
    origin: str
    help: dict[str, str]
    enters: str | None = None


def _check(table: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = set(table) - allowed
    if unknown:
        raise GrammarError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    for key, value in table.items():
        if key in ("prompt", "help-title") and not isinstance(value, str):
            raise GrammarError(f"{where}: field {key!r} must be a string")
        if key in ("syntax", "handler", "enters", "mode", "parent", "multiline") and not (
            isinstance(value, str) and value
        ):
            raise GrammarError(f"{where}: field {key!r} must be a non-empty string")
        if key == "help" and not (
            isinstance(value, dict) and all(isinstance(v, str) and v for v in value.values())
        ):
            raise GrammarError(f"{where}: field 'help' must map names to non-empty strings")
    for key in ("syntax", "handler"):
        if allowed is not FILE_KEYS and key not in table:
            raise GrammarError(f"{where}: missing field {key!r}")
    if table.get("multiline") not in (None, *MULTILINE_KINDS):
        raise GrammarError(f"{where}: field 'multiline' must be one of {sorted(MULTILINE_KINDS)}")
    if table.get("store") not in (None, *STORES):
        raise GrammarError(f"{where}: field 'store' must be one of {sorted(STORES)}")
    if "key" in table and not (isinstance(table["key"], list) and all(isinstance(k, str) for k in table["key"])):
        raise GrammarError(f"{where}: field 'key' must be a list of capture names")
    if "rank" in table and not isinstance(table["rank"], int):
        raise GrammarError(f"{where}: field 'rank' must be an integer")
    if not (isinstance(table.get("privilege", 15), int) and 0 <= table.get("privilege", 15) <= 15):
        raise GrammarError(f"{where}: field 'privilege' must be an integer 0-15")
    for flag in ("keep-no", "compact"):
        if not isinstance(table.get(flag, False), bool):
            raise GrammarError(f"{where}: field {flag!r} must be true or false")
    if "no" in table and not isinstance(table["no"], (str, bool)):
        raise GrammarError(f"{where}: field 'no' must be a syntax string or false")


def grammar_files(directory: Path | None = None) -> list[tuple[str, str]]:
    """(name, text) of every grammar file, from a directory or the installed package."""
    if directory is not None:
        paths = sorted(directory.glob("*.toml"))
        return [(p.name, p.read_text(encoding="utf-8")) for p in paths]
    root = resources.files("iosxe_sim.grammars")
    names = sorted(e.name for e in root.iterdir() if e.name.endswith(".toml"))
    return [(name, root.joinpath(name).read_text(encoding="utf-8")) for name in names]


def load_grammar(files: list[tuple[str, str]], trees: dict[str, Node] | None = None,
                 parsed: dict[str, dict[str, Any]] | None = None) -> Grammar:
    """Validate and compile grammar files; raises :class:`GrammarError`.

    ``trees`` caches the parsed syntax strings and ``parsed`` the files' TOML data (by file name):
    what is found there is not read again, what is read is added to them.
    """
    modes: dict[str, Mode] = {}
    pending: list[_Pending] = []
    roots: dict[str, list[tuple[str, ...]]] = {}
    for name, text in files:
        data = parsed.get(name) if parsed is not None else None
        if data is None:
            data = _toml(name, text)
            if parsed is not None:
                parsed[name] = data
        if "unmodelled" in data:
            for mode_name, found in _unmodelled_roots(name, data).items():
                roots.setdefault(mode_name, []).extend(found)
            continue
        _check(data, FILE_KEYS, name)
        mode_name = data.get("mode")
        if not mode_name:
            raise GrammarError(f"{name}: missing field 'mode'")
        file_help = data.get("help", {})
        if "prompt" in data:
            if mode_name in modes:
                raise GrammarError(f"{name}: mode {mode_name!r} is defined twice")
            modes[mode_name] = Mode(
                mode_name, data["prompt"], data.get("parent"), data.get("negatable", True), dict(file_help),
                origin=name, help_title=data.get("help-title", ""),
            )
        if "entry" in data:
            entry = data["entry"]
            _check(entry, ENTRY_KEYS, f"{name} [entry]")
            if "parent" not in data:
                raise GrammarError(f"{name}: [entry] needs a 'parent' mode")
            pending.append(_Pending(data["parent"], entry, f"{name} [entry]", {}, mode_name))
        for number, command in enumerate(data.get("command", []), 1):
            _check(command, COMMAND_KEYS, f"{name} command #{number}")
            pending.append(_Pending(mode_name, command, f"{name} command #{number}", file_help,
                                    command.get("enters")))
    for mode in modes.values():
        if mode.parent is not None and mode.parent not in modes:
            raise GrammarError(f"{mode.origin}: mode {mode.name!r} has an unknown parent mode {mode.parent!r}")
    pending = [
        _Pending(name, item.entry, item.origin, item.help, item.enters)
        for item in pending
        for name in ([m.name for m in modes.values() if m.negatable] if item.mode == EVERY_CONFIG_MODE else [item.mode])
    ]
    for item in pending:
        if item.mode not in modes:
            raise GrammarError(f"{item.origin}: unknown mode {item.mode!r}")
        if item.enters is not None and item.enters not in modes:
            raise GrammarError(f"{item.origin}: enters unknown mode {item.enters!r}")
        modes[item.mode].help.update({k: v for k, v in item.help.items() if k not in modes[item.mode].help})
    for item in pending:
        _add_command(modes[item.mode], item, {} if trees is None else trees)
    if "exec" in modes:
        exec_mode = modes["exec"]
        modes[USER_MODE] = Mode(USER_MODE, ">", None, False, exec_mode.help,
                                [c for c in exec_mode.commands if c.privilege <= 1], help_title=exec_mode.help_title)
    for mode_name in roots:
        if mode_name not in modes:
            raise GrammarError(f"[unmodelled] roots for an unknown mode {mode_name!r}")
    for mode_name, found in roots.items():
        modes[mode_name].phantom_words = frozenset(root[0] for root in found)
    if "exec" in roots and USER_MODE in modes:
        modes[USER_MODE].phantom_words = modes["exec"].phantom_words
    for mode in modes.values():
        mode.index = PositionIndex([(0, p) for c in mode.commands for p in c.first])
    return Grammar(modes, {m: tuple(sorted(r, key=len, reverse=True)) for m, r in roots.items()})


def _unmodelled_roots(name: str, data: dict[str, Any]) -> dict[str, list[tuple[str, ...]]]:
    """The [unmodelled] file: global ``roots = [...]`` and ``[unmodelled.in-mode]`` lists per sub-mode."""
    table = data["unmodelled"]
    if set(data) != {"unmodelled"} or not set(table) <= {"roots", "in-mode"} or "roots" not in table:
        raise GrammarError(f"{name}: an [unmodelled] file holds only roots = [...] and [unmodelled.in-mode]")
    lists = {CONFIG_MODE: table["roots"], **table.get("in-mode", {})}
    for mode_name, roots in lists.items():
        if not isinstance(roots, list) or not all(isinstance(r, str) and r.split() for r in roots):
            raise GrammarError(f"{name}: roots of {mode_name!r} must be a list of non-empty strings")
    return {mode_name: [tuple(root.lower().split()) for root in roots] for mode_name, roots in lists.items()}


def _add_command(mode: Mode, item: _Pending, trees: dict[str, Node]) -> None:
    entry = item.entry
    help_for = HelpLookup({**mode.help, **NEGATION_HELP}, entry.get("help", {}))
    forms: list[tuple[str, str | None]] = [(entry["syntax"], None)]
    if mode.negatable and entry.get("no", True) is not False:
        no_syntax = entry["no"] if isinstance(entry.get("no"), str) else entry["syntax"]
        forms += [(no_syntax, "no"), (no_syntax, "default")]  # `default X` removes X as `no X` does
    for syntax, negation in forms:
        negated = negation is not None
        root = trees.get(syntax) or _parsed(syntax, item.origin)
        trees[syntax] = root
        command = Command(
            id=f"{mode.name}:{entry['syntax']}",
            mode=mode.name,
            syntax=syntax,
            handler=entry["handler"],
            enters=None if negated else item.enters,
            negated=negated,
            multiline=None if negated else entry.get("multiline"),
            store="block" if item.enters else entry.get("store", "set"),
            key=tuple(entry.get("key", ())),
            rank=entry.get("rank", DEFAULT_RANK),
            keep_no=entry.get("keep-no", False) and negation == "no",
            compact=entry.get("compact", False),
            privilege=entry.get("privilege", 15),
        )
        if negation is not None:
            root = Seq((Keyword(negation), root))
        try:
            compile_command(command, root, help_for)
        except KeyError as exc:
            raise GrammarError(f"{item.origin}: no help text for {exc.args[0]!r}") from None
        except ValueError as exc:
            raise GrammarError(f"{item.origin}: {exc}") from None
        mode.commands.append(command)


def _parsed(syntax: str, origin: str) -> Node:
    from iosxe_sim.parser.syntax import SyntaxStringError, parse_syntax  # pyparsing: only when compiling

    try:
        return parse_syntax(syntax)
    except SyntaxStringError as exc:
        raise GrammarError(f"{origin}: {exc}") from None


def _cache_path(files: list[tuple[str, str]]) -> Path:
    """The cache file for these grammar files compiled by this parser code (both in the key)."""
    digest = hashlib.sha256(__version__.encode())
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.read_bytes())
    for name, text in files:
        digest.update(name.encode() + b"\0" + text.encode() + b"\0")
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return root / "iosxe-sim" / f"grammar-{digest.hexdigest()[:24]}.json"


@cache
def default_grammar() -> Grammar:
    """The shipped grammar, its parsed syntax strings cached on disk (keyed by the files' hash).

    Reading ~400 syntax strings with pyparsing costs ~0.15 s; with the cached trees (JSON, verified
    by a digest, see tree_cache.py) the grammar compiles in a few tens of milliseconds without
    importing pyparsing, which keeps ``iosxe-sim lint`` on a small file under its 250 ms budget.
    """
    files = grammar_files()
    path = _cache_path(files)
    trees, parsed = tree_cache.load(path), tree_cache.load_files(path.with_suffix(".files.json"))
    known, known_files = len(trees), len(parsed)
    grammar = load_grammar(files, trees, parsed)
    if len(trees) != known or not known:
        tree_cache.save(path, trees)
    if len(parsed) != known_files:
        tree_cache.save_files(path.with_suffix(".files.json"), parsed)
    return grammar


def _toml(name: str, text: str) -> dict[str, Any]:
    import tomllib  # only when the cache does not have the file

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise GrammarError(f"{name}: {exc}") from None
