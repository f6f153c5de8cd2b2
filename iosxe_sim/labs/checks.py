"""Evaluating objectives: each check against the lab's device state, show output, lint and history."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from iosxe_sim.engine import events as ev
from iosxe_sim.labs import patterns
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

    @property
    def passed(self) -> bool:
        return all(result.passed for result in self.checks)


def evaluate(session: LabSession, from_config: bool = False) -> list[ObjectiveResult]:
    """Every objective's checks; grading a saved config skips the session-only objectives."""
    return [
        ObjectiveResult(objective, tuple(run_check(session, check) for check in objective.checks))
        for objective in session.lab.objectives
        if not (from_config and objective.session_only)
    ]


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


def _event(session: LabSession, check: Check) -> tuple[bool, str]:
    kind = EVENT_TYPES[str(check.get("event"))]
    client = check.get("client")
    reason = check.get("reason")
    reconnected = check.get("reconnected")
    count = 0
    for _, event in session.journal.events(None if client is None else str(client)):
        if not isinstance(event, kind):
            continue
        if reason is not None and reason_name(event.reason) != reason:
            continue
        if reconnected is not None and getattr(event, "reconnected", None) != reconnected:
            continue
        count += 1
    return _bounds(check, count), f"{count} found"


def _reconnect(session: LabSession, check: Check) -> tuple[bool, str]:
    found = session.journal.reconnects(str(check.get("client")))
    low = float(check.get("min-inactive", 0.0))  # type: ignore[arg-type]
    high = check.get("max-inactive")
    ceiling = float("inf") if high is None else float(high)  # type: ignore[arg-type]
    fitting = [gap for _, gap in found if low <= gap <= ceiling]
    needed = int(check.get("at-least", 1))  # type: ignore[arg-type]
    gaps = ", ".join(_duration(gap) for _, gap in found) or "none"
    return len(fitting) >= needed, f"{len(found)} reconnect(s), inactive before each: {gaps}"


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
