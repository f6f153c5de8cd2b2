"""Crypto show/clear commands through Device.execute, checked by Cisco's genie parsers.

The genie pins of docs/ios-reference-notes.md are asserted on engine-made output here too.
"""

from __future__ import annotations

from ipaddress import IPv4Address
from typing import Any
from unittest import mock

import pytest
from engine_fixtures import PASSWORD, gateway_of, make_client, make_device
from genie.libs.parser.iosxe import show_crypto
from genie.metaparser.util import exceptions

from iosxe_sim.device import Device
from iosxe_sim.parser.match import Matched, default_matcher

TWO_PEERS = (IPv4Address("198.51.100.10"), IPv4Address("198.51.100.20"))


def parse(parser: type, text: str, **kwargs: Any) -> dict[str, Any]:
    return parser(device=mock.Mock()).parse(output=text, **kwargs)


def two_sessions() -> Device:
    """user `test` on Virtual-Access1, `user1` (reconnected) on Virtual-Access2 / Virtual-Access3."""
    device = make_device()
    device.configure("username user1 password 0 x")
    first = make_client(device, "a", address=TWO_PEERS[0])
    second = make_client(device, "b", address=TWO_PEERS[1])
    first.connect("test", PASSWORD)
    second.connect("user1", "x")
    first.send_traffic(7, 500)
    device.clock.advance(40)
    second.reconnect()
    device.clock.advance(5)
    return device


@pytest.mark.parametrize(
    ("line", "handler", "args"),
    [
        ("show crypto session", "show.crypto_session", {}),
        ("sh cry ses det", "show.crypto_session", {"detail": "detail"}),
        (
            "show crypto session interface vi2 detail",
            "show.crypto_session",
            {"ifname": "Virtual-Access2", "detail": "detail"},
        ),
        ("show crypto session remote 10.1.1.1", "show.crypto_session", {"peer": "10.1.1.1"}),
        (
            "show crypto session username test detail",
            "show.crypto_session",
            {"user": "test", "detail": "detail"},
        ),
        ("show crypto ikev2 sa detailed", "show.crypto_ikev2_sa", {"detailed": "detailed"}),
        ("show crypto ikev2 session detail", "show.crypto_ikev2_session", {"detailed": "detailed"}),
        ("show crypto ikev2 stats", "show.crypto_ikev2_stats", {}),
        ("show crypto ikev2 stats reconnect", "show.crypto_ikev2_stats_reconnect", {}),
        (
            "show crypto ikev2 profile AnyConnect-EAP",
            "show.crypto_ikev2_profile",
            {"profile": "AnyConnect-EAP"},
        ),
        ("show crypto ikev2 proposal", "show.crypto_ikev2_proposal", {}),
        ("show crypto ikev2 policy default", "show.crypto_ikev2_policy", {"policy": "default"}),
        ("show crypto ikev2 authorization policy", "show.crypto_ikev2_authorization_policy", {}),
        (
            "show crypto ipsec sa interface Virtual-Access1",
            "show.crypto_ipsec_sa",
            {"ifname": "Virtual-Access1"},
        ),
        ("show crypto ipsec profile", "show.crypto_ipsec_profile", {}),
        ("show ip local pool ACPPOOL", "show.ip_local_pool", {"pool": "ACPPOOL"}),
        ("clear crypto session remote 10.1.1.1", "clear.crypto_session", {"peer": "10.1.1.1"}),
        ("clear crypto ikev2 sa", "clear.crypto_ikev2_sa", {}),
        ("clear crypto ikev2 stats reconnect", "clear.crypto_ikev2_stats_reconnect", {}),
        ("dir bootflash:", "exec.dir", {}),
        ("more bootflash:acvpn.xml", "exec.more", {"file": "bootflash:acvpn.xml"}),
    ],
)
def test_grammar(line: str, handler: str, args: dict[str, str]) -> None:
    result = default_matcher().match_line("exec", line)
    assert isinstance(result, Matched)
    assert (result.command.handler, dict(result.args)) == (handler, args)


def test_help_and_errors() -> None:
    matcher = default_matcher()
    entries = matcher.help("exec", "show crypto ikev2 ")
    assert isinstance(entries, list)
    words = {e.display: e.help for e in entries}
    assert {"sa", "session", "stats", "profile", "proposal", "policy", "authorization"} <= set(words)
    reset = matcher.help("exec", "clear crypto ikev2 stats ")
    assert isinstance(reset, list) and "iosxe-sim" in reset[0].help and reset[0].display == "reconnect"
    device = make_device()
    assert (
        device.execute("show crypto session bogus")
        == " " * 29 + "^\n% Invalid input detected at '^' marker.\n\n"
    )
    assert device.execute("show crypto ikev2 s").startswith("% Ambiguous command")


def test_filters_pick_sessions() -> None:
    device = two_sessions()
    assert device.execute("show crypto session").count("Interface:") == 2
    only = device.execute("show crypto session interface Virtual-Access3 detail")
    assert "Interface: Virtual-Access3" in only and only.count("Interface:") == 1
    assert device.execute("show crypto session interface Virtual-Access2").count("Interface:") == 0
    assert "Peer: 198.51.100.10 port" in device.execute("show crypto session remote 198.51.100.10")
    assert device.execute("show crypto session username user1").count("Interface: Virtual-Access3") == 1
    assert device.execute("show crypto session username nobody").count("Interface:") == 0
    ipsec = device.execute("show crypto ipsec sa interface Virtual-Access1")
    assert ipsec.count("interface: ") == 1 and "#pkts decaps: 7" in ipsec


def test_session_detail_through_genie_one_interface_at_a_time() -> None:
    device = two_sessions()
    gateway = gateway_of(device)
    for session in gateway.crypto_sessions():
        text = device.execute(f"show crypto session interface {session.interface} detail")
        parsed = parse(show_crypto.ShowCryptoSessionDetail, text)["interface"][session.interface]
        assert parsed["profile"] == "AnyConnect-EAP" and parsed["session_status"] == "UP-ACTIVE"
        port = parsed["peer"][str(session.peer_addr)]["port"][str(session.peer_port)]
        assert port["phase1_id"] == (
            session.ike_sa.remote_id.value.encode().hex().upper()
            if session.ike_sa.reconnected
            else "*$AnyConnectClient$*"
        )
        assert port["ike_sa"]["1"]["capabilities"] == ("DNR" if session.ike_sa.reconnected else "DN")
        assert list(port["ipsec_flow"]) == [f"permit ip 0.0.0.0/0.0.0.0 host {session.assigned_addr}"]


def test_pin_session_detail_parser_misfiles_the_second_session() -> None:
    device = two_sessions()
    parsed = parse(show_crypto.ShowCryptoSessionDetail, device.execute("show crypto session detail"))
    assert "peer" not in parsed["interface"]["Virtual-Access3"]
    assert set(parsed["interface"]["Virtual-Access1"]["peer"]) == {str(a) for a in TWO_PEERS}


def test_ikev2_sa_through_genie_with_the_anyconnect_pin() -> None:
    device = two_sessions()
    parsed = parse(show_crypto.ShowCryptoIkev2Sa, device.execute("show crypto ikev2 sa"))["ipv4"]
    by_tunnel = {sa.tunnel_id: sa for sa in gateway_of(device).ike_sas()}
    assert set(parsed) == set(by_tunnel)
    for tunnel_id, row in parsed.items():
        sa = by_tunnel[tunnel_id]
        assert row["auth_verify"] == ("PSK" if sa.reconnected else "AnyConnect")  # docs/ios-reference-notes.md pin
        assert (row["session_id"], row["ce_id"], row["remote_port"]) == (
            sa.session_id,
            sa.ce_id,
            sa.remote_port,
        )


def test_ikev2_sa_detailed_of_the_reconnected_sa_through_genie() -> None:
    device = two_sessions()
    sa = gateway_of(device).ike_sas()[1]
    detailed = device.execute("show crypto ikev2 sa detailed")
    # only the reconnected SA's block: genie drops the Encr line of an `AnyConnect-EAP` one (pinned
    # in test_render_oracle.py)
    parsed = parse(
        show_crypto.ShowCryptoIkev2SaDetail,
        detailed.split("Tunnel-id", 2)[0] + "Tunnel-id" + detailed.split("Tunnel-id", 2)[2],
    )
    row = parsed["tunnel_id"][sa.tunnel_id]
    assert (row["auth_verify"], row["session_id"], row["remote_id"]) == (
        "psk",
        sa.session_id,
        sa.remote_id.value.encode().hex().upper(),
    )
    assert (row["remote_req_msg_id"], row["dpd_configured_time"]) == (2, 45)


def test_pin_ikev2_session_detailed_parser_crashes_on_nat_t() -> None:
    device = two_sessions()
    with pytest.raises(exceptions.SchemaUnsupportedKeyError, match="nat_t"):
        parse(show_crypto.ShowCryptoIkev2Session, device.execute("show crypto ikev2 session detailed"))


def test_ikev2_session_brief_through_genie() -> None:
    device = two_sessions()
    parsed = parse(show_crypto.ShowCryptoIkev2Session, device.execute("show crypto ikev2 session"))
    rows = parsed["ikev2_session"]["IPv4"]
    assert sorted(row["session_id"] for row in rows.values()) == [16, 18]


def test_stats_through_genie_and_clear() -> None:
    device = two_sessions()
    parsed = parse(
        show_crypto.ShowCryptoIkev2StatsReconnect, device.execute("show crypto ikev2 stats reconnect")
    )
    assert parsed == {
        "incoming_reconnect": 1,
        "success_reconnect": 1,
        "failed_reconnect": 0,
        "active_session_count": 2,
        "inactive_session_count": 0,
    }
    stats = parse(show_crypto.ShowCryptoIkev2Stats, device.execute("show crypto ikev2 stats"))[
        "ikev2_statistics"
    ]
    assert (stats["total_incoming_sa"], stats["total_incoming_sa_active"], stats["incoming_v2_requests"]) == (
        2,
        2,
        3,
    )
    assert device.execute("clear crypto ikev2 stats reconnect") == ""
    assert device.execute("show crypto ikev2 stats reconnect").splitlines()[:4] == [
        "Total incoming reconnect connection: 0",
        "Success reconnect connection: 0",
        "Failed reconnect connection: 0",
        "Reconnect capable active session count: 2",
    ]


def test_clear_commands() -> None:
    device = two_sessions()
    assert device.execute("clear crypto session remote 198.51.100.10") == ""
    assert [s.interface for s in gateway_of(device).crypto_sessions()] == ["Virtual-Access3"]
    assert device.execute("clear crypto ikev2 sa") == ""
    assert device.execute("show crypto ikev2 sa") == " IPv4 Crypto IKEv2  SA \n\n IPv6 Crypto IKEv2  SA \n\n"
    assert device.execute("show crypto session") == "Crypto session current status\n\n"
    assert device.execute("show ip local pool").splitlines()[1].split()[-2:] == ["6", "0"]


def test_ipsec_sa_interface_through_genie() -> None:
    device = two_sessions()
    session = gateway_of(device).crypto_sessions()[0]
    text = device.execute(f"show crypto ipsec sa interface {session.interface}")
    parsed = parse(show_crypto.ShowCryptoIpsecSaInterface, text, interface=session.interface)
    ident = parsed["interface"][session.interface]["ident"][1]
    assert (ident["pkts_encaps"], ident["pkts_decrypt"]) == (7, 7)
    assert ident["remote_ident"]["addr"] == str(session.assigned_addr)


def test_show_outputs_take_pipes() -> None:
    device = two_sessions()
    assert device.execute("show crypto session | include Interface") == (
        "Interface: Virtual-Access1\nInterface: Virtual-Access3\n"
    )
    assert device.execute("show crypto ikev2 stats reconnect | count connection") == (
        "Number of lines which match regexp = 3\n"
    )
