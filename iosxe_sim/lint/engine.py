"""Running the registered rules over one configuration text."""

from __future__ import annotations

import re
from array import array
from collections.abc import Sequence
from operator import attrgetter

from iosxe_sim.config.loader import LoadResult, load_config
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
from iosxe_sim.lint.diagnostic import STDIN_PATH, Diagnostic, Related
from iosxe_sim.lint.registry import RULES, Finding, Rule
from iosxe_sim.parser.grammar import default_grammar
from iosxe_sim.parser.match import default_matcher

_TOKEN = re.compile(r"\S+")
_LINE_END = re.compile("\n")
_KEEP_LINES = 100_000  # smaller configs keep the loader's list of lines (a few MiB at most)


def lint_text(text: str, path: str = STDIN_PATH) -> list[Diagnostic]:
    """Load ``text`` as a configuration and return every rule's diagnostics, in line order."""
    result = load_config(text, default_grammar(), default_matcher())
    lines: Sequence[str] = result.lines
    if len(lines) > _KEEP_LINES and text.isascii():  # the loader's lines are text's, as they are
        lines = SourceLines(text)
        result.lines = []  # 80 bytes a line less while the rules run
    findings = _findings(result)
    del result  # the model: freed before the diagnostics are made
    return _diagnostics(findings, lines, path)


class SourceLines(Sequence[str]):
    """A text's lines (split at LF, a CR before it dropped) cut out when asked for: where the lines
    start is 8 bytes a line, a list of the lines themselves ten times that."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts = array("q", [0])
        self._starts.extend(match.end() for match in _LINE_END.finditer(text))

    def __len__(self) -> int:
        return len(self._starts)

    def __getitem__(self, number: int) -> str:  # type: ignore[override]
        start = self._starts[number]
        end = self._starts[number + 1] - 1 if number + 1 < len(self._starts) else len(self._text)
        return self._text[start:end].removesuffix("\r")


def lint_result(result: LoadResult, lines: Sequence[str], path: str = STDIN_PATH) -> list[Diagnostic]:
    """Diagnostics for an already loaded config; ``lines`` are its source lines (as the loader split them)."""
    return _diagnostics(_findings(result), lines, path)


def _findings(result: LoadResult) -> list[tuple[Rule, list[Finding]]]:
    """Each rule's findings, the rules in report order (ties in the line sort keep it); the typed
    view, as large as the model, is freed on return."""
    config_view = view(result.config)
    return [(rule, list(rule.check(config_view, result))) for rule in sorted(RULES.values(), key=_rule_order)]


def _diagnostics(findings: list[tuple[Rule, list[Finding]]], lines: Sequence[str], path: str) -> list[Diagnostic]:
    diagnostics = []
    for rule, found in findings:
        found.reverse()  # popped from the end: each finding is freed as its diagnostic is made
        while found:
            diagnostics.append(_diagnostic(rule, found.pop(), lines, path))
    diagnostics.sort(key=attrgetter("line", "column"))  # stable: that is Diagnostic.sort_key's order
    return diagnostics


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


def _span(finding: Finding, source: str) -> tuple[int, int]:
    stripped = source.rstrip()
    if finding.column is not None:
        column = finding.column
        end = finding.end_column if finding.end_column is not None else len(stripped)
    elif finding.token is not None and (found := find_token(source, finding.token)) is not None:
        column, end = found
    else:
        column, end = len(stripped) - len(stripped.lstrip()), len(stripped)
    return column, max(end, column + 1)


def _diagnostic(rule: Rule, finding: Finding, lines: Sequence[str], path: str) -> Diagnostic:
    source = _source(lines, finding.line)
    column = finding.column
    if column is not None:  # the syntax rules' case, without a call
        end = finding.end_column if finding.end_column is not None else len(source.rstrip())
        end = max(end, column + 1)
    else:
        column, end = _span(finding, source)
    related = (
        tuple(Related(line, message, _source(lines, line)) for line, message in finding.related)
        if finding.related
        else ()
    )
    return Diagnostic(
        rule.id, rule.severity, finding.line, column, end, finding.message, rule.hint, related, source, path
    )
