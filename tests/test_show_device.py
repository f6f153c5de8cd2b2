"""What automation reads of the router itself — `show version`, `show inventory`, `show ip interface
brief`, `show interfaces`, `show users` — rendered from state and read back by Cisco's genie."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from genie.libs.parser.iosxe.show_interface import ShowInterfaces, ShowIpInterfaceBrief
from genie.libs.parser.iosxe.show_platform import ShowInventory, ShowVersion
from genie.libs.parser.iosxe.show_session import ShowUsers

from iosxe_sim.device import Device


def parse(parser: type, text: str) -> dict[str, Any]:
    return parser(device=mock.Mock()).parse(output=text)


@pytest.fixture
def device() -> Device:
    device = Device(seed=1)
    device.execute("lab client pc1")
    device.execute("lab client pc1 connect")
    device.execute("lab clock advance 1h30m")
    return device


def test_show_version_reads_as_a_c8000v(device: Device) -> None:
    version = parse(ShowVersion, device.execute("show version"))["version"]
    assert version["xe_version"] == "17.16.01a" and version["version"] == "17.16.1a"
    assert version["os"] == "IOS-XE" and version["platform"] == "Virtual XE"
    assert version["hostname"] == "sal_c8kv" and version["uptime"] == "1 hour, 30 minutes"
    assert version["chassis_sn"] == "9ZJ3JYMBNVB"  # from `license udi pid C8000V sn ...`
    assert version["chassis"] == "C8000V" and version["curr_config_register"] == "0x2102"


def test_the_serial_follows_the_seed_without_a_license_line() -> None:
    first, second = Device(config_text="hostname A\n", seed=1), Device(config_text="hostname A\n", seed=2)
    serials = [parse(ShowVersion, d.execute("show version"))["version"]["chassis_sn"] for d in (first, second)]
    assert serials[0] != serials[1] and all(len(s) == 11 for s in serials)


def test_show_inventory_names_the_chassis(device: Device) -> None:
    chassis = parse(ShowInventory, device.execute("show inventory"))["main"]["chassis"]["C8000V"]
    assert chassis["sn"] == "9ZJ3JYMBNVB" and chassis["pid"] == "C8000V"


def test_interfaces_include_the_virtual_access_of_each_session(device: Device) -> None:
    brief = parse(ShowIpInterfaceBrief, device.execute("show ip interface brief"))["interface"]
    assert brief["GigabitEthernet1"] == {"ip_address": "10.106.45.225", "interface_is_ok": "YES",
                                         "method": "NVRAM", "status": "up", "protocol": "up"}
    assert brief["Virtual-Access1"]["ip_address"] == "10.106.45.225"  # unnumbered to Gi1
    interfaces = parse(ShowInterfaces, device.execute("show interfaces"))
    assert interfaces["GigabitEthernet1"]["ipv4"]["10.106.45.225/24"]["prefix_length"] == "24"
    assert interfaces["Virtual-Access1"]["oper_status"] == "up"
    device.execute("lab client pc1 traffic 5")
    access = parse(ShowInterfaces, device.execute("show interfaces Virtual-Access1"))["Virtual-Access1"]
    assert access["counters"]["in_pkts"] >= 5 and access["counters"]["out_pkts"] >= 5


def test_show_users_lists_the_console_and_every_vty(device: Device) -> None:
    vty = device.open_session("vty 0", "admin", "10.0.0.9")
    vty.execute("show clock")
    lines = parse(ShowUsers, vty.execute("show users"))["line"]
    assert lines["0 con 0"]["active"] is False
    assert lines["1 vty 0"] == {"user": "admin", "host": "idle", "idle": "00:00:00", "active": True,
                                "tty": "1", "location": "10.0.0.9"}


def test_a_missing_interface_gets_the_caret_under_its_name(device: Device) -> None:
    assert device.execute("show interfaces gi9") == " " * 25 + "^\n% Invalid input detected at '^' marker.\n\n"
