"""`iosxe-sim serve` as an SSH peer: logins, vty lines, exec channels, shared state, timeouts.

Every wait is on content (a prompt, a line of output), never on a count of prompts or a sleep.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path

import asyncssh
import pytest
from ssh_fixtures import ADMIN, ADMIN_PASSWORD, PASSWORD, USER, WAIT, Served, Shell, login, open_shell, serve


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with serve(tmp_path_factory.mktemp("serve")) as running:
        yield running


def connect(served: Served, user: str = ADMIN, password: str = ADMIN_PASSWORD) -> asyncssh.SSHClientConnection:
    return login(served.port, user, password, served.host)


async def shell(conn: asyncssh.SSHClientConnection) -> Shell:
    return (await open_shell(conn))[0]


def test_an_exec_channel_runs_one_command_and_exits_zero(served: Served) -> None:
    async def go() -> asyncssh.SSHCompletedProcess:
        async with connect(served) as conn:
            return await conn.run("show clock")
    result = asyncio.run(go())
    assert result.exit_status == 0 and "UTC Thu Mar 13 2025\r\n" in str(result.stdout)


def test_privilege_comes_from_the_user_and_enable_asks_the_secret(served: Served) -> None:
    async def go() -> tuple[str, str]:
        async with connect(served, USER, PASSWORD) as conn:
            term = await shell(conn)
            await term.until(">")
            user_level = await term.run("show privilege", ">")
            term.process.stdin.write(b"enable\r")
            await term.until("Password: ")
            term.process.stdin.write(b"cisco\r")
            return user_level, await term.run("show privilege")
    user_level, admin_level = asyncio.run(go())
    assert "Current privilege level is 1\r\n" in user_level
    assert "Current privilege level is 15\r\n" in admin_level


def test_wrong_passwords_are_refused(served: Served) -> None:
    async def go() -> None:
        async with connect(served, USER, "wrong"):
            pass
    with pytest.raises(asyncssh.PermissionDenied):
        asyncio.run(go())
    assert "login failed for 'test'" in served.output()


def in_one_then_the_other(served: Served, first_lines: list[str], second_lines: list[str]) -> list[str]:
    """Type lines in one session, then in a second one open at the same time; the second's output."""
    async def go() -> list[str]:
        async with connect(served) as one, connect(served) as two:
            first, second = await shell(one), await shell(two)
            await first.until("#")
            await second.until("#")
            for line in first_lines:
                await first.run(line)
            return [await second.run(line) for line in second_lines]
    return asyncio.run(go())


def test_two_sessions_share_the_configuration_and_see_each_other(served: Served) -> None:
    pools, users = in_one_then_the_other(
        served, ["configure terminal", "ip local pool SHARED 10.9.9.1 10.9.9.9", "end"],
        ["show running-config | include SHARED", "show users"])
    assert "ip local pool SHARED 10.9.9.1 10.9.9.9\r\n" in pools
    assert "   1 vty 0     admin      idle" in users and "*  2 vty 1     admin      idle" in users


def test_a_lab_client_connected_in_one_session_shows_in_another(served: Served) -> None:
    [seen] = in_one_then_the_other(served, ["lab client pcssh", "lab client pcssh connect"],
                                   ["show crypto session detail | include Interface|Phase1"])
    assert "Interface: Virtual-Access" in seen and "Phase1_id: *$AnyConnectClient$*" in seen


def test_exit_closes_the_channel(served: Served) -> None:
    async def go() -> int | None:
        async with connect(served) as conn:
            term = await shell(conn)
            await term.until("#")
            term.process.stdin.write(b"exit\r")
            await asyncio.wait_for(term.process.wait_closed(), WAIT)
            return term.process.exit_status
    assert asyncio.run(go()) == 0


def test_garbage_and_abrupt_disconnects_leave_the_server_serving(served: Served) -> None:
    async def garbage() -> None:
        _, writer = await asyncio.open_connection(served.host, served.port)
        writer.write(b"\x00\xff garbage before any version string\r\n" * 50)
        await writer.drain()
        writer.close()

    async def abrupt() -> None:
        conn = await connect(served)
        term = await shell(conn)
        await term.until("#")
        term.process.stdin.write(b"configure terminal\rcrypto ikev2 profile HALF\r" + b"x" * 10000)
        conn.abort()

    async def still_there() -> str:
        async with connect(served) as conn:
            return str((await conn.run("show running-config | include HALF")).stdout)

    asyncio.run(garbage())
    asyncio.run(abrupt())
    assert "crypto ikev2 profile HALF" in asyncio.run(still_there())


def test_vty_count_transport_and_idle_timeout_come_from_line_vty(tmp_path: Path) -> None:
    config = tmp_path / "small.cfg"
    config.write_text("hostname sal_c8kv\nusername admin privilege 15 password 0 admin\n"
                      "line vty 0 1\n login local\n exec-timeout 0 2\n transport input ssh\n")

    async def go(served: Served) -> tuple[type[BaseException] | None, str]:
        async with connect(served) as one, connect(served) as two:
            refused = None
            try:
                async with connect(served):
                    pass
            except (asyncssh.DisconnectError, OSError) as exc:
                refused = type(exc)
            term = await shell(one)
            await term.until("#")
            await asyncio.wait_for(term.process.wait_closed(), WAIT)  # exec-timeout 0 2
            return refused, str((await two.run("show users")).stdout)
    with serve(tmp_path, "--config", str(config)) as served:
        refused, users = asyncio.run(go(served))
    assert refused is not None
    assert "vty 1" in users


def test_sigterm_stops_the_server_cleanly(tmp_path: Path) -> None:
    with serve(tmp_path) as served:
        output = served.stop()
    assert served.process.returncode == 0 and "iosxe-sim: stopped" in output


def test_a_bad_host_key_or_a_busy_port_is_a_clear_error(tmp_path: Path, served: Served) -> None:
    import subprocess
    import sys

    bad = tmp_path / "bad_key"
    bad.write_text("not a key\n")
    base = [sys.executable, "-m", "iosxe_sim", "serve", "--startup", str(tmp_path / "startup")]
    key = subprocess.run([*base, "--port", "0", "--host-key", str(bad)], capture_output=True, text=True, timeout=60, check=False)
    busy = subprocess.run([*base, "--port", str(served.port), "--host-key", str(tmp_path / "key")],
                          capture_output=True, text=True, timeout=60, check=False)
    assert key.returncode == 2 and "host key" in key.stderr and "Traceback" not in key.stderr
    assert busy.returncode == 2 and f"cannot serve on 127.0.0.1 port {served.port}" in busy.stderr


def test_the_host_key_is_private_and_kept_across_restarts(tmp_path: Path) -> None:
    with serve(tmp_path) as first:
        printed = first.output()
    with serve(tmp_path) as second:
        again = second.output()
    fingerprint = re.search(r"SHA256:\S+", printed)
    assert fingerprint is not None and fingerprint.group(0) in again
    assert (tmp_path / "host_key").stat().st_mode & 0o777 == 0o600


def test_write_memory_from_two_sessions_at_once_leaves_one_complete_file(served: Served) -> None:
    async def go() -> list[str]:
        async with connect(served) as one, connect(served) as two:
            first, second = await shell(one), await shell(two)
            await first.until("#")
            await second.until("#")
            first.process.stdin.write(b"write memory\r")
            second.process.stdin.write(b"copy running-config startup-config\r\r")
            return [await first.until("[OK]"), await second.until("[OK]")]
    outputs = asyncio.run(go())
    assert all("Building configuration..." in output for output in outputs)
    saved = served.startup.read_text()
    assert saved.count("\nhostname sal_c8kv\n") == 1 and saved.rstrip().endswith("end")
