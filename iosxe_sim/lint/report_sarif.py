"""SARIF 2.1.0 report, for GitHub code scanning and other SARIF viewers.

One run; ``tool.driver.rules`` lists every registered rule (id, short description, help = fix hint,
default level); each result points at the offending line with 1-based start and end columns
(end exclusive, counted in Unicode code points) and lists the lines it names as related locations.
Files that could not be read become tool execution notifications. The log is streamed, one result
per line, so a million findings never become one big tree in memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from json.encoder import encode_basestring_ascii as _string  # type: ignore[attr-defined]
from pathlib import PurePath
from typing import Any, TextIO
from urllib.parse import quote

from iosxe_sim import __version__
from iosxe_sim.lint.diagnostic import STDIN_PATH, Diagnostic, FileResult, Related, Tally
from iosxe_sim.lint.registry import RULES, Rule, ordered_rules

_ENCODE = json.JSONEncoder().encode
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
STDIN_URI = "stdin"


@lru_cache(maxsize=1024)
def artifact_uri(path: str) -> str:
    """A relative path stays relative (GitHub resolves it from the repository root); an absolute
    one becomes a file: URI."""
    if path == STDIN_PATH:
        return STDIN_URI
    pure = PurePath(path)
    return pure.as_uri() if pure.is_absolute() else quote(pure.as_posix())


def _rule(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.title},
        "help": {"text": rule.hint},
        "defaultConfiguration": {"level": rule.severity.sarif_level},
        "properties": {"tags": [rule.category]},
    }


def _location(
    uri: str, line: int, source: str, column: int | None = None, end: int | None = None
) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": line}
    if column is not None and end is not None:
        region["startColumn"] = column + 1
        region["endColumn"] = end + 1
    if source:
        region["snippet"] = {"text": source}
    return {"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}


def _result(d: Diagnostic, index: dict[str, int]) -> dict[str, Any]:
    uri = artifact_uri(d.path)
    result: dict[str, Any] = {
        "ruleId": d.rule,
        "ruleIndex": index[d.rule],
        "level": d.severity.sarif_level,
        "message": {"text": d.message},
        "locations": [_location(uri, d.line, d.source, d.column, d.end_column)],
    }
    if d.related:
        result["relatedLocations"] = [
            {"id": n, "message": {"text": r.message}, **_location(uri, r.line, r.source)}
            for n, r in enumerate(d.related, start=1)
        ]
    return result


@lru_cache(maxsize=256)
def _head(rule: str, index: int) -> str:
    level = RULES[rule].severity.sarif_level  # a diagnostic has its rule's severity
    return f'{{"ruleId": {_string(rule)}, "ruleIndex": {index}, "level": "{level}", "message": {{"text": '


@lru_cache(maxsize=1024)
def _uri(path: str) -> str:
    return _string(artifact_uri(path))


def result_line(d: Diagnostic, index: dict[str, int]) -> str:
    """``_result(d, index)`` encoded on one line, by formatting, with the parts every result of a
    rule or a file shares encoded once."""
    uri = _uri(d.path)
    snippet = f', "snippet": {{"text": {_string(d.source)}}}' if d.source else ""
    related = ""
    if d.related:
        related = ', "relatedLocations": [' + ", ".join(_related(uri, n, r) for n, r in enumerate(d.related, 1)) + "]"
    return (
        f'{_head(d.rule, index[d.rule])}{_string(d.message)}}}, "locations": '
        f'[{{"physicalLocation": {{"artifactLocation": {{"uri": {uri}}}, "region": {{"startLine": '
        f'{d.line}, "startColumn": {d.column + 1}, "endColumn": {d.end_column + 1}{snippet}}}}}}}]{related}}}'
    )


def _related(uri: str, number: int, related: Related) -> str:
    snippet = f', "snippet": {{"text": {_string(related.source)}}}' if related.source else ""
    return (
        f'{{"id": {number}, "message": {{"text": {_string(related.message)}}}, "physicalLocation": '
        f'{{"artifactLocation": {{"uri": {uri}}}, "region": {{"startLine": {related.line}{snippet}}}}}}}'
    )


def _notification(f: FileResult) -> dict[str, Any]:
    return {
        "level": "error",
        "message": {"text": f.error},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(f.path)}}}],
    }


def _driver() -> tuple[dict[str, Any], dict[str, int]]:
    rules = ordered_rules()
    driver = {"name": "iosxe-sim", "version": __version__, "rules": [_rule(r) for r in rules]}
    return driver, {rule.id: n for n, rule in enumerate(rules)}


def _invocation(notifications: list[dict[str, Any]]) -> dict[str, Any]:
    return {"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}


def to_sarif(files: list[FileResult]) -> dict[str, Any]:
    """The whole log as a dict (what write_sarif streams)."""
    driver, index = _driver()
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {"driver": driver},
                "columnKind": "unicodeCodePoints",
                "results": [_result(d, index) for f in files for d in f.diagnostics],
                "invocations": [_invocation([_notification(f) for f in files if f.error is not None])],
            }
        ],
    }


def write_sarif(files: Iterable[FileResult], out: TextIO, max_findings: int | None = None) -> Tally:
    """Stream the log: results one per line as files arrive, the invocation (which files could not
    be read) after them; ``--max-findings`` leaves results out and says how many in the run's
    ``properties.omitted``."""
    driver, index = _driver()
    encode = _ENCODE
    out.write(
        f'{{"$schema": {encode(SARIF_SCHEMA)}, "version": {encode(SARIF_VERSION)}, "runs": [{{\n'
        f' "tool": {{"driver": {json.dumps(driver, indent=1)}}},\n "columnKind": "unicodeCodePoints",\n'
        ' "results": ['
    )
    tally, notifications, first = Tally(max_findings), [], True
    for f in files:
        _, shown = tally.add(f)
        if f.error is not None:
            notifications.append(_notification(f))
        for start in range(0, len(shown), 2000):
            lines = (result_line(d, index) for d in shown[start : start + 2000])
            out.write(("\n  " if first else ",\n  ") + ",\n  ".join(lines))
            first = False
    out.write(
        f'\n ],\n "invocations": [{encode(_invocation(notifications))}],\n'
        f' "properties": {{"omitted": {tally.omitted}}}\n}}]}}\n'
    )
    return tally
