"""Matching a line against a mode's command graph, with IOS's abbreviation and error rules.

Per token, candidates are ranked exact keyword > unique keyword prefix > variable (FRR's order);
two different keywords sharing the typed prefix make the line ambiguous. The caret column of an
invalid line is the start of the first token no candidate accepts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Mapping

from iosxe_sim.parser.grammar import Grammar, default_grammar
from iosxe_sim.parser.graph import Command, Position, variable_value
from iosxe_sim.parser.nodes import Keyword, Variable, VarKind

MAX_LINE = 4096  # longer lines are rejected as a whole (DESIGN.md §10 resource bounds)
_TOKEN = re.compile(r"\S+")

Args = Mapping[str, "str | tuple[str, ...]"]


@dataclass(frozen=True)
class Matched:
    command: Command
    args: Args
    canonical: str  # the line as IOS writes it back: full keywords, canonical names


@dataclass(frozen=True)
class Invalid:
    column: int


@dataclass(frozen=True)
class Incomplete:
    pass


@dataclass(frozen=True)
class Ambiguous:
    text: str


MatchResult = Matched | Invalid | Incomplete | Ambiguous


def ios_message(result: Invalid | Incomplete | Ambiguous) -> str:
    """IOS's error line for a failed match."""
    if isinstance(result, Invalid):
        return "% Invalid input detected at '^' marker."
    if isinstance(result, Incomplete):
        return "% Incomplete command."
    return f'% Ambiguous command:  "{result.text}"'


def ios_caret(column: int) -> str:
    """The caret line under the bad token (``column`` counts the prompt) and IOS's message."""
    return " " * column + "^\n% Invalid input detected at '^' marker.\n\n"


@dataclass(frozen=True)
class HelpEntry:
    display: str  # keyword, WORD, <600-86400>, A.B.C.D or <cr>
    help: str


@dataclass(frozen=True)
class _State:
    position: Position
    values: tuple[tuple[str, str], ...]  # (capture name, value) in match order
    words: tuple[str, ...]  # canonical tokens so far
    score: tuple[int, ...]
    done: bool = False  # a LINE variable took the rest of the line


def tokenize(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in _TOKEN.finditer(text)]


class Matcher:
    """Matching, completion and help over one compiled grammar."""

    def __init__(self, grammar: Grammar) -> None:
        self.grammar = grammar
        self.match_line = lru_cache(maxsize=65536)(self._match_line)

    # -- the walk -------------------------------------------------------------------------
    def _step(
        self, states: list[_State] | None, mode: str, start: int, token: str, text: str
    ) -> list[_State] | Ambiguous:
        """Advance every state over one token; None states means "at the start of a line"."""
        phantoms: set[str] = set()
        if states is None:
            pairs = [(None, p) for p in self.grammar.modes[mode].index.candidates(token)]
            low = token.lower()
            phantoms = {w for w in self.grammar.modes[mode].phantom_words if w.startswith(low) and w != low}
        else:
            pairs = [(s, p) for s in states if not s.done for p in s.position.follow]
        low = token.lower()
        exact, partial, variables = [], [], []
        for state, position in pairs:
            word = position.token
            if isinstance(word, Keyword):
                key = word.word.lower()
                if key == low:
                    exact.append((state, position, word.word, 3))
                elif key.startswith(low):
                    partial.append((state, position, word.word, 2))
            else:
                value = (
                    text[start:].rstrip() if word.kind is VarKind.LINE else variable_value(word, token)
                )
                if value is not None:
                    rank = 0 if word.kind in (VarKind.WORD, VarKind.LINE) else 1
                    variables.append((state, position, value, rank))
        if exact:
            chosen = exact
        elif partial:
            if len({p.token.word.lower() for _, p, _, _ in partial} | phantoms) > 1:
                return Ambiguous(text)
            chosen = partial
        else:
            chosen = variables
        advanced = []
        for state, position, value, rank in chosen:
            values = state.values if state else ()
            values += tuple((name, value) for name, _ in position.captures)
            advanced.append(
                _State(
                    position,
                    values,
                    (state.words if state else ()) + (value,),
                    (state.score if state else ()) + (rank,),
                    done=not position.is_keyword and position.token.kind is VarKind.LINE,
                )
            )
        return advanced

    def _walk(self, mode: str, text: str, tokens: list[tuple[int, str]]) -> list[_State] | MatchResult:
        states: list[_State] | None = None
        for start, token in tokens:
            result = self._step(states, mode, start, token, text)
            if isinstance(result, Ambiguous):
                return result
            carried = [s for s in states or () if s.done]  # a LINE already took this token
            if not result and not carried:
                return Invalid(start)
            states = carried + result
        return states or []

    def _match_line(self, mode: str, text: str) -> MatchResult:
        if len(text) > MAX_LINE:
            return Invalid(MAX_LINE)
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:  # a lone surrogate: no command has it
            return Invalid(next(start for start, token in tokenize(text) if start + len(token) > exc.start))
        tokens = tokenize(text)
        if not tokens:
            return Incomplete()
        walked = self._walk(mode, text, tokens)
        if not isinstance(walked, list):
            return walked
        finished = [s for s in walked if s.position.accepting]
        if not finished:
            return Incomplete()
        best = max(finished, key=lambda s: s.score)
        return Matched(best.position.command, _collect(best), " ".join(best.words))

    # -- help and completion -----------------------------------------------------------------
    def help(self, mode: str, text: str) -> list[HelpEntry] | Invalid | Ambiguous:
        """What ``?`` prints after ``text``: next tokens (text ends in a blank) or matching words."""
        tokens = tokenize(text)
        partial = bool(tokens) and not text[-1:].isspace()
        head = tokens[:-1] if partial else tokens
        walked = self._walk(mode, text, head) if head else None
        if isinstance(walked, (Invalid, Ambiguous)):
            return walked
        if isinstance(walked, Matched | Incomplete):  # pragma: no cover - _walk never returns these
            return []
        states = walked
        positions = self._next_positions(mode, states)
        if partial:
            token = tokens[-1][1]
            words = sorted(
                {p.token.word for p in positions if p.is_keyword and p.token.word.lower().startswith(token.lower())}
            )
            variables = sorted({p.display for p in positions if not p.is_keyword and _may_become(p, token)})
            if not words and not variables:
                return Invalid(tokens[-1][0])
            return [HelpEntry(word, "") for word in variables + words]
        entries: dict[str, HelpEntry] = {}
        for position in positions:
            entries.setdefault(position.display, HelpEntry(position.display, position.help))
        variables = sorted((e for e in entries.values() if not _is_word(e.display)), key=lambda e: e.display)
        keywords = sorted((e for e in entries.values() if _is_word(e.display)), key=lambda e: e.display)
        result = variables + keywords
        if states and any(s.position.accepting for s in states):
            result.append(HelpEntry("<cr>", ""))
        if not result and head:
            return Invalid(len(text))
        return result

    def completions(self, mode: str, text: str) -> list[str]:
        """Keywords that complete the last (partial) word of ``text``."""
        entries = self.help(mode, text)
        if not isinstance(entries, list) or not text or text[-1].isspace():
            return []
        return [e.display for e in entries if _is_word(e.display)]

    def _next_positions(self, mode: str, states: list[_State] | None) -> list[Position]:
        if states is None:
            return self.grammar.modes[mode].index.all()
        return [p for s in states if not s.done for p in s.position.follow]


def _may_become(position: Position, token: str) -> bool:
    """Could this partly typed token still become a value of the variable (``dpd 1?``)?"""
    variable = position.token
    assert isinstance(variable, Variable)
    if variable.kind is VarKind.RANGE:
        return token.isascii() and token.isdigit() and int(token[:10]) <= variable.high
    return variable_value(variable, token) is not None


def _is_word(display: str) -> bool:
    return display[:1].islower() or display[:1].isdigit() and "-" not in display


def _collect(state: _State) -> Args:
    lists = state.position.command.list_captures
    args: dict[str, str | tuple[str, ...]] = {}
    for name, value in state.values:
        if name in lists:
            args[name] = (*args.get(name, ()), value)
        elif name in args:
            args[name] = f"{args[name]} {value}"
        else:
            args[name] = value
    return MappingProxyType(args)


@lru_cache(maxsize=1)
def default_matcher() -> Matcher:
    return Matcher(default_grammar())


def match_line(mode: str, text: str) -> MatchResult:
    """Match one line in a mode of the shipped grammar."""
    return default_matcher().match_line(mode, text)


def completions(mode: str, text: str) -> list[str]:
    return default_matcher().completions(mode, text)


def help(mode: str, text: str) -> list[HelpEntry] | Invalid | Ambiguous:  # noqa: A001 - IOS's name
    return default_matcher().help(mode, text)
