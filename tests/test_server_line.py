"""The vty line discipline, without sockets: keys in, IOS terminal bytes out."""

from __future__ import annotations

import pytest

from iosxe_sim.device import Device
from iosxe_sim.server.line import ERASE_MORE, MAX_LINE, MORE, LineDiscipline


@pytest.fixture
def line() -> LineDiscipline:
    session = Device(seed=1).open_session("vty 0", "test", "127.0.0.1", privilege=15)
    return LineDiscipline(session)


def test_the_prompt_comes_first_and_every_character_is_echoed(line: LineDiscipline) -> None:
    assert line.start() == "\r\nsal_c8kv#"
    assert line.feed("show cl") == "show cl"


@pytest.mark.parametrize("enter", ["\r", "\n", "\r\n"])
def test_cr_lf_and_crlf_are_each_one_enter(line: LineDiscipline, enter: str) -> None:
    out = line.feed("show clock" + enter + "show privilege" + enter)
    assert out.count("sal_c8kv#") == 2
    assert "*01:00:00.000 UTC Thu Mar 13 2025\r\n" in out
    assert out.endswith("Current privilege level is 15\r\nsal_c8kv#")
    assert "\n" not in out.replace("\r\n", "")  # every line end is \r\n


def test_backspace_delete_ctrl_u_and_ctrl_w_erase(line: LineDiscipline) -> None:
    assert line.feed("shox\b") == "shox\b \b"
    assert line.feed("w\x7f") == "w\b \b"
    line.feed("w crypto sess")
    assert line.feed("\x17") == "\b \b" * len("sess")
    assert line.buffer == "show crypto "
    assert line.feed("\x15") == "\b \b" * len("show crypto ")
    assert line.buffer == ""


def test_question_mark_shows_help_and_redisplays_the_line(line: LineDiscipline) -> None:
    line.feed("show running-config ")
    out = line.feed("?")
    assert out.startswith("?\r\n") and "<cr>" in out
    assert out.endswith("\r\nsal_c8kv#show running-config ")
    assert line.buffer == "show running-config "


def test_tab_completes_a_unique_keyword(line: LineDiscipline) -> None:
    line.feed("show privi")
    assert line.feed("\t") == "lege "
    assert line.feed("\r").endswith("Current privilege level is 15\r\nsal_c8kv#")


def test_nul_and_escape_sequences_are_ignored(line: LineDiscipline) -> None:
    assert line.feed("\x00\x1b[A\x1b[1;5C\x1bOPsh\x00") == "sh"
    assert line.buffer == "sh"


def test_ctrl_c_abandons_the_line_and_leaves_configuration_mode(line: LineDiscipline) -> None:
    line.feed("configure terminal\r")
    out = line.feed("hostname X\x03")
    assert out.endswith("^C\r\nsal_c8kv#") and line.session.editor is None


def test_ctrl_z_leaves_configuration_mode(line: LineDiscipline) -> None:
    line.feed("conf t\rcrypto ikev2 profile P\r")
    assert line.feed("\x1a").endswith("^Z\r\nsal_c8kv#")


def test_password_prompt_does_not_echo(line: LineDiscipline) -> None:
    line.session.privilege = 1
    assert line.feed("enable\r").endswith("Password: ")
    assert line.feed("cisco") == ""
    assert line.feed("\r").endswith("sal_c8kv#")


def test_more_pages_and_is_erased_with_backspaces(line: LineDiscipline) -> None:
    line.feed("terminal length 5\r")
    out = line.feed("show running-config\r")
    assert out.endswith(MORE) and out.count("\r\n") == 5  # the echo's line end, then four lines
    assert line.feed(" ").startswith(ERASE_MORE)
    out = line.feed("q")
    assert out == ERASE_MORE + "sal_c8kv#"
    assert "\x1b" not in out


def test_overlong_lines_are_refused_with_a_bell(line: LineDiscipline) -> None:
    line.feed("x" * MAX_LINE)
    assert line.feed("y") == "\a"
    assert len(line.buffer) == MAX_LINE


def test_log_lines_wait_for_terminal_monitor_and_never_split_a_typed_line(line: LineDiscipline) -> None:
    line.session.device.syslog("%TEST-5-ONE: unseen")
    assert line.log_output() == ""
    line.feed("terminal monitor\r")
    line.feed("show cl")
    line.session.device.syslog("%TEST-5-TWO: seen")
    out = line.log_output()
    assert out.startswith("\r\n*Mar 13") and "%TEST-5-TWO: seen\r\n" in out
    assert out.endswith("sal_c8kv#show cl")


def test_copy_running_config_asks_for_the_destination(line: LineDiscipline) -> None:
    out = line.feed("copy running-config startup-config\r")
    assert out.endswith("Destination filename [startup-config]? ")
    assert line.feed("\r").endswith("Building configuration...\r\n[OK]\r\nsal_c8kv#")


def test_exit_closes_the_line(line: LineDiscipline) -> None:
    line.feed("exit\r")
    assert line.closed and line.session not in line.session.device.sessions
