"""Rules fed by the loader's line reports: parse errors, rejections and unmodelled commands."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from iosxe_sim.config import guards
from iosxe_sim.config.loader import LineReport, LoadResult, Problem
from iosxe_sim.config.views import ConfigView
from iosxe_sim.lint.diagnostic import Severity
from iosxe_sim.lint.registry import Finding, rule
from iosxe_sim.parser.match import default_matcher

_RANGE = re.compile(r"<(\d+)-(\d+)>")
_PSK_PREFIX = guards.PSK_MESSAGE.split("(", 1)[0]
RECONNECT_RANGE = (600, 86400)


_WORD = re.compile(r"\S*")


def _token_end(text: str, column: int) -> int:
    end = _WORD.match(text, column).end()  # type: ignore[union-attr] - \S* always matches
    return max(end, column + 1)


@lru_cache(maxsize=4096)
def expected_ranges(text: str, column: int) -> tuple[str, tuple[tuple[int, int], ...]]:
    """(mode, integer ranges) the grammar expected where the caret of an invalid line sits.

    Found by asking each configuration mode for its ``?`` help on the text before the caret;
    only asked when the caret is on a number that is not the line's first word.
    """
    token = text[column : _token_end(text, column)]
    if not token.isdigit() or not text[:column].strip():
        return "", ()
    matcher = default_matcher()
    grammar = matcher.grammar
    for mode in grammar.modes:
        if "config" not in grammar.lineage(mode):
            continue
        entries = matcher.help(mode, text[:column])
        if not isinstance(entries, list):
            continue
        ranges = tuple((int(m[1]), int(m[2])) for e in entries if (m := _RANGE.fullmatch(e.display)))
        if ranges:
            return mode, ranges
    return "", ()


def _is_reconnect(mode: str, text: str, column: int) -> bool:
    words = text[:column].lower().split()
    if words and words[0] in ("no", "default"):
        words = words[1:]
    return mode == "ikev2-profile" and bool(words) and "reconnect".startswith(words[0])


def _reports(result: LoadResult, problem: Problem) -> Iterator[LineReport]:
    return iter(result.reports_of(problem))


def _whole_line(report: LineReport) -> Finding:
    return Finding(report.line, report.message, column=report.column)


def _range_kind(report: LineReport) -> tuple[str, str]:
    """("reconnect" | "range" | "", range text) for an invalid line."""
    if not report.text[report.column : report.column + 1].isdigit():  # the caret is on no number
        return "", ""
    mode, ranges = expected_ranges(report.text, report.column)
    if not ranges:
        return "", ""
    span = ", ".join(f"{low}-{high}" for low, high in ranges)
    return ("reconnect" if _is_reconnect(mode, report.text, report.column) else "range"), span


def _invalid(report: LineReport, message: str) -> Finding:
    return Finding(
        report.line, message, column=report.column, end_column=_token_end(report.text, report.column)
    )


@rule(
    "syntax/invalid",
    Severity.ERROR,
    "Invalid input (IOS puts the caret under the first word it cannot accept)",
    "Check the spelling and the order of the words from the caret on; `?` in the shell lists what fits there.",
)
def invalid(view: ConfigView, result: LoadResult) -> Iterator[Finding]:
    for report in _reports(result, Problem.INVALID):
        if not _range_kind(report)[0]:
            yield _invalid(report, report.message)


@rule(
    "syntax/out-of-range",
    Severity.ERROR,
    "A number outside the range the command accepts",
    "Use a value inside the range the message names (`?` in the shell shows it as `<low-high>`).",
)
def out_of_range(view: ConfigView, result: LoadResult) -> Iterator[Finding]:
    for report in _reports(result, Problem.INVALID):
        kind, span = _range_kind(report)
        if kind == "range":
            value = report.text[report.column : _token_end(report.text, report.column)]
            yield _invalid(report, f"{value} is outside the accepted range {span}: {report.message}")


@rule(
    "reconnect/timeout-range",
    Severity.ERROR,
    "`reconnect timeout` outside 600-86400 seconds",
    "`reconnect timeout` accepts 600-86400 seconds (10 minutes to 24 hours); "
    "plain `reconnect` keeps inactive sessions for 1800 seconds.",
)
def reconnect_timeout(view: ConfigView, result: LoadResult) -> Iterator[Finding]:
    for report in _reports(result, Problem.INVALID):
        if _range_kind(report)[0] == "reconnect":
            value = report.text[report.column : _token_end(report.text, report.column)]
            low, high = RECONNECT_RANGE
            yield _invalid(
                report, f"reconnect timeout {value} is outside {low}-{high} seconds: {report.message}"
            )


@rule(
    "syntax/unclosed-banner",
    Severity.ERROR,
    "A banner whose delimiter never comes again (IOS reads the rest of the file as its text)",
    "End the banner text with the character that follows `banner motd` (or `^C`), as the first one.",
)
def unclosed_banner(view: ConfigView, result: LoadResult) -> Iterator[Finding]:
    return map(_whole_line, _reports(result, Problem.UNCLOSED))


@rule(
    "syntax/incomplete",
    Severity.ERROR,
    "Incomplete command (IOS needs more words)",
    "Complete the command; `?` after the last word in the shell lists what may follow.",
)
def incomplete(view: ConfigView, result: LoadResult) -> Iterator[Finding]:
    return map(_whole_line, _reports(result, Problem.INCOMPLETE))


@rule(
    "syntax/ambiguous",
    Severity.ERROR,
    "Ambiguous abbreviation (it is the prefix of several keywords)",
    "Type more letters of the abbreviated keyword so that only one command starts with it.",
)
def ambiguous(view: ConfigView, result: LoadResult) -> Iterator[Finding]:
    return map(_whole_line, _reports(result, Problem.AMBIGUOUS))


@rule(
    "syntax/too-long",
    Severity.ERROR,
    "Line longer than 4096 characters",
    "Split the command; no IOS-XE configuration command needs a line this long.",
)
def too_long(view: ConfigView, result: LoadResult) -> Iterator[Finding]:
    return map(_whole_line, _reports(result, Problem.TOO_LONG))


# Refusals a rule of their own reports, by how their message begins; syntax/rejected takes the rest.
OWN_RULE_PREFIXES = (_PSK_PREFIX, guards.INVALID_RANGE, guards.HOSTNAME_REFUSED)


def rejections(result: LoadResult, prefix: str | None) -> Iterator[LineReport]:
    """The lines the loader refused whose message starts with `prefix` (None: no rule's prefix)."""
    for report in _reports(result, Problem.REJECTED):
        if report.message.startswith(prefix) if prefix else not report.message.startswith(OWN_RULE_PREFIXES):
            yield report


@rule(
    "reconnect/psk",
    Severity.ERROR,
    "`reconnect` with pre-shared key authentication in one IKEv2 profile (IOS rejects the second command)",
    "Reconnect authenticates with the session token as pre-shared key, so the profile cannot also use "
    "`authentication local|remote pre-share`, `keyring` or `aaa authorization group|user psk`: remove "
    "those, or move pre-shared key peers to a profile without `reconnect`.",
)
def reconnect_psk(view: ConfigView, result: LoadResult) -> Iterator[Finding]:
    for report in rejections(result, _PSK_PREFIX):
        first = report.related_line
        message = f"{report.message}; it conflicts with line {first}" if first else report.message
        related = ((first, "applied first; IOS keeps it"),) if first else ()
        yield Finding(report.line, message, column=report.column, related=related)


@rule(
    "syntax/rejected",
    Severity.ERROR,
    "A command IOS-XE rejects when it is applied",
    "Read the message: the command conflicts with configuration applied before it.",
)
def rejected(view: ConfigView, result: LoadResult) -> Iterator[Finding]:
    for report in rejections(result, None):
        related = ((report.related_line, "the conflicting command"),) if report.related_line else ()
        yield Finding(report.line, report.message, column=report.column, related=related)


@rule(
    "info/unmodelled",
    Severity.INFO,
    "A real IOS-XE command iosxe-sim does not model",
    "Nothing to fix: the simulator keeps the command (and its sub-lines) verbatim but does not check "
    "or use it.",
)
def unmodelled(view: ConfigView, result: LoadResult) -> Iterator[Finding]:
    return map(_whole_line, _reports(result, Problem.UNMODELLED))


@rule(
    "info/exec-line",
    Severity.INFO,
    "An EXEC command (`do ...`) in a configuration",
    "A configuration file applies configuration lines only: run EXEC commands at the console instead.",
)
def exec_line(view: ConfigView, result: LoadResult) -> Iterator[Finding]:
    return map(_whole_line, _reports(result, Problem.EXEC))
