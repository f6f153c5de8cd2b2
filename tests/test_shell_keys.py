"""Keystroke-level tests of the shell through prompt_toolkit's pipe input: keys in, screen out."""

from __future__ import annotations

import asyncio
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output.vt100 import Vt100_Output

from iosxe_sim.device import Device
from iosxe_sim.shell.console import Console

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")
SEED = Path(__file__).resolve().parents[1] / "examples" / "seed-fragment.cfg"


def drive(steps: list[str | Callable[[Device], None]], device: Device | None = None, rows: int = 40) -> str:
    """Type each step (text, with \\r for Enter) or run it against the device; return the screen text."""
    buffer = io.StringIO()
    device = device or Device(seed=1)
    device.realtime = False
    with create_pipe_input() as keys:
        output = Vt100_Output(buffer, lambda: Size(rows=rows, columns=100), term="xterm")
        with create_app_session(input=keys, output=output):
            console = Console(device, input=keys, output=output)

            async def session() -> None:
                task = asyncio.create_task(console.run_async())
                for step in steps:
                    if callable(step):
                        step(device)
                    else:
                        keys.send_text(step)
                    await asyncio.sleep(0.15)
                await asyncio.sleep(0.6)
                keys.close()
                await asyncio.wait_for(task, 5)

            asyncio.run(session())
    return ANSI.sub("", buffer.getvalue()).replace("\r", "")


def test_question_mark_after_a_blank_lists_next_tokens_and_redisplays_the_line() -> None:
    screen = drive(["conf t\r", "crypto ikev2 profile X\r", "reconnect ?"])
    assert "sal_c8kv(config-ikev2-profile)#reconnect ?\n" in screen
    assert "  timeout  timeout value for session in reconnect state\n  <cr>     <cr>\n\n" in screen
    assert screen.rstrip().endswith("sal_c8kv(config-ikev2-profile)#reconnect")


def test_question_mark_attached_to_a_word_lists_matching_keywords() -> None:
    screen = drive(["conf t\r", "crypto ikev2 profile X\r", "a?"])
    assert "#a?\naaa  anyconnect  authentication\n\n" in screen


def test_tab_completes_a_unique_prefix() -> None:
    screen = drive(["sh\t", "run | i ^host\r"])
    assert "hostname sal_c8kv" in screen


def test_caret_counts_the_long_prompt() -> None:
    screen = drive(["conf t\r", "crypto ikev2 profile X\r", "reconnect timeout 100\r"])
    prompt = "sal_c8kv(config-ikev2-profile)#"
    caret_line = " " * len(prompt + "reconnect timeout ") + "^\n% Invalid input detected at '^' marker.\n"
    assert caret_line in screen


def test_ctrl_z_from_a_sub_mode_returns_to_exec() -> None:
    device = Device(seed=1)
    drive(["conf t\r", "crypto ikev2 profile X\r", "\x1a"], device)
    assert device.console.mode == "exec"
    assert device.console.prompt == "sal_c8kv#"


def test_pager_stops_on_q_and_continues_on_space() -> None:
    screen = drive(["terminal length 10\r", "show running-config\r", "q"])
    assert "--More--" in screen
    assert "end\nsal_c8kv#" not in screen
    screen = drive(["terminal length 10\r", "show running-config\r"] + [" "] * 20)
    assert "end\nsal_c8kv#" in screen


def test_terminal_length_zero_turns_the_pager_off() -> None:
    screen = drive(["terminal length 0\r", "show running-config\r"])
    assert "--More--" not in screen and "\nend\n" in screen


def test_paste_of_the_seed_config_applies_every_line() -> None:
    paste = SEED.read_text().replace("\n", "\r")
    device = Device(config_text="", seed=1)
    drive(["conf t\r", paste, "end\r"], device)
    view = device.view()
    assert view.profiles["AnyConnect-EAP"].reconnect_timeout == 900
    assert view.pools["ACPPOOL"][0].size == 6
    assert device.console.mode == "exec"


def test_log_line_while_typing_keeps_the_edited_line() -> None:
    screen = drive(["show cl", lambda d: d.syslog("%LINEPROTO-5-UPDOWN: Line protocol on Interface "
                                                  "Virtual-Access1, changed state to up"), "ock\r"])
    assert "%LINEPROTO-5-UPDOWN: Line protocol on Interface Virtual-Access1, changed state to up" in screen
    assert "*01:00:00.000 UTC Thu Mar 13 2025" in screen


@pytest.mark.parametrize("keys", ["\x03", "conf t\r\x03"])
def test_ctrl_c_abandons_the_line_and_leaves_config_mode(keys: str) -> None:
    device = Device(seed=1)
    drive([keys, "show clock\r"], device)
    assert device.console.mode == "exec"


def test_nothing_typed_at_password_shows_on_the_screen() -> None:
    screen = drive(["disable\r", "enable\r", "cisco", "\r", "show privilege\r"])
    assert "Password:" in screen and "cisco" not in screen and "*****" not in screen
    assert "Current privilege level is 15" in screen
