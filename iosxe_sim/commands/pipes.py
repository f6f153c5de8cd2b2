"""Output modifiers: ``| include``, ``| exclude``, ``| begin``, ``| section``, ``| count``.

Filters are case-sensitive IOS regular expressions searched anywhere in the line; ``section``
keeps each matching line together with the indented lines under it.

The expressions run on a matcher without backtracking (:class:`IosRegex`), not on Python's ``re``:
``re`` backtracks, so ``| include (a|a)*b`` on a long line of ``a`` takes time exponential in the
line's length and, as ``re`` cannot be interrupted, hangs the console. A time limit would need a
thread or process per filter, and a pattern check that is safe is either too strict or leaves
polynomial blow-ups (``a*a*a*a*b``). Instead the pattern is compiled to a Thompson NFA and run as
a DFA built lazily, one state set per (state set, character) met, as RE2 does: every line costs
time linear in its length, whatever the pattern, and all of IOS's dialect keeps working.
The dialect (IOS-XE "Regular Expressions" in the Configuration Fundamentals guide): ``.`` any
character, ``[abc]`` ``[a-z]`` ``[^...]`` classes, ``*`` ``+`` ``?`` repetition, ``|`` and ``(...)``,
``^`` and ``$`` anchors, ``\\`` to take the next character literally, and ``_``: a comma, brace,
parenthesis or space, or the start or end of the line. Anything else is a literal character.
A pattern without special characters is a plain substring test.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

SPECIAL = set(".[]*+?|()^$_\\")
DELIMITERS = frozenset(",{}() ")
DFA_CACHE_SIZE = 10_000  # transitions remembered per pattern (then forgotten and rebuilt as met)


class RegexError(re.error):
    """A pattern IOS would refuse (the console prints ``% Invalid regular expression``)."""


class _Node:
    """One NFA state: ``char`` consumes a character its ``test`` accepts; ``split`` forks without
    consuming; ``bol``/``eol`` hold only at the start/end of the line; ``match`` accepts."""

    __slots__ = ("alt", "id", "kind", "out", "test")

    def __init__(self, kind: str, out: _Node | None = None, test: object = None) -> None:
        self.kind, self.out, self.test, self.alt, self.id = kind, out, test, None, -1


class _Parser:
    """Recursive descent over the pattern, building the NFA back to front (each piece is compiled
    knowing the state that follows it)."""

    def __init__(self, pattern: str) -> None:
        self.pattern, self.at = pattern, 0

    def peek(self) -> str:
        return self.pattern[self.at] if self.at < len(self.pattern) else ""

    def parse(self) -> list[object]:
        tree = self.alternation()
        if self.at != len(self.pattern):
            raise RegexError(f"unbalanced parenthesis at {self.at}")
        return tree

    def alternation(self) -> list[object]:
        branches = [self.sequence()]
        while self.peek() == "|":
            self.at += 1
            branches.append(self.sequence())
        return ["alt", *branches]

    def sequence(self) -> list[object]:
        items: list[object] = []
        while self.peek() not in ("", "|", ")"):
            atom = self.atom()
            while self.peek() in ("*", "+", "?"):
                atom = [self.peek(), atom]
                self.at += 1
            items.append(atom)
        return ["seq", *items]

    def atom(self) -> list[object]:
        char = self.pattern[self.at]
        self.at += 1
        if char == "(":
            inner = self.alternation()
            if self.peek() != ")":
                raise RegexError("missing )")
            self.at += 1
            return inner
        if char in "*+?":
            raise RegexError(f"nothing to repeat at {self.at - 1}")
        if char == "[":
            return ["char", self.char_class()]
        if char == "\\":
            if self.at >= len(self.pattern):
                raise RegexError("trailing backslash")
            self.at += 1
            return ["lit", self.pattern[self.at - 1]]
        if char == ".":
            return ["char", lambda _: True]
        if char in "^$_":
            return [char]
        return ["lit", char]

    def char_class(self) -> object:
        negated = self.peek() == "^"
        self.at += negated
        chars: set[str] = set()
        ranges: list[tuple[str, str]] = []
        first = True
        while first or self.peek() != "]":
            if not self.peek():
                raise RegexError("missing ]")
            char = self.pattern[self.at]
            if char == "\\" and self.at + 1 < len(self.pattern):
                self.at += 1
                char = self.pattern[self.at]
            self.at += 1
            if self.peek() == "-" and self.at + 1 < len(self.pattern) and self.pattern[self.at + 1] != "]":
                ranges.append((char, self.pattern[self.at + 1]))
                self.at += 2
            else:
                chars.add(char)
            first = False
        self.at += 1
        members = frozenset(chars)
        return lambda c: (c in members or any(low <= c <= high for low, high in ranges)) != negated


def _build(tree: list[object], follow: _Node) -> _Node:
    """The NFA for ``tree``, continuing to ``follow``."""
    kind = tree[0]
    if kind == "lit":
        return _Node("char", follow, tree[1].__eq__)  # type: ignore[union-attr]
    if kind == "char":
        return _Node("char", follow, tree[1])
    if kind == "seq":
        for item in reversed(tree[1:]):
            follow = _build(item, follow)  # type: ignore[arg-type]
        return follow
    if kind == "alt":
        branches = [_build(b, follow) for b in tree[1:]]  # type: ignore[arg-type]
        node = branches[-1]
        for branch in reversed(branches[:-1]):
            fork = _Node("split", branch)
            fork.alt, node = node, fork
        return node
    if kind in ("*", "+", "?"):
        loop = _Node("split")
        body = _build(tree[1], loop if kind != "?" else follow)  # type: ignore[arg-type]
        loop.out, loop.alt = body, follow
        return body if kind == "+" else loop
    if kind == "_":  # a delimiter character, or the start or the end of the line
        edge = _Node("split", _Node("bol", follow))
        edge.alt = _Node("eol", follow)
        fork = _Node("split", _Node("char", follow, DELIMITERS.__contains__))
        fork.alt = edge
        return fork
    return _Node("bol" if kind == "^" else "eol", follow)


def _required(tree: list[object]) -> list[str]:
    """Substrings every match contains: runs of literal characters in the top-level sequence.
    Lines without them are refused by a fast ``in`` test before the automaton runs."""
    if tree[0] == "alt" and len(tree) == 2:
        tree = tree[1]  # type: ignore[assignment]
    if tree[0] != "seq":
        return []
    runs, run = [], ""
    for item in tree[1:]:
        if item[0] == "lit":  # type: ignore[index]
            run += item[1]  # type: ignore[index]
        else:
            runs.append(run)
            run = ""
    return [r for r in [*runs, run] if r]


class IosRegex:
    """A compiled IOS regular expression; :meth:`search` runs in time linear in the line."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.literal = not SPECIAL.intersection(pattern)
        self.nodes: list[_Node] = []
        tree = _Parser(pattern).parse()
        self.required = _required(tree)
        self.start = self._number(_build(tree, _Node("match")))
        self.transitions: dict[tuple[frozenset[int], str], frozenset[int]] = {}
        self.final: dict[frozenset[int], bool] = {}  # accepting at the end of the line
        self.accepting: dict[frozenset[int], bool] = {}  # accepting before the end
        self.initial = self._closure((self.start,), at_start=True)
        self.restart = self._closure((self.start,), at_start=False)
        # from the restart state alone (say after `^abc` failed) nothing can match: stop there
        self.hopeless = not any(self.nodes[i].kind in ("char", "match") for i in self.restart) and not (
            self._accepts(self.restart, at_end=True)
        )

    def _number(self, start: _Node) -> _Node:
        stack, seen = [start], set()
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            node.id = len(self.nodes)
            self.nodes.append(node)
            stack += [n for n in (node.out, node.alt) if n is not None]
        return start

    def _closure(self, nodes: tuple[_Node, ...], at_start: bool, at_end: bool = False) -> frozenset[int]:
        """The states reachable without consuming; ``eol`` states wait in the set for the end."""
        found: set[int] = set()
        stack = list(nodes)
        while stack:
            node = stack.pop()
            if node.id in found:
                continue
            found.add(node.id)
            if node.kind == "split":
                stack += [node.out, node.alt]  # type: ignore[list-item]
            elif (node.kind == "bol" and at_start) or (node.kind == "eol" and at_end):
                stack.append(node.out)  # type: ignore[arg-type]
        return frozenset(found)

    def _step(self, states: frozenset[int], char: str) -> frozenset[int]:
        moved = [n.out for n in map(self.nodes.__getitem__, states) if n.kind == "char" and n.test(char)]
        return self._closure(tuple(moved), at_start=False) | self.restart  # type: ignore[arg-type]

    def _accepts(self, states: frozenset[int], at_end: bool) -> bool:
        if not at_end:
            return any(self.nodes[i].kind == "match" for i in states)
        found = self.final.get(states)
        if found is None:
            if len(self.final) >= DFA_CACHE_SIZE:
                self.final.clear()
            closed = self._closure(tuple(self.nodes[i] for i in states), at_start=False, at_end=True)
            found = self.final[states] = any(self.nodes[i].kind == "match" for i in closed)
        return found

    def search(self, line: str) -> bool:
        """Does the expression match anywhere in ``line``?"""
        if self.literal:
            return self.pattern in line
        if not all(r in line for r in self.required):
            return False
        states, transitions, accepting, restart = self.initial, self.transitions, self.accepting, self.restart
        for char in line:
            if states is restart and self.hopeless:
                return False
            found = accepting.get(states)
            if found is None:
                found = accepting[states] = self._accepts(states, at_end=False)
            if found:
                return True
            following = transitions.get((states, char))
            if following is None:
                if len(transitions) >= DFA_CACHE_SIZE:
                    transitions.clear()
                    accepting.clear()
                following = transitions[(states, char)] = self._step(states, char)
            states = following
        return self._accepts(states, at_end=True)


@lru_cache(maxsize=64)
def compile_ios(pattern: str) -> IosRegex:
    """Compile once per pattern; raises :class:`RegexError` (an ``re.error``) for a bad one."""
    return IosRegex(pattern)


def apply_filter(output: str, kind: str, pattern: str) -> str:
    """Filter command output; raises ``re.error`` for a bad expression."""
    search = compile_ios(pattern).search
    lines = output.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if kind == "count":
        return f"Number of lines which match regexp = {sum(1 for line in lines if search(line))}\n"
    if kind == "include":
        kept = [line for line in lines if search(line)]
    elif kind == "exclude":
        kept = [line for line in lines if not search(line)]
    elif kind == "begin":
        start = next((n for n, line in enumerate(lines) if search(line)), len(lines))
        kept = lines[start:]
    else:
        kept = _sections(lines, search)
    return "".join(line + "\n" for line in kept)


def _sections(lines: list[str], search: Callable[[str], bool]) -> list[str]:
    kept: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not search(line):
            continue
        kept.append(line)
        depth = len(line) - len(line.lstrip(" "))
        while index < len(lines) and lines[index].strip() and len(lines[index]) - len(lines[index].lstrip(" ")) > depth:
            kept.append(lines[index])
            index += 1
    return kept
