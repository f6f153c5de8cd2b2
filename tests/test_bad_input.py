"""Input that used to get through: reversed pools, hostile hostnames, control characters from data,
huge clock advances, two clients on one address and port."""

from __future__ import annotations

from pathlib import Path

import pytest

from iosxe_sim.device import Device
from iosxe_sim.labs.loader import find_lab, load_source
from iosxe_sim.lint import lint_text


def _config(device: Device, line: str) -> str:
    device.execute("configure terminal")
    output = device.execute(line)
    device.execute("end")
    return output


def test_a_reversed_pool_is_refused_at_the_console_with_the_linters_words() -> None:
    device = Device(seed=1)
    output = _config(device, "ip local pool P 192.168.20.10 192.168.20.5")
    assert output == "% Invalid range: pool P: first address 192.168.20.10 is above last address 192.168.20.5\n"
    assert " P " not in device.execute("show ip local pool")
    lint = [d for d in lint_text("ip local pool P 192.168.20.10 192.168.20.5\n") if d.rule == "pool/range"]
    assert lint and lint[0].message in output


@pytest.mark.parametrize("name", ["R\x7f", "R\x1b[31mRED", "a" * 64, "-lead", "dot.ted", "sp\u00e4ce"])
def test_hostnames_outside_ios_rules_are_refused(name: str) -> None:
    device = Device(seed=1)
    assert _config(device, f"hostname {name}").startswith("% Hostname")
    assert device.console.prompt == "sal_c8kv#"
    assert any(d.rule == "syntax/hostname" for d in lint_text(f"hostname {name}\n"))


@pytest.mark.parametrize("name", ["a" * 63, "sal_c8kv", "VPN-GW1", "7200"])
def test_hostnames_within_ios_rules_are_taken(name: str) -> None:
    device = Device(seed=1)
    assert _config(device, f"hostname {name}") == ""
    assert device.console.prompt == f"{name}#"
    assert not any(d.rule == "syntax/hostname" for d in lint_text(f"hostname {name}\n"))


def test_a_loaded_config_is_held_to_the_console_s_rules() -> None:
    """A boot config's refused values are refused as typed ones are (one check for both paths):
    an escape sequence never becomes the prompt, a reversed pool never reaches the pool table."""
    text = "hostname R\x1b]0;owned\x07X\nip local pool P 192.168.20.10 192.168.20.5\n"
    device = Device(seed=1, config_text=text)
    assert device.console.prompt == "Router#"
    assert [report.message for report in device.load_reports] == [
        "% Hostname contains one or more illegal characters.",
        "% Invalid range: pool P: first address 192.168.20.10 is above last address 192.168.20.5",
    ]
    assert "ip local pool P" not in device.execute("show running-config")
    assert " P " not in device.execute("show ip local pool")


def test_lab_text_is_stripped_of_control_characters(tmp_path: Path) -> None:
    source = Path(find_lab("roaming-client").file).read_text(encoding="utf-8")
    hostile = source.replace('title = "Roaming client"', 'title = "Roaming \\u001b]0;pwned\\u0007client"')
    hostile = hostile.replace('note = "pc1 connects', 'note = "\\u001b[2Jpc1 connects')
    (tmp_path / "lab.toml").write_text(hostile, encoding="utf-8")
    lab = load_source(find_lab(str(tmp_path)))
    assert lab.title == "Roaming ?]0;pwned?client"
    assert all("\x1b" not in (entry.note or "") for entry in lab.timeline)


@pytest.mark.parametrize("duration", ["9" * 400, "99999999999999999999999999h", "367d", "8785h"])
def test_a_huge_clock_advance_is_a_clear_error(duration: str) -> None:
    output = Device(seed=1).execute(f"lab clock advance {duration}")
    assert output.startswith("% Invalid duration") and "(at most a year)" in output


def test_two_clients_never_share_an_address_and_port() -> None:
    device = Device(seed=1)
    device.realtime = False
    device.execute("lab client a address 10.0.0.1")
    device.execute("lab client a connect")
    port = device.clients["a"].client.endpoint.port
    device.execute("lab client b address 10.0.0.2")
    assert device.execute(f"lab client b roam address 10.0.0.1 port {port}") == (
        f"% b: 10.0.0.1 port {port} is in use by client a\n"
    )
    device.execute("lab client c address 10.0.0.3")
    device.execute("lab client c connect")
    assert "in use by client a" in device.execute(f"lab client c roam address 10.0.0.1 port {port}")
    assert device.execute("lab client b roam address 10.0.0.9 port 40000") == "b: now at 10.0.0.9 port 40000\n"
    assert device.execute("lab client c roam address 10.0.0.9 port 40000") == (  # b holds it, if unconnected
        "% c: 10.0.0.9 port 40000 is in use by client b\n"
    )
    endpoints = [lab.client.endpoint for lab in device.clients.values() if lab.client.tunnel is not None]
    assert len(endpoints) == len(set(endpoints)) == 2


def test_data_in_command_output_never_sends_a_control_character() -> None:
    from iosxe_sim.device import Device

    device = Device(seed=1)
    device.execute("configure terminal")
    device.execute("banner motd ^Chello \x1b]0;owned\x07 \x1b[31mred^C")
    device.execute("end")
    shown = device.execute("show running-config | include hello")
    assert "hello" in shown and "\x1b" not in shown and "\x07" not in shown


def test_an_unclosed_banner_is_reported_and_takes_the_rest_of_the_file_as_ios_does() -> None:
    text = "hostname R1\nbanner motd #\nAuthorised users only.\nhostname R2\n"
    (found,) = [d for d in lint_text(text) if d.rule == "syntax/unclosed-banner"]
    assert (found.line, found.column) == (2, 12)
    assert "the 2 lines after it are read as banner text" in found.message
    device = Device(seed=1, config_text=text)
    assert device.console.prompt == "R1#"  # `hostname R2` is banner text, not a command
    assert "Authorised users only.\nhostname R2" in device.execute("show running-config")


def test_an_unclosed_banner_s_caret_sits_on_its_delimiter_however_the_line_is_written() -> None:
    (found,) = [d for d in lint_text("banner mo m\nhello\n") if d.rule == "syntax/unclosed-banner"]
    assert found.column == 10  # the delimiter 'm', not the abbreviated `mo`
    assert found.message.endswith("so the 1 line after it is read as banner text")
