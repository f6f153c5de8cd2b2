"""Evaluating objectives: each check against the lab's device state, show output, lint and history."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from iosxe_sim.engine import events as ev
from iosxe_sim.labs import patterns
from iosxe_sim.labs.journal import Entry
from iosxe_sim.labs.model import Check, Objective
from iosxe_sim.labs.patterns import PatternTimeout
from iosxe_sim.labs.queries import QueryError, query
from iosxe_sim.labs.runtime import LabSession, run_exec
from iosxe_sim.labs.vocabulary import SEVERITIES, reason_name

EVENT_TYPES: dict[str, type[ev.Event]] = {
    "session-up": ev.SessionUp,
    "session-down": ev.SessionDown,
    "session-inactive": ev.SessionInactive,
    "inactive-expired": ev.InactiveExpired,
    "dpd-sent": ev.DpdSent,
    "dpd-timeout": ev.DpdTimeout,
    "reconnect-succeeded": ev.ReconnectSucceeded,
    "reconnect-failed": ev.ReconnectFailed,
    "connect-failed": ev.ConnectFailed,
    "child-rekeyed": ev.ChildRekeyed,
}


@dataclass(frozen=True)
class CheckResult:
    check: Check
    passed: bool
    detail: str  # what was found


@dataclass(frozen=True)
class ObjectiveResult:
    objective: Objective
    checks: tuple[CheckResult, ...]
    skipped: bool = False  # session-only, and a saved config is graded: not tested
    free: bool = False  # the untouched lab meets it already: not scored

    @property
    def passed(self) -> bool:
        return not self.skipped and all(result.passed for result in self.checks)

    @property
    def scored(self) -> bool:
        return self.objective.scored and not self.skipped and not self.free

    @property
    def points(self) -> int:
        return self.objective.points if self.scored and self.passed else 0

    @property
    def status(self) -> str:
        """How reports mark it: passed, failed, skipped, and whether it counts."""
        if self.skipped:
            return "skipped (session only)"
        verdict = "passed" if self.passed else "failed"
        if self.objective.story:
            return f"{verdict} (story, not scored)"
        return f"{verdict} (met untouched, not scored)" if self.free else verdict


def evaluate(session: LabSession, from_config: bool = False) -> list[ObjectiveResult]:
    """Every objective's checks; grading a saved config lists the session-only ones as skipped."""
    return [
        ObjectiveResult(objective, (), skipped=True)
        if from_config and objective.session_only
        else ObjectiveResult(objective, tuple(run_check(session, check) for check in objective.checks))
        for objective in session.lab.objectives
    ]


def objective_met(session: LabSession, objective: Objective) -> bool:
    return all(run_check(session, check).passed for check in objective.checks)


def run_check(session: LabSession, check: Check) -> CheckResult:
    try:
        passed, detail = _KINDS[check.kind](session, check)
    except (QueryError, PatternTimeout) as exc:
        passed, detail = False, str(exc)
    return CheckResult(check, passed, detail)


def _bounds(check: Check, value: int) -> bool:
    """`at-least` and/or `at-most`; neither given means at least 1."""
    at_least = check.get("at-least")
    at_most = check.get("at-most")
    if at_least is None and at_most is None:
        at_least = 1
    low = None if at_least is None else int(at_least)  # type: ignore[arg-type]
    high = None if at_most is None else int(at_most)  # type: ignore[arg-type]
    return (low is None or value >= low) and (high is None or value <= high)


def _show(session: LabSession, check: Check) -> tuple[bool, str]:
    output = run_exec(session.device, str(check.get("command")))
    found = patterns.count(str(check.get("match")), output)
    if check.get("absent"):
        return found == 0, "no match" if found == 0 else f"matched {found} time(s)"
    if "count" in check.params:
        return found == check.get("count"), f"matched {found} time(s)"
    return found > 0, f"matched {found} time(s)" if found else "no match"


def _lint(session: LabSession, check: Check) -> tuple[bool, str]:
    worst = SEVERITIES.index(str(check.get("severity", "error")))
    rules = tuple(check.get("rules", ()))  # type: ignore[arg-type]
    counted = [
        d
        for d in session.lint()
        if SEVERITIES.index(d.severity.value) <= worst and (not rules or d.rule.startswith(rules))
    ]
    limit = int(check.get("max", 0))  # type: ignore[arg-type]
    found = ", ".join(f"{d.rule} ({d.source.strip()})" for d in counted[:5])
    more = f" and {len(counted) - 5} more" if len(counted) > 5 else ""
    return len(counted) <= limit, f"{len(counted)} found: {found}{more}" if counted else "none found"


def _state(session: LabSession, check: Check) -> tuple[bool, str]:
    value = query(session, check)
    detail = f"value is {value!r}"
    if "equals" in check.params:
        return value == check.get("equals") and type(value) is type(check.get("equals")), detail
    if "matches" in check.params:
        return patterns.search(str(check.get("matches")), str(value)), detail
    if isinstance(value, bool) or not isinstance(value, int):
        return False, f"{detail} (not a number)"
    return _bounds(check, value), detail


def _in_order(session: LabSession, check: Check, entry: Entry) -> bool:
    """`after` (the entry came once that objective was met) and `while` (its condition held)."""
    after = check.get("after")
    if after is not None:
        since = session.milestones.get(str(after))
        if since is None or entry.seq < since:
            return False
    condition = check.get("while")
    return not isinstance(condition, Check) or session.condition_index(condition) in entry.holding


def _order_note(session: LabSession, check: Check) -> str:
    after = check.get("after")
    if after is None:
        return ""
    return "" if str(after) in session.milestones else f" (objective {after} was never met before an event)"


def _event(session: LabSession, check: Check) -> tuple[bool, str]:
    kind = EVENT_TYPES[str(check.get("event"))]
    client = check.get("client")
    reason = check.get("reason")
    reconnected = check.get("reconnected")
    count = 0
    for entry in session.journal.event_entries(None if client is None else str(client)):
        event = entry.item
        if not isinstance(event, kind) or not _in_order(session, check, entry):
            continue
        if reason is not None and reason_name(event.reason) != reason:
            continue
        if reconnected is not None and getattr(event, "reconnected", None) != reconnected:
            continue
        count += 1
    return _bounds(check, count), f"{count} found{_order_note(session, check)}"


def _reconnect(session: LabSession, check: Check) -> tuple[bool, str]:
    found = session.journal.reconnects(str(check.get("client")))
    low = float(check.get("min-inactive", 0.0))  # type: ignore[arg-type]
    high = check.get("max-inactive")
    ceiling = float("inf") if high is None else float(high)  # type: ignore[arg-type]
    same = bool(check.get("same-address", False))
    fitting = [
        r
        for r in found
        if low <= r.inactive <= ceiling and (r.kept_address or not same) and _in_order(session, check, r.entry)
    ]
    needed = int(check.get("at-least", 1))  # type: ignore[arg-type]
    gaps = ", ".join(
        _duration(r.inactive) + ("" if r.kept_address else " (new address)") for r in found
    ) or "none"
    detail = f"{len(found)} reconnect(s), inactive before each: {gaps}{_order_note(session, check)}"
    return len(fitting) >= needed, detail


def _duration(seconds: float) -> str:
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes}m{rest:02d}s" if minutes else f"{rest}s"


_KINDS: dict[str, Callable[[LabSession, Check], tuple[bool, str]]] = {
    "show": _show,
    "lint": _lint,
    "state": _state,
    "event": _event,
    "reconnect": _reconnect,
}
