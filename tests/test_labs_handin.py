"""Hand-in and resume (issue 13): recordings, `write memory` saving lab state, `--resume`,
gradebooks of a folder of submissions, exam mode."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import sys
from pathlib import Path

import pytest

from iosxe_sim.cli import main
from iosxe_sim.labs import handin
from iosxe_sim.labs.loader import load_lab

ENABLE = "configure terminal\ncrypto ikev2 profile AnyConnect-EAP\n reconnect timeout {timeout}\nend\n"
RECONNECT = "lab client pc1 disconnect\nlab client pc1 connect\n"
SLEEP = "lab client pc1 sleep\nlab clock advance 10m\nlab client pc1 resume\n"


@pytest.fixture(autouse=True)
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data"


def start(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], typed: str, *argv: str) -> str:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(typed.encode())))
    assert main(["lab", "start", *argv]) == 0
    return capsys.readouterr().out


def check(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["lab", "check", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def solution(student: str) -> str:
    timeout = load_lab("reconnect-after-resume", student).variables["timeout"]
    return ENABLE.format(timeout=timeout) + RECONNECT + SLEEP


def test_a_recording_holds_every_line_with_the_lab_hash_and_student(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    record = tmp_path / "alice.txt"
    typed = solution("alice") + "enable\n"
    start(monkeypatch, capsys, typed, "reconnect-after-resume", "--student", "alice", "--record", str(record))
    recording = handin.parse(record.read_text())
    lab = load_lab("reconnect-after-resume", "alice")
    assert (recording.lab, recording.lab_hash, recording.student) == ("reconnect-after-resume", lab.digest, "alice")
    assert [line for line in recording.lines if not line.startswith("!")] == typed.splitlines()
    assert stat.S_IMODE(os.stat(record).st_mode) == 0o600
    code, out, _ = check(capsys, "reconnect-after-resume", "--script", str(record))
    assert code == 0 and "3/3 points" in out


def test_write_memory_saves_the_lab_and_resume_continues(
    data_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    day_one = ENABLE.format(timeout=load_lab("reconnect-after-resume", "bob").variables["timeout"]) + RECONNECT
    out = start(monkeypatch, capsys, day_one + "write memory\n", "reconnect-after-resume", "--student", "bob")
    state = data_home / "iosxe-sim" / "labs" / "reconnect-after-resume.bob.recording"
    assert f"Lab state saved to {state}" in out and stat.S_IMODE(os.stat(state).st_mode) == 0o600
    out = start(monkeypatch, capsys, SLEEP + "lab check\n", "reconnect-after-resume", "--student", "bob", "--resume")
    assert "Resumed from" in out and "3/3 points: lab solved" in out


def test_resume_without_saved_state_or_of_another_lab_version_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    assert main(["lab", "start", "reconnect-after-resume", "--resume"]) == 2
    assert "no saved lab state" in capsys.readouterr().err
    stale = tmp_path / "stale.recording"
    stale.write_text(f"{handin.MAGIC}\n! lab: reconnect-after-resume\n! lab-hash: 00\nlab show clients\n")
    assert main(["lab", "start", "reconnect-after-resume", "--resume", "--state", str(stale)]) == 2
    assert "recorded on another version" in capsys.readouterr().err


def test_a_recording_is_graded_on_its_students_variant(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lab = load_lab("reconnect-after-resume", "carol")
    record = tmp_path / "carol.txt"
    record.write_text("\n".join(handin.header(lab, None)) + "\n" + solution("carol"))
    assert check(capsys, "reconnect-after-resume", "--script", str(record))[0] == 0
    code, _, err = check(capsys, "reconnect-after-resume", "--script", str(record), "--student", "dave")
    assert code == 2 and "recorded by student carol, not dave" in err


def test_a_folder_of_twenty_submissions_grades_into_one_gradebook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "hand-in"
    folder.mkdir()
    students = [f"s{n:02d}" for n in range(20)]
    for n, student in enumerate(students):
        lab = load_lab("reconnect-after-resume", student)
        work = solution(student) if n % 4 else ENABLE.format(timeout=lab.variables["timeout"])  # every 4th stops early
        (folder / f"{student}.txt").write_text("\n".join(handin.header(lab, None)) + "\n" + work)
    (folder / "-cmd.txt").write_text(solution("-cmd"))  # a plain script: the file name is the student
    (folder / "bad name.txt").write_text("show clock\n")
    code, out, _ = check(capsys, "reconnect-after-resume", "--script", str(folder), "--format", "json")
    assert code == 0
    book = json.loads(out)
    assert book["schema"] == "iosxe-sim-lab-gradebook/1" and len(book["students"]) == 22
    rows = {row["student"]: row for row in book["students"]}
    assert rows["s01"]["total"] == 3 and rows["s01"]["passed"] and rows["-cmd"]["passed"]
    assert "is not a student id" in rows["bad name"]["note"] and rows["bad name"]["total"] == 0
    assert rows["s00"]["points"] == {"reconnect-enabled": 1, "resume-with-token": 0, "verify": 0}
    assert rows["s00"]["lab_hash"] == book["lab"]["hash"] and len(rows["s00"]["submission_hash"]) == 64
    code, out, _ = check(capsys, "reconnect-after-resume", "--script", str(folder), "--format", "csv")
    table = list(csv.reader(io.StringIO(out)))
    assert table[0] == [
        "student", "file", "reconnect-enabled", "resume-with-token", "verify",
        "total", "possible", "lab_hash", "submission_hash", "note",
    ]
    assert table[1][0] == "'-cmd"  # no spreadsheet formulas
    assert len(table) == 23


def test_exam_mode_hides_hints_and_check_details(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = start(monkeypatch, capsys, "lab hint\nlab check\n", "reconnect-after-resume", "--exam")
    assert "% Hints are not available in exam mode" in out
    assert "FAIL  1." in out and "        - " not in out
    script = tmp_path / "s.txt"
    script.write_text(solution("x"))
    _, out, _ = check(capsys, "reconnect-after-resume", "--script", str(script), "--exam", "--format", "json")
    assert all(objective["checks"] == [] for objective in json.loads(out)["objectives"])


def test_an_exam_time_limit_ends_the_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    clock = iter([0.0, 10.0, 100.0, 100.0, 100.0])
    monkeypatch.setattr(handin.time, "monotonic", lambda: next(clock))
    record = tmp_path / "r.txt"
    out = start(
        monkeypatch, capsys, "show clock\nshow clock\nshow version\n",
        "reconnect-after-resume", "--exam", "--time-limit", "1m", "--record", str(record),
    )
    assert out.count(handin.EXAM_OVER.strip()) == 1
    assert [line for line in handin.parse(record.read_text()).lines if not line.startswith("!")] == ["show clock"]
