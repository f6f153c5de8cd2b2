"""JSON report: one document, schema ``iosxe-sim-lint/1`` (documented in docs/lint-rules.md).

Lines are 1-based; ``column`` and ``end_column`` are 0-based offsets into ``source`` (end exclusive),
as in :class:`~iosxe_sim.lint.diagnostic.Diagnostic`. The document is streamed as files arrive,
one diagnostic per line (json's C encoder, no indentation inside a diagnostic): a million findings
never become one big tree in memory. ``omitted`` (per file and in all) counts the diagnostics
``--max-findings`` left out; ``counts`` always cover every finding.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from json.encoder import encode_basestring_ascii as _string  # type: ignore[attr-defined]
from typing import Any, TextIO

from iosxe_sim import __version__
from iosxe_sim.lint.diagnostic import Diagnostic, FileResult, Tally

SCHEMA = "iosxe-sim-lint/1"
_ENCODE = json.JSONEncoder(ensure_ascii=True).encode


def diagnostic_json(d: Diagnostic) -> dict[str, Any]:
    return {
        "rule": d.rule,
        "severity": d.severity.value,
        "line": d.line,
        "column": d.column,
        "end_column": d.end_column,
        "message": d.message,
        "hint": d.hint,
        "source": d.source,
        "related": [{"line": r.line, "message": r.message, "source": r.source} for r in d.related],
    }


@lru_cache(maxsize=256)
def _constant(rule: str, severity: str, hint: str) -> tuple[str, str]:
    """The encoded members every diagnostic of one rule shares (before and after its own values)."""
    return f'{{"rule": {_string(rule)}, "severity": {_string(severity)}, "line": ', f', "hint": {_string(hint)}, "source": '


def diagnostic_line(d: Diagnostic) -> str:
    """``diagnostic_json(d)`` encoded on one line, with its constant parts encoded once per rule."""
    head, hint = _constant(d.rule, d.severity.value, d.hint)
    related = "[" + ", ".join(
        f'{{"line": {r.line}, "message": {_string(r.message)}, "source": {_string(r.source)}}}' for r in d.related
    ) + "]"
    return (
        f'{head}{d.line}, "column": {d.column}, "end_column": {d.end_column}, "message": {_string(d.message)}'
        f'{hint}{_string(d.source)}, "related": {related}}}'
    )


def to_json(files: list[FileResult]) -> dict[str, Any]:
    """The whole document as a dict (what write_json streams)."""
    tally = Tally()
    entries = []
    for f in files:
        found, shown = tally.add(f)
        entries.append(_file_head(f, found) | {"diagnostics": [diagnostic_json(d) for d in shown], "omitted": 0})
    return _head() | {"files": entries, "counts": tally.counts, "omitted": 0}


def _head() -> dict[str, Any]:
    return {"schema": SCHEMA, "tool": {"name": "iosxe-sim", "version": __version__}}


def _file_head(f: FileResult, found: dict[str, int]) -> dict[str, Any]:
    return {"path": f.path, "error": f.error, "counts": found}


def _members(obj: dict[str, Any]) -> str:
    """``"key": value`` pairs of a dict, without its braces."""
    return _ENCODE(obj)[1:-1]


def write_json(files: Iterable[FileResult], out: TextIO, max_findings: int | None = None) -> Tally:
    tally = Tally(max_findings)
    out.write("{" + _members(_head()) + ',\n "files": [')
    for number, f in enumerate(files):
        found, shown = tally.add(f)
        out.write(("," if number else "") + "\n  {" + _members(_file_head(f, found)) + ', "diagnostics": [')
        for start in range(0, len(shown), 2000):
            lines = (diagnostic_line(d) for d in shown[start : start + 2000])
            out.write(("," if start else "") + "\n   " + ",\n   ".join(lines))
        omitted = len(f.diagnostics) - len(shown)
        out.write(("\n  " if shown else "") + f'], "omitted": {omitted}}}')
    out.write(f'\n ],\n "counts": {_ENCODE(tally.counts)},\n "omitted": {tally.omitted}\n}}\n')
    return tally
