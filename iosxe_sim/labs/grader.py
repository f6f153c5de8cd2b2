"""Batch grading: replay a student's CLI session (or boot a saved config) on a fresh lab, check it.

Deterministic: the lab's seed and the virtual clock, nothing from the wall clock. The JSON form
(schema ``iosxe-sim-lab-grade/2``) is what learning-management systems read.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace

from iosxe_sim import __version__
from iosxe_sim.labs.checks import ObjectiveResult, evaluate
from iosxe_sim.labs.model import Lab
from iosxe_sim.labs.runtime import LabSession

GRADE_SCHEMA = "iosxe-sim-lab-grade/2"
EXIT_PASSED = 0
EXIT_FAILED = 1


@dataclass(frozen=True)
class Grade:
    lab: Lab
    mode: str  # "script", "config" or "start"
    results: tuple[ObjectiveResult, ...]
    transcript: str
    session: LabSession
    retest: LabSession | None = None  # after a script: the final running-config, booted afresh

    @property
    def passed(self) -> bool:
        """Every scored objective met (story and skipped objectives do not count)."""
        return all(result.passed for result in self.results if result.scored)

    @property
    def score(self) -> tuple[int, int]:
        """Points earned and points possible."""
        scored = [result for result in self.results if result.scored]
        return sum(result.points for result in scored), sum(r.objective.points for r in scored)

    @property
    def exit_code(self) -> int:
        return EXIT_PASSED if self.passed else EXIT_FAILED


def replay(session: LabSession, lines: list[str]) -> str:
    """Play CLI lines as `iosxe-sim run` does; returns the console transcript."""
    from iosxe_sim.session import transcript

    out = io.StringIO()
    out.write("".join(session.device.pending_log()))
    transcript(session.device.console, lines, out)
    return out.getvalue()


def free_objectives(lab: Lab) -> frozenset[str]:
    """Objectives the untouched lab already meets: they score nothing (no free points)."""
    return frozenset(result.objective.id for result in evaluate(LabSession(lab)) if result.passed)


def grade_script(lab: Lab, script: str, free: frozenset[str] | None = None) -> Grade:
    """Replay the student's lines on a fresh lab and check; then boot the final running-config
    afresh, run the lab's [grading] replay there, and require every objective that is not
    session-only to hold there too (breaking the router after passing does not keep the marks)."""
    session = LabSession(lab)
    text = replay(session, script.splitlines())
    results = evaluate(session)
    retest = None
    if lab.replay:
        retest = LabSession(lab, config_text=session.device.running_config())
        replay(retest, list(lab.replay))
        results = [_both(first, second) for first, second in zip(results, evaluate(retest, from_config=True))]
    return Grade(lab, "script", _mark_free(results, lab, free), text, session, retest)


def _both(session: ObjectiveResult, final: ObjectiveResult) -> ObjectiveResult:
    """An objective met in the session that fails on the final config: its failed re-test checks
    join its results, so it fails and says why."""
    if final.skipped or not session.passed:
        return session
    lost = tuple(
        replace(check, check=replace(check.check, description=f"final config re-test: {check.check.description}"))
        for check in final.checks
        if not check.passed
    )
    return replace(session, checks=session.checks + lost)


def _mark_free(results: list[ObjectiveResult], lab: Lab, free: frozenset[str] | None) -> tuple[ObjectiveResult, ...]:
    free = free_objectives(lab) if free is None else free
    return tuple(replace(result, free=result.objective.id in free) for result in results)


def grade_config(lab: Lab, config: str, free: frozenset[str] | None = None) -> Grade:
    """Boot the lab from the student's saved config, run the lab's replay lines, check."""
    session = LabSession(lab, config_text=config)
    text = replay(session, list(lab.replay))
    return Grade(lab, "config", _mark_free(evaluate(session, from_config=True), lab, free), text, session)


def grade_start(lab: Lab) -> Grade:
    """The lab as it starts, untouched (an instructor's check that it is not solved already)."""
    session = LabSession(lab)
    results = evaluate(session)
    free = frozenset(result.objective.id for result in results if result.passed)
    return Grade(lab, "start", _mark_free(results, lab, free), replay(session, []), session)


def grade_document(grade: Grade, details: bool = True) -> dict[str, object]:
    passed, total = grade.score
    return {
        "schema": GRADE_SCHEMA,
        "tool": {"name": "iosxe-sim", "version": __version__},
        "lab": {
            "name": grade.lab.name,
            "title": grade.lab.title,
            "level": grade.lab.level,
            "source": grade.lab.source,
            "hash": grade.lab.digest,
            "student": grade.lab.student,
        },
        "mode": grade.mode,
        "passed": grade.passed,
        "score": {"points": passed, "total": total},
        "objectives": [
            {
                "id": result.objective.id,
                "title": result.objective.title,
                "passed": result.passed,
                "status": result.status,
                "points": result.points,
                "max_points": result.objective.points if result.scored else 0,
                "checks": [
                    {
                        "kind": check.check.kind,
                        "description": check.check.description,
                        "passed": check.passed,
                        "detail": check.detail,
                        "line": check.check.line,
                    }
                    for check in result.checks
                ]
                if details
                else [],
            }
            for result in grade.results
        ],
        "virtual_time": grade.session.device.clock.now,
    }
