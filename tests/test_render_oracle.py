"""External oracle: Cisco's genie parsers must read our output back into the state's values.

Known parser bugs are pinned, not dodged (docs/ios-reference-notes.md): each pin asserts the bug, so the test
fails (and the pin can go) the day genie is fixed. Bugs found here beyond docs/ios-reference-notes.md:
ShowCryptoIkev2SaDetail loses the whole Encr line when `Auth verify: AnyConnect-EAP` and then
fails its schema; ShowCryptoIpsecSa (no interface) cannot read a `Virtual-Access` interface name.
"""

from __future__ import annotations

import dataclasses
from typing import Any
from unittest import mock

import pytest
from genie.libs.parser.iosxe import show_crypto
from genie.metaparser.util import exceptions
from oracle_states import SESSION_ID_HEX, second_user_at, seed_after_reconnect, seed_before_reconnect

from iosxe_sim.engine.state import (
    CryptoSession,
    IkeSa,
    Ikev2SaCounts,
    Ikev2Stats,
    NatTraversal,
    ReconnectStats,
)
from iosxe_sim.render.common import hex_spi
from iosxe_sim.render.crypto_session import render_crypto_session, render_crypto_session_detail
from iosxe_sim.render.ikev2 import render_ikev2_sa, render_ikev2_sa_detailed
from iosxe_sim.render.ikev2_session import render_ikev2_session, render_ikev2_session_detailed
from iosxe_sim.render.ikev2_stats import render_ikev2_stats, render_ikev2_stats_reconnect
from iosxe_sim.render.ipsec import render_crypto_ipsec_sa


def parse(parser: type, text: str, **kwargs: Any) -> dict[str, Any]:
    return parser(device=mock.Mock()).parse(output=text, **kwargs)


def seed_sessions() -> list[tuple[CryptoSession, float]]:
    after, at_after = seed_after_reconnect()
    return [seed_before_reconnect(), (after, at_after), (second_user_at(at_after), at_after)]


SESSIONS = pytest.mark.parametrize(
    ("session", "now"), seed_sessions(), ids=["before_reconnect", "after_reconnect", "second_user"]
)


def without_nat(sa: IkeSa) -> IkeSa:
    return dataclasses.replace(sa, nat_t=NatTraversal.NOT_DETECTED)


@SESSIONS
def test_show_crypto_session_detail(session: CryptoSession, now: float) -> None:
    sa = session.ike_sa
    child = sa.child_sas[0]
    parsed = parse(show_crypto.ShowCryptoSessionDetail, render_crypto_session_detail([session], now))
    interface = parsed["interface"][session.interface]
    assert interface["profile"] == session.profile
    assert interface["session_status"] == session.status.value
    port = interface["peer"][str(sa.remote_addr)]["port"][str(sa.remote_port)]
    assert port["fvrf"] == "none" and port["ivrf"] == "none"
    assert port["desc"] == "none"
    phase1 = SESSION_ID_HEX if sa.reconnected else sa.remote_id.value
    assert port["phase1_id"] == phase1
    assert port["ike_sa"]["1"] == {
        "local": str(sa.local_addr),
        "local_port": str(sa.local_port),
        "remote": str(sa.remote_addr),
        "remote_port": str(sa.remote_port),
        "sa_status": "Active",
        "version": "IKEv2",
        "capabilities": "DNR" if sa.reconnected else "DN",
        "conn_id": str(sa.tunnel_id),
        "lifetime": port["ike_sa"]["1"]["lifetime"],
        "session_id": str(sa.session_id),
    }
    flow = port["ipsec_flow"]["permit ip 0.0.0.0/0.0.0.0 host %s" % sa.assigned_host_addr]
    assert flow["active_sas"] == 2 and flow["origin"] == "crypto map"
    assert flow["inbound_pkts_decrypted"] == child.packets_decrypted
    assert flow["outbound_pkts_encrypted"] == child.packets_encrypted
    assert flow["inbound_pkts_drop"] == child.drops_in
    assert int(flow["inbound_life_kb"]) == child.lifetime_kb - child.bytes_decrypted // 1024
    assert int(flow["outbound_life_kb"]) == child.lifetime_kb - child.bytes_encrypted // 1024


def test_session_detail_seed_values_through_parser() -> None:
    session, now = seed_before_reconnect()
    parsed = parse(show_crypto.ShowCryptoSessionDetail, render_crypto_session_detail([session], now))
    interface = parsed["interface"]["Virtual-Access1"]
    assert interface["uptime"] == "00:00:15"
    port = interface["peer"]["10.106.69.69"]["port"]["63516"]
    assert port["ike_sa"]["1"]["lifetime"] == "23:59:45"
    flow = port["ipsec_flow"]["permit ip 0.0.0.0/0.0.0.0 host 192.168.20.5"]
    assert (flow["inbound_life_kb"], flow["inbound_life_secs"]) == ("4607998", "3585")


def test_pin_session_detail_parser_misfiles_second_session() -> None:
    """docs/ios-reference-notes.md: with two sessions the parser files the second one's peer under the first."""
    (first, now), (second, _), _ = seed_sessions()
    parsed = parse(show_crypto.ShowCryptoSessionDetail, render_crypto_session_detail([first, second], now))
    assert "peer" not in parsed["interface"]["Virtual-Access2"]
    assert "54626" in parsed["interface"]["Virtual-Access1"]["peer"]["10.106.69.69"]["port"]


@SESSIONS
def test_show_crypto_session_brief(session: CryptoSession, now: float) -> None:
    sa = session.ike_sa
    parsed = parse(show_crypto.ShowCryptoSession, render_crypto_session([session]))
    interface = parsed["interface"][session.interface]
    assert interface["session_status"] == "UP-ACTIVE" and interface["profile"] == session.profile
    port = interface["peer"][str(sa.remote_addr)]["port"][str(sa.remote_port)]
    ike = port["ike_sa"]["1"]
    assert (ike["local"], ike["remote_port"], ike["session_id"]) == (
        str(sa.local_addr),
        str(sa.remote_port),
        str(sa.session_id),
    )
    assert list(port["ipsec_flow"]) == ["permit ip 0.0.0.0/0.0.0.0 host %s" % sa.assigned_host_addr]


@SESSIONS
def test_show_crypto_ikev2_sa(session: CryptoSession, now: float) -> None:
    sa = session.ike_sa
    parsed = parse(show_crypto.ShowCryptoIkev2Sa, render_ikev2_sa([sa], now))
    assert parsed["ipv6"] == {}
    row = parsed["ipv4"][sa.tunnel_id]
    # Pinned bug (docs/ios-reference-notes.md): the parser truncates `AnyConnect-EAP` to `AnyConnect`.
    expected_verify = "PSK" if sa.reconnected else "AnyConnect"
    assert row == {
        "tunnel_id": sa.tunnel_id,
        "local_ip": str(sa.local_addr),
        "local_port": sa.local_port,
        "remote_ip": str(sa.remote_addr),
        "remote_port": sa.remote_port,
        "fvrf": "none",
        "ivrf": "none",
        "status": "READY",
        "encryption": "AES-CBC",
        "keysize": 256,
        "prf": "SHA512",
        "hash": "SHA512",
        "dh_group": 19,
        "auth_sign": "RSA",
        "auth_verify": expected_verify,
        "life_time": 86400,
        "active_time": int(now - sa.created_at),
        "ce_id": sa.ce_id,
        "session_id": sa.session_id,
        "local_spi": "%016X" % sa.local_spi,
        "remote_spi": "%016X" % sa.remote_spi,
    }


def test_ikev2_sa_detail_after_reconnect() -> None:
    session, now = seed_after_reconnect()
    sa = session.ike_sa
    row = parse(show_crypto.ShowCryptoIkev2SaDetail, render_ikev2_sa_detailed([sa], now))["tunnel_id"][1]
    assert (row["local"], row["remote"]) == ("10.106.45.225/4500", "10.106.69.69/54626")
    assert (row["auth_sign"], row["auth_verify"], row["dh_grp"]) == ("rsa", "psk", 19)
    assert (row["ce_id"], row["session_id"], row["active_time"]) == (1017, 17, 3)
    assert (row["local_spi"], row["remote_spi"]) == ("33F57D418CFAFEBD", "F2586DF08F2A8308")
    assert (row["local_id"], row["remote_id"]) == ("10.106.45.225", SESSION_ID_HEX)
    assert (row["remote_req_msg_id"], row["remote_window"], row["local_window"]) == (8, 1, 5)
    assert (row["dpd_configured_time"], row["retry"]) == (45, 2)
    assert row["nat_t"] == "detected  outside"
    assert row["initiator_of_sa"] == "no"
    assert row["status_description"] == "negotiation done"


def test_pin_ikev2_sa_detail_parser_rejects_anyconnect_eap() -> None:
    """Genie bug: its Encr regex takes `Auth verify:` as one word, so `AnyConnect-EAP` loses the line."""
    session, now = seed_before_reconnect()
    with pytest.raises(exceptions.SchemaMissingKeyError, match="auth_verify"):
        parse(show_crypto.ShowCryptoIkev2SaDetail, render_ikev2_sa_detailed([session.ike_sa], now))


@SESSIONS
def test_pin_ikev2_session_detailed_parser_crashes_on_nat_t(session: CryptoSession, now: float) -> None:
    """docs/ios-reference-notes.md: the schema lacks `nat_t`, so `NAT-T is detected  outside` makes it raise."""
    text = render_ikev2_session_detailed([session], now)
    assert "      NAT-T is detected  outside\n" in text
    with pytest.raises(exceptions.SchemaUnsupportedKeyError, match="nat_t"):
        parse(show_crypto.ShowCryptoIkev2Session, text)


@SESSIONS
def test_ikev2_session_brief(session: CryptoSession, now: float) -> None:
    sa = session.ike_sa
    child = sa.child_sas[0]
    entry = parse(show_crypto.ShowCryptoIkev2Session, render_ikev2_session([session], now))["ikev2_session"]
    assert list(entry) == ["IPv4"]
    row = entry["IPv4"][1]
    assert (row["session_id"], row["id"], row["status"]) == (sa.session_id, sa.session_id, "UP-ACTIVE")
    assert (row["ike_count"], row["child_count"], row["tunnel_id"]) == (1, 1, sa.tunnel_id)
    assert (row["remote_ip"], row["remote_port"]) == (str(sa.remote_addr), sa.remote_port)
    assert row["auth_verify"] == sa.algorithms.auth_verify.value
    assert row["activetime"] == int(now - sa.created_at)
    assert row["child_sa"][1] == {
        "local_selectors": ["0.0.0.0/0 - 255.255.255.255/65535"],
        "remote_selectors": ["%s/0 - %s/65535" % (sa.assigned_host_addr, sa.assigned_host_addr)],
        "esp_spi_in": hex_spi(child.spi_in),
        "esp_spi_out": hex_spi(child.spi_out),
    }


@SESSIONS
def test_ikev2_session_detailed_without_nat(session: CryptoSession, now: float) -> None:
    """The rest of the detailed layout, read back once the NAT-T line (pinned above) is absent."""
    sa = without_nat(session.ike_sa)
    text = render_ikev2_session_detailed([dataclasses.replace(session, ike_sa=sa)], now)
    row = parse(show_crypto.ShowCryptoIkev2Session, text)["ikev2_session"]["IPv4"][1]
    assert row.get("remote_eap_id") == sa.remote_eap_id
    assert row["remote_id"] == (SESSION_ID_HEX if sa.reconnected else "*$AnyConnectClient$*")
    assert (row["local_mesg_id"], row["remote_mesg_id"]) == (sa.msg_ids.local_req, sa.msg_ids.remote_req)
    assert (row["remote_next_id"], row["remote_queued"]) == (sa.msg_ids.remote_next, sa.msg_ids.remote_queued)
    assert (row["local_window"], row["remote_window"]) == (5, 1)
    assert (row["dpd_time"], row["dpd_retry"]) == (45, 2)
    assert (row["fragmentation"], row["nat_detected"], row["cts_sgt"]) == ("no", "no", "disabled")
    assert row["initiator_of_sa"] == "No"
    child = row["child_sa"][1]
    assert (child["child_encr"], child["keysize"], child["esp_hmac"]) == ("AES-CBC", 256, "SHA384")
    assert (child["ah_spi_in"], child["cpi_out"], child["mode"]) == ("0x0", "0x0", "tunnel")
    assert (child["ah_hmac"], child["compression"]) == ("None", "IPCOMP_NONE")


@pytest.mark.parametrize(
    ("success", "failed", "active", "inactive"), [(0, 0, 1, 0), (1, 0, 1, 0), (7, 3, 4, 6)]
)
def test_stats_reconnect(success: int, failed: int, active: int, inactive: int) -> None:
    text = render_ikev2_stats_reconnect(ReconnectStats(success=success, failed=failed), active, inactive)
    assert parse(show_crypto.ShowCryptoIkev2StatsReconnect, text) == {
        "incoming_reconnect": success + failed,
        "success_reconnect": success,
        "failed_reconnect": failed,
        "active_session_count": active,
        "inactive_session_count": inactive,
    }


def test_ikev2_stats() -> None:
    stats = Ikev2Stats(
        incoming_requests=9,
        incoming_accepted=7,
        incoming_rejected=2,
        rejected_resource_low=1,
        rejected_sa_limit=1,
        dropped_at_dispatch=3,
        max_sa=1000,
    )
    counts = Ikev2SaCounts(incoming_active=5, incoming_negotiating=1)
    parsed = parse(show_crypto.ShowCryptoIkev2Stats, render_ikev2_stats(stats, counts))["ikev2_statistics"]
    assert (parsed["max_sa"], parsed["max_in_nego"], parsed["max_out_nego"]) == (1000, 40, 400)
    assert (parsed["total_incoming_sa"], parsed["total_incoming_sa_active"]) == (6, 5)
    assert parsed["total_incoming_sa_negotiating"] == 1 and parsed["total_outgoing_sa"] == 0
    assert (parsed["incoming_v2_requests"], parsed["incoming_requests_accept"]) == (9, 7)
    assert parsed["incoming_requests_reject"] == 2
    assert (parsed["rejected_v2_requests"], parsed["rejected_requests_rsrclow"]) == (2, 1)
    assert (parsed["rejected_requests_salimit"], parsed["ikev2_packet_drop"]) == (1, 3)
    assert parsed["qr_manual"] == 0 and parsed["sa_strength_enforce_reject_outgoing"] == 0


@SESSIONS
def test_ipsec_sa_interface(session: CryptoSession, now: float) -> None:
    sa = session.ike_sa
    child = sa.child_sas[0]
    text = render_crypto_ipsec_sa([session], now)
    parsed = parse(show_crypto.ShowCryptoIpsecSaInterface, text, interface=session.interface)
    interface = parsed["interface"][session.interface]
    assert interface["crypto_map_tag"] == session.interface + "-head-0"
    assert interface["local_addr"] == str(sa.local_addr)
    ident = interface["ident"][1]
    assert ident["remote_ident"] == {
        "addr": str(sa.assigned_host_addr),
        "mask": "255.255.255.255",
        "prot": "0",
        "port": "0",
    }
    assert ident["local_ident"]["mask"] == "0.0.0.0"
    assert (ident["peer_ip"], ident["port"]) == (str(sa.remote_addr), sa.remote_port)
    assert (ident["pkts_encaps"], ident["pkts_decrypt"]) == (child.packets_encrypted, child.packets_decrypted)
    assert (ident["send_errors"], ident["recv_errors"]) == (child.drops_out, child.drops_in)
    assert (ident["pfs"], ident["dh_group"], ident["plaintext_mtu"]) == ("N", "none", 1422)
    assert ident["current_outbound_spi"] == "%s(%d)" % (hex_spi(child.spi_out), child.spi_out)
    inbound = ident["inbound_esp_sas"]["spi"]["%s(%d)" % (hex_spi(child.spi_in), child.spi_in)]
    assert inbound["conn_id"] == child.conn_id_in
    assert (inbound["flow_id"], inbound["flow_id_val"]) == ("CSR", child.conn_id_in - 2000)
    assert inbound["initiator_flag"] == "False"
    assert inbound["transform"] == "esp-256-aes"  # genie keeps the first transform word only
    assert "in_use_settings" not in inbound  # its regex has no `-` for `Tunnel UDP-Encaps`
    assert inbound["remaining_key_lifetime"] == "%d/%d" % (
        child.lifetime_kb - child.bytes_decrypted // 1024,
        int(child.lifetime_seconds - (now - child.created_at)),
    )
    outbound = ident["outbound_esp_sas"]["spi"]["%s(%d)" % (hex_spi(child.spi_out), child.spi_out)]
    assert outbound["conn_id"] == child.conn_id_out


def test_pin_ipsec_sa_parser_cannot_read_virtual_access() -> None:
    """Genie bug: ShowCryptoIpsecSa's `interface:` regex has no `-`, then it uses an unset variable."""
    session, now = seed_before_reconnect()
    with pytest.raises(UnboundLocalError):
        parse(show_crypto.ShowCryptoIpsecSa, render_crypto_ipsec_sa([session], now))
