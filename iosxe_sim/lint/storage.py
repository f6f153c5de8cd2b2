"""Compact storage for what linting a big file keeps: its source lines and its findings.

A config of a million lines with a million findings must be linted in a few hundred MiB, so what
lives while the rules run, or until the report is written, is kept in arrays and compressed
pieces rather than in a million Python objects.
"""

from __future__ import annotations

import re
import zlib
from array import array
from collections.abc import Iterator, Sequence

from iosxe_sim.lint.registry import Dangling

_LINE_END = re.compile("\n")
PACKED_LINES = 10_000  # lines compressed together


class SourceLines(Sequence[str]):
    """A text's lines (split at LF, a CR before it dropped) cut out when asked for: where the lines
    start is 8 bytes a line, a list of the lines themselves ten times that. ``release`` hands the
    text over (to the linter, which frees it once it is split)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts = array("q")

    def release(self) -> str:
        """The text; this object forgets it (and has no lines any more)."""
        text, self._text = self._text, ""
        self._starts = array("q")
        return text

    def _line_starts(self) -> array[int]:
        if not self._starts:
            self._starts.append(0)
            self._starts.extend(match.end() for match in _LINE_END.finditer(self._text))
        return self._starts

    def __len__(self) -> int:
        return len(self._line_starts())

    def __getitem__(self, number: int) -> str:  # type: ignore[override]
        starts, text = self._line_starts(), self._text
        end = starts[number + 1] - 1 if number + 1 < len(starts) else len(text)
        return text[starts[number]:end].removesuffix("\r")


class PackedLines(Sequence[str]):
    """Lines kept zlib-compressed, PACKED_LINES at a time (configs repeat themselves: a tenth of
    the size or less); the piece of the last line asked for is kept unpacked, so reading the
    lines in order, as reports do, unpacks each piece once."""

    def __init__(self, lines: list[str]) -> None:
        self._count = len(lines)
        self._pieces = [
            zlib.compress("\n".join(lines[start : start + PACKED_LINES]).encode("utf-8", "surrogatepass"), 1)
            for start in range(0, len(lines), PACKED_LINES)
        ]
        self._piece, self._open = -1, [""]  # the unpacked piece

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, number: int) -> str:  # type: ignore[override]
        piece = number // PACKED_LINES
        if piece != self._piece:
            if not 0 <= number < self._count:
                raise IndexError(number)
            self._open = zlib.decompress(self._pieces[piece]).decode("utf-8", "surrogatepass").split("\n")
            self._piece = piece
        return self._open[number - piece * PACKED_LINES]


class DanglingColumns(Sequence[Dangling]):
    """Dangling references kept as six columns: 48 bytes each, where a :class:`Dangling` tuple
    and its place in a list take 104 (and 600k of them are kept while the model is alive)."""

    def __init__(self) -> None:
        self._lines, self._where_lines = array("q"), array("q")
        self._tokens: list[str] = []
        self._templates: list[str] = []
        self._wheres: list[str] = []
        self._where_names: list[str] = []

    def append(self, finding: Dangling) -> None:
        self._lines.append(finding.line)
        self._tokens.append(finding.token)
        self._templates.append(finding.template)
        self._where_lines.append(finding.where_line)
        self._wheres.append(finding.where)
        self._where_names.append(finding.where_name)

    def names(self) -> Iterator[tuple[int, str]]:
        """(line, name) of each reference, without making its :class:`Dangling`."""
        return zip(self._lines, self._tokens)

    def __len__(self) -> int:
        return len(self._lines)

    def __getitem__(self, number: int) -> Dangling:  # type: ignore[override]
        return Dangling(
            self._lines[number], self._tokens[number], self._templates[number],
            self._where_lines[number], self._wheres[number], self._where_names[number],
        )
