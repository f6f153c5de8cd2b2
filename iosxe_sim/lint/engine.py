"""Running the registered rules over one configuration text."""

from __future__ import annotations

import re
import zlib
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate
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
from iosxe_sim.parser.grammar import default_grammar
from iosxe_sim.parser.match import default_matcher

_TOKEN = re.compile(r"\S+")
_LINE_END = re.compile("\n")
_KEEP_LINES = 100_000  # smaller configs keep the loader's list of lines (a few MiB at most)
_PACKED_LINES = 10_000  # lines compressed at a time


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
        kept = SourceLines.packed(result.lines)
        result.lines = []  # 80 bytes a line less while the rules run
    findings = _findings(result)
    del result  # the model: freed before the diagnostics are made
    return Diagnostics(findings, kept, path)


class SourceLines(Sequence[str]):
    """A text's lines (split at LF, a CR before it dropped) cut out when asked for: where the lines
    start is 8 bytes a line, a list of the lines themselves ten times that. Packed, the text is
    kept zlib-compressed (configs repeat themselves: a tenth of the size or less) until a line
    is asked for."""

    def __init__(self, text: str) -> None:
        self._text: str | None = text
        self._packed = b""
        self._starts = array("q")

    @classmethod
    def packed(cls, lines: list[str]) -> SourceLines:
        """``lines`` joined with LF, compressed (in pieces: no copy of the whole text is made)."""
        packer, chunks = zlib.compressobj(1), []
        for start in range(0, len(lines), _PACKED_LINES):
            piece = "\n".join(lines[start : start + _PACKED_LINES])
            chunks.append(packer.compress((("\n" if start else "") + piece).encode("utf-8", "surrogatepass")))
        source = cls("")
        source._text, source._packed = None, b"".join(chunks) + packer.flush()
        return source

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = zlib.decompress(self._packed).decode("utf-8", "surrogatepass")
            self._packed = b""
        return self._text

    def release(self) -> str:
        """The text, handed over: this object forgets it (and has no lines any more)."""
        text, self._text = self.text, ""
        return text

    def _line_starts(self) -> array[int]:
        if not self._starts:
            self._starts.append(0)
            self._starts.extend(match.end() for match in _LINE_END.finditer(self.text))
        return self._starts

    def __len__(self) -> int:
        return len(self._line_starts())

    def __getitem__(self, number: int) -> str:  # type: ignore[override]
        starts, text = self._line_starts(), self.text
        end = starts[number + 1] - 1 if number + 1 < len(starts) else len(text)
        return text[starts[number]:end].removesuffix("\r")


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
    columns = DanglingColumns()
    for finding in found:
        if type(finding) is not Dangling:
            return [*columns, finding, *found]
        columns.append(finding)
    return columns


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

    def __len__(self) -> int:
        return len(self._lines)

    def __getitem__(self, number: int) -> Dangling:  # type: ignore[override]
        return Dangling(
            self._lines[number], self._tokens[number], self._templates[number],
            self._where_lines[number], self._wheres[number], self._where_names[number],
        )


class Diagnostics(MadeOnDemand):
    """One file's diagnostics in line order (then column; ties keep the rules' report order), each
    made from its finding when read: what stays is the findings and 16 bytes each for the order
    and the caret's end."""

    def __init__(self, found: Found, lines: Sequence[str], path: str) -> None:
        self._rules = [rule for rule, findings in found if findings]
        self._found = [findings for _, findings in found if findings]
        self._firsts = list(accumulate(map(len, self._found), initial=0))  # each rule's first, in all
        self._lines, self.path = lines, path
        self._counts = dict.fromkeys((s.value for s in Severity), 0)
        for rule, each in found:
            self._counts[rule.severity.value] += len(each)
        numbers, columns, self._ends = array("q"), array("q"), array("q")
        for findings in self._found:
            for finding in findings:
                column, end = _span(finding, _source(lines, finding.line))
                numbers.append(finding.line)
                columns.append(column)
                self._ends.append(end)
        self._column_bits = column_bits = max(columns, default=0).bit_length()
        self._seq_bits = seq_bits = len(columns).bit_length()
        keys = sorted(  # one int per diagnostic: its line, column, then its place in the rules' order
            (line << column_bits | column) << seq_bits | seq for seq, (line, column) in enumerate(zip(numbers, columns))
        )
        del numbers, columns
        self._keys: Sequence[int] = array("q", keys) if keys and keys[-1].bit_length() < 64 else keys

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
        lines = self._lines
        related = finding.related
        return Diagnostic(
            rule.id,
            rule.severity,
            finding.line,
            column,
            self._ends[seq],
            finding.message,
            rule.hint,
            tuple(Related(line, message, _source(lines, line)) for line, message in related) if related else (),
            _source(lines, finding.line),
            self.path,
        )


def _rule_order(rule: Rule) -> tuple[int, str]:
    return rule.severity.rank, rule.id


def _source(lines: Sequence[str], line: int) -> str:
    return lines[line - 1] if 0 < line <= len(lines) else ""


def find_token(text: str, token: str) -> tuple[int, int] | None:
    """Span of the last whole-word occurrence of ``token`` (exact, else ignoring case), else of the
    last word (the name as typed may be an abbreviation: ``ip unnumbered gi1``)."""
    words = list(_TOKEN.finditer(text))
    for same in (str.__eq__, lambda a, b: a.casefold() == b.casefold()):
        for word in reversed(words):
            if same(word.group(), token):
                return word.start(), word.end()
    return (words[-1].start(), words[-1].end()) if words else None


def _span(finding: AnyFinding, source: str) -> tuple[int, int]:
    column = finding.column
    if column is not None:  # the syntax rules' case, without a search
        end = finding.end_column if finding.end_column is not None else len(source.rstrip())
    elif finding.token is not None and (found := find_token(source, finding.token)) is not None:
        column, end = found
    else:
        stripped = source.rstrip()
        column, end = len(stripped) - len(stripped.lstrip()), len(stripped)
    return column, max(end, column + 1)
