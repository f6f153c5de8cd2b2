"""A running lab: the device booted from the lab, its clients, and the timeline on the virtual clock.

Timeline entries at 0 play when the session starts; later ones are timers on the device's clock,
so they fire when the student advances it (or, in real-time mode, as the wall clock passes). What
they do and say is printed on the console as ``%LAB`` log lines and kept in the journal.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

from iosxe_sim.device import Device, default_bootflash
from iosxe_sim.engine.client_profile import parse_client_profile
from iosxe_sim.flash import Flash
from iosxe_sim.labs.handin import Recorder
from iosxe_sim.labs.journal import Journal
from iosxe_sim.labs.model import Check, Lab, Objective, TimelineEntry
from iosxe_sim.lint import Diagnostic, lint_text
from iosxe_sim.parser.match import Matched, ios_message

if TYPE_CHECKING:
    from iosxe_sim.config.loader import LineReport

_SESSIONS: weakref.WeakValueDictionary[int, LabSession] = weakref.WeakValueDictionary()


def lab_of(device: Device) -> LabSession | None:
    """The lab a device belongs to (the shell's `lab check` and friends find it here)."""
    session = _SESSIONS.get(id(device))
    return session if session is not None and session.device is device else None


def run_exec(device: Device, line: str) -> str:
    """Run one EXEC command on the console line whatever mode it is in (no pipes); % message when
    refused."""
    result = device.matcher.match_line("exec", line)
    if not isinstance(result, Matched):
        return f"% {line}: " + ios_message(result).lstrip("% ")  # type: ignore[arg-type]
    try:
        return device.handlers[result.command.handler](device.console, result.args)
    except Exception as exc:  # noqa: BLE001 - a defect must not end a lab with a traceback
        return f"% Internal error ({type(exc).__name__}: {exc}); please report it\n"


class LabSession:
    def __init__(
        self, lab: Lab, config_text: str | None = None, realtime: bool = False, exam: bool = False,
        flash: Flash | None = None,
    ) -> None:
        """``flash``: a folder the device's bootflash: is (`lab start --bootflash DIR`), so exported
        captures can be opened on the host; by default the flash is in memory."""
        self.lab = lab
        self.exam = exam  # exam mode: no hints, no check details
        files = {**default_bootflash(), **lab.bootflash}
        if flash is not None:
            flash.update(files)  # the lab's files, as the lab starts
        self.device = Device(
            config_text=config_text if config_text is not None else lab.config_text,
            seed=lab.seed,
            bootflash=files if flash is None else flash,
        )
        self.device.realtime = realtime
        self.submitted = config_text  # a student's saved config being graded: what lint checks read
        self._lint: tuple[str, list[Diagnostic]] | None = None
        self.journal = Journal(self.device)
        self.recorder = Recorder(self)  # what is typed at the console (hand-in, resume)
        self.hints_shown: dict[str, int] = {}
        self._free: frozenset[str] | None = None
        self.answers: dict[int, str] = {}  # question objectives: `lab answer N TEXT`, by number
        self.conditions: list[Check] = []  # the checks' `while` conditions
        self.milestones: dict[str, int] = {}  # objective id -> journal seq when first seen met
        self._awaited: dict[str, Objective] = {}  # objectives named by an `after`
        by_id = {objective.id: objective for objective in lab.objectives}
        for check in (check for objective in lab.objectives for check in objective.checks):
            condition = check.get("while")
            if isinstance(condition, Check):
                self.conditions.append(condition)
            if check.get("after") is not None:
                self._awaited[str(check.get("after"))] = by_id[str(check.get("after"))]
        if self.conditions or self._awaited:
            self.journal.probe = self._probe
        _SESSIONS[id(self.device)] = self
        for spec in lab.clients:
            self._say(run_exec(self.device, spec.create_line()), quiet=True)
            created = self.device.clients.get(spec.name)
            if created is not None and spec.profile_xml is not None:
                created.client.profile = parse_client_profile(spec.profile_xml)
        for entry in lab.timeline:
            if entry.at <= 0:
                self._play(entry)
            else:
                self.device.clock.call_at(entry.at, lambda entry=entry: self._play(entry))

    @property
    def free(self) -> frozenset[str]:
        """Objectives the untouched lab meets (computed once, on a lab of its own)."""
        if self._free is None:
            from iosxe_sim.labs.grader import free_objectives

            self._free = free_objectives(self.lab)
        return self._free

    def condition_index(self, condition: Check) -> int:
        return next(index for index, known in enumerate(self.conditions) if known is condition)

    def _probe(self) -> frozenset[int]:
        """Before the journal records an event: which `while` conditions hold, and which objectives
        named by an `after` are met for the first time (the event and later ones come after them)."""
        from iosxe_sim.labs.checks import objective_met, run_check

        for ident, objective in self._awaited.items():
            if ident not in self.milestones and objective_met(self, objective):
                self.milestones[ident] = self.journal.next_seq
        return frozenset(
            index for index, condition in enumerate(self.conditions) if run_check(self, condition).passed
        )

    def lint(self) -> list[Diagnostic]:
        """Lint findings of the running-config, or of the submitted file when grading a saved config
        (so lines the device rejected count, as `iosxe-sim lint` would report them)."""
        text = self.submitted if self.submitted is not None else self.device.running_config()
        if self._lint is None or self._lint[0] != text:
            self._lint = (
                text,
                lint_text(text, "submitted-config" if self.submitted is not None else "running-config"),
            )
        return self._lint[1]

    @property
    def load_reports(self) -> list[LineReport]:
        """Lines of the starting config the device did not apply (shown at lab start)."""
        return self.device.load_reports

    # -- the timeline ---------------------------------------------------------------------------------
    def _play(self, entry: TimelineEntry) -> None:
        if entry.note:
            self._log(f"%LAB-6-STORY: {entry.note}")
            self.journal.note(entry.note)
        if entry.exec is not None:
            self._log(f"%LAB-6-TIMELINE: {entry.exec}")
            self.journal.note(entry.exec)
            self._say(run_exec(self.device, entry.exec))
        if entry.config:
            self._configure(entry.config)

    def _configure(self, lines: tuple[str, ...]) -> None:
        """A timeline's config lines, applied as typed in config mode (same rules as the console)."""
        texts = [raw.strip() for raw in lines if raw.strip() and not raw.strip().startswith("!")]
        for text, output in zip(texts, self.device.configure_lines(texts)):
            self._log(f"%LAB-6-CONFIG: {text}")
            self.journal.note(f"config: {text}")
            if output.strip():
                self._say(output.strip().splitlines()[-1], prefix=text)

    def _say(self, output: str, quiet: bool = False, prefix: str | None = None) -> None:
        """Report a timeline command's result: its first line; problems always."""
        first = next((line.strip() for line in output.splitlines() if line.strip()), "")
        if not first:
            return
        problem = first.startswith("%")
        if quiet and not problem:
            return
        text = f"{prefix}: {first}" if prefix else first
        self._log(f"%LAB-{4 if problem else 6}-RESULT: {text}")
        if problem:  # a success shows on the timeline through its events
            self.journal.note(text, problem)

    def _log(self, message: str) -> None:
        self.device.syslog(message)
