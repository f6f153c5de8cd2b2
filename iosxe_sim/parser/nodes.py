"""The syntax tree of a command: what a grammar syntax string reads into (see ``syntax.py``).

Kept apart from the pyparsing reader so a cached, compiled grammar loads without pyparsing.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class VarKind(enum.Enum):
    """Variable token types; the value is how IOS shows the type in ``?`` help."""

    WORD = "WORD"
    LINE = "LINE"
    IPV4 = "A.B.C.D"
    PREFIX = "A.B.C.D/M"
    IPV6 = "X:X::X:X"
    RANGE = "<lo-hi>"
    IFNAME = "IFNAME"
    HEX = "HEX"


@dataclass(frozen=True)
class Keyword:
    word: str  # canonical spelling, as nvgen writes it; matched case-insensitively
    capture: str | None = None


@dataclass(frozen=True)
class Variable:
    kind: VarKind
    capture: str | None = None
    low: int = 0
    high: int = 0

    @property
    def display(self) -> str:
        if self.kind is VarKind.RANGE:
            return f"<{self.low}-{self.high}>"
        return self.kind.value


@dataclass(frozen=True)
class Seq:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Choice:
    options: tuple[Node, ...]
    capture: str | None = None


@dataclass(frozen=True)
class Opt:
    body: Node
    capture: str | None = None


@dataclass(frozen=True)
class Repeat:
    """``{a|b}``: one or more of the options, any order."""

    body: Node
    capture: str | None = None


Node = Keyword | Variable | Seq | Choice | Opt | Repeat
