"""``iosxe-sim lab list|show|start|check``: the lab commands of the command line.

Exit status: 0 success (for ``check``: every objective met), 1 an objective not met, 2 a usage
error, an unreadable input or a malformed lab file (the message names file, line and field).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import TextIO

from iosxe_sim.commands.exec_lab import parse_duration
from iosxe_sim.labs import handin
from iosxe_sim.labs.audit import check_replay
from iosxe_sim.labs.grader import Grade, grade_config, grade_document, grade_script, grade_start
from iosxe_sim.labs.loader import LabSource, builtin_labs, list_folder, load_lab, load_source
from iosxe_sim.labs.model import Lab
from iosxe_sim.labs.runtime import LabSession
from iosxe_sim.labs.validate import LabError
from iosxe_sim.lint.cli import SourceError, read_source

EXIT_OK, EXIT_USAGE = 0, 2
SHOWN_PROBLEMS = ("rejected", "invalid", "incomplete", "ambiguous", "too-long")


class UsageError(Exception):
    """A problem with the command line or its inputs; the message is for the user."""


def run_lab(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        if args.lab_command == "list":
            return _list(args.folder, out)
        if args.lab_command == "show":
            return _show(args, out, err)
        if args.lab_command == "start":
            return _start(args, out)
        if args.lab_command == "serve":
            return _serve(args)
        return _check(args, out)
    except (LabError, UsageError, SourceError) as exc:
        err.write(f"iosxe-sim lab: {exc}\n")
        return EXIT_USAGE
    except (KeyboardInterrupt, BrokenPipeError):
        raise
    except Exception as exc:  # noqa: BLE001 - a defect of ours must not reach the user as a traceback
        err.write(f"iosxe-sim lab: internal error ({type(exc).__name__}: {exc}); please report it\n")
        return EXIT_USAGE


def _show(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """The briefing, after every check a lab can get (the replay played, free points found)."""
    from iosxe_sim.labs.audit import audit
    from iosxe_sim.labs.present import briefing

    lab = _load(args)
    problems = audit(lab)
    briefing(lab, out)
    err.writelines(problem + "\n" for problem in problems)
    return EXIT_OK


def _load(args: argparse.Namespace) -> Lab:
    return load_lab(args.lab, args.student, args.seed)


def _list(folder: str | None, out: TextIO) -> int:
    from iosxe_sim.labs.present import lab_list

    if folder is not None and not Path(folder).is_dir():
        raise UsageError(f"{folder}: not a folder")
    sources = builtin_labs() if folder is None else list_folder(Path(folder))
    entries: list[tuple[LabSource, Lab | str]] = []
    for source in sources:
        try:
            entries.append((source, load_source(source)))
        except LabError as exc:
            entries.append((source, str(exc)))
    lab_list(entries, out)
    return EXIT_OK


def _start(args: argparse.Namespace, out: TextIO) -> int:
    from iosxe_sim.labs.present import briefing

    lab = _load(args)
    flash = None
    if args.bootflash:
        from iosxe_sim.flash import FolderFlash
        from iosxe_sim.storage import InputError

        try:
            flash = FolderFlash.open(Path(args.bootflash), {})
        except InputError as exc:
            raise UsageError(str(exc)) from None
    session = LabSession(lab, realtime=args.realtime, exam=args.exam, flash=flash)
    recorder = session.recorder
    recorder.seed = args.seed
    recorder.state_path = Path(args.state) if args.state else handin.state_path(lab)
    if args.time_limit is not None:
        limit = parse_duration(args.time_limit)
        if not limit:
            raise UsageError(f"--time-limit {args.time_limit}: not a duration (45m, 1h30m, seconds)")
        recorder.deadline = time.monotonic() + limit
    if args.record:
        recorder.record_to(Path(args.record))
    try:
        resumed = _resume(session, recorder.state_path) if args.resume else None
        briefing(lab, out)
        for report in session.load_reports:
            if report.problem.value in SHOWN_PROBLEMS:
                out.write(f"Starting config line {report.line}: {report.text.strip()}\n  {report.message}\n")
        if resumed is not None:
            out.write(f"Resumed from {recorder.state_path}: {resumed} line(s) replayed.\n")
        out.write(
            "Type 'lab objectives', 'lab hint', 'lab check' or 'lab timeline'; "
            f"the clock is {'real-time' if args.realtime else 'virtual (lab clock advance 10m)'}; "
            "write memory saves your work.\n\n"
        )
        if sys.stdin.isatty() and out is sys.stdout:
            out.write("".join(session.device.pending_log()))
            from iosxe_sim.shell.console import Console

            Console(session.device).run()
        else:  # piped input: each line answered as it arrives
            from iosxe_sim.session import transcript
            from iosxe_sim.storage import InputError, input_lines

            out.write("".join(session.device.pending_log()))
            try:
                transcript(session.device.console, input_lines(sys.stdin.buffer, "<stdin>"), out)
            except InputError as exc:
                raise UsageError(str(exc)) from None
    finally:
        recorder.close()
    _write_timeline(args.timeline, session, out)
    return EXIT_OK


def _resume(session: LabSession, path: Path) -> int:
    """Replay the saved state's lines on the fresh lab (its output is not shown again)."""
    try:
        text = read_source(str(path))
    except SourceError:
        message = f"{path}: no saved lab state to resume (write memory in the lab saves one)"
        raise UsageError(message) from None
    recording = handin.parse(text)
    handin.check_matches(recording, session.lab, str(path))
    lines = [line for line in recording.lines if not line.lstrip().startswith("!")]
    for line in lines:
        session.device.console.execute(line)
    session.device.pending_log()
    return len(lines)


def _serve(args: argparse.Namespace) -> int:
    """A lab for a room: every student at a desk of their own, over SSH (server/classroom.py)."""
    from iosxe_sim.server.classroom import Classroom
    from iosxe_sim.server.options import serve_gate

    load_lab(args.lab)  # a broken lab stops here, with its file and line
    gradebook = Path(args.gradebook) if args.gradebook else None
    room = Classroom(args.lab, args.password, gradebook, seed=args.seed, max_students=args.max_students,
                     idle_timeout=args.idle_timeout * 60.0, exam=args.exam)
    room.write_gradebook()
    print(f"iosxe-sim: students log in with their student id as user name and the password {args.password!r}")
    return serve_gate(room, f"lab {args.lab}", args)


def _check(args: argparse.Namespace, out: TextIO) -> int:
    if args.timeline == "-" and args.format == "json":
        raise UsageError("--timeline - prints to the terminal; with --format json give a file name")
    if args.script is not None and args.script != "-" and Path(args.script).is_dir():
        return _gradebook(args, out)
    if args.format == "csv":
        raise UsageError("--format csv is for gradebooks: give --script a folder of submissions")
    text = read_source(args.script) if args.script is not None else None
    recording = handin.parse(text) if text is not None else None
    if recording is not None and recording.student is not None and args.student is None:
        lab = load_lab(args.lab, recording.student, recording.seed if args.seed is None else args.seed)
    else:
        lab = _load(args)
    check_replay(lab)  # a misspelled replay line would fail every student: refuse to grade
    if recording is not None and text is not None:
        handin.check_matches(recording, lab, str(args.script))
        grade = grade_script(lab, text)
    elif args.config is not None:
        grade = grade_config(lab, read_source(args.config))
    else:
        grade = grade_start(lab)
    if args.transcript:
        _write(args.transcript, grade.transcript, out)
    _write_timeline(args.timeline, grade.session, out)
    _report(grade, args.format, out, args.exam)
    return grade.exit_code


def _gradebook(args: argparse.Namespace, out: TextIO) -> int:
    from iosxe_sim.labs import gradebook

    check_replay(load_lab(args.lab))
    book = gradebook.grade_folder(args.lab, Path(args.script), args.seed)
    if args.format == "json":
        json.dump(gradebook.to_json(book), out, indent=2)
        out.write("\n")
    elif args.format == "csv":
        out.write(gradebook.to_csv(book))
    else:
        from iosxe_sim.labs.present import gradebook_table

        gradebook_table(book, out)
    return EXIT_OK


def _report(grade: Grade, fmt: str, out: TextIO, exam: bool = False) -> None:
    if fmt == "json":
        json.dump(grade_document(grade, details=not exam), out, indent=2)
        out.write("\n")
        return
    from iosxe_sim.labs.present import grade_report

    grade_report(grade, out, details=not exam)


def _write_timeline(target: str | None, session: LabSession, out: TextIO) -> None:
    if not target:
        return
    from iosxe_sim.labs.present import print_timeline, timeline_svg

    if target == "-":
        print_timeline(session, out)
    else:
        _write(target, timeline_svg(session), out)


def _write(target: str, text: str, out: TextIO) -> None:
    if target == "-":
        out.write(text)
        return
    try:
        Path(target).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{target}: cannot write ({exc.strerror or exc})") from None
