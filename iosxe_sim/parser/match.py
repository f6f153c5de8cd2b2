"""Matching a line against a mode's command graph, with IOS's abbreviation and error rules.

Per token, candidates are ranked exact keyword > unique keyword prefix > variable (FRR's order);
two different keywords sharing the typed prefix make the line ambiguous. The caret column of an
invalid line is the start of the first token no candidate accepts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from iosxe_sim.parser.grammar import Grammar, default_grammar
from iosxe_sim.parser.graph import Command, Position, PositionIndex, variable_value
from iosxe_sim.parser.nodes import Variable, VarKind
from iosxe_sim.parser.shapes import Args, Layout, ModeShapes, Plan, layout, plan, rebuild, token_starts

MAX_LINE = 4096  # longer lines are rejected as a whole (DESIGN.md §10 resource bounds)
MATCH_CACHE_SIZE = 16_384  # recent (mode, line) results: repeated lines share one result (and its args)
FOLLOW_CACHE_SIZE = 50_000  # position-set indexes kept per matcher (a bound, never reached in practice)
OUTCOME_CACHE_SIZE = 200_000  # walk outcomes kept per line shape (see shapes.py)
_TOKEN = re.compile(r"\S+")


@dataclass(slots=True)
class Matched:
    """A line that matched a command (shared by every lookup of the same line: do not change it;
    not frozen because a frozen dataclass is made twice as slowly, once per line of a config)."""

    command: Command
    args: Args  # Captures, or (a line built from several, as a banner) a mapping and ``written``
    written: str | None = None  # the line as IOS writes it back, when ``args`` cannot tell

    @property
    def canonical(self) -> str:
        """The line as IOS writes it back: full keywords, canonical names."""
        written = self.written
        return written if written is not None else self.args.canonical  # type: ignore[attr-defined]


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


class _State(NamedTuple):
    position: Position
    path: tuple[Position, ...]  # the position that took each token so far
    score: tuple[int, ...]
    done: bool = False  # a LINE variable took the rest of the line


@dataclass(frozen=True)
class _Outcome:
    """A walk's result for every line of one shape: the path taken, or the failure and where."""

    result: MatchResult | None  # Incomplete / Ambiguous / Invalid(token number); None if matched
    path: tuple[Position, ...] = ()
    steps: Plan = ()  # how to rebuild a matched line's arguments (shapes.plan)
    places: Layout | None = None  # and which tokens each capture takes (shapes.layout)


_INVALID_AT = [Invalid(column) for column in range(80)]  # immutable: one per small column is enough


def _invalid(column: int) -> Invalid:
    return _INVALID_AT[column] if column < 80 else Invalid(column)


def tokenize(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in _TOKEN.finditer(text)]


class Matcher:
    """Matching, completion and help over one compiled grammar."""

    def __init__(self, grammar: Grammar) -> None:
        self.grammar = grammar
        self.match_line = lru_cache(maxsize=MATCH_CACHE_SIZE)(self._match_line)
        self._follow: dict[int | tuple[int, ...], PositionIndex] = {}
        self._shapes: dict[str, ModeShapes] = {}
        self._outcomes: dict[str, dict[tuple[object, ...], _Outcome]] = {}  # mode -> shape -> outcome

    # -- the walk -------------------------------------------------------------------------
    def _step(
        self, states: list[_State] | None, mode: str, start: int, token: str, text: str
    ) -> list[_State] | Ambiguous:
        """Advance every state over one token; None states means "at the start of a line"."""
        low = token.lower()
        if states is None:
            index = self.grammar.modes[mode].index
            origins: list[_State | None] = [None]
        else:
            live = [s for s in states if not s.done]
            index = self._follow_index(live)
            origins = list(live)
        chosen: list[tuple[int, Position]]
        exact = index.by_key.get(low)
        if exact:
            chosen = exact
        elif partial := index.prefixed(low):
            words = {p.key for _, p in partial}
            if states is None:  # unmodelled commands count for ambiguity too (IOS knows them)
                words |= {w for w in self.grammar.modes[mode].phantom_words if w.startswith(low) and w != low}
            if len(words) > 1:
                return Ambiguous(text)
            chosen = partial
        else:
            chosen = []
            for variable, members in index.variables:
                if variable.kind is VarKind.LINE or variable_value(variable, token) is not None:
                    chosen += members
        advanced = []
        for origin, position in chosen:
            state = origins[origin]
            if state is None:
                advanced.append(_State(position, (position,), (position.rank,), position.rest_of_line))
            else:
                advanced.append(_State(position, state.path + (position,), state.score + (position.rank,),
                                       position.rest_of_line))
        return advanced

    def _follow_index(self, live: list[_State]) -> PositionIndex:
        """The index of what may follow these states' positions (built once per position set)."""
        key = id(live[0].position) if len(live) == 1 else tuple(id(s.position) for s in live)
        index = self._follow.get(key)
        if index is None:
            index = PositionIndex([(n, f) for n, s in enumerate(live) for f in s.position.follow])
            if len(self._follow) < FOLLOW_CACHE_SIZE:
                self._follow[key] = index
        return index

    def _walk(self, mode: str, text: str, tokens: list[tuple[int, str]]) -> list[_State] | MatchResult:
        states: list[_State] | None = None
        for start, token in tokens:
            result = self._step(states, mode, start, token, text)
            if isinstance(result, Ambiguous):
                return result
            if states is not None and any(s.done for s in states):
                result = [s for s in states if s.done] + result  # a LINE already took this token
            if not result:
                return Invalid(start)
            states = result
        return states or []

    def _match_line(self, mode: str, text: str) -> MatchResult:
        if len(text) > MAX_LINE:
            return Invalid(MAX_LINE)
        if not text.isascii():
            try:
                text.encode("utf-8")
            except UnicodeEncodeError as exc:  # a lone surrogate: no command has it
                return Invalid(next(start for start, token in tokenize(text) if start + len(token) > exc.start))
        words = text.split()
        if not words:
            return Incomplete()
        shapes = self._shapes.get(mode)
        if shapes is None:
            mode_ = self.grammar.modes[mode]
            shapes = self._shapes[mode] = ModeShapes.of(mode_.commands, mode_.phantom_words)
            self._outcomes[mode] = {}
        if words[0] in shapes.dead_first:  # no command of the mode starts so: nothing more to learn
            return _invalid(len(text) - len(text.lstrip()))
        dead = shapes.dead_prefixes
        if len(words) > 1 and (tuple(words[:2]) in dead or (len(words) > 2 and tuple(words[:3]) in dead)):
            failed = 1 if tuple(words[:2]) in dead else 2  # the walk fails there, whatever follows
            return _invalid(token_starts(text)[failed])
        outcomes = self._outcomes[mode]
        shape = shapes.shape(words)
        outcome = outcomes.get(shape)
        if outcome is None:
            outcome = self._walk_outcome(mode, text, tokenize(text))
            if len(outcomes) < OUTCOME_CACHE_SIZE:
                outcomes[shape] = outcome
            failed = outcome.result.column if isinstance(outcome.result, Invalid) else -1
            if failed == 0 and len(shapes.dead_first) < OUTCOME_CACHE_SIZE:
                shapes.dead_first.add(words[0])  # a walk's first n steps see only the first n tokens
            elif failed in (1, 2) and len(dead) < OUTCOME_CACHE_SIZE:
                dead.add(tuple(words[: failed + 1]))
        if outcome.result is None:
            return Matched(outcome.path[-1].command, rebuild(outcome.steps, outcome.places or {}, text, words))
        if isinstance(outcome.result, Invalid):
            return _invalid(token_starts(text)[outcome.result.column])
        if isinstance(outcome.result, Ambiguous):
            return Ambiguous(text)
        return outcome.result

    def _walk_outcome(self, mode: str, text: str, tokens: list[tuple[int, str]]) -> _Outcome:
        """Walk one line; the outcome holds token numbers, not columns, so its shape can share it."""
        walked = self._walk(mode, text, tokens)
        if isinstance(walked, Invalid):
            return _Outcome(Invalid(next(n for n, (start, _) in enumerate(tokens) if start == walked.column)))
        if not isinstance(walked, list):
            return _Outcome(walked)
        finished = [s for s in walked if s.position.accepting]
        if not finished:
            return _Outcome(Incomplete())
        path = max(finished, key=lambda s: s.score).path
        steps = plan(path)
        return _Outcome(None, path, steps, layout(steps))

    # -- help and completion -----------------------------------------------------------------
    def help(self, mode: str, text: str) -> list[HelpEntry] | Invalid | Ambiguous:
        """What ``?`` prints after ``text``: next tokens (text ends in a blank) or matching words."""
        if len(text) > MAX_LINE:
            return Invalid(MAX_LINE)
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
            return self.grammar.modes[mode].index.positions()
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


@lru_cache(maxsize=1)
def default_matcher() -> Matcher:
    return Matcher(default_grammar())


def match_line(mode: str, text: str) -> MatchResult:
    """Match one line in a mode of the shipped grammar."""
    return default_matcher().match_line(mode, text)


def completions(mode: str, text: str) -> list[str]:
    return default_matcher().completions(mode, text)


def help(mode: str, text: str) -> list[HelpEntry] | Invalid | Ambiguous:
    return default_matcher().help(mode, text)
