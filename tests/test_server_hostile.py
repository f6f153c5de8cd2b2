"""Hostile and careless SSH clients never stop the server or hurt other sessions, and nothing
leaks: the server runs in this process so its sessions, lines and tasks can be counted."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncssh

from iosxe_sim.device import Device
from iosxe_sim.server.hostkey import load_or_create
from iosxe_sim.server.ssh import Router, SshServer

WAIT = 15.0


@asynccontextmanager
async def running(tmp: Path) -> AsyncIterator[tuple[SshServer, int]]:
    device = Device(seed=1, config_text=None)
    server = SshServer(Router(device, log=open(tmp / "log", "w")), "127.0.0.1", 0, load_or_create(tmp / "key"))
    port = await server.start()
    try:
        yield server, port
    finally:
        await server.stop()


def connect(port: int) -> asyncssh.SSHClientConnection:
    return asyncssh.connect("127.0.0.1", port, username="admin", password="admin", known_hosts=None,
                            client_keys=None, preferred_auth="password")


async def read_until(process: asyncssh.SSHClientProcess[bytes], text: bytes) -> bytes:
    seen = b""
    while text not in seen:
        chunk = await asyncio.wait_for(process.stdout.read(65536), WAIT)
        if not chunk:
            raise EOFError(seen[-200:])
        seen += chunk
    return seen


async def settle(server: SshServer) -> None:
    for _ in range(100):
        if not server.router.connections and not server.router.in_use:
            return
        await asyncio.sleep(0.02)


def test_connect_disconnect_cycles_leave_no_session_line_or_task(tmp_path: Path) -> None:
    async def go() -> tuple[int, int, list[str], int, int]:
        async with running(tmp_path) as (server, port):
            baseline = len(asyncio.all_tasks())
            for cycle in range(150):
                async with connect(port) as conn:
                    process = await conn.create_process(term_type="vt100", encoding=None)
                    await read_until(process, b"#")
                    if cycle % 3 == 0:
                        process.stdin.write(b"show running-config\r")  # left mid-output or mid-More
                    elif cycle % 3 == 1:
                        process.stdin.write(b"configure terminal\rcrypto ikev2 profile X")
            await settle(server)
            device = server.router.device
            return (len(asyncio.all_tasks()) - baseline, len(server.router.in_use),
                    [s.line for s in device.sessions], len(server.router.shells), len(server.router.connections))
    tasks, lines, sessions, shells, connections = asyncio.run(go())
    assert tasks <= 0 and lines == 0 and shells == 0 and connections == 0
    assert sessions == ["con 0"]


def test_floods_of_help_huge_lines_and_paging_do_not_disturb_another_session(tmp_path: Path) -> None:
    async def go() -> tuple[bytes, bytes]:
        async with running(tmp_path) as (_, port), connect(port) as rude, connect(port) as polite:
            noisy = await rude.create_process(term_type="vt100", encoding=None)
            calm = await polite.create_process(term_type="vt100", encoding=None)
            await read_until(noisy, b"#")
            await read_until(calm, b"#")
            noisy.stdin.write(b"show " + b"?" * 500 + b"x" * 100_000 + b"\r")
            noisy.stdin.write(b"terminal length 3\rshow running-config\r")
            flood = await read_until(noisy, b"--More--")
            calm.stdin.write(b"show privilege\r")
            answer = await read_until(calm, b"Current privilege level is 15\r\nsal_c8kv#")
            return flood, answer
    flood, answer = asyncio.run(go())
    assert b"Display the system clock" in flood and b"% Invalid input detected" in flood
    assert b"\x1b" not in flood and answer.endswith(b"sal_c8kv#")


def test_config_changes_are_logged_by_user_line_and_peer(tmp_path: Path) -> None:
    async def go() -> bytes:
        async with running(tmp_path) as (_, port), connect(port) as conn:
            process = await conn.create_process(term_type="vt100", encoding=None)
            await read_until(process, b"#")
            process.stdin.write(b"terminal monitor\rconfigure terminal\rend\r")
            return await read_until(process, b"(127.0.0.1)")
    assert b"%SYS-5-CONFIG_I: Configured from console by admin on vty0 (127.0.0.1)" in asyncio.run(go())
