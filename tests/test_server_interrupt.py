"""A long command over SSH: the server keeps serving the other lines, and Ctrl-C interrupts it.

The long command is a year of virtual time with 40 connected clients: about a minute of CPU (their
hourly child rekeys are real exchanges), far longer than any wait here, so the prompt coming back
within the wait proves the interrupt, and the other line's echo proves the loop was not held.
(A new login would wait for the command: the device does one thing at a time.)
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from ssh_fixtures import ADMIN, ADMIN_PASSWORD, login, open_shell, serve

CLIENTS = 40


def test_ctrl_c_interrupts_a_long_command_while_other_lines_keep_echoing(tmp_path: Path) -> None:
    async def go(port: int) -> tuple[str, str, str]:
        async with login(port, ADMIN, ADMIN_PASSWORD) as busy_conn, login(port, ADMIN, ADMIN_PASSWORD) as other_conn:
            busy, _ = await open_shell(busy_conn)
            await busy.until("#")
            for line in ["configure terminal", "ip local pool ACPPOOL 10.20.0.1 10.20.0.99", "end",
                         "lab clock virtual"]:
                await busy.run(line)
            for n in range(CLIENTS):
                await busy.run(f"lab client c{n} address 100.64.0.{n + 1}")
                assert "connected" in await busy.run(f"lab client c{n} connect")
            other, _ = await open_shell(other_conn)
            await other.until("#")
            busy.process.stdin.write(b"lab clock advance 31536000\r")
            await busy.until("lab clock advance 31536000\r\n")  # echoed as the command starts
            other.process.stdin.write(b"show cl")
            echoed = await other.until("show cl")  # the loop answers while the command runs
            busy.process.stdin.write(b"\x03")
            back = await busy.until("#")  # within the wait: the command stopped
            clock = await busy.run("show clock")
            return echoed, back, clock

    with serve(tmp_path) as served:
        echoed, back, clock = asyncio.run(go(served.port))
    assert echoed.endswith("show cl")
    assert "of 31536000 seconds (interrupted)" in back
    assert "2025" in clock  # less than the year asked for (boot: 13 March 2025)
