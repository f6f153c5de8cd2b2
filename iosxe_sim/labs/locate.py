"""Line numbers for the keys of a TOML document, so lab file errors can name the line.

``tomllib`` returns plain values without positions. This scanner follows table headers, array
tables and ``key =`` lines (skipping multi-line strings and arrays) and maps each key path to its
line: ``("objective", 1, "check", 0, "kind")`` is the ``kind`` of the first check of the second
objective. Elements of an inline array of tables get the line of their ``{``.
"""

from __future__ import annotations

import re

Path = tuple[str | int, ...]

_PART = r'[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|\'[^\']*\''
_DOTTED = rf"(?:{_PART})(?:\s*\.\s*(?:{_PART}))*"
_HEADER = re.compile(rf"\s*(\[\[?)\s*({_DOTTED})\s*\]")
_KEY = re.compile(rf"\s*({_DOTTED})\s*=")


def _parts(dotted: str) -> list[str]:
    return [part[1:-1] if part[0] in "\"'" else part for part in re.findall(_PART, dotted)]


class _Value:
    """Where a value's text stands: inside a string, and how deep in brackets."""

    def __init__(self) -> None:
        self.quote: str | None = None
        self.depth = 0
        self.elements = 0  # `{` seen directly inside the outermost array

    @property
    def open(self) -> bool:
        return self.quote is not None or self.depth > 0

    def feed(self, text: str) -> list[int]:
        """Scan text; return the columns of inline tables that start array elements."""
        starts: list[int] = []
        index = 0
        while index < len(text):
            char = text[index]
            if self.quote is not None:
                if char == "\\" and self.quote in ('"', '"""'):
                    index += 2
                    continue
                if text.startswith(self.quote, index):
                    index += len(self.quote)
                    self.quote = None
                    continue
            elif char == "#":
                break
            elif text.startswith('"""', index) or text.startswith("'''", index):
                self.quote = text[index : index + 3]
                index += 3
                continue
            elif char in "\"'":
                self.quote = char
            elif char in "[{":
                if char == "{" and self.depth == 1:
                    starts.append(index)
                self.depth += 1
            elif char in "]}":
                self.depth = max(self.depth - 1, 0)
            index += 1
        if self.quote in ('"', "'"):
            self.quote = None  # a one-line string never continues (tomllib reports the error)
        return starts


def key_lines(text: str) -> dict[Path, int]:
    lines: dict[Path, int] = {}
    counts: dict[Path, int] = {}
    arrays: set[Path] = set()  # array-table paths (without indices)
    table: Path = ()
    value = _Value()
    key: Path = ()
    for number, raw in enumerate(text.splitlines(), 1):
        if value.open:
            for _ in value.feed(raw):
                lines.setdefault(key + (value.elements,), number)
                value.elements += 1
            continue
        header = _HEADER.match(raw)
        if header:
            table = _resolve(_parts(header.group(2)), header.group(1) == "[[", counts, arrays)
            lines.setdefault(table, number)
            continue
        found = _KEY.match(raw)
        if not found:
            continue
        key = table + tuple(_parts(found.group(1)))
        lines.setdefault(key, number)
        value = _Value()
        for _ in value.feed(raw[found.end() :]):
            lines.setdefault(key + (value.elements,), number)
            value.elements += 1
    return lines


def _resolve(parts: list[str], array: bool, counts: dict[Path, int], arrays: set[Path]) -> Path:
    """The indexed path of a header: parent arrays take their current element."""
    path: Path = ()
    plain: Path = ()
    for position, part in enumerate(parts):
        path += (part,)
        plain += (part,)
        last = position == len(parts) - 1
        if last and array:
            arrays.add(plain)
            counts[path] = counts.get(path, 0) + 1
            path += (counts[path] - 1,)
        elif plain in arrays and path in counts:
            path += (counts[path] - 1,)
    return path


def line_of(lines: dict[Path, int], path: Path) -> int | None:
    """The line of the longest prefix of `path` that has one."""
    for end in range(len(path), 0, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None


def dotted(path: Path) -> str:
    """``("objective", 1, "check", 0)`` -> ``objective[2].check[1]`` (1-based, as people count)."""
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text
