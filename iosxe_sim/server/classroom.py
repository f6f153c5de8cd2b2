"""``iosxe-sim lab serve``: a lab for a room, over SSH.

Each student logs in with their student id as the user name and the class password, and gets a
desk: a lab device of their own (their variant of the lab, their own clock, clients and config),
whose console line is their terminal. Logging in again later sits them at the same desk. Their
work is graded as they go: after the lines they type, the objectives are checked and the
instructor's gradebook (JSON, or CSV by its name) is written again. Bounded: the number of desks,
the connections at once, the simulated clients of a desk, and idle terminals (closed after
``idle_timeout``; the desk stays).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import sys
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

import asyncssh

from iosxe_sim import storage
from iosxe_sim.labs.checks import evaluate
from iosxe_sim.labs.commands import objectives
from iosxe_sim.labs.gradebook import Gradebook, Row, to_csv, to_json
from iosxe_sim.labs.loader import load_lab
from iosxe_sim.labs.runtime import LabSession
from iosxe_sim.server.ssh import Gate, Seat, _Connection
from iosxe_sim.session import Session

STUDENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
DESK_CLIENTS = 50  # simulated clients a student may add to a desk (memory per lab device)
GRADE_EVERY = 2.0  # seconds: a desk typed at is graded again at most this often


@dataclass
class Desk:
    student: str
    lab: LabSession
    seated: bool = False  # a terminal is open on it
    dirty: bool = True  # typed at since it was last graded
    row: Row | None = None


class Classroom(Gate):
    def __init__(self, lab_name: str, password: str, gradebook: Path | None, seed: int | None = None,
                 max_students: int = 40, idle_timeout: float = 1800.0, exam: bool = False,
                 log: TextIO = sys.stderr) -> None:
        super().__init__(log)
        self.lab_name, self.seed, self.exam = lab_name, seed, exam
        self.lab = load_lab(lab_name, seed=seed)  # the lab as written: the gradebook's columns
        self.password = password
        self.gradebook = gradebook
        self.max_students, self.idle_timeout = max_students, idle_timeout
        self.desks: dict[str, Desk] = {}
        self._seating = threading.Lock()  # logins run in worker threads: one seats at a time
        self._since_grading = 0.0

    def admit(self, peer: str) -> str | None:
        return "the class is full" if len(self.connections) >= 2 * self.max_students else None

    def login(self, connection: _Connection, user: str, password: str) -> Seat | None:
        if not hmac.compare_digest(password.encode(), self.password.encode()) or not STUDENT_ID.fullmatch(user):
            return None
        with self._seating:
            return self._seat(user)

    def _seat(self, user: str) -> Seat:
        desk = self.desks.get(user)
        if desk is None:
            if len(self.desks) >= self.max_students:
                raise asyncssh.DisconnectError(asyncssh.DISC_TOO_MANY_CONNECTIONS, "The class is full")
            lab = load_lab(self.lab_name, user, self.seed)
            desk = self.desks[user] = Desk(user, LabSession(lab, exam=self.exam))
            desk.lab.device.max_clients = max(DESK_CLIENTS, len(desk.lab.device.clients))
            self.say(f"{user} sits at a new desk ({len(self.desks)} of {self.max_students})")
        if desk.seated:
            raise asyncssh.DisconnectError(asyncssh.DISC_TOO_MANY_CONNECTIONS, f"{user} is already logged in")
        welcome = "Welcome back: your work is as you left it.\n" if desk.row is not None else ""
        return Seat(lambda: self._sit(desk), lambda session: self._stand(desk, session), self.idle_timeout,
                    lambda session: self._typed(desk), welcome + objectives(desk.lab.device.console, desk.lab))

    def _sit(self, desk: Desk) -> Session:
        desk.seated = True
        return desk.lab.device.console

    def _stand(self, desk: Desk, session: Session) -> None:
        """The terminal went away: the desk keeps its work, leaving configuration mode."""
        with desk.lab.device.lock:
            session.cancel_question()
            if session.editor is not None:
                session.leave_config()
            session.closed = False  # `exit` ends the terminal, not the desk
            self._grade(desk)
        desk.seated = False

    def _typed(self, desk: Desk) -> None:
        desk.dirty = True

    def tick(self, seconds: float) -> None:
        for desk in list(self.desks.values()):  # logins may add desks meanwhile
            desk.lab.device.tick(seconds)
        super().tick(seconds)
        self._since_grading += seconds
        if self._since_grading >= GRADE_EVERY:
            self._since_grading = 0.0
            for desk in list(self.desks.values()):
                if desk.dirty and desk.lab.device.lock.acquire(blocking=False):  # busy: next time
                    try:
                        self._grade(desk)
                    finally:
                        desk.lab.device.lock.release()

    def _grade(self, desk: Desk) -> None:
        """Check the desk's objectives now, and write the gradebook again."""
        desk.dirty = False
        results = [replace(r, free=r.objective.id in desk.lab.free) for r in evaluate(desk.lab)]
        scored = [result for result in results if result.scored]
        typed = "\n".join(desk.lab.recorder.lines).encode()
        desk.row = Row(desk.student, "live", hashlib.sha256(typed).hexdigest(), desk.lab.lab.digest,
                       {result.objective.id: result.points for result in scored},
                       sum(result.points for result in scored), sum(r.objective.points for r in scored),
                       all(result.passed for result in scored))
        self.write_gradebook()

    def write_gradebook(self) -> None:
        if self.gradebook is None:
            return
        book = Gradebook(self.lab, [desk.row for desk in list(self.desks.values()) if desk.row is not None])
        text = to_csv(book) if self.gradebook.suffix.lower() == ".csv" else json.dumps(to_json(book), indent=2) + "\n"
        storage.write_private(self.gradebook, text.encode("utf-8"))  # never half a gradebook
