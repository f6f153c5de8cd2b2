"""The command graph: syntax trees compiled into token positions (a Glushkov automaton).

Every keyword or variable of a syntax string becomes one :class:`Position`; ``follow`` lists the
positions that may come next and ``accepting`` says the command may end there. The matcher walks
these positions token by token, so matching, completion, help and caret columns all come from the
same graph.
"""

from __future__ import annotations

import bisect
import ipaddress
import re
from dataclasses import dataclass, field

from iosxe_sim.parser.nodes import Choice, Keyword, Node, Opt, Repeat, Seq, Variable, VarKind

# Interface types IOS-XE accepts, in the order an ambiguous abbreviation resolves (IOS picks
# GigabitEthernet for "g", Virtual-Access for "vi" ...).
INTERFACE_TYPES = (
    "GigabitEthernet",
    "TenGigabitEthernet",
    "FortyGigabitEthernet",
    "HundredGigE",
    "FastEthernet",
    "Ethernet",
    "Loopback",
    "Tunnel",
    "Virtual-Access",
    "Virtual-Template",
    "Port-channel",
    "Vlan",
    "BDI",
    "Dialer",
    "Null",
)
_IFNAME = re.compile(r"([A-Za-z][A-Za-z-]*?)-?(\d[\d/.:]*)")
_LOWER_TYPES = tuple((name.lower(), name) for name in INTERFACE_TYPES)


def canonical_interface(token: str) -> str | None:
    """``gi1`` -> ``GigabitEthernet1``; None when the token names no interface."""
    found = _IFNAME.fullmatch(token)
    if not found:
        return None
    prefix, number = found.group(1).lower(), found.group(2)
    for lower, name in _LOWER_TYPES:
        if lower.startswith(prefix):
            return name + number
    return None


def _digits(text: str) -> bool:
    """ASCII decimal digits only: ``str.isdigit`` also accepts superscripts and other scripts."""
    return text.isascii() and text.isdigit()


_IPV4 = re.compile(r"[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}")


def valid_ipv4(token: str) -> bool:
    return _IPV4.fullmatch(token) is not None and max(map(int, token.split("."))) <= 255


def variable_value(var: Variable, token: str) -> str | None:
    """The value a token gives a variable position, or None when it does not fit."""
    kind = var.kind
    if kind in (VarKind.WORD, VarKind.LINE):
        return token
    if kind is VarKind.RANGE:
        if _digits(token) and len(token) <= 10 and var.low <= int(token) <= var.high:
            return str(int(token))
        return None
    if kind is VarKind.IPV4:
        return token if valid_ipv4(token) else None
    if kind is VarKind.PREFIX:
        address, _, length = token.partition("/")
        ok = valid_ipv4(address) and _digits(length) and int(length) <= 32
        return token if ok else None
    if kind is VarKind.IPV6:
        try:
            return str(ipaddress.IPv6Address(token.split("%")[0])).upper()
        except ValueError:
            return None
    if kind is VarKind.IFNAME:
        return canonical_interface(token)
    return token if re.fullmatch(r"[0-9A-Fa-f]+", token) else None


@dataclass(eq=False)
class Position:
    """One token slot of one command."""

    command: Command
    token: Keyword | Variable
    help: str
    captures: tuple[tuple[str, bool], ...]  # (name, collects a list)
    follow: list[Position] = field(default_factory=list)
    accepting: bool = False
    key: str | None = field(init=False)  # the keyword in lower case; None for a variable
    capture_names: tuple[str, ...] = field(init=False)
    rank: int = field(init=False)  # specificity when several commands match: keyword 3, typed 1, WORD/LINE 0
    rest_of_line: bool = field(init=False)  # a LINE variable: takes the rest of the line
    as_typed: bool = field(init=False)  # WORD or A.B.C.D: the value is the token as typed

    def __post_init__(self) -> None:
        token = self.token
        self.key = token.word.lower() if isinstance(token, Keyword) else None
        self.rest_of_line = isinstance(token, Variable) and token.kind is VarKind.LINE
        self.capture_names = tuple(name for name, _ in self.captures)
        self.as_typed = isinstance(token, Variable) and token.kind in (VarKind.WORD, VarKind.IPV4)
        if isinstance(token, Keyword):
            self.rank = 3
        else:
            self.rank = 0 if token.kind in (VarKind.WORD, VarKind.LINE) else 1

    @property
    def display(self) -> str:
        if isinstance(self.token, Keyword):
            return self.token.word
        return self.token.display

    @property
    def is_keyword(self) -> bool:
        return isinstance(self.token, Keyword)


@dataclass(eq=False)
class Command:
    """A command of one mode, compiled from its grammar entry."""

    id: str
    mode: str
    syntax: str
    handler: str
    enters: str | None = None
    negated: bool = False
    multiline: str | None = None
    store: str = "set"  # how the config model keeps it: set | list | block | sequenced
    key: tuple[str, ...] = ()  # captures that identify a list item or a block
    rank: int = 500  # nvgen order among top-level commands
    keep_no: bool = False  # nvgen writes the negated form back (IOS: "no ip http server")
    privilege: int = 15  # EXEC commands of privilege 1 are also in user EXEC
    compact: bool = False  # nvgen writes consecutive blocks without "!" between them (line con/vty)
    first: list[Position] = field(default_factory=list)
    list_captures: frozenset[str] = frozenset()  # captures inside {...} collect tuples

    def __repr__(self) -> str:
        prefix = "no " if self.negated else ""
        return f"<Command {self.mode}: {prefix}{self.syntax}>"


class HelpLookup:
    """Help texts: a command's own table first, then its mode's table."""

    def __init__(self, mode_help: dict[str, str], command_help: dict[str, str]) -> None:
        self.tables = (command_help, mode_help)

    def __call__(self, token: Keyword | Variable, captures: tuple[tuple[str, bool], ...]) -> str:
        """Variables are found by their capture name (innermost enclosing one) or their type."""
        names = [f"${name}" for name, _ in reversed(captures)]
        keys = [token.word] if isinstance(token, Keyword) else names + [token.display]
        for table in self.tables:
            for key in keys:
                if key in table:
                    return table[key]
        raise KeyError(keys[0])


def compile_command(command: Command, root: Node, help_for: HelpLookup) -> None:
    """Fill ``command.first`` with the positions a match starts from."""
    first, last, nullable = _build(command, root, (), False, help_for)
    if nullable:
        raise ValueError(f"{command.syntax!r} can match nothing")
    for position in last:
        position.accepting = True
    command.first = first
    command.list_captures = frozenset(
        name for p in reachable(first) for name, is_list in p.captures if is_list
    )


def reachable(first: list[Position]) -> list[Position]:
    """Every position reachable from ``first`` (each once; Repeat makes the graph cyclic)."""
    seen: dict[int, Position] = {}
    stack = list(first)
    while stack:
        position = stack.pop()
        if id(position) not in seen:
            seen[id(position)] = position
            stack.extend(position.follow)
    return list(seen.values())


def _build(
    command: Command, node: Node, captures: tuple[tuple[str, bool], ...], in_repeat: bool,
    help_for: HelpLookup,
) -> tuple[list[Position], list[Position], bool]:
    if isinstance(node, (Keyword, Variable)):
        own = captures + (((node.capture, in_repeat),) if node.capture else ())
        position = Position(command, node, help_for(node, own), own)
        return [position], [position], False
    if isinstance(node, Seq):
        first: list[Position] = []
        last: list[Position] = []
        nullable = True
        for item in node.items:
            i_first, i_last, i_nullable = _build(command, item, captures, in_repeat, help_for)
            for position in last:
                position.follow.extend(i_first)
            if nullable:
                first.extend(i_first)
            last = i_last + last if i_nullable else i_last
            nullable = nullable and i_nullable
        return first, last, nullable
    named = captures + (((node.capture, in_repeat or isinstance(node, Repeat)),) if node.capture else ())
    if isinstance(node, Choice):
        first, last, nullable = [], [], False
        for option in node.options:
            o_first, o_last, o_nullable = _build(command, option, named, in_repeat, help_for)
            first += o_first
            last += o_last
            nullable = nullable or o_nullable
        return first, last, nullable
    if isinstance(node, Opt):
        first, last, _ = _build(command, node.body, named, in_repeat, help_for)
        return first, last, True
    first, last, nullable = _build(command, node.body, named, True, help_for)
    for position in last:
        position.follow.extend(first)
    return first, last, nullable


class PositionIndex:
    """Positions that may take the next token, each with the number of the state it continues.

    Keywords are indexed by exact word and kept sorted for prefix search; variables are grouped
    by type, so a token is checked once per type however many commands share it. The matcher
    builds one for a mode's first tokens and, lazily, one per set of live positions.
    """

    def __init__(self, entries: list[tuple[int, Position]]) -> None:
        self.by_key: dict[str, list[tuple[int, Position]]] = {}
        groups: dict[Variable, list[tuple[int, Position]]] = {}
        for origin, position in entries:
            if position.key is not None:
                self.by_key.setdefault(position.key, []).append((origin, position))
            else:
                groups.setdefault(position.token, []).append((origin, position))  # type: ignore[arg-type]
        self.keys = sorted(self.by_key)
        self.variables = list(groups.items())

    def prefixed(self, low: str) -> list[tuple[int, Position]]:
        """Keyword entries whose word starts with ``low`` (``low`` itself is no keyword here)."""
        found: list[tuple[int, Position]] = []
        for key in self.keys[bisect.bisect_left(self.keys, low):]:
            if not key.startswith(low):
                break
            found += self.by_key[key]
        return found

    def positions(self) -> list[Position]:
        return [p for key in self.keys for _, p in self.by_key[key]] + [
            p for _, members in self.variables for _, p in members
        ]
