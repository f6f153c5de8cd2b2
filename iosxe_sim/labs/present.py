"""Rich renderings for labs: the lab list, a briefing, a grade report, the timeline (terminal, SVG).

The only labs module that imports rich. Output goes to a given file; colour only when that file
is a terminal (rich honours NO_COLOR), so piped and test output is plain text.
"""

from __future__ import annotations

import io
from datetime import timedelta
from typing import IO

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from iosxe_sim.labs import timeline
from iosxe_sim.labs.checks import ObjectiveResult
from iosxe_sim.labs.gradebook import Gradebook
from iosxe_sim.labs.grader import Grade
from iosxe_sim.labs.loader import LabSource
from iosxe_sim.labs.model import Lab, paragraphs
from iosxe_sim.labs.runtime import LabSession

TONE_STYLES = {
    timeline.Tone.GOOD: "green",
    timeline.Tone.BAD: "bold red",
    timeline.Tone.WARN: "yellow",
    timeline.Tone.QUIET: "dim",
    timeline.Tone.PLAIN: "",
}
SVG_WIDTH = 160
LANES_WIDTH = 120  # narrower consoles get the one-column form


def console(file: IO[str], width: int | None = None, record: bool = False) -> Console:
    return Console(file=file, width=width, record=record, highlight=False, soft_wrap=False)


def lab_list(entries: list[tuple[LabSource, Lab | str]], out: IO[str]) -> None:
    """Name, title, level; a lab file that does not load shows its error instead."""
    table = Table(title="iosxe-sim labs", show_lines=False)
    table.add_column("Name", style="bold", no_wrap=True)
    table.add_column("Title")
    table.add_column("Level", no_wrap=True)
    for source, lab in entries:
        if isinstance(lab, Lab):
            table.add_row(escape(source.name), escape(lab.title), lab.level)
        else:
            table.add_row(escape(source.name), Text(lab, style="red"), "-")
    console(out).print(table)


def briefing(lab: Lab, out: IO[str]) -> None:
    """Title, level, description, clients, what the timeline will do, the objectives."""
    body = [Text("\n".join(paragraphs(lab.description)) + "\n")]
    if lab.clients:
        names = ", ".join(f"{c.name} (user {c.user})" for c in lab.clients)
        body.append(Text.assemble(("Clients: ", "bold"), names))
    story = [entry for entry in lab.timeline if entry.at > 0]
    if story:
        body.append(
            Text.assemble(
                ("Story: ", "bold"),
                f"{len(story)} event(s) until "
                f"{timeline.clock_text(story[-1].at)} of virtual time "
                "(lab clock advance plays them)",
            )
        )
    table = Table(show_header=True, box=None, padding=(0, 1))
    table.add_column("#", justify="right")
    table.add_column("Objective")
    table.add_column("Points", justify="right")
    table.add_column("Hints", justify="right")
    for number, objective in enumerate(lab.objectives, 1):
        points = "story" if objective.story else str(objective.points)
        table.add_row(str(number), escape(objective.title), points, str(len(objective.hints)))
    body += [Text(""), Text("Objectives", style="bold"), table]
    variant = f"; student {escape(lab.student)}" if lab.student else ""
    title = f"{escape(lab.title)}  [dim]({lab.level}; {escape(lab.name)}{variant})[/]"
    console(out).print(Panel(Group(*body), title=title, title_align="left"))


def objectives_table(results: list[ObjectiveResult], details: bool) -> Table:
    table = Table(show_header=True, box=None, padding=(0, 1))
    table.add_column("", no_wrap=True)
    table.add_column("Points", justify="right", no_wrap=True)
    table.add_column("Objective")
    for number, result in enumerate(results, 1):
        if result.skipped:
            mark = Text("SKIP", style="dim")
        else:
            mark = Text("PASS", style="bold green") if result.passed else Text("FAIL", style="bold red")
        points = f"{result.points}/{result.objective.points}" if result.scored else "-"
        note = "" if result.status in ("passed", "failed") else f"  [{result.status}]"
        lines = [Text(f"{number}. {result.objective.title}{note}")]
        if details:
            for check in result.checks:
                sign = "+" if check.passed else "-"
                style = "green" if check.passed else "red"
                lines.append(Text(f"  {sign} {check.check.description}: {check.detail}", style=style))
        table.add_row(mark, points, Group(*lines))
    return table


def grade_report(grade: Grade, out: IO[str], details: bool = True) -> None:
    passed, total = grade.score
    verdict = Text(f"{passed}/{total} points", style="bold green" if grade.passed else "bold red")
    head = Text.assemble(
        (f"{grade.lab.title}", "bold"), f" ({grade.lab.name}, graded from {grade.mode}): ", verdict
    )
    target = console(out)
    target.print(head)
    target.print(objectives_table(list(grade.results), details=details))


def gradebook_table(book: Gradebook, out: IO[str]) -> None:
    """One row per submission: student, points per objective, total."""
    ids = [o.id for o in book.lab.objectives if o.scored]
    table = Table(title=f"Gradebook: {escape(book.lab.title)}", show_lines=False)
    table.add_column("Student", style="bold", no_wrap=True)
    for ident in ids:
        table.add_column(escape(ident), justify="right")
    table.add_column("Total", justify="right", style="bold")
    table.add_column("Note")
    for row in book.rows:
        cells = [str(row.points.get(ident, 0)) for ident in ids]
        total = Text(f"{row.total}/{row.possible}", style="green" if row.passed else "red")
        table.add_row(escape(row.student), *cells, total, escape(row.note))
    console(out).print(table)


def timeline_table(session: LabSession, lanes: bool) -> Table:
    """Lanes: one column per actor (lab, gateway, each client), the flow reading top to bottom;
    otherwise one column naming the actor (fits an 80-column console)."""
    names = timeline.lanes(session)
    start = session.device.clock.boot_time
    table = Table(title=f"Lab timeline: {escape(session.lab.title)}", show_lines=False, expand=False)
    table.add_column("Time", no_wrap=True, style="cyan")
    for lane in names if lanes else ("Who", "What"):
        table.add_column(escape(lane), overflow="fold")
    for row in timeline.rows(session):
        wall = (start + timedelta(seconds=row.at)).strftime("%H:%M:%S")
        stamp = f"{timeline.clock_text(row.at)} {wall}"
        if lanes:
            cells: list[Text | str] = [""] * len(names)
            cells[names.index(row.lane) if row.lane in names else 0] = Text(
                row.labelled(), style=TONE_STYLES[row.tone]
            )
            table.add_row(stamp, *cells)
        else:
            who = row.lane + (f" ({row.about})" if row.about else "")
            table.add_row(stamp, Text(who, style="bold"), Text(row.text, style=TONE_STYLES[row.tone]))
    return table


def timeline_text(session: LabSession, width: int) -> str:
    """The timeline as plain text for the device console (no colour codes)."""
    buffer = io.StringIO()
    target = Console(file=buffer, width=width, color_system=None, highlight=False, force_terminal=False)
    target.print(timeline_table(session, lanes=width >= LANES_WIDTH))
    return buffer.getvalue()


def print_timeline(session: LabSession, out: IO[str]) -> None:
    target = console(out)
    target.print(timeline_table(session, lanes=target.width >= LANES_WIDTH))


def timeline_svg(session: LabSession) -> str:
    """The timeline as an SVG document (rich's terminal-screenshot export)."""
    target = console(io.StringIO(), SVG_WIDTH, record=True)
    target.print(timeline_table(session, lanes=True))
    return target.export_svg(title=f"iosxe-sim lab {session.lab.name}")
