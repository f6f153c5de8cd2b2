"""Batch grading: replay a student's CLI session (or boot a saved config) on a fresh lab, check it.

Deterministic: the lab's seed and the virtual clock, nothing from the wall clock. The JSON form
(schema ``iosxe-sim-lab-grade/1``) is what learning-management systems read.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from iosxe_sim import __version__
from iosxe_sim.labs.checks import ObjectiveResult, evaluate
from iosxe_sim.labs.model import Lab
from iosxe_sim.labs.runtime import LabSession

GRADE_SCHEMA = "iosxe-sim-lab-grade/1"
EXIT_PASSED = 0
EXIT_FAILED = 1


@dataclass(frozen=True)
class Grade:
    lab: Lab
    mode: str  # "script", "config" or "start"
    results: tuple[ObjectiveResult, ...]
    transcript: str
    session: LabSession

    @property
    def passed(self) -> bool:
        return all(result.passed for result in self.results)

    @property
    def score(self) -> tuple[int, int]:
        return sum(1 for r in self.results if r.passed), len(self.results)

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


def grade_script(lab: Lab, script: str) -> Grade:
    session = LabSession(lab)
    text = replay(session, script.splitlines())
    return Grade(lab, "script", tuple(evaluate(session)), text, session)


def grade_config(lab: Lab, config: str) -> Grade:
    """Boot the lab from the student's saved config, run the lab's replay lines, check."""
    session = LabSession(lab, config_text=config)
    text = replay(session, list(lab.replay))
    return Grade(lab, "config", tuple(evaluate(session, from_config=True)), text, session)


def grade_start(lab: Lab) -> Grade:
    """The lab as it starts, untouched (an instructor's check that it is not solved already)."""
    session = LabSession(lab)
    return Grade(lab, "start", tuple(evaluate(session)), replay(session, []), session)


def grade_document(grade: Grade) -> dict[str, object]:
    passed, total = grade.score
    return {
        "schema": GRADE_SCHEMA,
        "tool": {"name": "iosxe-sim", "version": __version__},
        "lab": {
            "name": grade.lab.name,
            "title": grade.lab.title,
            "level": grade.lab.level,
            "source": grade.lab.source,
        },
        "mode": grade.mode,
        "passed": grade.passed,
        "score": {"passed": passed, "total": total},
        "objectives": [
            {
                "id": result.objective.id,
                "title": result.objective.title,
                "passed": result.passed,
                "checks": [
                    {
                        "kind": check.check.kind,
                        "description": check.check.description,
                        "passed": check.passed,
                        "detail": check.detail,
                        "line": check.check.line,
                    }
                    for check in result.checks
                ],
            }
            for result in grade.results
        ],
        "virtual_time": grade.session.device.clock.now,
    }
