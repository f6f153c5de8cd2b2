"""Input that is not a terminal: read line by line, answered as it arrives, every read bounded."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from iosxe_sim.cli import main
from iosxe_sim.storage import MAX_LINE_BYTES, InputError, input_lines

COMMAND = [sys.executable, "-m", "iosxe_sim"]


def test_each_piped_line_is_answered_before_the_next_is_sent(tmp_path: Path) -> None:
    console = subprocess.Popen([*COMMAND, "--startup", str(tmp_path / "s")], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert console.stdin is not None and console.stdout is not None
    try:
        assert os.read(console.stdout.fileno(), 100) == b"sal_c8kv#"  # the prompt, before any input
        for _ in range(3):
            console.stdin.write(b"show clock\n")
            console.stdin.flush()
            answer = b""
            while not answer.endswith(b"sal_c8kv#"):
                answer += os.read(console.stdout.fileno(), 4096)
            assert answer == b"show clock\n*01:00:00.000 UTC Thu Mar 13 2025\nsal_c8kv#"
    finally:
        console.stdin.close()
        assert console.wait(60) == 0
        console.stdout.close()
        console.stderr.close()  # type: ignore[union-attr]


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_binary_streams_end_with_a_clear_error(device: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", device]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"iosxe-sim: {device}:") and "Traceback" not in err


@pytest.mark.parametrize("option", ["--config", "--startup", "--bootflash"])
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_every_file_read_is_bounded(option: str, device: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["run", "/dev/null", option, device])
    err = capsys.readouterr().err
    if option == "--startup":  # not a regular file: never read, the device boots its default config
        assert code == 0
        return
    assert code == 2
    assert f"iosxe-sim: {device}: " in err and "Traceback" not in err


def test_an_oversized_startup_config_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import iosxe_sim.device

    monkeypatch.setattr(iosxe_sim.device, "MAX_CONFIG_BYTES", 10)
    (tmp_path / "startup").write_text("hostname LONGER-THAN-TEN\n")
    assert main(["run", "/dev/null", "--startup", str(tmp_path / "startup")]) == 2
    assert "too large" in capsys.readouterr().err


def test_a_huge_line_is_cut_and_the_rest_of_the_input_still_runs() -> None:
    stream = io.BytesIO(b"show " + "é".encode() * MAX_LINE_BYTES + b"\nshow clock\r\n")
    lines = list(input_lines(stream, "in"))
    assert len(lines) == 2 and lines[1] == "show clock"
    assert len(lines[0].encode()) <= MAX_LINE_BYTES and lines[0].endswith("é")


@pytest.mark.parametrize("data", [b"show clock\nshow\x00 clock\n", b"show clock\n\xff\xfe\n"])
def test_binary_input_names_its_line(data: bytes) -> None:
    lines = input_lines(io.BytesIO(data), "in")
    assert next(lines) == "show clock"
    with pytest.raises(InputError, match="^in:2: not"):
        next(lines)


def test_lab_files_are_read_with_a_bound() -> None:
    from iosxe_sim.labs import loader
    from iosxe_sim.labs.validate import LabError

    with pytest.raises(LabError, match="larger than"):
        loader._read(Path("/dev/zero"), "zero")  # a lab's named file, or the lab file, never ends
