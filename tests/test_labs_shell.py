"""A running lab in the shell: the timeline on the clock, the lab commands, the journal."""

from __future__ import annotations

from pathlib import Path

import pytest

from iosxe_sim.device import Device
from iosxe_sim.labs import runtime, timeline
from iosxe_sim.labs.journal import config_changes
from iosxe_sim.labs.loader import LabSource, load_lab, parse_lab
from iosxe_sim.labs.model import Lab
from iosxe_sim.labs.runtime import LabSession

HEADER = '[lab]\ntitle = "T"\nlevel = "beginner"\ndescription = "D"\n'
LINT = '[[objective]]\ntitle = "clean"\nhints = ["first", "second"]\n[[objective.check]]\nkind = "lint"\n'


def lab_of(text: str) -> Lab:
    return parse_lab(HEADER + text, LabSource("t", Path("."), Path("lab.toml"), "lab.toml"))


def run(session: LabSession, *lines: str) -> str:
    device = session.device
    return "".join(device.execute(line) + "".join(device.pending_log()) for line in lines)


@pytest.mark.parametrize("command", ["lab objectives", "lab hint", "lab check", "lab timeline"])
def test_lab_commands_without_a_lab(command: str) -> None:
    assert Device(seed=1).execute(command).startswith("% No lab is loaded")


def test_lab_help_lists_the_new_commands() -> None:
    help_text = Device(seed=1).execute("lab ?")
    for word in ("objectives", "hint", "check", "timeline"):
        assert word in help_text


def test_timeline_plays_when_the_clock_reaches_it() -> None:
    session = LabSession(
        lab_of(
            '[[client]]\nname = "pc1"\n'
            '[[timeline]]\nclient = "pc1"\naction = "connect"\n'
            '[[timeline]]\nat = "5m"\nnote = "lunch"\nclient = "pc1"\naction = "sleep"\n' + LINT
        )
    )
    first = "".join(session.device.pending_log())
    assert "%LAB-6-TIMELINE: lab client pc1 connect" in first and "%LINK-3-UPDOWN" in first
    assert session.device.clients["pc1"].state == "connected"
    assert "lunch" not in run(session, "lab clock advance 4m")
    later = run(session, "lab clock advance 1m")
    assert (
        "%LAB-6-STORY: lunch" in later
        and "*Mar 13 01:05:00.000: %LAB-6-TIMELINE: lab client pc1 sleep" in later
    )
    assert session.device.clients["pc1"].state == "asleep"


def test_timeline_config_uses_sub_modes_and_reports_rejections() -> None:
    session = LabSession(
        lab_of(
            '[variables]\nbranch = { address = "203.0.113.0/24", default = "203.0.113.10" }\n'
            '[device]\nconfig = "examples/labs/psk-restriction/gateway.cfg"\n'
            '[[timeline]]\nconfig = """\ncrypto ikev2 profile AnyConnect-EAP\n reconnect timeout 900\n'
            'crypto ikev2 profile AnyConnect-EAP\n no keyring local SITE-KEYS\n"""\n' + LINT
        )
    )
    log = "".join(session.device.pending_log())
    assert "%LAB-4-RESULT: reconnect timeout 900: % IKEv2 reconnect cannot be configured" in log
    assert "keyring local SITE-KEYS" not in session.device.running_config()


def test_timeline_events_run_in_exec_whatever_mode_the_student_is_in() -> None:
    session = LabSession(
        lab_of('[[client]]\nname = "pc1"\n[[timeline]]\nat = 60\nclient = "pc1"\naction = "connect"\n' + LINT)
    )
    run(session, "configure terminal", "crypto ikev2 profile AnyConnect-EAP")
    session.device.tick(0)  # nothing due yet
    session.device.realtime = True
    session.device.tick(61)  # the shell's ticker in real-time mode
    assert session.device.clients["pc1"].state == "connected"
    assert session.device.console.prompt.endswith("(config-ikev2-profile)#")


def test_objectives_hint_and_check() -> None:
    session = LabSession(load_lab("broken-head-end"))
    assert runtime.lab_of(session.device) is session
    objectives = run(session, "lab objectives")
    assert "Lab broken-head-end: Broken head-end (advanced)" in objectives
    assert "[    ] 1. The IKEv2 profile's virtual-template exists" in objectives
    first, second, third = (run(session, "lab hint") for _ in range(3))
    assert first.startswith("Hint 1/2 for objective 1:") and second.startswith("Hint 2/2")
    assert third == first
    run(session, "configure terminal", "crypto ikev2 profile AnyConnect-EAP", "virtual-template 10", "end")
    assert "[done] 1." in run(session, "lab objectives")
    assert run(session, "lab hint").startswith("Hint 1/2 for objective 2:")
    check = run(session, "lab check")
    assert check.startswith("PASS  1. The IKEv2 profile's virtual-template exists\n")
    assert "- no lint errors of ref/pool: 1 found: ref/pool (pool AC-POOL)" in check
    assert check.endswith("1/5 points: keep going\n")


def test_solved_lab_says_so() -> None:
    session = LabSession(lab_of(LINT))
    assert run(session, "lab hint") == "Every objective is met: the lab is solved.\n"
    check = run(session, "lab check")
    assert check.startswith("PASS  1. clean [passed (met untouched, not scored)]\n")
    assert check.endswith("0/0 points: lab solved\n")


def test_timeline_rows_show_story_console_gateway_and_client() -> None:
    session = LabSession(load_lab("reconnect-window"))
    run(
        session,
        "configure terminal",
        "crypto ikev2 profile AnyConnect-EAP",
        "reconnect timeout 660",
        "end",
        "lab clock advance 25m",
    )
    rows = {(row.lane, row.text) for row in timeline.rows(session)}
    assert ("console", "config + crypto ikev2 profile AnyConnect-EAP / reconnect timeout 660") in rows
    assert ("console", "config - crypto ikev2 profile AnyConnect-EAP / reconnect timeout 600") in rows
    assert ("console", "lab clock advance 25m") in rows
    assert ("lab", "pc1's user closes the laptop and walks into a 20-minute meeting.") in rows
    assert ("gateway", "session of test (192.168.20.5) kept in the inactive database until +12:27") in rows
    assert ("gateway", "reconnect refused: session id expired from the inactive session database") in rows
    assert ("pc1", "Client Agent continuing from system suspend.") in rows
    dpd = [row.text for row in timeline.rows(session) if row.text.startswith("DPD request")]
    # pc1 last sent DPD at +00:30 (the story's sleep at +01:00 comes before its next one)
    assert dpd == ["DPD request to 10.106.69.69:57646 (retransmitted 5x until +01:25)"]


def test_timeline_command_is_plain_text_sized_to_the_terminal() -> None:
    session = LabSession(load_lab("reconnect-window"))
    run(session, "lab clock advance 25m", "terminal width 160")
    wide = session.device.execute("lab timeline")
    assert "\x1b[" not in wide and "Lab timeline: Reconnect window" in wide
    assert "┃ console" in wide and "┃ pc1" in wide
    run(session, "terminal width 80")
    narrow = session.device.execute("lab timeline")
    assert "┃ Who" in narrow and max(len(line) for line in narrow.splitlines()) <= 80


def test_journal_ties_events_to_clients_across_roaming() -> None:
    session = LabSession(lab_of('[[client]]\nname = "pc1"\n[[client]]\nname = "pc2"\n' + LINT))
    run(
        session,
        "lab client pc1 connect",
        "lab client pc2 connect",
        "lab client pc1 roam address 198.51.100.7",
        "lab client pc2 sleep",
        "lab clock advance 3m",
        "lab client pc2 resume",
    )
    by_client: dict[str, list[str]] = {}
    for client, event in session.journal.events():
        by_client.setdefault(str(client), []).append(type(event).__name__)
    assert by_client["pc1"] == ["SessionUp", "SessionDown", "ReconnectSucceeded", "SessionUp"]
    assert by_client["pc2"][0] == "SessionUp" and "SessionInactive" in by_client["pc2"]
    assert by_client["pc2"][-2:] == ["ReconnectSucceeded", "SessionUp"]
    assert [(round(r.inactive), r.kept_address) for r in session.journal.reconnects("pc2")] == [(123, True)]
    assert [(r.inactive, r.kept_address) for r in session.journal.reconnects("pc1")] == [(0.0, True)]


def test_config_changes_name_the_block() -> None:
    before = "hostname R\n!\ncrypto ikev2 profile P\n reconnect timeout 600\n!\nend\n"
    after = "hostname R\n!\ncrypto ikev2 profile P\n reconnect timeout 900\n dpd 10 2 on-demand\n!\nend\n"
    assert config_changes(before, after) == [
        "config - crypto ikev2 profile P / reconnect timeout 600",
        "config + crypto ikev2 profile P / reconnect timeout 900",
        "config + crypto ikev2 profile P / dpd 10 2 on-demand",
    ]


def test_client_profile_preloaded_and_bootflash_installed() -> None:
    session = LabSession(load_lab("suspend-behavior"))
    client = session.device.clients["pc1"].client
    assert client.profile.auto_reconnect_behavior.value == "DisconnectOnSuspend"
    assert b"DisconnectOnSuspend" in session.device.bootflash["acvpn.xml"]
    assert "acvpn-resume.xml" in session.device.execute("dir bootflash:")
