"""The Secure Client model: profiles, sleep/resume, roaming, outages, faults and the DART log."""

from __future__ import annotations

from ipaddress import IPv4Address

import pytest
from engine_fixtures import PASSWORD, configure, gateway_of, make_client, make_device

from iosxe_sim.engine.client import ClientError, Fault
from iosxe_sim.engine.client_profile import AutoReconnectBehavior
from iosxe_sim.engine.events import (
    DownReason,
    ReconnectFailed,
    ReconnectFailure,
    ReconnectSucceeded,
    SessionDown,
    SessionInactive,
)

SEED_RESUME_REASON = (
    "Session level reconnect reason code 9:\n"  # the seed's DART text
    "System resume from suspend mode (Sleep, Stand-by, Hibernate, etc).\n"
    "originates from session level"
)


def test_the_client_adopts_the_profile_the_gateway_names() -> None:
    device = make_device()
    client = make_client(device)
    assert (
        client.profile.auto_reconnect_behavior is AutoReconnectBehavior.DISCONNECT_ON_SUSPEND
    )  # schema default
    client.connect("test", PASSWORD)
    assert client.profile.auto_reconnect_behavior is AutoReconnectBehavior.RECONNECT_AFTER_RESUME
    assert client.host_name == "IKEv2_Gateway"
    assert client.tunnel.def_domain == "example.com"
    assert [str(n) for n in client.tunnel.split_networks] == ["192.168.10.0/24"]


def test_dart_log_tells_the_seed_story() -> None:
    device = make_device()
    client = make_client(device)
    client.connect("test", PASSWORD)
    session_id = client.tunnel.session_id
    client.sleep()
    device.clock.advance(120)
    client.resume()
    lines = client.dart.descriptions()
    assert lines[0] == "The IPsec connection to the secure gateway has been established."
    assert "AutoReconnect: true\nAutoReconnectBehavior: ReconnectAfterResume" in lines[1]
    assert lines[2] == "Message type information sent to the user:\nConnected to IKEv2_Gateway."
    assert lines[3:7] == [
        "Client Agent continuing from system suspend.",
        SEED_RESUME_REASON,
        "Message type information sent to the user:\nReconnecting to IKEv2_Gateway...",
        (
            f"Function: CIPsecProtocol::initiateTunnel\nFile: IPsecProtocol.cpp\nLine: 613\n"
            f"Using IKE ID '{session_id}' for reconnect"
        ),
    ]
    assert lines[-1] == "Message type information sent to the user:\nConnected to IKEv2_Gateway."
    text = client.dart.render()
    assert text.startswith("*" * 42 + "\n\nDate        : 03/13/2025\nTime        : 01:00:00\n")
    assert "Source      : acvpnui\n" in text and text.endswith("*" * 42 + "\n")


def test_the_token_never_shows() -> None:
    device = make_device()
    client = make_client(device)
    client.connect("test", PASSWORD)
    token = client.tunnel.token
    assert token is not None and len(token) >= 16
    client.sleep()
    device.clock.advance(100)
    client.resume()
    gateway = gateway_of(device)
    texts = [
        repr(client.tunnel),
        repr(gateway.table.sessions()),
        client.dart.render(),
        repr(list(gateway.events.history)),
    ]
    texts += [
        device.execute(c)
        for c in (
            "show crypto session detail",
            "show crypto ikev2 sa detailed",
            "show crypto ikev2 session detailed",
        )
    ]
    for text in texts:
        assert token.hex() not in text.lower() and repr(token) not in text


def test_short_sleep_reconnect_replaces_the_still_active_sa() -> None:
    device = make_device()
    gateway = gateway_of(device)
    client = make_client(device)
    client.connect("test", PASSWORD)
    client.sleep()
    device.clock.advance(20)
    result = client.resume()
    assert result is not None and result.ok and result.reconnected
    [session] = gateway.crypto_sessions()
    assert session.interface == "Virtual-Access2" and session.ike_sa.tunnel_id == 1  # the old SA went first
    assert [e.reason for e in gateway.events.of_type(SessionDown)] == [DownReason.REPLACED]
    assert (gateway.reconnect_stats.total_incoming, gateway.reconnect_stats.success) == (1, 1)


def test_disconnect_on_suspend_drops_and_stays_down() -> None:
    device = make_device()
    configure(device, "crypto vpn anyconnect profile acvpn bootflash:acvpn-disconnect.xml")
    gateway = gateway_of(device)
    client = make_client(device)
    client.connect("test", PASSWORD)
    assert client.profile.auto_reconnect_behavior is AutoReconnectBehavior.DISCONNECT_ON_SUSPEND
    client.sleep()
    assert client.tunnel is None
    assert gateway.crypto_sessions() == [] and gateway.table.inactive == {}
    assert [e.reason for e in gateway.events.of_type(SessionDown)] == [DownReason.USER_DISCONNECT]
    device.clock.advance(300)
    assert client.resume() is None and client.tunnel is None
    assert gateway.reconnect_stats.total_incoming == 0 and len(gateway.pools) == 0


def test_wrong_password_keeps_the_reason() -> None:
    device = make_device()
    client = make_client(device)
    result = client.connect("test", "not-cisco")
    assert not result.ok and result.reason is not None and result.reason.value == "invalid password"
    assert client.dart.descriptions()[-1] == "Message type information sent to the user:\nLogin failed."


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        (Fault.WRONG_TOKEN, ReconnectFailure.AUTH_MISMATCH),
        (Fault.UNKNOWN_SESSION_ID, ReconnectFailure.UNKNOWN_SESSION),
    ],
)
def test_faulty_reconnects_fail_then_fall_back_to_full_authentication(
    fault: Fault, reason: ReconnectFailure
) -> None:
    device = make_device()
    gateway = gateway_of(device)
    client = make_client(device)
    client.connect("test", PASSWORD)
    old_id = client.tunnel.session_id
    result = client.reconnect(fault)
    assert (result.ok, result.fell_back, result.reconnected, result.reason) == (True, True, False, reason)
    [failed] = gateway.events.of_type(ReconnectFailed)
    assert failed.reason is reason
    stats = gateway.reconnect_stats
    assert (stats.total_incoming, stats.success, stats.failed) == (1, 0, 1)
    assert client.tunnel.session_id != old_id and client.tunnel.assigned == IPv4Address("192.168.20.6")
    # the abandoned session is not answered any more: DPD moves it to the inactive DB
    assert gateway.reconnect_capable_counts() == (2, 0)
    device.clock.advance(60)
    assert gateway.reconnect_capable_counts() == (1, 1)


def test_reconnect_after_expiry_fails_as_expired_and_gets_a_new_session() -> None:
    device = make_device()
    gateway = gateway_of(device)
    client = make_client(device)
    client.connect("test", PASSWORD)
    client.sleep()
    device.clock.advance(57 + 900)
    assert len(gateway.pools) == 0
    result = client.resume()
    assert (
        result is not None
        and result.ok
        and result.fell_back
        and result.reason is ReconnectFailure.EXPIRED_SESSION
    )
    stats = gateway.reconnect_stats
    assert (stats.total_incoming, stats.success, stats.failed) == (1, 0, 1)
    [session] = gateway.crypto_sessions()
    assert session.ike_sa.remote_id.value == "*$AnyConnectClient$*"
    assert session.interface == "Virtual-Access1" and session.assigned_addr == IPv4Address("192.168.20.5")


def test_expired_session_id_fault_uses_a_retired_id() -> None:
    device = make_device()
    gateway = gateway_of(device)
    client = make_client(device)
    with pytest.raises(ClientError):
        client.reconnect(Fault.EXPIRED_SESSION_ID)
    client.connect("test", PASSWORD)
    with pytest.raises(ClientError):
        client.reconnect(Fault.EXPIRED_SESSION_ID)
    client.sleep()
    device.clock.advance(57 + 900)
    client.resume()  # expired: falls back; the first id is retired
    result = client.reconnect(Fault.EXPIRED_SESSION_ID)
    assert result.reason is ReconnectFailure.EXPIRED_SESSION
    assert gateway.reconnect_stats.failed == 2


def test_roaming_to_a_new_port_replaces_the_sa() -> None:
    device = make_device()
    gateway = gateway_of(device)
    client = make_client(device)
    client.connect("test", PASSWORD)
    old_port = client.endpoint.port
    result = client.change_network(port=40001)
    assert result is not None and result.ok and result.reconnected
    [session] = gateway.crypto_sessions()
    assert session.peer_port == 40001 != old_port
    assert session.ike_sa.remote_id.is_session_id
    assert [e.reason for e in gateway.events.of_type(SessionDown)] == [DownReason.REPLACED]
    assert gateway.events.of_type(ReconnectSucceeded)[0].port == 40001
    device.clock.advance(600)
    assert len(gateway.crypto_sessions()) == 1  # the new SA stays alive; nothing talks to the old port


def test_roaming_to_a_new_address() -> None:
    device = make_device()
    gateway = gateway_of(device)
    client = make_client(device)
    client.connect("test", PASSWORD)
    client.change_network(address=IPv4Address("203.0.113.9"))
    assert gateway.crypto_sessions()[0].peer_addr == IPv4Address("203.0.113.9")
    assert device.execute("show crypto session remote 203.0.113.9").count("Interface:") == 1


def test_short_outage_is_ridden_out() -> None:
    device = make_device()
    gateway = gateway_of(device)
    client = make_client(device)
    client.connect("test", PASSWORD)
    client.outage(40)
    device.clock.advance(100)
    assert gateway.events.of_type(SessionDown) == []
    assert client.tunnel is not None and gateway.reconnect_stats.total_incoming == 0


def test_long_outage_ends_in_a_reconnect_from_the_inactive_db() -> None:
    device = make_device()
    gateway = gateway_of(device)
    client = make_client(device)
    client.connect("test", PASSWORD)
    client.outage(120)
    device.clock.advance(119)
    assert gateway.events.of_type(SessionInactive) and gateway.reconnect_capable_counts() == (0, 1)
    device.clock.advance(1)
    assert gateway.reconnect_capable_counts() == (1, 0)
    assert gateway.reconnect_stats.success == 1
    assert gateway.crypto_sessions()[0].assigned_addr == IPv4Address("192.168.20.5")


def test_gateway_clear_while_asleep_is_discovered_on_resume() -> None:
    device = make_device()
    gateway = gateway_of(device)
    client = make_client(device)
    client.connect("test", PASSWORD)
    client.sleep()
    device.execute("clear crypto session")
    assert client.tunnel is not None  # asleep: the Delete never arrived
    result = client.resume()
    assert result is not None and result.fell_back and result.reason is ReconnectFailure.UNKNOWN_SESSION
    assert len(gateway.crypto_sessions()) == 1


def test_user_disconnect_deletes_outright() -> None:
    device = make_device()
    gateway = gateway_of(device)
    client = make_client(device)
    client.connect("test", PASSWORD)
    client.disconnect()
    assert gateway.crypto_sessions() == [] and gateway.table.inactive == {} and len(gateway.pools) == 0
    with pytest.raises(ClientError):
        client.disconnect()


def test_misuse_is_refused_with_client_errors() -> None:
    client = make_client(make_device())
    with pytest.raises(ClientError):
        client.resume()
    client.sleep()
    with pytest.raises(ClientError):
        client.sleep()
    with pytest.raises(ClientError):
        client.connect("test", PASSWORD)
    with pytest.raises(ValueError):
        client.outage(0)


def test_refused_faulty_reconnects_change_nothing() -> None:
    device = make_device()
    client = make_client(device)
    client.connect("test", PASSWORD)
    endpoint, entries = client.endpoint, len(client.dart.entries)
    with pytest.raises(ClientError, match="no earlier session id"):
        client.reconnect(Fault.EXPIRED_SESSION_ID)
    client.outage(20)
    with pytest.raises(ClientError, match="network is down"):
        client.reconnect(Fault.WRONG_TOKEN)
    assert client.endpoint == endpoint and len(client.dart.entries) == entries
    assert gateway_of(device).reconnect_stats.failed == 0


def test_traffic_to_a_forgotten_sa_triggers_a_reconnect() -> None:
    device = make_device()
    gateway = gateway_of(device)
    client = make_client(device)
    client.connect("test", PASSWORD)
    old_id = client.tunnel.session_id
    client.outage(10)
    device.execute("clear crypto session")  # the Delete is lost in the outage
    device.clock.advance(10)
    assert client.tunnel is not None and client.tunnel.session_id == old_id
    assert not client.send_traffic(5)  # INVALID_SPI: the client reconnects, is refused, re-authenticates
    assert (gateway.reconnect_stats.failed, len(gateway.crypto_sessions())) == (1, 1)
    assert client.tunnel.session_id != old_id
    assert client.send_traffic(5)


def test_overlapping_outages_last_until_the_later_one_ends() -> None:
    device = make_device()
    client = make_client(device)
    client.connect("test", PASSWORD)
    client.outage(100)
    device.clock.advance(50)
    client.outage(10)
    device.clock.advance(49)
    assert not client.network_up
    device.clock.advance(1)
    assert client.network_up
    client.outage(30)
    client.outage(60)
    device.clock.advance(30)
    assert not client.network_up
    device.clock.advance(30)
    assert client.network_up


def test_auto_reconnect_off_means_no_reconnect_at_all() -> None:
    device = make_device()
    xml = device.bootflash["acvpn.xml"].replace(
        b'UserControllable="false">true\n', b'UserControllable="false">false\n', 1
    )
    assert xml != device.bootflash["acvpn.xml"]
    device.bootflash["noauto.xml"] = xml
    configure(device, "crypto vpn anyconnect profile acvpn bootflash:noauto.xml")
    gateway = gateway_of(device)
    client = make_client(device)
    client.connect("test", PASSWORD)
    assert not client.profile.auto_reconnect
    result = client.change_network(port=40002)
    assert result is not None and not result.ok and client.tunnel is None
    assert gateway.reconnect_stats.total_incoming == 0
    device.clock.advance(57)
    assert gateway.reconnect_capable_counts() == (0, 1)  # the gateway still keeps it for a reconnect
