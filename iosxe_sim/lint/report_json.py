"""JSON report: one document, schema ``iosxe-sim-lint/1`` (documented in docs/lint-rules.md).

Lines are 1-based; ``column`` and ``end_column`` are 0-based offsets into ``source`` (end exclusive),
as in :class:`~iosxe_sim.lint.diagnostic.Diagnostic`.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from iosxe_sim import __version__
from iosxe_sim.lint.diagnostic import Diagnostic, FileResult, counts

SCHEMA = "iosxe-sim-lint/1"


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


def to_json(files: list[FileResult]) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "tool": {"name": "iosxe-sim", "version": __version__},
        "files": [
            {
                "path": f.path,
                "error": f.error,
                "counts": counts([f]),
                "diagnostics": [diagnostic_json(d) for d in f.diagnostics],
            }
            for f in files
        ],
        "counts": counts(files),
    }


def write_json(files: list[FileResult], out: TextIO) -> None:
    json.dump(to_json(files), out, indent=2)
    out.write("\n")
