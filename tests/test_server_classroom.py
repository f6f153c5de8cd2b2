"""`iosxe-sim lab serve`: a desk per student over SSH (their own lab device and variant), graded
live into the instructor's gradebook; bounded and refusing what it should."""

from __future__ import annotations

import asyncio
import io
import json
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncssh
import pytest
from ssh_fixtures import WAIT, Shell, login, open_shell

from iosxe_sim.server.classroom import Classroom
from iosxe_sim.server.hostkey import load_or_create
from iosxe_sim.server.ssh import SshServer

LAB = "reconnect-after-resume"


@asynccontextmanager
async def room(tmp: Path, **options: object) -> AsyncIterator[tuple[Classroom, int]]:
    classroom = Classroom(LAB, "s3cret", tmp / "gradebook.json", log=io.StringIO(), **options)  # type: ignore[arg-type]
    server = SshServer(classroom, "127.0.0.1", 0, load_or_create(tmp / "key"))
    port = await server.start()
    try:
        yield classroom, port
    finally:
        await server.stop()


def enter(port: int, student: str, password: str = "s3cret") -> asyncssh.SSHClientConnection:
    return login(port, student, password)


async def terminal(conn: asyncssh.SSHClientConnection) -> tuple[Shell, str]:
    opened, banner = await open_shell(conn, "sal_c8kv#")
    await opened.run("terminal length 0")
    return opened, banner


def test_each_student_works_at_a_desk_of_their_own_graded_live(tmp_path: Path) -> None:
    async def go() -> tuple[str, str, str]:
        async with room(tmp_path) as (_, port), enter(port, "alice") as alice, enter(port, "bob") as bob:
            mine, banner = await terminal(alice)
            theirs, _ = await terminal(bob)
            timeout = re.search(r"reconnect timeout of (\d+) seconds", banner.replace("\r\n", " "))
            assert timeout is not None, banner
            for line in ("configure terminal", "crypto ikev2 profile AnyConnect-EAP",
                         f"reconnect timeout {timeout.group(1)}", "end"):
                await mine.run(line)
            checked = await mine.run("lab check")
            other = await theirs.run("show running-config | include reconnect")
            mine.process.stdin.write(b"exit\r")
            await asyncio.wait_for(mine.process.wait_closed(), WAIT)
            return banner, checked, other
    banner, checked, other = asyncio.run(go())
    assert "Lab reconnect-after-resume: Reconnect after resume" in banner
    assert "PASS  1. Enable auto-reconnect" in checked and "1/3 points" in checked
    assert "reconnect timeout" not in other  # bob's router is his own
    book = json.loads((tmp_path / "gradebook.json").read_text())
    rows = {row["student"]: row for row in book["students"]}
    assert rows["alice"]["points"]["reconnect-enabled"] == 1 and rows["alice"]["total"] == 1
    assert rows["bob"]["total"] == 0
    assert (tmp_path / "gradebook.json").stat().st_mode & 0o777 == 0o600


def test_a_student_comes_back_to_the_same_desk(tmp_path: Path) -> None:
    async def go() -> tuple[str, str]:
        async with room(tmp_path) as (_, port):
            async with enter(port, "carol") as first:
                term, _ = await terminal(first)
                await term.run("configure terminal")
                await term.run("hostname desk-carol")  # left in config mode: logging out leaves it
            await asyncio.sleep(0.2)
            async with enter(port, "carol") as again:
                return (await open_shell(again, "desk-carol#"))[1], ""
    banner, _ = asyncio.run(go())
    assert "Welcome back" in banner


def test_wrong_passwords_a_full_room_and_a_second_login_are_refused(tmp_path: Path) -> None:
    async def go() -> list[str]:
        refused = []
        async with room(tmp_path, max_students=1) as (_, port), enter(port, "dave") as dave:
            await terminal(dave)
            for student, password in (("erin", "s3cret"), ("dave", "s3cret"), ("dave", "wrong")):
                try:
                    async with enter(port, student, password):
                        refused.append(f"{student}: let in")
                except (asyncssh.Error, OSError) as exc:
                    refused.append(f"{student}: {type(exc).__name__}")
        return refused
    outcomes = asyncio.run(go())
    assert outcomes[0].startswith("erin: ") and "let in" not in outcomes[0]  # the class is full
    assert outcomes[1].startswith("dave: ") and "let in" not in outcomes[1]  # already logged in
    assert outcomes[2] == "dave: PermissionDenied"


@pytest.mark.parametrize("student", ["../../etc", "a b", "x" * 65, ""])
def test_a_student_id_must_be_a_plain_name(tmp_path: Path, student: str) -> None:
    async def go() -> None:
        async with room(tmp_path) as (_, port), enter(port, student):
            pass
    with pytest.raises((asyncssh.Error, OSError)):
        asyncio.run(go())


def test_a_desk_holds_a_bounded_number_of_simulated_clients(tmp_path: Path) -> None:
    from iosxe_sim.server.classroom import DESK_CLIENTS

    async def go() -> str:
        async with room(tmp_path) as (classroom, port), enter(port, "frank") as frank:
            term, _ = await terminal(frank)
            for number in range(DESK_CLIENTS):
                await term.run(f"lab client extra{number}")
            assert len(classroom.desks["frank"].lab.device.clients) == DESK_CLIENTS
            return await term.run("lab client onetoomany")
    assert "% Too many simulated clients: this device holds at most 50" in asyncio.run(go())
