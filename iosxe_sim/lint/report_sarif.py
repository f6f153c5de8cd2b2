"""SARIF 2.1.0 report, for GitHub code scanning and other SARIF viewers.

One run; ``tool.driver.rules`` lists every registered rule (id, short description, help = fix hint,
default level); each result points at the offending line with 1-based start and end columns
(end exclusive, counted in Unicode code points) and lists the lines it names as related locations.
Files that could not be read become tool execution notifications.
"""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any, TextIO
from urllib.parse import quote

from iosxe_sim import __version__
from iosxe_sim.lint.diagnostic import STDIN_PATH, Diagnostic, FileResult
from iosxe_sim.lint.registry import Rule, ordered_rules

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
STDIN_URI = "stdin"


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


def to_sarif(files: list[FileResult]) -> dict[str, Any]:
    rules = ordered_rules()
    index = {rule.id: n for n, rule in enumerate(rules)}
    notifications = [
        {
            "level": "error",
            "message": {"text": f.error},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(f.path)}}}],
        }
        for f in files
        if f.error is not None
    ]
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "iosxe-sim",
                        "version": __version__,
                        "rules": [_rule(r) for r in rules],
                    }
                },
                "invocations": [
                    {"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}
                ],
                "columnKind": "unicodeCodePoints",
                "results": [_result(d, index) for f in files for d in f.diagnostics],
            }
        ],
    }


def write_sarif(files: list[FileResult], out: TextIO) -> None:
    json.dump(to_sarif(files), out, indent=2)
    out.write("\n")
