"""Matching, help and completion (DESIGN.md §4), table-driven from the seed configs and docs/ios-reference-notes.md-§B.

Caret columns are offsets into the typed text (the shell adds the prompt's width).
"""

from __future__ import annotations

import random

import pytest
from grammar_fixtures import grammar, matcher, sample_tokens

from iosxe_sim.parser.match import MAX_LINE, Ambiguous, Incomplete, Invalid, Matched

# -- lines that match ------------------------------------------------------------------------------

# (mode, typed, canonical text, captured args)
MATCHES: list[tuple[str, str, str, dict[str, object]]] = [
    # ikev2-profile: docs/ios-reference-notes.md and the seed
    ("ikev2-profile", "reconnect", "reconnect", {}),
    ("ikev2-profile", "reconnect timeout 900", "reconnect timeout 900", {"seconds": "900"}),
    ("ikev2-profile", "rec ti 900", "reconnect timeout 900", {"seconds": "900"}),
    ("ikev2-profile", "RECONNECT TIMEOUT 900", "reconnect timeout 900", {"seconds": "900"}),
    ("ikev2-profile", "Reconnect Timeout 600", "reconnect timeout 600", {"seconds": "600"}),
    ("ikev2-profile", "reconnect timeout 86400", "reconnect timeout 86400", {"seconds": "86400"}),
    ("ikev2-profile", "reconnect timeout 0900", "reconnect timeout 900", {"seconds": "900"}),
    ("ikev2-profile", "reconnect   timeout\t900  ", "reconnect timeout 900", {"seconds": "900"}),
    ("ikev2-profile", "au l rsa", "authentication local rsa-sig", {"method": "rsa-sig"}),
    ("ikev2-profile", "authentication local rsa-sig", "authentication local rsa-sig", {"method": "rsa-sig"}),
    ("ikev2-profile", "authentication local pre-share key 0 cisco123", "authentication local pre-share key 0 cisco123",
     {"method": "pre-share", "keytype": "0", "psk": "cisco123"}),
    ("ikev2-profile", "authentication remote anyconnect-eap aggregate",
     "authentication remote anyconnect-eap aggregate", {"method": "anyconnect-eap", "aggregate": "aggregate"}),
    ("ikev2-profile", "au r anyconnect-eap ag cert-request",
     "authentication remote anyconnect-eap aggregate cert-request",
     {"method": "anyconnect-eap", "aggregate": "aggregate", "certreq": "cert-request"}),
    ("ikev2-profile", "authentication remote eap query-identity timeout 60",
     "authentication remote eap query-identity timeout 60",
     {"method": "eap", "query": "query-identity", "eaptimeout": "60"}),
    ("ikev2-profile", "match identity remote key-id *$AnyConnectClient$*",
     "match identity remote key-id *$AnyConnectClient$*", {"kind": "key-id", "keyid": "*$AnyConnectClient$*"}),
    ("ikev2-profile", "match identity remote address 10.0.0.1 255.255.255.255",
     "match identity remote address 10.0.0.1 255.255.255.255",
     {"kind": "address", "address": "10.0.0.1", "mask": "255.255.255.255"}),
    ("ikev2-profile", "match identity remote fqdn domain example.com",
     "match identity remote fqdn domain example.com", {"kind": "fqdn", "domain": "domain", "fqdn": "example.com"}),
    ("ikev2-profile", "match identity remote any", "match identity remote any", {"kind": "any"}),
    ("ikev2-profile", "match fvrf any", "match fvrf any", {"any": "any"}),
    ("ikev2-profile", "match fvrf BLUE", "match fvrf BLUE", {"fvrf": "BLUE"}),
    ("ikev2-profile", "match address local interface gi1", "match address local interface GigabitEthernet1",
     {"interface": "GigabitEthernet1"}),
    ("ikev2-profile", "identity local fqdn vpn.example.com", "identity local fqdn vpn.example.com",
     {"kind": "fqdn", "fqdn": "vpn.example.com"}),
    ("ikev2-profile", "pki trustpoint IKEv2-TP", "pki trustpoint IKEv2-TP", {"trustpoint": "IKEv2-TP"}),
    ("ikev2-profile", "pki trustpoint TP sign", "pki trustpoint TP sign", {"trustpoint": "TP", "usage": "sign"}),
    ("ikev2-profile", "aaa authentication anyconnect-eap a-eap-authen-local",
     "aaa authentication anyconnect-eap a-eap-authen-local", {"method": "anyconnect-eap", "list": "a-eap-authen-local"}),
    ("ikev2-profile", "aaa authorization group anyconnect-eap list a-eap-author-grp ikev2-auth-policy",
     "aaa authorization group anyconnect-eap list a-eap-author-grp ikev2-auth-policy",
     {"method": "anyconnect-eap", "list": "a-eap-author-grp", "policy": "ikev2-auth-policy"}),
    ("ikev2-profile", "aaa authorization group override cert list L", "aaa authorization group override cert list L",
     {"override": "override", "method": "cert", "list": "L"}),
    ("ikev2-profile", "aaa authorization user anyconnect-eap cached", "aaa authorization user anyconnect-eap cached",
     {"method": "anyconnect-eap", "cached": "cached"}),
    ("ikev2-profile", "aaa accounting anyconnect-eap ACCT", "aaa accounting anyconnect-eap ACCT",
     {"method": "anyconnect-eap", "list": "ACCT"}),
    ("ikev2-profile", "virtual-template 10", "virtual-template 10", {"vt": "10"}),
    ("ikev2-profile", "virtual-template 10 mode auto", "virtual-template 10 mode auto", {"vt": "10", "auto": "auto"}),
    ("ikev2-profile", "anyconnect profile acvpn", "anyconnect profile acvpn", {"acprofile": "acvpn"}),
    ("ikev2-profile", "dpd 10 2 on-demand", "dpd 10 2 on-demand",
     {"interval": "10", "retry": "2", "dpdmode": "on-demand"}),
    ("ikev2-profile", "dpd 3600 60 periodic", "dpd 3600 60 periodic",
     {"interval": "3600", "retry": "60", "dpdmode": "periodic"}),
    ("ikev2-profile", "dpd 10 2 o", "dpd 10 2 on-demand", {"interval": "10", "retry": "2", "dpdmode": "on-demand"}),
    ("ikev2-profile", "lifetime 86400", "lifetime 86400", {"lifetime": "86400"}),
    ("ikev2-profile", "keyring local KR", "keyring local KR", {"keyring": "KR"}),
    ("ikev2-profile", "keyring aaa LIST", "keyring aaa LIST", {"list": "LIST"}),
    ("ikev2-profile", "nat keepalive 20", "nat keepalive 20", {"keepalive": "20"}),
    ("ikev2-profile", "nat force-encap", "nat force-encap", {}),
    ("ikev2-profile", "ivrf BLUE", "ivrf BLUE", {"ivrf": "BLUE"}),
    ("ikev2-profile", "description  Remote access  profile ", "description Remote access  profile",
     {"text": "Remote access  profile"}),
    ("ikev2-profile", "shutdown", "shutdown", {}),
    ("ikev2-profile", "initial-contact force", "initial-contact force", {}),
    ("ikev2-profile", "config-exchange set accept", "config-exchange set accept", {"option": "accept"}),
    ("ikev2-profile", "no reconnect", "no reconnect", {}),
    ("ikev2-profile", "no rec ti", "no reconnect timeout", {}),
    ("ikev2-profile", "NO RECONNECT TIMEOUT 900", "no reconnect timeout 900", {"seconds": "900"}),
    ("ikev2-profile", "no dpd", "no dpd", {}),
    ("ikev2-profile", "no authentication remote pre-share", "no authentication remote pre-share",
     {"method": "pre-share"}),
    # global configuration (seed-gateway.cfg)
    ("config", "crypto ikev2 profile AnyConnect-EAP", "crypto ikev2 profile AnyConnect-EAP", {"name": "AnyConnect-EAP"}),
    ("config", "crypto ikev2 prof X", "crypto ikev2 profile X", {"name": "X"}),
    ("config", "cry ikev2 propo default", "crypto ikev2 proposal default", {"name": "default"}),
    ("config", "crypto ikev2 authorization policy ikev2-auth-policy",
     "crypto ikev2 authorization policy ikev2-auth-policy", {"name": "ikev2-auth-policy"}),
    ("config", "crypto ikev2 policy default", "crypto ikev2 policy default", {"name": "default"}),
    ("config", "crypto ipsec transform-set TSET esp-aes 256 esp-sha384-hmac",
     "crypto ipsec transform-set TSET esp-aes 256 esp-sha384-hmac",
     {"name": "TSET", "cipher": "esp-aes", "keysize": "256", "hmac": "esp-sha384-hmac"}),
    ("config", "crypto ipsec profile AnyConnect-EAP", "crypto ipsec profile AnyConnect-EAP", {"name": "AnyConnect-EAP"}),
    ("config", "interface GigabitEthernet1", "interface GigabitEthernet1", {"name": "GigabitEthernet1"}),
    ("config", "interface gi1", "interface GigabitEthernet1", {"name": "GigabitEthernet1"}),
    ("config", "int g1", "interface GigabitEthernet1", {"name": "GigabitEthernet1"}),
    ("config", "interface GigabitEthernet0/0/1.100", "interface GigabitEthernet0/0/1.100",
     {"name": "GigabitEthernet0/0/1.100"}),
    ("config", "interface lo0", "interface Loopback0", {"name": "Loopback0"}),
    ("config", "interface Virtual-Template10 type tunnel", "interface Virtual-Template10 type tunnel",
     {"name": "Virtual-Template10", "type": "tunnel"}),
    ("config", "int virtual-t10 ty tu", "interface Virtual-Template10 type tunnel",
     {"name": "Virtual-Template10", "type": "tunnel"}),
    ("config", "ip local pool ACPPOOL 192.168.20.5 192.168.20.10", "ip local pool ACPPOOL 192.168.20.5 192.168.20.10",
     {"name": "ACPPOOL", "start": "192.168.20.5", "end": "192.168.20.10"}),
    ("config", "ip loc po P 10.0.0.1", "ip local pool P 10.0.0.1", {"name": "P", "start": "10.0.0.1"}),
    ("config", "ip access-list standard split_tunnel", "ip access-list standard split_tunnel", {"name": "split_tunnel"}),
    ("config", "ip access-list standard 10", "ip access-list standard 10", {"name": "10"}),
    ("config", "ip route 0.0.0.0 0.0.0.0 10.106.45.1", "ip route 0.0.0.0 0.0.0.0 10.106.45.1",
     {"prefix": "0.0.0.0", "mask": "0.0.0.0", "nexthop": "10.106.45.1"}),
    ("config", "ip route 0.0.0.0 0.0.0.0 gi1 10.0.0.1 5", "ip route 0.0.0.0 0.0.0.0 GigabitEthernet1 10.0.0.1 5",
     {"prefix": "0.0.0.0", "mask": "0.0.0.0", "interface": "GigabitEthernet1", "nexthop": "10.0.0.1",
      "distance": "5"}),
    ("config", "hostname sal_c8kv", "hostname sal_c8kv", {"hostname": "sal_c8kv"}),
    ("config", "HOSTNAME R1", "hostname R1", {"hostname": "R1"}),
    ("config", "aaa new-model", "aaa new-model", {}),
    ("config", "aaa new", "aaa new-model", {}),
    ("config", "aaa authentication login a-eap-authen-local local", "aaa authentication login a-eap-authen-local local",
     {"list": "a-eap-authen-local", "methods": ("local",)}),
    ("config", "aaa authorization network a-eap-author-grp local", "aaa authorization network a-eap-author-grp local",
     {"service": "network", "list": "a-eap-author-grp", "methods": ("local",)}),
    ("config", "aaa session-id common", "aaa session-id common", {}),
    ("config", "username test password 0 cisco", "username test password 0 cisco",
     {"name": "test", "kind": "password", "type": "0", "password": "cisco"}),
    ("config", "username u priv 15 secret 9 abc", "username u privilege 15 secret 9 abc",
     {"name": "u", "level": "15", "kind": "secret", "type": "9", "password": "abc"}),
    ("config", "crypto vpn anyconnect bootflash:cisco-secure-client-win-5.1.8.105-webdeploy-k9.pkg sequence 1",
     "crypto vpn anyconnect bootflash:cisco-secure-client-win-5.1.8.105-webdeploy-k9.pkg sequence 1",
     {"package": "bootflash:cisco-secure-client-win-5.1.8.105-webdeploy-k9.pkg", "sequence": "1"}),
    ("config", "crypto vpn anyconnect profile acvpn bootflash:acvpn.xml",
     "crypto vpn anyconnect profile acvpn bootflash:acvpn.xml", {"name": "acvpn", "file": "bootflash:acvpn.xml"}),
    ("config", "no crypto ikev2 http-url cert", "no crypto ikev2 http-url cert", {}),
    ("config", "no ip http server", "no ip http server", {}),
    ("config", "version 17.16", "version 17.16", {"version": "17.16"}),
    ("config", "service timestamps debug datetime msec", "service timestamps debug datetime msec",
     {"facility": "debug", "format": "datetime msec", "options": ("msec",)}),
    ("config", "line vty 0 4", "line vty 0 4", {"kind": "vty", "first": "0", "last": "4"}),
    ("config", "line con 0", "line con 0", {"kind": "con", "first": "0"}),
    ("config", "crypto pki trustpoint IKEv2-TP", "crypto pki trustpoint IKEv2-TP", {"name": "IKEv2-TP"}),
    ("config", "no crypto ikev2 profile X", "no crypto ikev2 profile X", {"name": "X"}),
    ("config", "no hostname", "no hostname", {}),
    # sub-modes
    ("ikev2-author-policy", "pool ACPPOOL", "pool ACPPOOL", {"pool": "ACPPOOL"}),
    ("ikev2-author-policy", "def-domain example.com", "def-domain example.com", {"domain": "example.com"}),
    ("ikev2-author-policy", "route set access-list split_tunnel", "route set access-list split_tunnel",
     {"acl": "split_tunnel"}),
    ("ikev2-author-policy", "route set access-list 10", "route set access-list 10", {"aclnum": "10"}),
    ("ikev2-author-policy", "route set access-list 1500", "route set access-list 1500", {"aclnum": "1500"}),
    ("ikev2-author-policy", "dns 10.0.0.1 10.0.0.2", "dns 10.0.0.1 10.0.0.2", {"dns1": "10.0.0.1", "dns2": "10.0.0.2"}),
    ("ikev2-author-policy", "route set remote ipv4 10.0.0.0 255.0.0.0", "route set remote ipv4 10.0.0.0 255.0.0.0",
     {"prefix": "10.0.0.0", "mask": "255.0.0.0"}),
    ("ikev2-author-policy", "no pool", "no pool", {}),
    ("ikev2-proposal", "encryption aes-cbc-256", "encryption aes-cbc-256", {"algorithms": ("aes-cbc-256",)}),
    ("ikev2-proposal", "encr aes-cbc-2", "encryption aes-cbc-256", {"algorithms": ("aes-cbc-256",)}),
    ("ikev2-proposal", "encryption aes-gcm-256 aes-gcm-128", "encryption aes-gcm-256 aes-gcm-128",
     {"algorithms": ("aes-gcm-256", "aes-gcm-128")}),
    ("ikev2-proposal", "integrity sha512 sha384", "integrity sha512 sha384", {"algorithms": ("sha512", "sha384")}),
    ("ikev2-proposal", "group 19 14 21", "group 19 14 21", {"groups": ("19", "14", "21")}),
    ("ikev2-proposal", "prf sha256", "prf sha256", {"algorithms": ("sha256",)}),
    ("ikev2-proposal", "no encryption aes-cbc-128", "no encryption aes-cbc-128", {"algorithms": ("aes-cbc-128",)}),
    ("ikev2-policy", "match fvrf any", "match fvrf any", {"any": "any"}),
    ("ikev2-policy", "proposal default", "proposal default", {"proposal": "default"}),
    ("ikev2-keyring", "peer P", "peer P", {"peer": "P"}),
    ("ikev2-keyring-peer", "pre-shared-key local 0 abc", "pre-shared-key local 0 abc",
     {"direction": "local", "type": "0", "key": "abc"}),
    ("ipsec-transform-set", "mode tunnel", "mode tunnel", {"mode": "tunnel"}),
    ("ipsec-transform-set", "mode transport require", "mode transport require",
     {"mode": "transport", "require": "require"}),
    ("ipsec-profile", "set transform-set TSET", "set transform-set TSET", {"transformsets": ("TSET",)}),
    ("ipsec-profile", "set transform-set A B C", "set transform-set A B C", {"transformsets": ("A", "B", "C")}),
    ("ipsec-profile", "set ikev2-profile AnyConnect-EAP", "set ikev2-profile AnyConnect-EAP",
     {"ikev2profile": "AnyConnect-EAP"}),
    ("ipsec-profile", "set pfs group19", "set pfs group19", {"group": "group19"}),
    ("interface", "ip address 10.106.45.225 255.255.255.0", "ip address 10.106.45.225 255.255.255.0",
     {"address": "10.106.45.225", "mask": "255.255.255.0"}),
    ("interface", "ip unnumbered gi1", "ip unnumbered GigabitEthernet1", {"unnumbered": "GigabitEthernet1"}),
    ("interface", "tunnel mode ipsec ipv4", "tunnel mode ipsec ipv4", {"family": "ipv4"}),
    ("interface", "tunnel protection ipsec profile AnyConnect-EAP", "tunnel protection ipsec profile AnyConnect-EAP",
     {"ipsecprofile": "AnyConnect-EAP"}),
    ("interface", "negotiation auto", "negotiation auto", {}),
    ("interface", "ip nat in", "ip nat inside", {"side": "inside"}),
    ("interface", "no shutdown", "no shutdown", {}),
    ("acl-standard", "10 permit 192.168.10.0 0.0.0.255", "10 permit 192.168.10.0 0.0.0.255",
     {"seq": "10", "action": "permit", "address": "192.168.10.0", "wildcard": "0.0.0.255"}),
    ("acl-standard", "permit any", "permit any", {"action": "permit", "any": "any"}),
    ("acl-standard", "deny host 10.0.0.1 log", "deny host 10.0.0.1 log",
     {"action": "deny", "host": "10.0.0.1", "log": "log"}),
    ("acl-standard", "no 10", "no 10", {"seq": "10"}),
    ("acl-extended", "permit tcp any host 1.1.1.1 eq 443", "permit tcp any host 1.1.1.1 eq 443",
     {"action": "permit", "protocol": "tcp", "srcany": "any", "dsthost": "1.1.1.1", "dop": "eq", "dport": "443"}),
    ("line", "stopbits 1", "stopbits 1", {"stopbits": "1"}),
    ("line", "login local", "login local", {"local": "local"}),
    ("line", "transport input ssh", "transport input ssh", {"direction": "input", "protocols": ("ssh",)}),
    ("ca-trustpoint", "enrollment selfsigned", "enrollment selfsigned", {"enrollment": "selfsigned"}),
    ("ca-trustpoint", "subject-name cn=sal_c8kv.example.com", "subject-name cn=sal_c8kv.example.com",
     {"subject": "cn=sal_c8kv.example.com"}),
    ("ca-trustpoint", "revocation-check none", "revocation-check none", {"methods": ("none",)}),
    ("ca-trustpoint", "rsakeypair IKEv2-TP 2048", "rsakeypair IKEv2-TP 2048", {"keypair": "IKEv2-TP", "modulus": "2048"}),
    ("exec", "sh run", "show running-config", {}),
    ("exec", "show running-config", "show running-config", {}),
    ("exec", "conf t", "configure terminal", {}),
]


@pytest.mark.parametrize("mode, typed, canonical, args", MATCHES, ids=[f"{m}:{t}" for m, t, _, _ in MATCHES])
def test_line_matches_with_args_and_canonical_text(mode: str, typed: str, canonical: str, args: dict) -> None:
    result = matcher().match_line(mode, typed)
    assert isinstance(result, Matched), result
    assert dict(result.args) == args
    assert result.canonical == canonical
    assert result.command.mode == mode
    assert result.command.negated == canonical.startswith("no ")
    # the canonical text reads back as the same command with the same arguments
    again = matcher().match_line(mode, canonical)
    assert isinstance(again, Matched) and again.command is result.command and dict(again.args) == args


@pytest.mark.parametrize("mode, typed, enters", [
    ("config", "crypto ikev2 profile X", "ikev2-profile"),
    ("config", "crypto ikev2 authorization policy P", "ikev2-author-policy"),
    ("config", "crypto ikev2 proposal P", "ikev2-proposal"),
    ("config", "crypto ikev2 policy P", "ikev2-policy"),
    ("config", "crypto ikev2 keyring K", "ikev2-keyring"),
    ("ikev2-keyring", "peer P", "ikev2-keyring-peer"),
    ("config", "crypto ipsec transform-set T esp-gcm 256", "ipsec-transform-set"),
    ("config", "crypto ipsec profile P", "ipsec-profile"),
    ("config", "interface Virtual-Template10 type tunnel", "interface"),
    ("config", "ip access-list standard A", "acl-standard"),
    ("config", "ip access-list extended E", "acl-extended"),
    ("config", "crypto pki trustpoint TP", "ca-trustpoint"),
    ("config", "line vty 0 4", "line"),
    ("exec", "configure terminal", "config"),
])
def test_entry_commands_enter_their_sub_mode(mode: str, typed: str, enters: str) -> None:
    result = matcher().match_line(mode, typed)
    assert isinstance(result, Matched) and result.command.enters == enters
    negated = matcher().match_line(mode, "no " + typed) if mode != "exec" else None
    if negated is not None and isinstance(negated, Matched):
        assert negated.command.enters is None


# -- lines that fail -------------------------------------------------------------------------------

FAILURES: list[tuple[str, str, object]] = [
    ("ikev2-profile", "reconnect timeout 100", Invalid(18)),
    ("ikev2-profile", "reconnect timeout 90000", Invalid(18)),
    ("ikev2-profile", "reconnect timeout 599", Invalid(18)),
    ("ikev2-profile", "reconnect timeout 86401", Invalid(18)),
    ("ikev2-profile", "reconnect timeout -5", Invalid(18)),
    ("ikev2-profile", "reconnect timeout +900", Invalid(18)),
    ("ikev2-profile", "reconnect timeout 99999999999999999999", Invalid(18)),
    ("ikev2-profile", "reconnect timeout abc", Invalid(18)),
    ("ikev2-profile", "rec ti 100", Invalid(7)),
    ("ikev2-profile", "reconnect timeout", Incomplete()),
    ("ikev2-profile", "reconnect timeout 900 900", Invalid(22)),
    ("ikev2-profile", "reconnect foo", Invalid(10)),
    ("ikev2-profile", "   reconnect timeout 100", Invalid(21)),
    ("ikev2-profile", "\treconnect timeout 100", Invalid(19)),
    ("ikev2-profile", "a", Ambiguous("a")),
    ("ikev2-profile", "au", Incomplete()),
    ("ikev2-profile", "authentication", Incomplete()),
    ("ikev2-profile", "aaa authorization group anyconnect-eap list", Incomplete()),
    ("ikev2-profile", "bogus thing", Invalid(0)),
    ("ikev2-profile", "  xyz", Invalid(2)),
    ("ikev2-profile", "", Incomplete()),
    ("ikev2-profile", "    ", Incomplete()),
    ("ikev2-profile", "dpd 9 2 on-demand", Invalid(4)),
    ("ikev2-profile", "dpd 10 1 on-demand", Invalid(7)),
    ("ikev2-profile", "dpd 10 2", Incomplete()),
    ("ikev2-profile", "dpd 10 2 sometimes", Invalid(9)),
    ("ikev2-profile", "virtual-template 0", Invalid(17)),
    ("ikev2-profile", "virtual-template 4096", Invalid(17)),
    ("ikev2-profile", "match identity remote address 10.0.0.300", Invalid(30)),
    ("ikev2-profile", "no", Incomplete()),
    ("ikev2-profile", "no bogus", Invalid(3)),
    ("ikev2-profile", "hostname R1", Invalid(0)),  # a global command is not a sub-mode command
    ("config", "logging", Incomplete()),  # docs/ios-reference-notes.md
    ("config", "logging 0255.255.1", Invalid(8)),  # docs/ios-reference-notes.md: caret under the bad token
    ("config", "crypto ikev2 profile", Incomplete()),
    ("config", "crypto ikev2 pro X", Ambiguous("crypto ikev2 pro X")),
    ("config", "crypto ikev2", Incomplete()),
    ("config", "crypto ikev3 profile X", Invalid(7)),
    ("config", "foo", Invalid(0)),
    ("config", "foo bar", Invalid(0)),
    ("config", "   foo", Invalid(3)),
    ("config", "reconnect", Invalid(0)),
    ("config", "interface", Incomplete()),
    ("config", "interface foo1", Invalid(10)),
    ("config", "interface gi", Invalid(10)),
    ("config", "ip local pool P 1.1.1.256", Invalid(16)),
    ("config", "ip local pool P 1.1.1", Invalid(16)),
    ("config", "ip route 0.0.0.0 0.0.0.0", Incomplete()),
    ("config", "hostname", Incomplete()),
    ("config", "hostname a b", Invalid(11)),
    ("config", "no", Incomplete()),
    ("config", "x" * (MAX_LINE + 1), Invalid(MAX_LINE)),
    ("ikev2-proposal", "encryption aes", Ambiguous("encryption aes")),
    ("ikev2-proposal", "encryption", Incomplete()),
    ("ikev2-proposal", "group 3", Invalid(6)),
    ("ikev2-proposal", "integrity sha", Ambiguous("integrity sha")),
    ("acl-standard", "10 permit", Incomplete()),
    ("acl-standard", "0 permit any", Invalid(0)),
    ("acl-standard", "10 permit 1.1.1.1 0.0.0.255 log extra", Invalid(32)),
    ("exec", "foo", Invalid(0)),
    ("exec", "no sh run", Invalid(3)),  # EXEC knows "no debug ...", not "no show"
    ("exec", "show", Incomplete()),
    ("exec", "show running-config extra", Invalid(20)),
]


@pytest.mark.parametrize("mode, typed, expected", FAILURES, ids=[f"{m}:{t[:40]}" for m, t, _ in FAILURES])
def test_line_fails_with_exact_kind_and_caret(mode: str, typed: str, expected: object) -> None:
    assert matcher().match_line(mode, typed) == expected


def test_caret_column_follows_leading_whitespace() -> None:
    for pad in range(12):
        assert matcher().match_line("ikev2-profile", " " * pad + "reconnect timeout 100") == Invalid(pad + 18)
        assert matcher().match_line("config", " " * pad + "foo") == Invalid(pad)


# docs/ios-reference-notes.md: "R1(config)#a" is ambiguous on a real device (aaa, access-list, alias, archive ...).
def test_single_letter_a_is_ambiguous_in_global_config_like_the_capture() -> None:
    assert matcher().match_line("config", "a") == Ambiguous("a")


# -- "no" forms ----------------------------------------------------------------------------------

NO_FORMS = [
    ("config", "no hostname"),
    ("config", "no crypto ikev2 profile X"),
    ("config", "no interface Virtual-Template10"),
    ("config", "no ip local pool ACPPOOL"),
    ("config", "no username test"),
    ("ikev2-profile", "no reconnect"),
    ("ikev2-profile", "no match identity remote key-id *$AnyConnectClient$*"),
    ("ikev2-author-policy", "no pool"),
    ("ikev2-proposal", "no encryption aes-cbc-128"),
    ("ikev2-proposal", "no group"),
    ("ikev2-policy", "no proposal default"),
    ("ikev2-keyring", "no peer P"),
    ("ikev2-keyring-peer", "no address"),
    ("ipsec-transform-set", "no mode"),
    ("ipsec-profile", "no set pfs"),
    ("ipsec-profile", "no set transform-set"),
    ("interface", "no shutdown"),
    ("interface", "no ip address"),
    ("acl-standard", "no 10"),
    ("acl-standard", "no permit any"),
    ("acl-extended", "no 10"),
    ("line", "no login"),
    ("ca-trustpoint", "no revocation-check"),
    ("cert-chain", "no certificate ca 01"),
]


@pytest.mark.parametrize("mode, typed", NO_FORMS, ids=[f"{m}:{t}" for m, t in NO_FORMS])
def test_no_forms_match_negated_commands(mode: str, typed: str) -> None:
    result = matcher().match_line(mode, typed)
    assert isinstance(result, Matched), result
    assert result.command.negated and result.command.enters is None
    assert result.canonical == typed


def test_no_forms_cover_every_negatable_mode() -> None:
    negatable = {m.name for m in grammar().modes.values() if m.negatable}
    assert negatable == {mode for mode, _ in NO_FORMS}


def test_every_negated_command_matches_a_generated_line() -> None:
    for mode in grammar().modes.values():
        for command in mode.commands:
            for seed in range(3):
                line = " ".join(sample_tokens(command, random.Random(seed)))
                result = matcher().match_line(mode.name, line)
                assert isinstance(result, Matched), (mode.name, line, result)
                assert result.command.negated == command.negated, (mode.name, line)


def test_a_known_dead_prefix_keeps_the_caret_where_the_walk_fails() -> None:
    """The matcher remembers 2- and 3-word prefixes no command takes; later lines with them must
    report the same caret as a full walk would."""
    from iosxe_sim.parser.grammar import default_grammar
    from iosxe_sim.parser.match import Invalid, Matcher

    matcher = Matcher(default_grammar())
    first = matcher.match_line("config", "ip route vrf A 10.0.0.0 255.0.0.0 192.0.2.1")
    again = matcher.match_line("config", "ip  route vrf B 10.1.0.0 255.255.0.0 192.0.2.2")
    short = matcher.match_line("config", "ip route vrf")
    assert (first, again, short) == (Invalid(9), Invalid(10), Invalid(9))
    assert Matcher(default_grammar()).match_line("config", "ip  route vrf B 10.1.0.0 255.255.0.0 192.0.2.2") == again
