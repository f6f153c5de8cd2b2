"""`iosxe-sim lint`: inputs, exit codes, and what the process imports."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from iosxe_sim.lint.cli import EXIT_CLEAN, EXIT_ERRORS, EXIT_USAGE, MAX_BYTES, SourceError, decode, run_lint

ROOT = Path(__file__).resolve().parent.parent
SEED = str(ROOT / "examples" / "seed-gateway.cfg")
FRAGMENT = str(ROOT / "examples" / "seed-fragment.cfg")


def _run(paths: list[str], fmt: str = "json", stdin: bytes = b"") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run_lint(paths, fmt, out, err, stdin=io.BytesIO(stdin))
    return status, out.getvalue(), err.getvalue()


def test_exit_codes_clean_and_errors() -> None:
    assert _run([SEED])[0] == EXIT_CLEAN
    assert _run([FRAGMENT])[0] == EXIT_ERRORS
    assert _run([SEED, FRAGMENT])[0] == EXIT_ERRORS


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_every_format_reports_the_fragment(fmt: str) -> None:
    status, out, err = _run([FRAGMENT], fmt)
    assert (status, err) == (EXIT_ERRORS, "")
    assert "ref/trustpoint" in out and "ref/interface" in out


def test_stdin() -> None:
    status, out, _ = _run(["-"], stdin=b"hostname R1 extra\n")
    document = json.loads(out)
    assert status == EXIT_ERRORS
    assert document["files"][0]["path"] == "<stdin>"
    assert document["files"][0]["diagnostics"][0]["rule"] == "syntax/invalid"


def test_missing_file_is_a_usage_error_but_others_are_still_linted(tmp_path: Path) -> None:
    status, out, err = _run([str(tmp_path / "nope.cfg"), FRAGMENT])
    assert status == EXIT_USAGE
    assert f"{tmp_path / 'nope.cfg'}: No such file or directory" in err
    files = json.loads(out)["files"]
    assert files[0]["error"] and files[1]["counts"]["error"] == 2


@pytest.mark.parametrize(
    "data, message",
    [
        (b"hostname R1\x00\n", "not a text file (contains NUL bytes)"),
        (b"hostname R1\nhostname \xff\xfe\n", "not UTF-8 text (byte 0xff at offset 21, line 2)"),
    ],
)
def test_binary_input_is_rejected_with_a_message(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "bin.cfg"
    path.write_bytes(data)
    status, out, err = _run([str(path)], "text")
    assert status == EXIT_USAGE
    assert err == f"iosxe-sim lint: {path}: {message}\n"
    assert "Traceback" not in out + err


def test_directory_and_unknown_format_and_no_files(tmp_path: Path) -> None:
    status, _, err = _run([str(tmp_path)])
    assert status == EXIT_USAGE and "is a directory" in err
    assert _run([SEED], "xml")[0] == EXIT_USAGE
    assert _run([])[0] == EXIT_USAGE


def test_decode_drops_bom_and_bounds_size() -> None:
    assert decode(b"\xef\xbb\xbfhostname R1\n", "x") == "hostname R1\n"
    with pytest.raises(SourceError, match="too large"):
        decode(b"!" * (MAX_BYTES + 1), "x")


def _process(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False)


@pytest.mark.parametrize("fmt", ["json", "sarif", "text"])
def test_lint_process_imports(fmt: str) -> None:
    """Neither the shell's prompt_toolkit nor rich: the reports are plain writes (start-up time)."""
    result = _process(
        "import sys\n"
        "from iosxe_sim.cli import main\n"
        f"status = main(['lint', '--format', '{fmt}', {FRAGMENT!r}])\n"
        "print(status, 'prompt_toolkit' in sys.modules, 'rich' in sys.modules, file=sys.stderr)\n"
    )
    assert result.stderr.splitlines()[-1] == "1 False False"


def test_module_entry_point_exit_status() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "iosxe_sim", "lint", SEED],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == EXIT_CLEAN and result.stderr == ""
    assert result.stdout.splitlines()[-1] == "0 errors, 0 warnings, 1 info in 1 file"


def _fleet(tmp_path: Path) -> Path:
    folder = tmp_path / "fleet"
    folder.mkdir()
    for name in ("b.cfg", "a.cfg", "c.cfg"):
        (folder / name).write_text(Path(FRAGMENT if name == "b.cfg" else SEED).read_text())
    (folder / "notes.txt").write_text("not a config\n")
    return folder


def test_a_folder_lints_its_cfg_files_in_name_order(tmp_path: Path) -> None:
    folder = _fleet(tmp_path)
    status, out, err = _run([str(folder), SEED])
    paths = [f["path"] for f in json.loads(out)["files"]]
    assert (status, err) == (EXIT_ERRORS, "")
    assert paths == [str(folder / "a.cfg"), str(folder / "b.cfg"), str(folder / "c.cfg"), SEED]


def test_a_folder_without_configs_is_an_input_error(tmp_path: Path) -> None:
    status, _, err = _run([str(tmp_path)])
    assert status == EXIT_USAGE and "without *.cfg files" in err


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_jobs_give_the_same_report(tmp_path: Path, fmt: str) -> None:
    folder = _fleet(tmp_path)
    single, parallel = io.StringIO(), io.StringIO()
    assert run_lint([str(folder)], fmt, single, io.StringIO()) == EXIT_ERRORS
    assert run_lint([str(folder)], fmt, parallel, io.StringIO(), jobs=2) == EXIT_ERRORS
    assert parallel.getvalue() == single.getvalue()


def test_max_findings_lists_the_first_ones_and_counts_all(tmp_path: Path) -> None:
    folder = _fleet(tmp_path)
    document = json.loads(_run_max([str(folder)], "json", 1))
    listed = [d for f in document["files"] for d in f["diagnostics"]]
    assert len(listed) == 1 and document["omitted"] == sum(document["counts"].values()) - 1
    assert [f["omitted"] for f in document["files"]] == [0, 2, 1]
    sarif = json.loads(_run_max([str(folder)], "sarif", 0))
    assert sarif["runs"][0]["results"] == [] and sarif["runs"][0]["properties"]["omitted"] == 4
    assert "(3 not shown: --max-findings)" in _run_max([str(folder)], "text", 1)


def _run_max(paths: list[str], fmt: str, limit: int) -> str:
    out = io.StringIO()
    assert run_lint(paths, fmt, out, io.StringIO(), max_findings=limit) == EXIT_ERRORS
    return out.getvalue()


def test_bad_jobs_or_limit_is_a_usage_error() -> None:
    assert run_lint([SEED], "json", io.StringIO(), io.StringIO(), jobs=0) == EXIT_USAGE
    assert run_lint([SEED], "json", io.StringIO(), io.StringIO(), max_findings=-1) == EXIT_USAGE


def test_json_report_streams_one_diagnostic_per_line() -> None:
    text = "hostname R1 extra\n" * 5
    _, out, _ = _run(["-"], stdin=text.encode())
    lines = [line for line in out.splitlines() if '"rule": ' in line]
    assert len(lines) == 5 and all(json.loads(line.strip().rstrip(","))["rule"] == "syntax/invalid" for line in lines)
