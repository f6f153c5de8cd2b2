"""Ctrl-C and Ctrl-D in a real terminal: they never end the console nor lose its configuration."""

from __future__ import annotations

import time
from pathlib import Path

import pexpect
from pty_console import next_prompt, run, spawn

PROMPT = "CHANGED#"
CLIENTS = 5
LONG_ADVANCE = "lab clock advance 8760h"  # a year with five connected clients: many seconds of DPD timers


def _interrupt(child: pexpect.spawn) -> str:
    """Ctrl-C until the running command reports its interruption (the first may come too early,
    while the line is still being accepted, and is then only a key at the next prompt)."""
    for _ in range(20):
        time.sleep(0.3)
        child.sendintr()
        if child.expect([r"interrupted\)", pexpect.TIMEOUT], timeout=1) == 0:
            answer = child.before + child.after
            return answer + next_prompt(child, PROMPT)
    raise AssertionError("the command was never interrupted")


def test_ctrl_c_stops_a_long_command_and_keeps_the_console_and_its_config(tmp_path: Path) -> None:
    child = spawn("--seed", "7", "--startup", str(tmp_path / "startup-config"))
    child.expect_exact("sal_c8kv#")
    for line in ("terminal length 0", "lab clock virtual", "configure terminal", "hostname CHANGED"):
        child.sendline(line)
    run(child, "end", PROMPT)
    for number in range(CLIENTS):
        run(child, f"lab client c{number} address 10.0.0.{number + 1}", PROMPT)
        assert "connected to IKEv2_Gateway" in run(child, f"lab client c{number} connect", PROMPT)
    for _ in range(2):  # a second long command, a second Ctrl-C
        child.sendline(LONG_ADVANCE)
        child.expect(r"\n")  # the line is accepted: the command runs
        assert "Clock advanced" in _interrupt(child)
    assert "hostname CHANGED" in run(child, "show running-config | include hostname", PROMPT)
    assert f"= {CLIENTS}" in run(child, "show crypto session | count Interface", PROMPT)
    child.sendline("exit")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_ctrl_d_on_an_empty_line_is_ignored(tmp_path: Path) -> None:
    child = spawn("--seed", "7", "--startup", str(tmp_path / "startup-config"))
    child.expect_exact("sal_c8kv#")
    child.sendline("configure terminal")
    child.expect_exact("sal_c8kv(config)#")
    child.send("\x04")  # Ctrl-D
    run(child, "hostname KEPT", "KEPT(config)#")  # still in configuration mode
    child.send("\x04")
    run(child, "end", "KEPT#")
    child.sendline("exit")
    child.expect(pexpect.EOF)
