"""A folder of submissions (recordings or scripts) graded into one gradebook, as JSON or CSV.

Each file is graded on its student's variant: the student id of a recording's header, else the
file's name without its suffix. A submission recorded on another version of the lab is listed
with a note and no points rather than stopping the whole class's grading.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

from iosxe_sim import __version__
from iosxe_sim.labs import handin
from iosxe_sim.labs.grader import grade_script
from iosxe_sim.labs.loader import load_lab
from iosxe_sim.labs.model import Lab
from iosxe_sim.labs.validate import LabError

GRADEBOOK_SCHEMA = "iosxe-sim-lab-gradebook/1"
MAX_SUBMISSIONS = 10_000
MAX_SUBMISSION = 8 << 20  # bytes


@dataclass
class Row:
    student: str
    file: str
    submission_hash: str
    lab_hash: str
    points: dict[str, int] = field(default_factory=dict)  # objective id -> points earned
    total: int = 0
    possible: int = 0
    passed: bool = False
    note: str = ""


@dataclass
class Gradebook:
    lab: Lab  # the lab as written (its objectives name the columns)
    rows: list[Row]


def grade_folder(name: str, folder: Path, seed: int | None = None) -> Gradebook:
    """Every regular file of the folder, in name order (hidden files skipped)."""
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    if len(files) > MAX_SUBMISSIONS:
        raise LabError(f"{folder}: more than {MAX_SUBMISSIONS} submissions")
    rows = [_grade_file(name, path, seed) for path in files]
    return Gradebook(load_lab(name, seed=seed), rows)


def _grade_file(name: str, path: Path, seed: int | None) -> Row:
    data = path.read_bytes()[: MAX_SUBMISSION + 1]
    row = Row(path.stem, path.name, hashlib.sha256(data).hexdigest(), "")
    if len(data) > MAX_SUBMISSION or b"\0" in data:
        row.note = "not a text file of at most 8 MiB"
        return row
    text = data.decode("utf-8", "replace")
    recording = handin.parse(text)
    row.student = recording.student or path.stem
    try:
        lab = load_lab(name, row.student, recording.seed if seed is None else seed)
        handin.check_matches(recording, lab, path.name)
    except LabError as exc:
        row.note = str(exc)
        return row
    row.lab_hash = lab.digest
    grade = grade_script(lab, text)
    row.points = {result.objective.id: result.points for result in grade.results if result.scored}
    row.total, row.possible = grade.score
    row.passed = grade.passed
    return row


def to_json(book: Gradebook) -> dict[str, object]:
    return {
        "schema": GRADEBOOK_SCHEMA,
        "tool": {"name": "iosxe-sim", "version": __version__},
        "lab": {"name": book.lab.name, "title": book.lab.title, "hash": book.lab.digest},
        "objectives": [
            {"id": o.id, "title": o.title, "points": o.points if o.scored else 0} for o in book.lab.objectives
        ],
        "students": [
            {
                "student": row.student,
                "file": row.file,
                "points": row.points,
                "total": row.total,
                "possible": row.possible,
                "passed": row.passed,
                "lab_hash": row.lab_hash,
                "submission_hash": row.submission_hash,
                "note": row.note,
            }
            for row in book.rows
        ],
    }


def to_csv(book: Gradebook) -> str:
    ids = [o.id for o in book.lab.objectives if o.scored]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["student", "file", *ids, "total", "possible", "lab_hash", "submission_hash", "note"])
    for row in book.rows:
        writer.writerow(
            [
                _cell(row.student),
                _cell(row.file),
                *(row.points.get(ident, 0) for ident in ids),
                row.total,
                row.possible,
                row.lab_hash,
                row.submission_hash,
                _cell(row.note),
            ]
        )
    return out.getvalue()


def _cell(text: str) -> str:
    """No spreadsheet formulas from file names or notes (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
