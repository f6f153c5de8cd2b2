"""The automation clients engineers point at routers, unmodified, against `iosxe-sim serve`:
Netmiko, scrapli (system, paramiko and asyncssh transports) and NAPALM."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from napalm import get_network_driver
from netmiko import ConnectHandler, SSHDetect
from netmiko.exceptions import ConfigInvalidException
from scrapli.driver.core import AsyncIOSXEDriver, IOSXEDriver
from ssh_fixtures import ADMIN, ADMIN_PASSWORD, ENABLE_SECRET, PASSWORD, USER, Served, serve


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with serve(tmp_path_factory.mktemp("clients")) as running:
        yield running


def netmiko(served: Served, **extra: object) -> ConnectHandler:
    return ConnectHandler(device_type="cisco_xe", host=served.host, port=served.port, username=USER,
                          password=PASSWORD, secret=ENABLE_SECRET, **extra)


def test_netmiko_detects_cisco_xe(served: Served) -> None:
    detect = SSHDetect(device_type="autodetect", host=served.host, port=served.port, username=USER,
                       password=PASSWORD)
    assert detect.autodetect() == "cisco_xe"


def test_netmiko_reads_the_version_through_textfsm_and_enables(served: Served) -> None:
    with netmiko(served) as conn:
        assert conn.find_prompt() == "sal_c8kv>"
        version = conn.send_command("show version", use_textfsm=True)
        assert version[0]["version"] == "17.16.1a" and version[0]["hostname"] == "sal_c8kv"
        assert version[0]["serial"] == ["9ZJ3JYMBNVB"]
        conn.enable()
        assert conn.find_prompt() == "sal_c8kv#"


def test_netmiko_configures_saves_and_catches_the_psk_restriction(served: Served) -> None:
    with netmiko(served) as conn:
        conn.enable()
        conn.send_config_set(["crypto ikev2 profile NETMIKO", "match identity remote any",
                              "authentication remote eap query-identity", "authentication local rsa-sig",
                              "reconnect timeout 900"])
        section = conn.send_command("show running-config | section NETMIKO")
        assert section.startswith("crypto ikev2 profile NETMIKO\n") and " reconnect timeout 900" in section
        with pytest.raises(ConfigInvalidException):
            conn.send_config_set(["crypto ikev2 profile NETMIKO", "authentication remote pre-share"],
                                 error_pattern=r"^%")
        conn.exit_config_mode()  # Netmiko leaves config mode to us when it raises
        assert "[OK]" in conn.save_config()
        assert "crypto ikev2 profile NETMIKO" in conn.send_command("show startup-config")
    assert "crypto ikev2 profile NETMIKO" in served.startup.read_text()


@pytest.mark.parametrize("transport", ["system", "paramiko"])
def test_scrapli_sync_transports(served: Served, transport: str) -> None:
    with IOSXEDriver(host=served.host, port=served.port, auth_username=ADMIN, auth_password=ADMIN_PASSWORD,
                     auth_secondary=ENABLE_SECRET, auth_strict_key=False, transport=transport,
                     timeout_ops=20) as conn:
        assert conn.send_command("show version").result.startswith("Cisco IOS XE Software, Version 17.16.01a")
        for privilege in ("exec", "privilege_exec", "configuration", "exec", "configuration", "privilege_exec"):
            conn.acquire_priv(privilege)
            assert conn._current_priv_level.name == privilege
        configured = conn.send_configs(["crypto ikev2 profile SCRAPLI", " dpd 10 2 on-demand"])
        assert not configured.failed
        assert "dpd 10 2 on-demand" in conn.send_command("show running-config | section SCRAPLI").result
        assert conn.send_command("show crypto bogus").failed
        assert conn.send_command("ping 10.0.0.1").failed  # a command we do not emulate is a failure


def test_scrapli_asyncssh_transport(served: Served) -> None:
    async def go() -> tuple[str, bool]:
        async with AsyncIOSXEDriver(host=served.host, port=served.port, auth_username=USER,
                                    auth_password=PASSWORD, auth_secondary=ENABLE_SECRET,
                                    auth_strict_key=False, transport="asyncssh", timeout_ops=20) as conn:
            clock = await conn.send_command("show clock")
            bad = await conn.send_command("show running-config bogus")
            return clock.result, bad.failed
    clock, failed = asyncio.run(go())
    assert "UTC Thu Mar 13 2025" in clock and failed


def test_napalm_get_facts_and_get_config(served: Served) -> None:
    driver = get_network_driver("ios")(served.host, ADMIN, ADMIN_PASSWORD,
                                       optional_args={"port": served.port, "secret": ENABLE_SECRET})
    driver.open()
    try:
        facts = driver.get_facts()
        config = driver.get_config()
        interfaces = driver.get_interfaces()
    finally:
        driver.close()
    assert facts["model"] == "C8000V" and facts["serial_number"] == "9ZJ3JYMBNVB"
    assert facts["hostname"] == "sal_c8kv" and facts["vendor"] == "Cisco"
    assert "GigabitEthernet1" in facts["interface_list"] and facts["uptime"] >= 0
    assert "Version 17.16.1a" in facts["os_version"]
    assert "hostname sal_c8kv" in config["running"]
    assert interfaces["GigabitEthernet1"]["is_up"] and interfaces["GigabitEthernet1"]["mtu"] == 1500
