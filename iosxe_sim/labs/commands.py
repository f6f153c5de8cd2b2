"""Shell commands of a running lab (not IOS): ``lab objectives``, ``lab hint``, ``lab check``,
``lab timeline``. Without a lab loaded they say how to start one.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from iosxe_sim.commands.registry import Handler, exec_handler
from iosxe_sim.labs.model import paragraphs
from iosxe_sim.parser.match import Args

if TYPE_CHECKING:
    from collections.abc import Callable

    from iosxe_sim.labs.runtime import LabSession
    from iosxe_sim.session import Session

    LabCommand = Callable[[Session, LabSession], str]

NO_LAB = "% No lab is loaded (start one with: iosxe-sim lab start NAME; list them with: iosxe-sim lab list)\n"
WIDE = 120  # `terminal width 0` (unlimited) still needs a width for the timeline table


def lab_handler(name: str) -> Callable[[LabCommand], Handler]:
    """Register a command of the device's lab session under ``name`` (it answers NO_LAB without one)."""

    def register(command: LabCommand) -> Handler:
        def handler(line: Session, args: Args) -> str:
            from iosxe_sim.labs.runtime import lab_of

            lab = lab_of(line.device)
            return NO_LAB if lab is None else command(line, lab)

        return exec_handler(name)(handler)

    return register


def _width(line: Session) -> int:
    return line.terminal.width or WIDE


@lab_handler("lab.objectives")
def objectives(line: Session, session: LabSession) -> str:
    from iosxe_sim.labs.checks import evaluate

    lab = session.lab
    width = max(_width(line), 40)
    lines = [f"Lab {lab.name}: {lab.title} ({lab.level})", ""]
    for paragraph in paragraphs(lab.description):
        if paragraph[:1].isspace() or not paragraph:
            lines.append(f"  {paragraph}" if paragraph else "")
        else:
            lines += textwrap.wrap(
                paragraph, width - 2, initial_indent="  ", subsequent_indent="  ", break_on_hyphens=False
            )
    lines.append("")
    lines.append("Objectives:")
    for number, result in enumerate(evaluate(session), 1):
        mark = "[done]" if result.passed else "[    ]"
        lines += textwrap.wrap(
            result.objective.title,
            width - 2,
            initial_indent=f"  {mark} {number}. ",
            subsequent_indent=" " * (len(mark) + 6),
            break_on_hyphens=False,
        )
    lines += ["", "lab check: what each objective checks; lab hint: a hint; lab timeline: what happened"]
    return "\n".join(lines) + "\n"


@lab_handler("lab.check")
def check(line: Session, session: LabSession) -> str:
    from dataclasses import replace

    from iosxe_sim.labs.checks import evaluate

    results = [replace(result, free=result.objective.id in session.free) for result in evaluate(session)]
    lines = []
    for number, result in enumerate(results, 1):
        note = "" if result.status in ("passed", "failed") else f" [{result.status}]"
        weight = f" ({result.objective.points} points)" if result.objective.points != 1 else ""
        lines.append(f"{'PASS' if result.passed else 'FAIL'}  {number}. {result.objective.title}{weight}{note}")
        if session.exam:
            continue
        for outcome in result.checks:
            lines.append(
                f"        {'+' if outcome.passed else '-'} {outcome.check.description}: {outcome.detail}"
            )
    scored = [result for result in results if result.scored]
    earned = sum(result.points for result in scored)
    total = sum(result.objective.points for result in scored)
    verdict = "lab solved" if all(result.passed for result in scored) else "keep going"
    lines.append(f"{earned}/{total} points: {verdict}")
    return "\n".join(lines) + "\n"


@lab_handler("lab.hint")
def hint(line: Session, session: LabSession) -> str:
    from iosxe_sim.labs.checks import evaluate

    if session.exam:
        return "% Hints are not available in exam mode\n"
    for number, result in enumerate(evaluate(session), 1):
        if result.passed:
            continue
        objective = result.objective
        if not objective.hints:
            return f"Objective {number} ({objective.title}) has no hints.\n"
        shown = session.hints_shown.get(objective.id, 0)
        session.hints_shown[objective.id] = shown + 1
        index = shown % len(objective.hints)
        text = textwrap.fill(
            objective.hints[index],
            max(_width(line), 40) - 2,
            initial_indent="  ",
            subsequent_indent="  ",
            break_on_hyphens=False,
        )
        return f"Hint {index + 1}/{len(objective.hints)} for objective {number}:\n{text}\n"
    return "Every objective is met: the lab is solved.\n"


@lab_handler("lab.timeline")
def timeline(line: Session, session: LabSession) -> str:
    from iosxe_sim.labs.present import timeline_text

    return timeline_text(session, _width(line))
