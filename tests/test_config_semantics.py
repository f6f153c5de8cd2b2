"""Applying configuration lines (DESIGN.md §5): the reconnect/PSK guard, banners, ``no`` forms,
the store rules (set, list, merge, sequenced) and odd input that must not crash the loader."""


from __future__ import annotations

import pytest
from grammar_fixtures import INVALID, PSK, body, brief, child_texts, grammar, load, profile

from iosxe_sim.config.loader import Problem
from iosxe_sim.config.nvgen import render_running_config

# -- the reconnect / pre-shared key guard (docs/ios-reference-notes.md) --------------------------------------------

PSK_COMMANDS = [
    "authentication local pre-share",
    "authentication local pre-share key 0 secret",
    "authentication remote pre-share",
    "keyring local KR",
    "keyring aaa LIST",
    "aaa authorization group psk list L",
    "aaa authorization user psk cached",
]


@pytest.mark.parametrize("psk", PSK_COMMANDS)
def test_psk_after_reconnect_is_rejected_and_reconnect_stays(psk: str) -> None:
    result = load(f"crypto ikev2 profile A\n reconnect timeout 900\n {psk}\n match identity remote any\n")
    assert [(r.line, r.column, r.problem, r.message, r.related_line) for r in result.reports] == [
        (3, 1, Problem.REJECTED, PSK.format(psk), 2)]
    assert child_texts(profile(result.config, "A")) == ["reconnect timeout 900", "match identity remote any"]


@pytest.mark.parametrize("psk", PSK_COMMANDS)
def test_reconnect_after_psk_is_rejected_and_psk_stays(psk: str) -> None:
    result = load(f"crypto ikev2 profile A\n {psk}\n reconnect\n")
    assert [(r.line, r.problem, r.message, r.related_line) for r in result.reports] == [
        (3, Problem.REJECTED, PSK.format(psk), 2)]
    assert child_texts(profile(result.config, "A")) == [psk]


def test_guard_is_per_profile_and_lifted_by_no_reconnect() -> None:
    result = load(
        "crypto ikev2 profile A\n reconnect\n"
        "crypto ikev2 profile B\n authentication remote pre-share\n"
        "crypto ikev2 profile A\n no reconnect\n authentication remote pre-share\n"
        "crypto ikev2 profile C\n authentication remote eap query-identity\n reconnect\n"
    )
    assert result.reports == []
    assert child_texts(profile(result.config, "A")) == ["authentication remote pre-share"]
    assert child_texts(profile(result.config, "C")) == ["authentication remote eap query-identity", "reconnect"]


def test_guard_applies_when_the_profile_is_entered_again() -> None:
    result = load("crypto ikev2 profile A\n reconnect\n!\nhostname R\ncrypto ikev2 profile A\n keyring local K\n")
    assert [(r.line, r.problem, r.related_line) for r in result.reports] == [(6, Problem.REJECTED, 2)]


# -- banners ---------------------------------------------------------------------------------------


def test_banner_motd_with_caret_c_runs_across_lines() -> None:
    text = (
        "banner motd ^C\n"
        "Authorized access only\n"
        "! not a comment\n"
        "end\n"
        "^C\n"
        "hostname R\n"
    )
    result = load(text)
    assert result.reports == []
    banner = result.config.first("global.banner")
    assert banner.args["kind"] == "motd"
    assert banner.args["text"] == "\nAuthorized access only\n! not a comment\nend\n"
    out = body(result.config)
    start = out.index("banner motd ^C")
    assert out[start:start + 5] == ["banner motd ^C", "Authorized access only", "! not a comment", "end", "^C"]
    assert result.config.first("global.hostname").text == "hostname R"
    assert load(render_running_config(result.config, grammar())).config == result.config


@pytest.mark.parametrize("line, kind, text", [
    ("banner login #Hello#", "login", "Hello"),
    ("banner motd ^CWelcome to R1^C", "motd", "Welcome to R1"),
    ("banner exec xHix", "exec", "Hi"),
])
def test_single_line_banners_are_rewritten_with_caret_c(line: str, kind: str, text: str) -> None:
    result = load(line + "\nhostname R\n")
    assert result.reports == []
    banner = result.config.first("global.banner")
    assert (banner.args["kind"], banner.args["text"]) == (kind, text)
    assert f"banner {kind} ^C{text}^C" in body(result.config)


def test_no_banner_removes_the_banner() -> None:
    result = load("banner motd ^CHi^C\nno banner motd\nhostname R\n")
    assert result.reports == []
    assert result.config.statements("global.banner") == []


# -- "no" forms ------------------------------------------------------------------------------------


def test_no_forms_remove_statements_and_blocks() -> None:
    result = load(
        "hostname R\n"
        "ip local pool P 10.0.0.1\n"
        "ip local pool Q 10.0.1.1\n"
        "crypto ikev2 profile X\n reconnect timeout 900\n dpd 10 2 on-demand\n virtual-template 10\n"
        "crypto ikev2 profile Y\n reconnect\n"
        "interface Loopback0\n description gone\n"
        "ip http server\n"
        "!\n"
        "no hostname\n"
        "no ip local pool P\n"
        "crypto ikev2 profile X\n no reconnect\n no dpd\n"
        "no crypto ikev2 profile Y\n"
        "no interface lo0\n"
        "no ip http server\n"
    )
    assert result.reports == []
    config = result.config
    assert config.statements("global.hostname") == []
    assert [s.text for s in config.statements("pool.ip_local_pool")] == ["ip local pool Q 10.0.1.1"]
    assert [b.name for b in config.blocks("ikev2.profile")] == ["X"]
    assert child_texts(profile(config, "X")) == ["virtual-template 10"]
    assert config.blocks("interface") == []
    assert "no ip http server" in body(config) and "ip http server" not in body(config)


def test_no_of_something_absent_is_silent() -> None:
    result = load("no hostname\nno crypto ikev2 profile Nope\ncrypto ikev2 profile X\n no reconnect\n")
    assert result.reports == []
    assert child_texts(profile(result.config, "X")) == []


# -- store rules: set, list, merge, sequenced ------------------------------------------------------


def test_merge_accumulates_algorithms_on_one_line() -> None:
    result = load(
        "crypto ikev2 proposal P\n"
        " encryption aes-cbc-256\n"
        " encryption aes-cbc-128\n"
        " group 14\n"
        " group 19 14\n"
        " integrity sha512 sha384\n"
        " no integrity sha512\n"
        " prf sha256\n"
        " no prf\n"
    )
    assert result.reports == []
    proposal = result.config.blocks("ikev2.proposal")[0]
    assert child_texts(proposal) == ["encryption aes-cbc-256 aes-cbc-128", "group 14 19", "integrity sha384"]
    assert proposal.first("ikev2.proposal.encryption").args["algorithms"] == ("aes-cbc-256", "aes-cbc-128")
    assert body(result.config)[1:6] == [
        "crypto ikev2 proposal P", " encryption aes-cbc-256 aes-cbc-128", " integrity sha384", " group 14 19", "!"]


def test_set_commands_replace_and_list_commands_accumulate() -> None:
    result = load(
        "crypto ikev2 profile X\n"
        " dpd 10 2 on-demand\n"
        " dpd 20 3 periodic\n"
        " match identity remote key-id a\n"
        " match identity remote key-id b\n"
        " match identity remote key-id a\n"
        " aaa authorization group anyconnect-eap list A\n"
        " aaa authorization group anyconnect-eap list B\n"
        " aaa authorization group eap list C\n"
        "hostname one\n"
        "hostname two\n"
    )
    assert result.reports == []
    x = profile(result.config, "X")
    assert [s.text for s in x.statements("ikev2.profile.dpd")] == ["dpd 20 3 periodic"]
    assert sorted(s.text for s in x.statements("ikev2.profile.match_identity")) == [
        "match identity remote key-id a", "match identity remote key-id b"]
    assert [s.text for s in x.statements("ikev2.profile.aaa_authorization_group")] == [
        "aaa authorization group anyconnect-eap list B", "aaa authorization group eap list C"]
    assert [s.text for s in result.config.statements("global.hostname")] == ["hostname two"]


def test_acl_entries_are_numbered_by_ten_sorted_and_removable() -> None:
    result = load(
        "ip access-list standard A\n"
        " permit any\n"                     # 10
        " deny host 1.1.1.1\n"              # 20
        " 5 remark first\n"
        " 15 permit 2.2.2.0 0.0.0.255\n"
        " no 10\n"
        " permit 3.3.3.3\n"                 # max + 10 = 30
        " 20 deny host 4.4.4.4\n"           # replaces 20
        " no permit 3.3.3.3\n"
    )
    assert result.reports == []
    acl = result.config.blocks("acl.standard")[0]
    assert body(result.config)[1:6] == [
        "ip access-list standard A", " 5 remark first", " 15 permit 2.2.2.0 0.0.0.255", " 20 deny host 4.4.4.4", "!"]
    assert sorted(int(c.args["seq"]) for c in acl.children) == [5, 15, 20]


def test_acl_auto_numbering_stays_within_the_sequence_range() -> None:
    result = load("ip access-list standard A\n 2147483647 permit any\n permit host 1.1.1.1\n")
    acl = result.config.blocks("acl.standard")[0]
    assert all(int(c.args["seq"]) <= 2147483647 for c in acl.children)
    assert [r.line for r in result.reports] == [3]


# -- crashes on odd input --------------------------------------------------------------------------


def test_lone_surrogate_in_enable_secret_is_no_crash() -> None:
    result = load("enable secret A\ud800B\nhostname R\n")
    assert result.config.first("global.hostname").text == "hostname R"


def test_superscript_digit_in_a_number_is_an_invalid_line_not_a_crash() -> None:
    result = load("ip local pool P 1.1.1.²\nhostname R\n")
    assert brief(result.reports) == [(1, 16, Problem.INVALID, INVALID)]
