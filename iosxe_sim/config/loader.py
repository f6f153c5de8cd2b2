"""Loading configuration text into the model, line by line, as IOS applies a paste.

A line is tried in the current mode, then in each parent mode (IOS's implicit exit). Indentation
helps where IOS has nothing to go on: the sub-lines of a command we do not model are kept with it,
and a line indented under a block is never taken for an unmodelled top-level command. Every line
is either applied or reported; a bad line never costs a good one.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from types import MappingProxyType

from iosxe_sim.config import guards, passwords
from iosxe_sim.config.model import Block, Item, RunningConfig, Statement, Verbatim, apply
from iosxe_sim.parser.grammar import Grammar
from iosxe_sim.parser.match import (
    Ambiguous, Incomplete, Invalid, Matched, Matcher, MatchResult, ios_message, tokenize,
)

MAX_LINES = 2_000_000
_HEADER = re.compile(r"(Building configuration\.\.\.|Current configuration\s*:\s*\d+ bytes|end)\s*$")
_BANNER_DELIMITER = "^C"


class Problem(enum.Enum):
    INVALID = "invalid"
    INCOMPLETE = "incomplete"
    AMBIGUOUS = "ambiguous"
    REJECTED = "rejected"
    UNMODELLED = "unmodelled"
    TOO_LONG = "too-long"


@dataclass(frozen=True)
class LineReport:
    """One line the loader did not apply as a modelled command."""

    line: int  # 1-based
    column: int  # 0-based offset into ``text``
    problem: Problem
    message: str  # IOS's own text where IOS has one
    text: str
    related_line: int | None = None


@dataclass
class _Level:
    mode: str
    container: list[Item]
    block: Block | None
    indent: int


@dataclass
class ConfigEditor:
    """Applies lines to a running-config with a mode stack; shared by the loader and the shell."""

    grammar: Grammar
    matcher: Matcher
    config: RunningConfig = field(default_factory=RunningConfig)
    stack: list[_Level] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.stack:
            self.stack.append(_Level("config", self.config.items, None, -1))

    @property
    def mode(self) -> str:
        return self.stack[-1].mode

    def exit_mode(self) -> None:
        if len(self.stack) > 1:
            self.stack.pop()

    def attempt(self, text: str, deepest: int | None = None) -> tuple[int, MatchResult]:
        """Match in the current mode, then its parents; returns (stack depth, result)."""
        results: list[tuple[int, MatchResult]] = []
        top = len(self.stack) - 1 if deepest is None else deepest
        for depth in range(top, -1, -1):
            result = self.matcher.match_line(self.stack[depth].mode, text)
            if isinstance(result, Matched):
                return depth, result
            results.append((depth, result))
        return max(results, key=lambda r: _progress(r[1]))

    def apply(self, depth: int, matched: Matched, line: int, indent: int = 0) -> guards.Rejection | None:
        """Apply a matched line at a stack depth (popping to it); enter its sub-mode if any."""
        del self.stack[depth + 1 :]
        level = self.stack[-1]
        statement = Statement(matched.command, matched.args, matched.canonical, line)
        if statement.handler == "global.enable_secret" and not statement.negated:
            statement = passwords.stored_enable_secret(statement)
        rejection = guards.check(level.block, statement)
        if rejection is not None:
            return rejection
        entered = apply(level.container, statement, level.mode)
        if entered is not None:
            self.stack.append(_Level(entered.mode, entered.children, entered, indent))
        return None

    def top_level_anchor(self) -> tuple[object, ...] | None:
        items = self.config.items
        return items[-1].identity() if items else None


def _progress(result: MatchResult) -> int:
    return result.column if isinstance(result, Invalid) else 1 << 30


@dataclass
class LoadResult:
    config: RunningConfig
    reports: list[LineReport]


def load_config(text: str, grammar: Grammar, matcher: Matcher) -> LoadResult:
    """Load a whole configuration text (saved running-config, paste, file)."""
    lines = text.splitlines()[:MAX_LINES]
    editor = ConfigEditor(grammar, matcher)
    reports: list[LineReport] = []
    anchor: tuple[object, ...] | None = None
    index = 0
    while index < len(lines):
        raw = lines[index].replace("\t", " ")
        number = index + 1
        index += 1
        stripped = raw.strip()
        if not stripped or stripped.startswith("!") or _HEADER.match(stripped):
            continue
        indent = len(raw) - len(raw.lstrip())
        if stripped == "exit":
            editor.exit_mode()
            continue
        depth, result = editor.attempt(raw)
        if isinstance(result, Matched) and result.command.multiline:
            index, result = _banner(lines, index, result, matcher, editor.stack[depth].mode)
        if isinstance(result, Matched):
            rejection = editor.apply(depth, result, number, indent)
            if rejection is not None:
                reports.append(
                    LineReport(number, indent, Problem.REJECTED, rejection.message, raw,
                               rejection.conflicting.line or None)
                )
            elif depth == 0:
                anchor = editor.top_level_anchor()
            continue
        root = _unmodelled_root(grammar, matcher, raw, result)
        if root is not None and indent <= _block_indent(editor):
            end = index
            while end < len(lines) and _indent(lines[end]) > indent and lines[end].strip():
                end += 1
            editor.stack[1:] = []
            editor.config.verbatim.append(Verbatim([raw.rstrip()] + [lines[i].rstrip() for i in range(index, end)],
                                                   number, anchor))
            reports.append(LineReport(number, indent, Problem.UNMODELLED, f"not modelled: {root}", raw))
            index = end
            continue
        if len(raw) > 4096:
            reports.append(LineReport(number, 0, Problem.TOO_LONG, "% Line too long (over 4096 characters)", raw[:200]))
            continue
        column = result.column if isinstance(result, Invalid) else indent
        reports.append(LineReport(number, column, Problem(_problem(result)), ios_message(result), raw))
    return LoadResult(editor.config, reports)


def _problem(result: MatchResult) -> str:
    return {Invalid: "invalid", Incomplete: "incomplete", Ambiguous: "ambiguous"}[type(result)]


def _indent(line: str) -> int:
    expanded = line.replace("\t", " ")
    return len(expanded) - len(expanded.lstrip())


def _block_indent(editor: ConfigEditor) -> int:
    """Lines indented deeper than the open block's header belong to that block."""
    return max(editor.stack[-1].indent, 0) if len(editor.stack) > 1 else 1 << 30


def _unmodelled_root(grammar: Grammar, matcher: Matcher, raw: str, result: MatchResult) -> str | None:
    """The unmodelled root this line starts with, if our grammar fails no later than the root."""
    if not isinstance(result, Invalid):
        return None
    words = [t for _, t in tokenize(raw)]
    failed_at = sum(1 for start, _ in tokenize(raw) if start < result.column)
    offset = 1 if words and words[0].lower() in ("no", "default") else 0
    lowered = tuple(w.lower() for w in words[offset:])
    for root in grammar.unmodelled_roots:
        if lowered[: len(root)] == root and failed_at - offset <= len(root):
            return " ".join(root)
    return None


def _banner(lines: list[str], index: int, matched: Matched, matcher: Matcher, mode: str) -> tuple[int, MatchResult]:
    """A delimited banner: its text runs from the delimiter to the next one, across lines."""
    text = str(matched.args["text"])
    delimiter = _BANNER_DELIMITER if text.startswith(_BANNER_DELIMITER) else text[0]
    body = text[len(delimiter):]
    collected: list[str] = []
    while delimiter not in body and index < len(lines):
        collected.append(body)
        body = lines[index]
        index += 1
    collected.append(body.split(delimiter, 1)[0])
    banner = "\n".join(collected)
    kind = matched.args["kind"]
    canonical = f"banner {kind} {_BANNER_DELIMITER}{banner}{_BANNER_DELIMITER}"
    args = MappingProxyType({**matched.args, "text": banner})
    return index, Matched(matched.command, args, canonical)
