"""The linter's output record: one finding of one rule on one line of one file."""

from __future__ import annotations

import enum
from abc import abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for the most severe, for sorting."""
        return _RANKS[self]

    @property
    def sarif_level(self) -> str:
        return _SARIF_LEVELS[self]


STDIN_PATH = "<stdin>"  # how reports name standard input (``-`` on the command line)

_RANKS = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
_SARIF_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


@dataclass(frozen=True, slots=True)
class Related:
    """Another line a diagnostic names (the first of two conflicting commands, a definition ...)."""

    line: int  # 1-based
    message: str
    source: str = ""  # that line's text


@dataclass(frozen=True, slots=True)
class Diagnostic:
    rule: str  # stable rule id, e.g. "ref/trustpoint"
    severity: Severity
    line: int  # 1-based
    column: int  # 0-based offset into ``source`` (the caret)
    end_column: int  # 0-based, exclusive; > column
    message: str
    hint: str
    related: tuple[Related, ...] = ()
    source: str = ""  # the offending line as written
    path: str = STDIN_PATH  # file path as given

    def sort_key(self) -> tuple[int, int, int, str]:
        return (self.line, self.column, self.severity.rank, self.rule)


class MadeOnDemand(Sequence[Diagnostic]):
    """Diagnostics made when they are read (a report writes a million of them in batches, so
    they never all exist at once), counted without being made."""

    @abstractmethod
    def severity_counts(self) -> dict[str, int]:
        """{"error": n, "warning": n, "info": n}."""


@dataclass(frozen=True)
class FileResult:
    """One linted input: its diagnostics, or why it could not be read."""

    path: str
    diagnostics: Sequence[Diagnostic] = ()
    error: str | None = None

    def count(self, severity: Severity) -> int:
        return self.counts()[severity.value]

    def counts(self) -> dict[str, int]:
        """{"error": n, "warning": n, "info": n} for this file."""
        if isinstance(self.diagnostics, MadeOnDemand):
            return self.diagnostics.severity_counts()
        found = dict.fromkeys((s.value for s in Severity), 0)
        for d in self.diagnostics:
            found[d.severity.value] += 1
        return found


def counts(files: list[FileResult]) -> dict[str, int]:
    """{"error": n, "warning": n, "info": n} over all files."""
    return {s.value: sum(f.count(s) for f in files) for s in Severity}


@dataclass
class Tally:
    """What a streamed report has written so far, and the ``--max-findings`` budget it spends.

    Reports list at most ``limit`` diagnostics in all (None: every one); the counts always cover
    every finding, and ``omitted`` says how many were left out.
    """

    limit: int | None = None
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys((s.value for s in Severity), 0))
    files: int = 0  # files read and linted
    omitted: int = 0

    def add(self, result: FileResult) -> tuple[dict[str, int], Sequence[Diagnostic]]:
        """Count one file; return its counts and the diagnostics the report may list."""
        found = result.counts()
        for severity, count in found.items():
            self.counts[severity] += count
        self.files += result.error is None
        shown = result.diagnostics
        if self.limit is not None:
            shown = shown[: max(self.limit, 0)]
            self.limit -= len(shown)
            self.omitted += len(result.diagnostics) - len(shown)
        return found, shown
