"""Line shapes: why a 100k-line config needs only a few thousand walks of the command graph.

Whether a token matches a position depends on very little: the keywords it could abbreviate, and
which variable types accept it. Two tokens that agree on both behave the same in every walk of a
mode, so a line's *shape* — each token replaced by its class — determines the walk's outcome
(which command, which position took each token, or where it failed). The matcher walks once per
shape and rebuilds each line's arguments from its own tokens. The classes:

- a token that some keyword of the mode starts with: itself (lower case), it meets keywords;
- a valid IPv4 address: one class (only A.B.C.D, WORD and LINE take it);
- ASCII digits: one class per set of the mode's ranges that contain the number;
- a token some of the mode's other typed variables accept (interface, prefix, IPv6, hex): one class
  per set of those kinds (a variable's verdict depends on its kind only: ``Gi1`` and ``Loopback7``
  walk alike, ``E1`` - an interface and a hex number - apart);
- anything else: one class (only WORD and LINE take it).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from iosxe_sim.parser.graph import Command, Position, reachable, valid_ipv4, variable_value
from iosxe_sim.parser.nodes import Variable, VarKind

_TOKEN = re.compile(r"\S+")
Args = Mapping[str, "str | tuple[str, ...]"]
Layout = dict[str, "int | tuple[bool, tuple[int, ...]]"]  # capture name -> where its value is
_TOKENS = slice(1, None)
_item = tuple.__getitem__  # Captures' own items (its __getitem__ takes capture names)


class Captures(tuple, Mapping[str, "str | tuple[str, ...]"]):  # type: ignore[misc]
    """A matched line's arguments, read-only, and its canonical text: the value each token gave
    (its canonical keyword, its typed value, the rest of the line for LINE) after the layout of
    its shape, which says which tokens each capture name takes. A million-line config keeps one
    per line, so it is one tuple: the values shared with the canonical text, which is joined
    from them when asked for (a dict of the captures, its read-only proxy and the text cost
    three times as much).

    A capture is its token's value; one of several tokens is their values joined with blanks,
    or their tuple when the capture collects a list (``{...}``).
    """

    __slots__ = ()
    __hash__ = None  # type: ignore[assignment] - a mapping, whatever tuple says

    @classmethod
    def made(cls, layout: Layout, values: list[str]) -> Captures:
        return tuple.__new__(cls, (layout, *values))

    @property
    def canonical(self) -> str:
        """The line as IOS writes it back: every token's value, joined with blanks."""
        return " ".join(_item(self, _TOKENS))

    def _value(self, at: int | tuple[bool, tuple[int, ...]]) -> str | tuple[str, ...]:
        if type(at) is int:
            return _item(self, at)  # type: ignore[no-any-return]
        is_list, places = at  # type: ignore[misc]
        values = tuple([_item(self, n) for n in places])
        return values if is_list else " ".join(values)

    def __getitem__(self, name: str) -> str | tuple[str, ...]:  # type: ignore[override]
        return self._value(_item(self, 0)[name])

    def get(self, name: str, default: object = None) -> object:  # type: ignore[override]
        at = _item(self, 0).get(name)
        return default if at is None else self._value(at)

    def __contains__(self, name: object) -> bool:
        return name in _item(self, 0)

    def __iter__(self) -> Iterator[str]:
        return iter(_item(self, 0))

    def __len__(self) -> int:
        return len(_item(self, 0))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mapping) and dict(self.items()) == dict(other.items())

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __repr__(self) -> str:
        return repr(dict(self.items()))


KNOWN_TOKENS = 50_000  # bound on remembered token classes per mode (a 100k-line config uses < 15k)
IPV4_CLASS = "\x00ip"
WORD_CLASS = "\x00w"
_OTHER_TYPED = (VarKind.PREFIX, VarKind.IPV6, VarKind.IFNAME, VarKind.HEX)


@dataclass(frozen=True)
class ModeShapes:
    """What a mode's grammar needs to classify tokens, and the classes found so far."""

    keys: list[str]  # every keyword of the mode (and words that count for ambiguity), sorted
    ranges: tuple[tuple[int, int], ...]
    typed: tuple[Variable, ...]  # one variable of each other typed kind present
    known: dict[str, object] = field(default_factory=dict)  # token -> class (tokens repeat a lot)
    dead_first: set[str] = field(default_factory=set)  # first words no command of the mode takes
    dead_prefixes: set[tuple[str, ...]] = field(default_factory=set)  # 2 or 3 first words no command takes

    def shape(self, words: list[str]) -> tuple[object, ...]:
        known = self.known
        classes = [known.get(word) for word in words]
        if None in classes:
            for number, word in enumerate(words):
                if classes[number] is None:
                    classes[number] = found = self.token_class(word)
                    if len(known) < KNOWN_TOKENS:
                        known[word] = found
        return tuple(classes)

    @classmethod
    def of(cls, commands: list[Command], extra_words: frozenset[str]) -> ModeShapes:
        positions = reachable([p for c in commands for p in c.first])
        keys = sorted({p.key for p in positions if p.key is not None} | extra_words)
        variables = [p.token for p in positions if p.key is None]
        ranges = tuple(sorted({(v.low, v.high) for v in variables if v.kind is VarKind.RANGE}))  # type: ignore[union-attr]
        typed: dict[VarKind, Variable] = {}
        for variable in variables:
            if variable.kind in _OTHER_TYPED:  # type: ignore[union-attr]
                typed.setdefault(variable.kind, variable)  # type: ignore[union-attr,arg-type]
        return cls(keys, ranges, tuple(typed.values()))

    def token_class(self, token: str) -> object:
        low = token.lower()
        keys = self.keys
        at = bisect.bisect_left(keys, low)
        if at < len(keys) and keys[at].startswith(low):
            return low
        if token.isascii() and token.isdigit():
            if len(token) > 10:  # longer than any range's numbers: no range takes it
                return ("#", 0)
            number = int(token)
            return _class("#", sum(1 << n for n, (low_, high) in enumerate(self.ranges) if low_ <= number <= high))
        if "." in token and valid_ipv4(token):
            return IPV4_CLASS
        if self.typed:
            mask = sum(1 << n for n, v in enumerate(self.typed) if variable_value(v, token) is not None)
            if mask:
                return _class("typed", mask)
        return WORD_CLASS


_CLASSES: dict[tuple[str, int], tuple[str, int]] = {}


def _class(kind: str, mask: int) -> tuple[str, int]:
    """One tuple per token class, whatever the number of tokens in it (the known tokens keep theirs)."""
    return _CLASSES.setdefault((kind, mask), (kind, mask))


KEYWORD, TYPED, VARIABLE, REST = range(4)  # how a path position turns its token into a value
Plan = tuple[tuple[int, object, tuple[tuple[str, bool], ...]], ...]


def plan(path: tuple[Position, ...]) -> Plan:
    """Per position of a matched path: (how its value is made, the keyword or variable, its
    captures with "collects a list"), worked out once per shape rather than once per line."""
    lists = path[-1].command.list_captures
    steps = []
    for position in path:
        if position.rest_of_line:
            kind, fixed = REST, None
        elif position.key is not None:
            kind, fixed = KEYWORD, position.token.word  # type: ignore[union-attr]
        elif position.as_typed:
            kind, fixed = TYPED, None
        else:
            kind, fixed = VARIABLE, position.token
        steps.append((kind, fixed, tuple((name, name in lists) for name in position.capture_names)))
    return tuple(steps)


def layout(steps: Plan) -> Layout:
    """Which tokens each capture name takes (a name's tokens, in their order), for :class:`Captures`;
    worked out once per shape."""
    places: dict[str, tuple[bool, list[int]]] = {}
    for number, (_, _, names) in enumerate(steps, start=1):  # the values start at 1 in Captures
        for name, is_list in names:
            places.setdefault(name, (is_list, []))[1].append(number)
    return {
        name: numbers[0] if len(numbers) == 1 and not is_list else (is_list, tuple(numbers))
        for name, (is_list, numbers) in places.items()
    }


def rebuild(steps: Plan, places: Layout, text: str, words: list[str]) -> Captures:
    """A matched line's arguments and canonical text, from the plan and layout of the path its
    shape took: each token's value is its canonical keyword, its typed value, or the rest of the
    line (LINE)."""
    values = []
    for number, (token, (kind, fixed, _)) in enumerate(zip(words, steps)):
        if kind == KEYWORD:
            value = fixed
        elif kind == TYPED:
            value = token  # the token's class already proved it valid
        elif kind == VARIABLE:
            value = variable_value(fixed, token)  # type: ignore[arg-type]
            assert value is not None, "a token's class guarantees the variable takes it"
        else:
            value = text[token_starts(text)[number]:].rstrip()
        values.append(value)
    return Captures.made(places, values)  # type: ignore[arg-type]


def token_starts(text: str) -> list[int]:
    """Where each whitespace-separated token of ``text`` starts."""
    return [m.start() for m in _TOKEN.finditer(text)]
