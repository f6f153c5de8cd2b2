"""Hand-in and resume: every line a student types, kept as a recording that is also a script.

A recording starts with ``!`` comment lines (the console ignores them) naming the lab, its hash and
the student; then come the lines typed at the console, in order (nothing typed at a password
prompt). ``lab check NAME --script FILE`` grades it on the student's variant; ``write memory`` in a
lab saves the recording so far as the lab's state, and ``lab start NAME --resume`` replays it on a
fresh lab: the engine is deterministic, so the replay rebuilds the same state (clock, sessions,
clients, configuration), and the student continues where they stopped.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from iosxe_sim.labs.validate import LabError
from iosxe_sim.parser.match import Matched

if TYPE_CHECKING:
    from iosxe_sim.labs.model import Lab
    from iosxe_sim.labs.runtime import LabSession

MAGIC = "! iosxe-sim lab recording 1"
MAX_LINES = 200_000  # lines a recording keeps (resource bound)
_FIELD = re.compile(r"! (lab|lab-hash|student|seed): (.*)")
EXAM_OVER = "% The exam's time is over: your work is recorded, no more commands are accepted\n"


@dataclass(frozen=True)
class Recording:
    lab: str | None
    lab_hash: str | None
    student: str | None
    seed: int | None
    lines: tuple[str, ...]


def header(lab: Lab, seed: int | None) -> list[str]:
    lines = [MAGIC, f"! lab: {lab.name}", f"! lab-hash: {lab.digest}"]
    if lab.student is not None:
        lines.append(f"! student: {lab.student}")
    if seed is not None:
        lines.append(f"! seed: {seed}")
    return lines


def parse(text: str) -> Recording:
    """A recording's header fields (none for a plain script) and its lines."""
    fields: dict[str, str] = {}
    lines = text.splitlines()
    if lines and lines[0].strip() == MAGIC:
        for line in lines[1:]:
            found = _FIELD.fullmatch(line.strip())
            if not found:
                break
            fields[found.group(1)] = found.group(2).strip()
    seed = fields.get("seed")
    return Recording(
        fields.get("lab"),
        fields.get("lab-hash"),
        fields.get("student"),
        int(seed) if seed and seed.lstrip("-").isdigit() else None,
        tuple(lines),
    )


class Recorder:
    """Watches the lab's console line: keeps what is typed, tees it to a file, saves the state on
    ``write memory``, and ends an exam when its time is up."""

    def __init__(self, session: LabSession, seed: int | None = None) -> None:
        self.session = session
        self.seed = seed
        self.lines: list[str] = []
        self.sink: IO[str] | None = None
        self.state_path: Path | None = None  # where `write memory` saves the lab's state
        self.deadline: float | None = None  # time.monotonic() when an exam ends
        console = session.device.console
        self._execute: Callable[[str], str] = console.execute
        console.execute = self.execute  # type: ignore[method-assign]

    def execute(self, line: str) -> str:
        console = self.session.device.console
        if self.deadline is not None and time.monotonic() > self.deadline:
            console.closed = True
            return EXAM_OVER
        secret = console.awaiting_password
        exec_mode = console.editor is None and not secret
        if not secret and len(self.lines) < MAX_LINES:
            self.lines.append(line.rstrip("\r\n"))
            if self.sink is not None:
                self.sink.write(self.lines[-1] + "\n")
                self.sink.flush()
        output = self._execute(line)
        if exec_mode and self.state_path is not None and _is_write(self.session, line):
            save_state(self, self.state_path)
            output += f"Lab state saved to {self.state_path} (lab start {self.session.lab.name} --resume)\n"
        return output

    def record_to(self, path: Path) -> None:
        self.sink = _private(path)
        self.sink.write("\n".join(header(self.session.lab, self.seed)) + "\n")
        self.sink.flush()

    def close(self) -> None:
        if self.sink is not None:
            self.sink.close()
            self.sink = None


def _is_write(session: LabSession, line: str) -> bool:
    result = session.device.matcher.match_line("exec", line)
    return isinstance(result, Matched) and result.command.handler == "exec.write_memory"


def _private(path: Path) -> IO[str]:
    """A file only its owner reads (a recording may hold passwords typed as commands)."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    except OSError as exc:
        raise LabError(f"{path}: cannot write ({exc.strerror or exc})") from None
    return os.fdopen(descriptor, "w", encoding="utf-8")


def state_path(lab: Lab) -> Path:
    """Where `write memory` keeps a lab's state: the data folder, one file per lab and student."""
    root = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    who = f".{lab.student}" if lab.student else ""
    return root / "iosxe-sim" / "labs" / f"{lab.name}{who}.recording"


def save_state(recorder: Recorder, path: Path) -> None:
    """The recording so far, written atomically (a temporary file renamed over the old state)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "\n".join(header(recorder.session.lab, recorder.seed) + recorder.lines) + "\n"
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def check_matches(recording: Recording, lab: Lab, source: str) -> None:
    """A recording or saved state must belong to this lab and variant."""
    if recording.lab_hash is not None and recording.lab_hash != lab.digest:
        raise LabError(f"{source}: recorded on another version of lab {recording.lab or lab.name} (its hash differs)")
    if recording.student is not None and lab.student is not None and recording.student != lab.student:
        raise LabError(f"{source}: recorded by student {recording.student}, not {lab.student}")
