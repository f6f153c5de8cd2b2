"""Running the registered rules over one configuration text."""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from heapq import merge
from itertools import accumulate, islice, pairwise
from operator import le
from typing import overload

from iosxe_sim.config.loader import LoadResult, load_config, split_lines
from iosxe_sim.config.views import view
from iosxe_sim.lint import (  # noqa: F401 - importing a rule module registers its rules
    rules_advice,
    rules_auth_methods,
    rules_pki,
    rules_refs,
    rules_refs_blocks,
    rules_semantics,
    rules_syntax,
)
from iosxe_sim.lint.diagnostic import STDIN_PATH, Diagnostic, MadeOnDemand, Related, Severity
from iosxe_sim.lint.registry import RULES, AnyFinding, Dangling, Rule
from iosxe_sim.lint.storage import DanglingColumns, PackedLines, SourceLines
from iosxe_sim.parser.grammar import default_grammar
from iosxe_sim.parser.match import default_matcher

_TOKEN = re.compile(r"\S+")
_KEEP_LINES = 100_000  # smaller configs keep the loader's list of lines (a few MiB at most)


def lint_text(text: str, path: str = STDIN_PATH) -> list[Diagnostic]:
    """Load ``text`` as a configuration and return every rule's diagnostics, in line order."""
    return list(lint_source(text, path))


def lint_source(source: str | SourceLines, path: str = STDIN_PATH) -> Diagnostics:
    """``lint_text``'s diagnostics, made as they are read (what a streamed report wants). Given the
    only reference to its text (in a :class:`SourceLines`), a big config's text is freed once split
    into lines, and its lines are kept compressed while the rules run."""
    lines = split_lines(source if isinstance(source, str) else source.release())
    del source
    result = load_config(lines, default_grammar(), default_matcher())
    del lines
    kept: Sequence[str] = result.lines
    if len(kept) > _KEEP_LINES:
        kept = PackedLines(result.lines)
        result.lines = []  # 80 bytes a line less while the rules run
    findings = _findings(result)
    del result  # the model: freed before the diagnostics are made
    return Diagnostics(findings, kept, path)


def lint_result(result: LoadResult, lines: Sequence[str], path: str = STDIN_PATH) -> list[Diagnostic]:
    """Diagnostics for an already loaded config; ``lines`` are its source lines (as the loader split them)."""
    return list(Diagnostics(_findings(result), lines, path))


Found = list[tuple[Rule, Sequence[AnyFinding]]]


def _findings(result: LoadResult) -> Found:
    """Each rule's findings, the rules in report order (ties in the line sort keep it); the typed
    view, as large as the model, is freed on return."""
    config_view = view(result.config)
    return [(rule, _kept(rule.check(config_view, result))) for rule in sorted(RULES.values(), key=_rule_order)]


def _kept(findings: Iterable[AnyFinding]) -> Sequence[AnyFinding]:
    """A rule's findings: dangling references column by column, any others as they are."""
    found = iter(findings)
    first = next(found, None)
    if first is None:  # most rules, most files
        return ()
    if type(first) is not Dangling:
        return [first, *found]
    columns = DanglingColumns()
    columns.append(first)
    for finding in found:
        if type(finding) is not Dangling:
            return [*columns, finding, *found]
        columns.append(finding)
    return columns


class Diagnostics(MadeOnDemand):
    """One file's diagnostics in line order (then column; ties keep the rules' report order), each
    made from its finding when read: what stays is the findings and 16 bytes each for the order
    and the caret's end."""

    def __init__(self, found: Found, lines: Sequence[str], path: str) -> None:
        self._rules = [rule for rule, findings in found if findings]
        self._found = [findings for _, findings in found if findings]
        self._firsts = list(accumulate(map(len, self._found), initial=0))  # each rule's first, in all
        self._lines, self._count, self.path = lines, len(lines), path
        self._counts = dict.fromkeys((s.value for s in Severity), 0)
        for rule, each in found:
            self._counts[rule.severity.value] += len(each)
        numbers, columns, self._ends = array("q"), array("q"), array("q")
        source = self._source
        for findings in self._found:
            spans = (  # dangling references straight from their columns, without a tuple each
                ((line, _span(None, None, token, source(line))) for line, token in findings.names())
                if isinstance(findings, DanglingColumns)
                else ((f.line, _span(f.column, f.end_column, f.token, source(f.line))) for f in findings)
            )
            for line, (column, end) in spans:
                numbers.append(line)
                columns.append(column)
                self._ends.append(end)
        self._column_bits = column_bits = max(columns, default=0).bit_length()
        self._seq_bits = seq_bits = len(columns).bit_length()
        # one int per diagnostic: its line, column, then its place in the rules' order; each rule's
        # run is sorted (most come sorted), then the runs are merged (no list of them all is made)
        fits = (max(numbers, default=0).bit_length() + column_bits + seq_bits) < 64
        runs = []
        for first, last in pairwise(self._firsts):
            run = _ints(fits, ((numbers[n] << column_bits | columns[n]) << seq_bits | n for n in range(first, last)))
            runs.append(run if all(map(le, run, islice(run, 1, None))) else _ints(fits, sorted(run)))
        del numbers, columns
        self._keys: Sequence[int] = runs[0] if len(runs) == 1 else _ints(fits, merge(*runs))

    def severity_counts(self) -> dict[str, int]:
        return dict(self._counts)

    def __len__(self) -> int:
        return len(self._keys)

    @overload
    def __getitem__(self, index: int) -> Diagnostic: ...

    @overload
    def __getitem__(self, index: slice) -> list[Diagnostic]: ...

    def __getitem__(self, index: int | slice) -> Diagnostic | list[Diagnostic]:
        if isinstance(index, slice):
            return [self._made(key) for key in self._keys[index]]
        return self._made(self._keys[index])

    def __iter__(self) -> Iterator[Diagnostic]:
        return map(self._made, self._keys)

    def _made(self, key: int) -> Diagnostic:
        seq = key & ((1 << self._seq_bits) - 1)
        column = key >> self._seq_bits & ((1 << self._column_bits) - 1)
        number = bisect_right(self._firsts, seq) - 1
        finding = self._found[number][seq - self._firsts[number]]
        rule = self._rules[number]
        source = self._source
        related = finding.related
        return Diagnostic(
            rule.id,
            rule.severity,
            finding.line,
            column,
            self._ends[seq],
            finding.message,
            rule.hint,
            tuple([Related(line, message, source(line)) for line, message in related]) if related else (),
            source(finding.line),
            self.path,
        )

    def _source(self, line: int) -> str:
        return self._lines[line - 1] if 0 < line <= self._count else ""


def _ints(fits: bool, values: Iterable[int]) -> Sequence[int]:
    """An array of 64-bit ints when they fit, else a list."""
    return array("q", values) if fits else list(values)


def _rule_order(rule: Rule) -> tuple[int, str]:
    return rule.severity.rank, rule.id


def find_token(text: str, token: str) -> tuple[int, int] | None:
    """Span of the last whole-word occurrence of ``token`` (exact, else ignoring case), else of the
    last word (the name as typed may be an abbreviation: ``ip unnumbered gi1``)."""
    if _TOKEN.fullmatch(token):  # the common case, exact, without splitting the line into words
        end = len(text)
        while (start := text.rfind(token, 0, end)) >= 0:
            after = start + len(token)
            if (start == 0 or text[start - 1].isspace()) and (after == len(text) or text[after].isspace()):
                return start, after
            end = after - 1
    words = list(_TOKEN.finditer(text))
    for same in (str.__eq__, lambda a, b: a.casefold() == b.casefold()):
        for word in reversed(words):
            if same(word.group(), token):
                return word.start(), word.end()
    return (words[-1].start(), words[-1].end()) if words else None


def _span(column: int | None, end: int | None, token: str | None, source: str) -> tuple[int, int]:
    """A finding's span (see Finding) in its source line."""
    if column is not None:  # the syntax rules' case, without a search
        end = end if end is not None else len(source.rstrip())
    elif token is not None and (found := find_token(source, token)) is not None:
        column, end = found
    else:
        stripped = source.rstrip()
        column, end = len(stripped) - len(stripped.lstrip()), len(stripped)
    return column, max(end, column + 1)
