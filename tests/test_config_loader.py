"""Loading whole configurations (DESIGN.md §5): saved running-configs, pastes without indentation,
bad lines reported with line, column and IOS's text while every good line around them is applied,
unmodelled blocks kept verbatim, the reconnect/PSK guard, banners, ``no`` forms and store rules."""

from __future__ import annotations

import pytest
from grammar_fixtures import (
    INCOMPLETE,
    INVALID,
    SEED_FRAGMENT,
    SEED_GATEWAY,
    body,
    brief,
    child_texts,
    grammar,
    load,
    matcher,
    profile,
)

from iosxe_sim.config import loader
from iosxe_sim.config.loader import Problem
from iosxe_sim.config.model import Statement
from iosxe_sim.config.nvgen import render_running_config
from iosxe_sim.parser.match import Matched

# -- saved running-configs -------------------------------------------------------------------------


def test_seed_gateway_loads_with_only_the_unmodelled_block_reported() -> None:
    text = SEED_GATEWAY.read_text()
    result = load(text)
    lines = text.splitlines()
    control_plane = lines.index("control-plane") + 1
    assert brief(result.reports) == [(control_plane, 0, Problem.UNMODELLED, "not modelled: control-plane")]
    config = result.config
    assert config.first("global.hostname").args["hostname"] == "sal_c8kv"
    anyconnect = profile(config, "AnyConnect-EAP")
    assert anyconnect.first("ikev2.profile.reconnect").args == {"seconds": "900"}
    assert anyconnect.first("ikev2.profile.virtual_template").args == {"vt": "10"}
    assert [s.text for s in anyconnect.statements("ikev2.profile.match_identity")] == [
        "match identity remote key-id *$AnyConnectClient$*"
    ]
    pools = config.statements("pool.ip_local_pool")
    assert [dict(p.args) for p in pools] == [{"name": "ACPPOOL", "start": "192.168.20.5", "end": "192.168.20.10"}]
    acl = config.blocks("acl.standard")[0]
    assert [c.rendered() for c in acl.children] == ["10 permit 192.168.10.0 0.0.0.255"]
    assert anyconnect.line == lines.index("crypto ikev2 profile AnyConnect-EAP") + 1


@pytest.mark.parametrize("header", [
    "Building configuration...",
    "Current configuration : 1234 bytes",
    "Current configuration: 0 bytes",
    "!",
    "! Last configuration change at 10:00:00 UTC Mon Jan 1 2024 by admin",
    "!!",
    "end",
    "",
    "   ",
])
def test_header_and_comment_lines_are_understood(header: str) -> None:
    result = load(f"{header}\nhostname R1\n{header}\n")
    assert result.reports == []
    assert [s.text for s in result.config.items] == ["hostname R1"]


def test_crlf_tabs_and_trailing_blanks_change_nothing() -> None:
    text = SEED_GATEWAY.read_text()
    plain = load(text)
    crlf = load(text.replace("\n", "\r\n"))
    tabbed = load("\n".join(line.replace(" ", "\t", 1) if line.startswith(" ") else line
                            for line in text.splitlines()))
    trailing = load("\n".join(line + " \t " for line in text.splitlines()))
    for other in (crlf, tabbed, trailing):
        assert other.config == plain.config
        assert brief(other.reports) == brief(plain.reports)
    assert body(crlf.config) == body(plain.config)


def test_tab_indented_sub_mode_lines_go_into_their_block() -> None:
    result = load("crypto ikev2 proposal P\n\tencryption aes-cbc-256\n\tintegrity sha256\n\tgroup 19\n")
    assert result.reports == []
    proposal = result.config.blocks("ikev2.proposal")[0]
    assert child_texts(proposal) == ["encryption aes-cbc-256", "integrity sha256", "group 19"]


# -- pastes without indentation (implicit exit) ------------------------------------------------------


def test_unindented_paste_fills_the_open_block_then_returns_to_global() -> None:
    result = load(
        "crypto ikev2 profile X\n"
        "match identity remote key-id abc\n"
        "match identity remote any\n"
        "reconnect timeout 900\n"
        "ip local pool P 10.0.0.1 10.0.0.9\n"
        "hostname R\n"
    )
    assert result.reports == []
    x = profile(result.config, "X")
    assert child_texts(x) == ["match identity remote key-id abc", "match identity remote any", "reconnect timeout 900"]
    assert [s.text for s in result.config.statements("pool.ip_local_pool")] == ["ip local pool P 10.0.0.1 10.0.0.9"]
    assert result.config.first("global.hostname").text == "hostname R"


def test_seed_fragment_pasted_without_indentation_equals_the_indented_form() -> None:
    fragment = load(SEED_FRAGMENT.read_text())
    assert fragment.reports == []
    anyconnect = profile(fragment.config, "AnyConnect-EAP")
    assert anyconnect.first("ikev2.profile.reconnect").text == "reconnect timeout 900"
    assert len(anyconnect.children) == 10
    # the global lines after the last block went to global config, not into the interface
    assert fragment.config.statements("global.ip_http_server") == []
    assert [s.text for s in fragment.config.items if isinstance(s, Statement) and s.negated] == [
        "no crypto ikev2 http-url cert", "no ip http server", "no ip http secure-server"]
    indented = load("\n".join(_indent_fragment(SEED_FRAGMENT.read_text().splitlines())))
    assert indented.reports == []
    assert indented.config == fragment.config


def _indent_fragment(lines: list[str]) -> list[str]:
    """The fragment as a saved running-config writes it: sub-mode lines one space in."""
    out: list[str] = []
    inside = False
    for line in lines:
        result = matcher().match_line("config", line)
        if not line or line.startswith("!"):
            inside = False
            out.append(line)
        elif isinstance(result, Matched):
            inside = result.command.enters is not None
            out.append(line)
        else:
            assert inside, line
            out.append(" " + line)
    return out


def test_exit_lines_leave_the_sub_mode() -> None:
    result = load(
        "crypto ikev2 keyring K\n"
        " peer P\n"
        "  address 10.0.0.1\n"
        "  exit\n"
        " peer Q\n"
        "  address 10.0.0.2\n"
        "  exit\n"
        " exit\n"
        "crypto ikev2 profile X\n"
        "exit\n"
        "reconnect\n"
        "exit\n"
        "hostname R\n"
    )
    assert brief(result.reports) == [(11, 0, Problem.INVALID, INVALID)]  # "reconnect" after exit: global
    keyring = result.config.blocks("ikev2.keyring")[0]
    assert [b.header.text for b in keyring.blocks("ikev2.keyring.peer")] == ["peer P", "peer Q"]
    assert [c.text for b in keyring.blocks("ikev2.keyring.peer") for c in b.children] == [
        "address 10.0.0.1", "address 10.0.0.2"]
    assert profile(result.config, "X").children == []
    assert result.config.first("global.hostname").text == "hostname R"


def test_an_unindented_line_after_an_indented_block_is_global() -> None:
    result = load(
        "crypto ikev2 authorization policy A\n"
        " pool P\n"
        "banner motd ^CHello^C\n"
        "crypto ikev2 keyring K\n"
        " peer P\n"
        "  address 10.0.0.1\n"
        "hostname R\n"
    )
    assert result.reports == []
    assert result.config.first("global.banner").args["text"] == "Hello"
    assert result.config.first("global.hostname").text == "hostname R"
    policy = result.config.blocks("ikev2.author_policy")[0]
    assert child_texts(policy) == ["pool P"]


@pytest.mark.parametrize("word", ["EXIT", "exi", " Exit"])
def test_exit_is_case_insensitive_and_abbreviable(word: str) -> None:
    result = load(f"crypto ikev2 profile X\n{word}\nreconnect\n")
    assert brief(result.reports) == [(3, 0, Problem.INVALID, INVALID)]


def test_end_leaves_configuration_sub_modes() -> None:
    result = load("crypto ikev2 profile X\n match identity remote any\nend\nreconnect timeout 900\n")
    assert profile(result.config, "X").first("ikev2.profile.reconnect") is None
    assert [r.line for r in result.reports] == [4]


# -- bad lines -------------------------------------------------------------------------------------


def test_every_bad_line_is_reported_and_every_good_line_applied() -> None:
    text = (
        "hostname R1\n"                       # 1
        "crypto ikev2 profile P\n"            # 2
        " reconnect timeout 100\n"            # 3 invalid at "100"
        " match identity remote any\n"        # 4
        "a\n"                                 # 5 ambiguous in the profile
        " dpd 10 2\n"                         # 6 incomplete
        " virtual-template 10\n"              # 7
        "logging\n"                           # 8 incomplete (docs/ios-reference-notes.md)
        "foo bar\n"                           # 9 invalid at column 0
        "ip local pool P 10.0.0.1\n"          # 10
        "\t reconnect timeout 90000\n"        # 11 invalid (global now): caret at "reconnect"
        "interface gi1\n"                     # 12
        " ip address 10.0.0.1 255.255.255.0 extra\n"  # 13 invalid at "extra"
        " negotiation auto\n"                 # 14
        "crypto ikev2 pro Y\n"                # 15 ambiguous (profile/proposal)
    )
    result = load(text)
    raw = text.splitlines()
    assert brief(result.reports) == [
        (3, 19, Problem.INVALID, INVALID),
        (5, 0, Problem.AMBIGUOUS, '% Ambiguous command:  "a"'),
        (6, 1, Problem.INCOMPLETE, INCOMPLETE),
        (8, 0, Problem.INCOMPLETE, INCOMPLETE),
        (9, 0, Problem.INVALID, INVALID),
        (11, 2, Problem.INVALID, INVALID),
        (13, 35, Problem.INVALID, INVALID),
        (15, 0, Problem.AMBIGUOUS, '% Ambiguous command:  "crypto ikev2 pro Y"'),
    ]
    assert raw[2][19:] == "100" and raw[12][35:] == "extra" and raw[10][2:].startswith("reconnect")
    for report in result.reports:
        assert report.text.replace("\t", " ") == raw[report.line - 1].replace("\t", " ")
    config = result.config
    assert config.first("global.hostname").text == "hostname R1"
    assert child_texts(profile(config, "P")) == ["match identity remote any", "virtual-template 10"]
    assert [s.text for s in config.statements("pool.ip_local_pool")] == ["ip local pool P 10.0.0.1"]
    interface = config.blocks("interface")[0]
    assert interface.header.text == "interface GigabitEthernet1"
    assert child_texts(interface) == ["negotiation auto"]


def test_a_first_word_that_is_no_ios_command_stays_an_error() -> None:
    result = load("frobnicate 1 2\n frobnicate\nhostname R\nrouterx bgp 1\n")
    assert brief(result.reports) == [
        (1, 0, Problem.INVALID, INVALID), (2, 1, Problem.INVALID, INVALID), (4, 0, Problem.INVALID, INVALID)]
    assert result.config.verbatim == []


def test_an_unknown_line_inside_a_modelled_sub_mode_stays_an_error() -> None:
    result = load(
        "crypto ikev2 profile X\n"
        " snmp-server community x RO\n"
        " router bgp 1\n"
        " reconnect\n"
        "  bogus line here\n"
    )
    assert brief(result.reports) == [
        (2, 1, Problem.INVALID, INVALID), (3, 1, Problem.INVALID, INVALID), (5, 2, Problem.INVALID, INVALID)]
    assert result.config.verbatim == []
    assert child_texts(profile(result.config, "X")) == ["reconnect"]


def test_an_overlong_line_is_reported_and_its_neighbours_applied() -> None:
    result = load("hostname A\ndescription " + "x" * 5000 + "\nhostname B\n")
    assert [(r.line, r.problem) for r in result.reports] == [(2, Problem.TOO_LONG)]
    assert result.config.first("global.hostname").text == "hostname B"


def test_lines_past_the_line_limit_are_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "MAX_LINES", 3)
    result = load("hostname A\n!\n!\nhostname B\nfoo\n")
    assert result.reports, "lines 4-5 were neither applied nor reported"


@pytest.mark.parametrize("separator", ["\x0c", "\x85", "\u2028"])
def test_line_numbers_count_only_newlines(separator: str) -> None:
    result = load(f"interface gi1\n description a{separator}b\nfoo\n")
    assert [r.line for r in result.reports] == [3]


# -- unmodelled blocks -----------------------------------------------------------------------------

UNMODELLED = (
    "hostname R\n"                                          # 1
    "router bgp 65000\n"                                    # 2
    " bgp log-neighbor-changes\n"
    " neighbor 10.0.0.2 remote-as 65001\n"
    " !\n"
    " address-family ipv4\n"
    "  neighbor 10.0.0.2 activate\n"
    " exit-address-family\n"
    "!\n"
    "snmp-server community x RO\n"                          # 10
    "crypto pki trustpool policy\n"                         # 11
    " revocation-check none\n"
    " match certificate ALLOW_EXPIRED allow expired-certificate\n"
    " cabundle url none\n"
    "control-plane\n"                                       # 15
    "!\n"
    "ip local pool P 10.0.0.1\n"                            # 17
)


def test_unmodelled_blocks_are_kept_verbatim_and_reported() -> None:
    result = load(UNMODELLED)
    assert brief(result.reports) == [
        (2, 0, Problem.UNMODELLED, "not modelled: router"),
        (10, 0, Problem.UNMODELLED, "not modelled: snmp-server"),
        (11, 0, Problem.UNMODELLED, "not modelled: crypto pki trustpool"),
        (15, 0, Problem.UNMODELLED, "not modelled: control-plane"),
    ]
    raw = UNMODELLED.splitlines()
    assert [v.lines for v in result.config.verbatim] == [raw[1:8], raw[9:10], raw[10:14], raw[14:15]]
    assert [v.line for v in result.config.verbatim] == [2, 10, 11, 15]
    assert [s.text for s in result.config.statements("pool.ip_local_pool")] == ["ip local pool P 10.0.0.1"]


def test_unmodelled_blocks_are_written_back_in_place() -> None:
    result = load(UNMODELLED)
    out = body(result.config)
    raw = UNMODELLED.splitlines()
    start = out.index("router bgp 65000")
    assert out.index("hostname R") < start < out.index("ip local pool P 10.0.0.1")
    assert out[start:start + 7] == raw[1:8]
    chain = out.index("crypto pki trustpool policy")
    assert out[chain:chain + 4] == raw[10:14]
    assert out.index("snmp-server community x RO") < chain < out.index("control-plane")
    again = load(render_running_config(result.config, grammar()))
    assert again.config == result.config
    assert [r.problem for r in again.reports] == [Problem.UNMODELLED] * 4


def test_unindented_unmodelled_line_closes_the_open_block() -> None:
    result = load("crypto ikev2 profile X\nrouter bgp 1\n neighbor 1.1.1.1 remote-as 2\nreconnect\n")
    assert [(r.line, r.problem) for r in result.reports] == [(2, Problem.UNMODELLED), (4, Problem.INVALID)]
    assert profile(result.config, "X").children == []


def test_a_negated_unmodelled_command_is_kept_too() -> None:
    result = load("no cdp run\nno ip source-route\n")
    assert [(r.line, r.problem) for r in result.reports] == [(1, Problem.UNMODELLED), (2, Problem.UNMODELLED)]
    assert [v.lines for v in result.config.verbatim] == [["no cdp run"], ["no ip source-route"]]


def test_unmodelled_sub_mode_lines_are_kept_in_their_block_and_reported_as_info() -> None:
    text = ("interface GigabitEthernet2\n ipv6 address 2001:db8::1/64\n service-policy output QOS\n"
            " ip ospf cost 10\n ip address 10.0.0.1 255.255.255.0\n ip frobnicate\n")
    result = load(text)
    problems = [(r.line, r.problem) for r in result.reports]
    assert problems == [(2, Problem.UNMODELLED), (3, Problem.UNMODELLED), (4, Problem.UNMODELLED),
                        (6, Problem.INVALID)]
    block = result.config.blocks("interface")[0]
    assert block.verbatim == ["ipv6 address 2001:db8::1/64", "service-policy output QOS", "ip ospf cost 10"]
    rendered = render_running_config(result.config, grammar())
    assert " ip address 10.0.0.1 255.255.255.0\n ipv6 address 2001:db8::1/64\n" in rendered
    assert load(rendered).config == result.config


def test_an_unindented_global_line_after_a_block_is_not_taken_for_the_block_s_unmodelled_command() -> None:
    # `logging` is an interface command we do not model, and a global one we do (a hypothesis find)
    result = load("interface GigabitEthernet0\n!\nlogging 0.0.0.0\n")
    assert result.reports == []
    indented = load("interface GigabitEthernet0\n logging event link-status\n")
    assert [r.problem.value for r in indented.reports] == ["unmodelled"]


def test_a_parent_command_wins_over_a_sub_mode_word_we_do_not_model() -> None:
    """`logging` starts unmodelled interface commands, but `logging host` is global: after an empty
    interface block (no indentation to go by) IOS's implicit exit applies it globally."""
    result = load("interface GigabitEthernet0\n!\nlogging host 10.0.0.1\n")
    assert result.reports == []
    assert [s.text for s in result.config.statements("global.logging_host")] == ["logging host 10.0.0.1"]
