"""The Device facade: console behaviours that are not a grammar or a show command of their own."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from iosxe_sim.device import Device
from iosxe_sim.session import HISTORY_LINES


def test_banner_typed_over_several_lines_like_ios() -> None:
    device = Device(seed=1)
    device.execute("configure terminal")
    assert device.execute("banner login #") == "Enter TEXT message.  End with the character '#'.\n"
    assert device.console.prompt == ""  # IOS prints no prompt while the banner's lines are typed
    assert device.execute("Welcome") == ""
    assert device.execute(" to the lab #") == ""
    assert device.console.prompt == "sal_c8kv(config)#"
    device.execute("banner motd ^Chello^C")
    config = device.running_config()
    assert "banner login ^C\nWelcome\n to the lab ^C\n" in config
    assert "banner motd ^Chello^C\n" in config


def test_show_startup_config_of_a_short_saved_file(tmp_path: Path) -> None:
    startup = tmp_path / "startup-config"
    startup.write_text("Building configuration...\nhostname X\n")
    device = Device(startup_path=startup)
    assert device.execute("show startup-config") == "Using 11 out of 33554432 bytes\nhostname X\n"


def test_write_memory_is_read_back_by_the_next_boot(tmp_path: Path) -> None:
    startup = tmp_path / "nested" / "startup-config"
    device = Device(startup_path=startup)
    device.execute("configure terminal")
    device.execute("hostname SAVED")
    device.execute("end")
    assert device.execute("write memory") == "Building configuration...\n[OK]\n"
    assert Device(startup_path=startup).console.prompt == "SAVED#"
    assert not list(startup.parent.glob("*.tmp"))


def test_devices_are_garbage_collected() -> None:
    refs = [weakref.ref(Device(seed=n)) for n in range(5)]
    gc.collect()
    assert all(ref() is None for ref in refs)


def test_history_is_bounded() -> None:
    device = Device(seed=1)
    for n in range(HISTORY_LINES + 50):
        device.execute(f"show clock | include {n}")
    assert len(device.console.history) == HISTORY_LINES
    assert device.execute("show history").count("\n") == 10


def test_unknown_exec_word_and_bad_pipe() -> None:
    device = Device(seed=1)
    assert device.execute("frobnicate now") == (
        'Translating "frobnicate"...domain server (255.255.255.255)\n'
        "% Unknown command or computer name, or unable to find computer address\n"
    )
    device.configure("no ip domain lookup")
    assert device.execute("frobnicate") == (
        "% Unknown command or computer name, or unable to find computer address\n"
    )
    assert device.execute("show clock | frob x").startswith(" " * len("sal_c8kv#show clock | ") + "^\n")
    assert device.execute("configure terminal | include x").startswith(" " * len("sal_c8kv#configure terminal ") + "^")


def test_typed_unmodelled_commands_are_kept_like_ios_accepts_them() -> None:
    device = Device(seed=1)
    for line in ("configure terminal", "interface Virtual-Template10 type tunnel", "ipv6 enable",
                 "snmp-server community public RO", "end"):
        assert "%" not in device.execute(line), line
    config = device.running_config()
    assert " tunnel protection ipsec profile AnyConnect-EAP\n ipv6 enable\n" in config
    assert "\nsnmp-server community public RO\n" in config


def test_exec_commands_we_do_not_emulate_are_named_and_count_for_ambiguity() -> None:
    device = Device(seed=1)
    # IOS's invalid-input form, so automation clients detect the refusal, and the reason after it
    assert device.execute("ping 10.0.0.1") == (
        "         ^\n% Invalid input detected at '^' marker.\n"
        "% iosxe-sim does not emulate the EXEC command 'ping'\n\n")
    assert device.execute("s") == '% Ambiguous command:  "s"\n'  # show, send, setup, set ...
    assert device.execute("sh clock").startswith("*01:00:00.000 UTC")


def test_pasting_a_saved_running_config_gives_the_same_config_as_loading_it() -> None:
    text = (Path(__file__).resolve().parents[1] / "examples" / "seed-gateway.cfg").read_text()
    pasted = Device(config_text="", seed=1)
    pasted.execute("configure terminal")
    errors = [line for line in text.splitlines() if "%" in pasted.execute(line)]
    assert errors == ["Building configuration...", "Current configuration : 0 bytes"]  # IOS refuses them too
    assert pasted.config == Device(config_text=text, seed=1).config


def test_default_forms_set_commands_back_to_their_defaults() -> None:
    device = Device(seed=1)
    for line in ("configure terminal", "crypto ikev2 profile AnyConnect-EAP", "default reconnect", "exit",
                 "no ip http server", "default ip http server", "default hostname", "end"):
        assert "%" not in device.execute(line), line
    assert device.view().profiles["AnyConnect-EAP"].reconnect_timeout is None
    config = device.running_config()
    assert "ip http server" not in config and device.console.prompt == "Router#"


def test_question_mark_on_an_empty_line_names_the_mode_like_ios() -> None:
    device = Device(seed=1)
    assert device.execute("?").startswith("Exec commands:\n  clear ")
    device.execute("configure terminal")
    assert device.execute("?").startswith("Configure commands:\n  aaa ")
    device.execute("crypto ikev2 profile X")
    assert device.execute("?").startswith("IKEv2 profile configuration commands:\n")
    assert not device.execute("reconnect ?").startswith("IKEv2")


def test_debug_condition_peer_filters_debug_lines_but_not_syslog() -> None:
    device = Device(seed=1)
    for line in ("debug crypto condition peer ipv4 10.9.9.9", "debug crypto ikev2", "lab client pc1"):
        device.execute(line)
    device.execute("lab client pc1 connect")
    quiet = "".join(device.pending_log())
    assert "%LINK-3-UPDOWN" in quiet and "IKEv2:" not in quiet
    device.execute("debug crypto condition peer ipv4 10.106.69.69")
    device.execute("lab client pc1 disconnect")
    device.execute("lab client pc1 connect")
    assert "IKEv2:(SESSION ID" in "".join(device.pending_log())
