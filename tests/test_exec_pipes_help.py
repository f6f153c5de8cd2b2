"""EXEC behaviour of a 17.x router: `| ?` and the output writers, the `?` lists of the crypto
commands (unemulated keywords listed and refused), and interface arguments spelt as IOS takes them."""

from __future__ import annotations

import pytest
from engine_fixtures import make_device

from iosxe_sim.device import Device


@pytest.fixture()
def device() -> Device:
    return make_device()


def test_pipe_help_lists_ios_17s_modifiers_wrapped_at_80_columns(device: Device) -> None:
    assert device.execute("show version | ?") == (
        "  append    Append redirected output to URL (URLs supporting append operation\n"
        "            only)\n"
        "  begin     Begin with the line that matches\n"
        "  count     Count number of lines which match regexp\n"
        "  exclude   Exclude lines that match\n"
        "  format    Format the output using the specified spec file\n"
        "  include   Include lines that match\n"
        "  redirect  Redirect output to URL\n"
        "  section   Filter a section of output\n"
        "  tee       Copy output to URL\n"
        "\n"
    )


def test_redirect_append_and_tee_write_bootflash_files(device: Device) -> None:
    clock = device.execute("show clock")
    assert device.execute("show clock | redirect bootflash:out.txt") == ""
    assert device.bootflash["out.txt"] == clock.encode()
    assert device.execute("show clock | append bootflash:out.txt") == ""
    assert device.execute("more bootflash:out.txt") == clock + clock
    assert device.execute("show clock | tee flash:copy.txt") == clock
    assert device.bootflash["copy.txt"] == clock.encode()
    assert device.execute("show clock | redirect bootflash:out.txt") == ""
    assert device.bootflash["out.txt"] == clock.encode()  # redirect replaces
    assert "out.txt" in device.execute("dir bootflash:")


def test_a_redirected_client_profile_is_what_the_gateway_reads(device: Device) -> None:
    before = device.gateway_settings()
    device.execute("more bootflash:acvpn.xml | redirect bootflash:acvpn.xml")
    assert device.gateway_settings() is not before  # re-read after the write


@pytest.mark.parametrize(("line", "message"), [
    ("show clock | format bootflash:spec.xml", "% iosxe-sim does not emulate the output modifier 'format'\n"),
    ("show clock | redirect tftp://10.0.0.1/x", "% iosxe-sim does not emulate the file system of"),
    ("show clock | redirect bootflash:", "%Error opening bootflash: (Is a directory)\n"),
])
def test_refused_modifiers_say_so(device: Device, line: str, message: str) -> None:
    assert device.execute(line).startswith(message)


def _keywords(help_text: str) -> list[str]:
    return [line.split()[0] for line in help_text.splitlines() if line.startswith("  ") and line[2] != " "]


def test_crypto_help_lists_what_a_17x_router_lists(device: Device) -> None:
    assert {"call", "engine", "isakmp", "map", "ikev2", "ipsec", "session", "socket"} <= set(
        _keywords(device.execute("show crypto ?")))
    assert {"isakmp", "ikev2", "sa", "session", "engine"} <= set(_keywords(device.execute("clear crypto ?")))
    assert _keywords(device.execute("show crypto ikev2 stats ?")) == [
        "exchange", "ext-service", "priority-queue", "psh", "reconnect", "timeout", "|", "<cr>"]
    assert {"memory", "diagnose", "sa", "session"} <= set(_keywords(device.execute("show crypto ikev2 ?")))


@pytest.mark.parametrize(("line", "named", "column"), [
    ("show crypto map", "show crypto map", 12),
    ("sh cry isakmp sa", "show crypto isakmp", 7),
    ("clear crypto isakmp", "clear crypto isakmp", 13),
    ("show crypto ikev2 stats priority-queue", "show crypto ikev2 stats priority-queue", 24),
])
def test_unemulated_keywords_are_refused_with_a_caret(device: Device, line: str, named: str, column: int) -> None:
    prompt = len(device.console.prompt)
    assert device.execute(line) == (
        " " * (prompt + column) + "^\n% Invalid input detected at '^' marker.\n"
        f"% iosxe-sim does not emulate '{named}'\n\n")


def test_interface_help_lists_the_types_and_their_numbers(device: Device) -> None:
    listing = device.execute("show interfaces ?")
    assert "  GigabitEthernet       GigabitEthernet IEEE 802.3z\n" in listing
    assert "  Virtual-Access        Virtual Access interface\n" in listing and "IFNAME" not in listing
    assert device.execute("show interfaces GigabitEthernet ?") == (
        "  <0-2147483647>  GigabitEthernet interface number\n\n")
    assert device.execute("show interfaces V?") == "Virtual-Access  Virtual-Template  Vlan\n\n"


def test_spaced_and_abbreviated_interface_names_work(device: Device) -> None:
    joined = device.execute("show interfaces GigabitEthernet1")
    assert device.execute("show interfaces GigabitEthernet 1") == joined
    assert device.execute("show interfaces gi 1") == joined == device.execute("show interfaces gi1")
    assert device.execute("show running-config interface gi 1") == device.execute(
        "show running-config interface GigabitEthernet1")
    device.execute("configure terminal")
    assert device.execute("interface loopback 7") == ""
    assert device.console.prompt.endswith("(config-if)#")
    device.execute("end")
    assert "interface Loopback7\n" in device.running_config()
    device.execute("lab client pc1")
    device.execute("lab client pc1 connect")
    assert device.execute("show derived-config interface virtual-access 1") == device.execute(
        "show derived-config interface Virtual-Access1")
    assert "Virtual-Access1" in device.execute("show crypto session interface vi 1")
