"""Secrets: hashed when stored, type 7 under service password-encryption, never kept from a
``Password:`` prompt (history, show history, the labs journal) nor echoed."""

from __future__ import annotations

import asyncio
import io

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output.vt100 import Vt100_Output

from iosxe_sim.config.passwords import decode_type7
from iosxe_sim.device import Device
from iosxe_sim.session import transcript
from iosxe_sim.shell.console import Console

PLAIN = "Pl41nT3xt"


def _configure(device: Device, *lines: str) -> None:
    device.execute("configure terminal")
    for line in lines:
        assert device.execute(line) == "", line
    device.execute("end")


def _users(device: Device) -> list[str]:
    return [line for line in device.running_config().splitlines() if line.startswith("username")]


@pytest.mark.parametrize(("typed", "stored"), [
    (f"username alice secret {PLAIN}", "username alice secret 9 $9$"),
    (f"username alice secret 0 {PLAIN}", "username alice secret 9 $9$"),
    (f"username alice privilege 15 algorithm-type scrypt secret {PLAIN}", "username alice privilege 15 secret 9 $9$"),
    (f"username alice algorithm-type sha256 secret {PLAIN}", "username alice secret 8 $8$"),
    (f"username alice algorithm-type md5 secret {PLAIN}", "username alice secret 5 $1$"),
])
def test_a_clear_text_user_secret_is_stored_hashed_and_still_logs_in(typed: str, stored: str) -> None:
    device = Device(seed=5)
    _configure(device, typed)
    assert any(line.startswith(stored) for line in _users(device))
    assert PLAIN not in device.running_config()
    device.execute(f"lab client pc user alice password {PLAIN}")
    assert "connected" in device.execute("lab client pc connect")


@pytest.mark.parametrize(("typed", "stored"), [
    (f"enable secret {PLAIN}", "enable secret 9 $9$"),
    (f"enable algorithm-type scrypt secret {PLAIN}", "enable secret 9 $9$"),
    (f"enable algorithm-type sha256 secret {PLAIN}", "enable secret 8 $8$"),
    (f"enable algorithm-type md5 secret 0 {PLAIN}", "enable secret 5 $1$"),
])
def test_the_enable_secret_is_hashed_with_the_algorithm_type_chosen(typed: str, stored: str) -> None:
    device = Device(seed=5)
    _configure(device, typed)
    config = device.running_config()
    assert PLAIN not in config and "algorithm-type" not in config  # the type says which algorithm
    assert any(line.startswith(stored) for line in config.splitlines())
    device.execute("disable")
    device.execute("enable")
    assert device.execute(PLAIN) == "" and device.console.privilege == 15


def test_service_password_encryption_turns_clear_passwords_into_type_7() -> None:
    device = Device(seed=5)
    _configure(device, f"username bob password {PLAIN}", f"enable password {PLAIN}", "service password-encryption",
               f"username carol password 0 {PLAIN}")
    config = device.running_config()
    assert PLAIN not in config
    bob = next(line for line in _users(device) if line.startswith("username bob "))
    assert bob.startswith("username bob password 7 ") and decode_type7(bob.split()[-1]) == PLAIN
    assert any(line.startswith("username carol password 7 ") for line in _users(device))
    assert "\nenable password 7 " in config
    device.execute(f"lab client pc user carol password {PLAIN}")
    assert "connected" in device.execute("lab client pc connect")
    _configure(device, "no service password-encryption")  # IOS decrypts nothing when it is turned off
    assert PLAIN not in device.running_config()


def test_a_config_loaded_at_boot_is_stored_the_same_way() -> None:
    device = Device(seed=5, config_text=f"service password-encryption\nusername dave password {PLAIN}\n"
                                        f"username erin secret {PLAIN}\n")
    assert PLAIN not in device.running_config()


def _enable_with_password(device: Device) -> None:
    _configure(device, f"enable secret {PLAIN}")
    device.execute("disable")
    device.execute("enable")
    assert device.console.awaiting_password


def test_the_enable_password_is_neither_kept_nor_echoed_nor_journaled() -> None:
    device = Device(seed=5)
    heard: list[str] = []
    device.console.exec_listeners.append(heard.append)
    _configure(device, f"enable secret {PLAIN}")
    out = io.StringIO()
    transcript(device.console, ["disable", "enable", "wrong", PLAIN, "show history"], out)
    assert device.console.privilege == 15
    assert PLAIN not in out.getvalue() and "wrong" not in out.getvalue()
    assert PLAIN not in device.execute("show history")
    assert all(PLAIN not in line for line in (*heard, *device.console.history))


def test_the_console_up_arrow_history_never_holds_a_password() -> None:
    device = Device(seed=5)
    device.realtime = False
    _enable_with_password(device)
    buffer = io.StringIO()
    with create_pipe_input() as keys:
        output = Vt100_Output(buffer, lambda: Size(rows=40, columns=100), term="xterm")
        with create_app_session(input=keys, output=output):
            console = Console(device, input=keys, output=output)

            async def session() -> None:
                task = asyncio.create_task(console.run_async())
                for text in (f"{PLAIN}\r", "show clock\r"):
                    keys.send_text(text)
                    await asyncio.sleep(0.2)
                keys.close()
                await asyncio.wait_for(task, 10)

            asyncio.run(session())
    assert device.console.privilege == 15
    assert list(console.prompt_session.history.get_strings()) == ["show clock"]
    assert PLAIN not in buffer.getvalue()
