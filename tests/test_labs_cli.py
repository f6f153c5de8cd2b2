"""`iosxe-sim lab list|show|start|check`: output, exit codes, JSON, timeline files, lab paths."""

from __future__ import annotations

import io
import json
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from iosxe_sim.cli import main
from iosxe_sim.labs.loader import builtin_labs

SOLVE_WINDOW = """lab clock advance 25m
configure terminal
crypto ikev2 profile AnyConnect-EAP
 reconnect timeout 1200
end
lab client pc1 sleep
lab clock advance 20m
lab client pc1 resume
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_list_shows_every_builtin_lab(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "lab", "list")
    assert code == 0
    for source in builtin_labs():
        assert source.name in out
    assert "Reconnect window" in out and "intermediate" in out


def test_list_a_folder_shows_broken_labs_with_their_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "bad.toml").write_text("[lab]\n")
    code, out, _ = run(capsys, "lab", "list", str(tmp_path))
    assert code == 0
    assert "bad" in out and "missing required field" in out


def test_show_prints_briefing_and_objectives(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "lab", "show", "psk-restriction")
    assert code == 0
    assert "PSK restriction" in out and "intermediate" in out
    assert "another IKEv2 profile" in out


def test_check_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = tmp_path / "session.txt"
    script.write_text(SOLVE_WINDOW)
    assert run(capsys, "lab", "check", "reconnect-window", "--script", str(script))[0] == 0
    assert run(capsys, "lab", "check", "reconnect-window")[0] == 1
    code, _, err = run(capsys, "lab", "check", "reconnect-window", "--script", str(tmp_path / "missing.txt"))
    assert code == 2 and "missing.txt" in err
    code, _, err = run(capsys, "lab", "check", "no-such-lab")
    assert code == 2 and "no such lab" in err


def test_check_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["lab", "check", "reconnect-window", "--script", "a", "--config", "b"])
    assert exited.value.code == 2
    with pytest.raises(SystemExit) as exited:
        main(["lab"])
    assert exited.value.code == 2
    code, _, err = run(capsys, "lab", "check", "reconnect-window", "--format", "json", "--timeline", "-")
    assert code == 2 and "--timeline" in err


def test_check_json_for_learning_management_systems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = tmp_path / "session.txt"
    script.write_text(SOLVE_WINDOW)
    code, out, _ = run(
        capsys, "lab", "check", "reconnect-window", "--script", str(script), "--format", "json"
    )
    document = json.loads(out)
    assert code == 0
    assert document["schema"] == "iosxe-sim-lab-grade/2"
    assert document["passed"] is True and document["score"] == {"points": 2, "total": 2}
    assert [o["id"] for o in document["objectives"]] == ["see-failure", "tune-timeout", "resume-after-20"]
    check = document["objectives"][2]["checks"][0]
    assert check["kind"] == "reconnect" and check["passed"] and check["line"] > 0


def test_check_config_grading(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "running.cfg"
    config.write_text(
        Path("examples/seed-gateway.cfg")
        .read_text()
        .replace("reconnect timeout 900", "reconnect timeout 1800")
    )
    code, out, _ = run(
        capsys, "lab", "check", "reconnect-window", "--config", str(config), "--format", "json"
    )
    assert code == 0 and json.loads(out)["mode"] == "config"


def test_timeline_svg_and_terminal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = tmp_path / "session.txt"
    script.write_text(SOLVE_WINDOW)
    svg = tmp_path / "flow.svg"
    code, out, _ = run(
        capsys, "lab", "check", "reconnect-window", "--script", str(script), "--timeline", str(svg)
    )
    assert code == 0
    root = ET.fromstring(svg.read_text())
    assert root.tag.endswith("svg")
    text = svg.read_text()
    for phrase in ("reconnect&#160;refused", "inactive&#160;database", "Using&#160;IKE&#160;ID"):
        assert phrase in text
    code, out, _ = run(capsys, "lab", "check", "reconnect-window", "--script", str(script), "--timeline", "-")
    assert "Lab timeline: Reconnect window" in out and "reconnect accepted" in out


def test_transcript_is_the_console_session(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = tmp_path / "session.txt"
    script.write_text("show crypto ikev2 stats reconnect\n")
    code, out, _ = run(
        capsys, "lab", "check", "reconnect-window", "--script", str(script), "--transcript", "-"
    )
    assert code == 1
    assert "sal_c8kv#show crypto ikev2 stats reconnect\nTotal incoming reconnect connection: 0" in out
    assert "%LAB-6-TIMELINE: lab client pc1 connect" in out


def test_a_lab_folder_of_ones_own(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = next(s for s in builtin_labs() if s.name == "suspend-behavior")
    folder = tmp_path / "course" / "week3"
    shutil.copytree(str(source.folder), folder)
    assert run(capsys, "lab", "show", str(folder))[0] == 0
    assert run(capsys, "lab", "check", str(folder / "lab.toml"))[0] == 1
    (folder / "acvpn-resume.xml").unlink()
    code, _, err = run(capsys, "lab", "show", str(folder))
    assert code == 2
    assert (
        "lab.toml:" in err and "device.bootflash.acvpn-resume.xml: file 'acvpn-resume.xml' not found" in err
    )
    assert "Traceback" not in err


def test_start_without_a_terminal_replays_stdin(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"lab objectives\nlab hint\nexit\n")))
    svg = tmp_path / "t.svg"
    code, out, _ = run(capsys, "lab", "start", "broken-head-end", "--timeline", str(svg))
    assert code == 0
    assert "Broken head-end" in out
    assert "%LAB-4-RESULT: % pc1: The VPN connection" in out  # the story at 0 played
    assert "[    ] 1. The IKEv2 profile's virtual-template exists" in out
    assert "Hint 1/2 for objective 1:" in out
    assert svg.read_text().startswith("<svg")


def test_lab_start_with_a_bootflash_folder_puts_exports_on_the_host(tmp_path: Path) -> None:
    import subprocess
    import sys

    script = ("monitor capture CAP interface GigabitEthernet1 both\nmonitor capture CAP match any\n"
              "monitor capture CAP start\nlab clock advance 20m\nlab capture CAP export bootflash:lunch.pcap\n")
    done = subprocess.run([sys.executable, "-m", "iosxe_sim", "lab", "start", "capture-refused-reconnect",
                           "--bootflash", str(tmp_path / "flash")], input=script, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    files = {path.name for path in (tmp_path / "flash").iterdir()}
    assert {"lunch.pcap", "lunch-ikev2_decryption_table", "lunch-esp_sa", "acvpn.xml"} <= files
    assert (tmp_path / "flash" / "lunch.pcap").read_bytes()[:4] == bytes.fromhex("d4c3b2a1")  # libpcap
