"""nvgen (DESIGN.md §5): the model written back as ``show running-config`` prints it, and the round
trip load(render(m)) == m, for the seed configs and for models built from generated command lines."""

from __future__ import annotations

import random
import re

import pytest
from grammar_fixtures import (
    SEED_FRAGMENT,
    SEED_GATEWAY,
    build_model,
    generate_config_lines,
    grammar,
    indented,
    load,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iosxe_sim.config.loader import Problem
from iosxe_sim.config.model import RunningConfig
from iosxe_sim.config.nvgen import render_running_config


def render(config: RunningConfig) -> str:
    return render_running_config(config, grammar())


def header_and_body(text: str) -> tuple[list[str], str]:
    first, second, third, rest = text.split("\n", 3)
    return [first, second, third], rest


# -- the header ------------------------------------------------------------------------------------


@pytest.mark.parametrize("source", [SEED_GATEWAY, SEED_FRAGMENT], ids=["gateway", "fragment"])
def test_header_and_byte_count(source) -> None:
    text = render(load(source.read_text()).config)
    header, rest = header_and_body(text)
    assert header[0] == "Building configuration..."
    assert header[1] == ""
    size = int(re.fullmatch(r"Current configuration : (\d+) bytes", header[2]).group(1))
    assert size == len(rest.encode("utf-8"))
    assert rest.startswith("!\n") and rest.endswith("\nend\n")


def test_byte_count_counts_bytes_not_characters() -> None:
    text = render(load("hostname R\ncrypto ikev2 profile X\n description café – ünïcode\n").config)
    header, rest = header_and_body(text)
    assert int(header[2].split()[3]) == len(rest.encode("utf-8")) > len(rest)


def test_empty_config_renders_header_bang_and_end() -> None:
    assert render(RunningConfig()) == "Building configuration...\n\nCurrent configuration : 6 bytes\n!\nend\n"


# -- the seed renders as IOS wrote it --------------------------------------------------------------


def _without_bang_runs(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if line == "!" and out and out[-1] == "!":
            continue
        out.append(line)
    return out


def test_seed_gateway_renders_in_ios_order_with_its_own_lines() -> None:
    source = SEED_GATEWAY.read_text().splitlines()
    rendered = render(load(SEED_GATEWAY.read_text()).config).splitlines()
    assert rendered[3:] != []
    # Same lines, same order; IOS's runs of "!" are written as one. The "!" nvgen puts between the
    # two line blocks is a known difference (xfail below), left out of this comparison.
    expected = _without_bang_runs(source[3:])
    got = rendered[3:]
    vty = got.index("line vty 0 4")
    if got[vty - 1] == "!":
        del got[vty - 1]
    assert got == expected


def test_line_blocks_follow_each_other_without_a_bang() -> None:
    rendered = render(load(SEED_GATEWAY.read_text()).config).splitlines()
    start = rendered.index("line con 0")
    assert rendered[start:start + 5] == ["line con 0", " stopbits 1", "line vty 0 4", " login local",
                                         " transport input ssh"]


def test_one_space_indent_per_level_and_a_bang_after_every_block() -> None:
    config = load(
        "crypto ikev2 keyring K\n peer P\n  address 10.0.0.1\n  pre-shared-key local 0 abc\n"
        "crypto ikev2 profile X\n reconnect\nhostname R\n"
    ).config
    lines = render(config).splitlines()
    start = lines.index("crypto ikev2 keyring K")
    assert lines[start:start + 5] == [
        "crypto ikev2 keyring K", " peer P", "  address 10.0.0.1", "  pre-shared-key local 0 abc", "!"]
    profile = lines.index("crypto ikev2 profile X")
    assert lines[profile:profile + 3] == ["crypto ikev2 profile X", " reconnect", "!"]
    assert lines.index("hostname R") < start < profile


def test_sub_mode_lines_come_in_grammar_order_not_typing_order() -> None:
    typed = load(
        "crypto ikev2 profile X\n"
        " reconnect timeout 900\n anyconnect profile acvpn\n virtual-template 10\n"
        " aaa authorization user anyconnect-eap cached\n pki trustpoint TP\n"
        " authentication remote anyconnect-eap aggregate\n authentication local rsa-sig\n"
        " match identity remote key-id *$AnyConnectClient$*\n"
    ).config
    lines = render(typed).splitlines()
    start = lines.index("crypto ikev2 profile X")
    assert lines[start + 1:start + 9] == [
        " match identity remote key-id *$AnyConnectClient$*",
        " authentication local rsa-sig",
        " authentication remote anyconnect-eap aggregate",
        " pki trustpoint TP",
        " aaa authorization user anyconnect-eap cached",
        " virtual-template 10",
        " anyconnect profile acvpn",
        " reconnect timeout 900",
    ]


def test_top_level_sections_come_in_ios_order() -> None:
    config = load(
        "line vty 0 4\n login local\n"
        "ip access-list standard A\n permit any\n"
        "interface gi1\n negotiation auto\n"
        "crypto ipsec profile P\n set ikev2-profile X\n"
        "crypto ikev2 profile X\n reconnect\n"
        "crypto ikev2 proposal PR\n group 19\n"
        "username u password 0 p\n"
        "aaa new-model\n"
        "hostname R\n"
        "version 17.16\n"
    ).config
    firsts = [line for line in render(config).splitlines() if line and line[0] not in " !"]
    assert firsts[2:-1] == [
        "version 17.16", "hostname R", "aaa new-model", "username u password 0 p",
        "crypto ikev2 proposal PR", "crypto ikev2 profile X", "crypto ipsec profile P",
        "interface GigabitEthernet1", "ip access-list standard A", "line vty 0 4",
    ]


@pytest.mark.parametrize("typed, written", [
    ("crypto ikev2 prof X\n rec ti 900\n", ["crypto ikev2 profile X", " reconnect timeout 900"]),
    ("CRYPTO IKEV2 PROFILE X\n RECONNECT\n", ["crypto ikev2 profile X", " reconnect"]),
    ("crypto ikev2 profile X\n au l rsa\n au r anyconnect-eap ag\n",
     ["crypto ikev2 profile X", " authentication local rsa-sig", " authentication remote anyconnect-eap aggregate"]),
    ("int gi1\n ip addr 10.0.0.1 255.255.255.0\n", ["interface GigabitEthernet1", " ip address 10.0.0.1 255.255.255.0"]),
    ("int virtual-t10 ty tu\n ip unn gi1\n tunnel mo ipsec ipv4\n",
     ["interface Virtual-Template10 type tunnel", " ip unnumbered GigabitEthernet1", " tunnel mode ipsec ipv4"]),
    ("crypto ikev2 proposal P\n encr aes-cbc-2\n", ["crypto ikev2 proposal P", " encryption aes-cbc-256"]),
    ("crypto ikev2 profile X\n reconnect timeout 0900\n", ["crypto ikev2 profile X", " reconnect timeout 900"]),
])
def test_abbreviated_input_is_written_in_canonical_spelling(typed: str, written: list[str]) -> None:
    result = load(typed)
    assert result.reports == []
    lines = render(result.config).splitlines()
    start = lines.index(written[0])
    assert lines[start:start + len(written)] == written


# -- idempotence and round trips --------------------------------------------------------------------


@pytest.mark.parametrize("source", [SEED_GATEWAY, SEED_FRAGMENT], ids=["gateway", "fragment"])
def test_render_is_idempotent_and_round_trips(source) -> None:
    first = load(source.read_text())
    once = render(first.config)
    second = load(once)
    assert second.config == first.config
    assert render(second.config) == once
    assert [r.problem for r in second.reports] == [r.problem for r in first.reports]


def test_round_trip_with_unmodelled_blocks_banners_and_negations() -> None:
    text = (
        "hostname R\n"
        "router bgp 1\n neighbor 10.0.0.2 remote-as 2\n"
        "banner motd ^C\nline one\nline two\n^C\n"
        "no ip http server\n"
        "crypto ikev2 profile X\n reconnect\n no dpd\n"
        "ip access-list standard A\n permit any\n 5 deny host 1.1.1.1\n"
        "snmp-server community public RO\n"
    )
    first = load(text)
    assert [r.problem for r in first.reports] == [Problem.UNMODELLED, Problem.UNMODELLED]
    once = render(first.config)
    again = load(once)
    assert again.config == first.config
    assert render(again.config) == once


def test_equality_sees_every_difference() -> None:
    base = load("hostname R\ncrypto ikev2 profile X\n reconnect\n").config
    assert base == load("crypto ikev2 profile X\n reconnect\nhostname R\n").config
    assert base != load("hostname R\ncrypto ikev2 profile X\n reconnect timeout 900\n").config
    assert base != load("hostname R\ncrypto ikev2 profile Y\n reconnect\n").config
    assert base != load("hostname R2\ncrypto ikev2 profile X\n reconnect\n").config
    assert base != load("hostname R\ncrypto ikev2 profile X\n reconnect\nrouter bgp 1\n").config
    assert base != "hostname R"


def test_round_trip_when_the_anchor_of_an_unmodelled_block_is_removed() -> None:
    first = load("hostname R\nrouter bgp 1\n neighbor x\nip local pool P 10.0.0.1\nno hostname\n")
    assert load(render(first.config)).config == first.config


def test_render_with_a_lone_surrogate_is_no_crash() -> None:
    result = load("hostname A\ud800\n")
    render(result.config)


# -- property: load(render(m)) == m for models built from generated lines ---------------------------


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False), st.integers(min_value=1, max_value=25))
def test_load_of_render_equals_the_model(rnd: random.Random, count: int) -> None:
    lines = generate_config_lines(rnd, count)
    model, misses = build_model(lines)
    assert misses == [], (misses, indented(lines))
    text = render(model)
    again = load(text)
    assert again.reports == [], (again.reports, text)
    assert again.config == model, (indented(lines), text)
    assert render(again.config) == text


def test_the_generator_reaches_every_mode_and_most_commands() -> None:
    """Guards the property above against a generator that quietly stopped exploring."""
    seen_modes: set[str] = set()
    seen_handlers: set[str] = set()
    for seed in range(200):
        model, misses = build_model(generate_config_lines(random.Random(seed), 20))
        assert misses == []
        stack = list(model.items)
        while stack:
            item = stack.pop()
            statement = getattr(item, "header", item)
            seen_handlers.add(statement.handler)
            if hasattr(item, "children"):
                seen_modes.add(item.mode)
                stack.extend(item.children)
    config_modes = {m for m in grammar().modes if grammar().modes[m].parent is not None}
    assert config_modes <= seen_modes
    handlers = {c.handler for m in grammar().modes.values() if m.parent is not None or m.name == "config"
                for c in m.commands if c.multiline is None}
    assert len(seen_handlers) >= 0.9 * len(handlers), sorted(handlers - seen_handlers)
