"""The command line's device options and its non-interactive console."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from iosxe_sim.cli import bootflash_from, default_bootflash_path, main

PROFILE = Path(__file__).resolve().parents[1] / "examples" / "default-device" / "bootflash" / "acvpn.xml"


def run(tmp_path: Path, script: str, *options: str) -> str:
    (tmp_path / "script.txt").write_text(script)
    code = subprocess.run(
        [sys.executable, "-m", "iosxe_sim", "run", str(tmp_path / "script.txt"), "--startup",
         str(tmp_path / "startup"), *options],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert code.returncode == 0, code.stderr
    return code.stdout


def test_bootflash_folder_is_the_flash_and_a_file_is_copied_into_it(tmp_path: Path) -> None:
    folder = tmp_path / "flash"
    folder.mkdir()
    (folder / "acvpn.xml").write_text(PROFILE.read_text().replace("ReconnectAfterResume", "DisconnectOnSuspend"))
    extra = tmp_path / "extra.xml"
    extra.write_text("<x/>")
    script = "dir bootflash:\nmore bootflash:acvpn.xml | include Behavior\ncopy running-config bootflash:saved.cfg\n\n"
    out = run(tmp_path, script, "--bootflash", str(folder), "--bootflash", str(extra))
    assert "extra.xml" in out and "acvpn-disconnect.xml" not in out  # the folder, not the defaults
    assert "DisconnectOnSuspend</AutoReconnectBehavior>" in out
    assert (folder / "extra.xml").read_text() == "<x/>"
    assert (folder / "saved.cfg").read_text().startswith("Building configuration...")


def test_the_shell_flash_folder_is_created_and_seeded_with_the_default_files(tmp_path: Path) -> None:
    folder = default_bootflash_path()  # under the tests' private XDG_DATA_HOME (conftest.py)
    assert folder.is_relative_to(tmp_path.parents[1])
    flash = bootflash_from([], folder)
    assert sorted(p.name for p in folder.iterdir()) == ["acvpn-disconnect.xml", "acvpn.xml"]
    del flash["acvpn-disconnect.xml"]
    assert list(bootflash_from([], folder)) == ["acvpn.xml"]  # seeded once, when created


def test_hostname_and_empty_config(tmp_path: Path) -> None:
    empty = tmp_path / "empty.cfg"
    empty.write_text("")
    out = run(tmp_path, "show running-config | include hostname|crypto\n", "--config", str(empty), "--hostname", "R9")
    assert out.startswith("R9#show running-config")
    assert "crypto ikev2" not in out


def test_piped_stdin_prints_a_transcript(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "iosxe_sim", "--startup", str(tmp_path / "s")],
                            input="show clock\n", capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0
    assert result.stdout.startswith("sal_c8kv#show clock\n*01:00:00.000 UTC Thu Mar 13 2025\n")


@pytest.mark.parametrize("options", [["run", "/nonexistent/script"], ["run", "-", "--bootflash", "/nonexistent"],
                                     ["run", "-", "--config", "/nonexistent.cfg"]])
def test_unreadable_inputs_exit_2_without_a_traceback(options: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(options) == 2
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("name", ["a b", "bad\x1bname"])
def test_invalid_hostname_option_exits_2(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "/dev/null", "--hostname", name]) == 2
    assert "invalid hostname" in capsys.readouterr().err


def test_huge_pool_show_is_bounded(tmp_path: Path) -> None:
    out = run(tmp_path, "conf t\nip local pool HUGE 10.0.0.0 11.255.255.255\nend\nshow ip local pool HUGE | count\n")
    assert "Number of lines which match regexp = 1029" in out
