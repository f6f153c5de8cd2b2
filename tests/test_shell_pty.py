"""The installed ``iosxe-sim`` under a real pseudo-terminal: the seed's whole reconnect flow."""

from __future__ import annotations

from pathlib import Path

import pexpect
import pytest
from pty_console import run as run_line
from pty_console import spawn

PROMPT = "sal_c8kv#"


@pytest.fixture
def console(tmp_path: Path):
    child = spawn("--seed", "7", "--startup", str(tmp_path / "startup-config"))
    child.expect_exact(PROMPT)
    yield child
    child.send("\x15")  # Ctrl-U: whatever is on the line goes
    child.sendline("exit")
    child.expect(pexpect.EOF)


def run(child: pexpect.spawn, line: str) -> str:
    return run_line(child, line, PROMPT)


def test_seed_reconnect_flow_in_a_real_terminal(console: pexpect.spawn) -> None:
    run(console, "terminal length 0")
    run(console, "lab clock virtual")
    assert "created" in run(console, "lab client pc1")
    assert "connected to IKEv2_Gateway as test, address 192.168.20.5" in run(console, "lab client pc1 connect")
    before = run(console, "show crypto session detail")
    assert "Capabilities:DN connid:1" in before and "Phase1_id: *$AnyConnectClient$*" in before
    run(console, "lab client pc1 sleep")
    run(console, "lab clock advance 2m")
    stats = run(console, "show crypto ikev2 stats reconnect")
    assert "Reconnect capable inactive session count: 1" in stats
    assert "reconnected" in run(console, "lab client pc1 resume")
    after = run(console, "show crypto session detail")
    assert "Capabilities:DNR" in after and "host 192.168.20.5" in after
    assert "Interface: Virtual-Access2" in after
    session = run(console, "show crypto ikev2 session detailed")
    assert "Auth verify: PSK" in session
    stats = run(console, "show crypto ikev2 stats reconnect")
    for line in ("Total incoming reconnect connection: 1", "Success reconnect connection: 1",
                 "Failed reconnect connection: 0", "Reconnect capable active session count: 1"):
        assert line in stats


def test_question_mark_and_tab_in_a_real_terminal(console: pexpect.spawn) -> None:
    console.send("show crypto ?")
    console.expect(r"ikev2\s+Shows ikev2 information")
    console.expect(r"sal_c8kv#(\x1b\[[0-9;?]*[A-Za-z])*show crypto")  # the line is redisplayed
    console.send("\x15")  # Ctrl-U: clear the line
    console.send("sh\t")
    console.expect_exact("show")
    console.sendline("clock")
    console.expect(r"\*\d\d:\d\d:\d\d\.\d{3} UTC")
    console.expect_exact(PROMPT)
