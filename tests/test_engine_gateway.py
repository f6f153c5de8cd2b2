"""The gateway engine: numbering, negotiation, AAA, pools, DPD, the session databases."""

from __future__ import annotations

from ipaddress import IPv4Address

import pytest
from engine_fixtures import PASSWORD, configure, gateway_of, make_client, make_device

from iosxe_sim.engine.events import (
    ConnectFailed,
    ConnectFailure,
    DownReason,
    DpdSent,
    DpdTimeout,
    InactiveExpired,
    SessionDown,
    SessionInactive,
    SessionUp,
)
from iosxe_sim.engine.ikev2_crypto import DhGroup, Encryption, Integrity, Prf
from iosxe_sim.engine.liveness import REKEY_JITTER, soft_seconds
from iosxe_sim.engine.state import AuthMethod, Capability, NatTraversal, PeerType
from iosxe_sim.engine.wire.codec import (
    FLAG_INITIATOR,
    Exchange,
    decode_header,
    decode_payloads,
    encode_message,
)
from iosxe_sim.engine.wire.payloads import Notify, decode_notify

POOL_FIRST = IPv4Address("192.168.20.5")


def test_first_session_carries_the_seed_numbers() -> None:
    device = make_device()
    client = make_client(device)
    assert client.connect("test", PASSWORD).ok
    [session] = gateway_of(device).crypto_sessions()
    sa = session.ike_sa
    assert (session.interface, sa.session_id, sa.ce_id, sa.tunnel_id) == ("Virtual-Access1", 16, 1016, 1)
    assert (sa.local_addr, sa.local_port) == (IPv4Address("10.106.45.225"), 4500)
    assert (sa.remote_addr, sa.remote_port) == (client.endpoint.address, client.endpoint.port)
    assert sa.assigned_host_addr == POOL_FIRST == client.tunnel.assigned
    assert sa.remote_id.value == "*$AnyConnectClient$*" and not sa.remote_id.is_session_id
    assert (sa.remote_eap_id, sa.peer_type, session.username) == ("test", PeerType.ANYCONNECT, "test")
    assert (sa.dpd_interval, sa.dpd_retry, sa.nat_t) == (45, 2, NatTraversal.OUTSIDE)
    assert sa.msg_ids.remote_next == 6


def test_negotiation_follows_the_configured_proposal_and_transform_set() -> None:
    device = make_device()
    assert make_client(device).connect("test", PASSWORD).ok
    sa = gateway_of(device).ike_sas()[0]
    algorithms = sa.algorithms
    assert (algorithms.encryption, algorithms.prf, algorithms.integrity) == (
        Encryption.AES_CBC_256,
        Prf.SHA512,
        Integrity.SHA512,
    )
    assert (algorithms.dh_group, algorithms.auth_sign, algorithms.auth_verify) == (
        DhGroup.ECP_256,
        AuthMethod.RSA,
        AuthMethod.ANYCONNECT_EAP,
    )
    child = sa.child_sas[0]
    assert (child.encryption, child.integrity) == (Encryption.AES_CBC_256, Integrity.SHA384)
    assert (child.lifetime_seconds, child.lifetime_kb, child.mtu_interface) == (
        3600,
        4608000,
        "GigabitEthernet1",
    )


def test_config_changes_apply_to_the_next_connect() -> None:
    device = make_device()
    configure(
        device,
        "crypto ikev2 proposal default",
        "no group 19 14 21",
        "group 20",
        "exit",
        "crypto ipsec transform-set GCM esp-gcm 256",
        "exit",
        "crypto ipsec profile AnyConnect-EAP",
        "set transform-set GCM",
    )
    assert make_client(device).connect("test", PASSWORD).ok
    sa = gateway_of(device).ike_sas()[0]
    assert sa.algorithms.dh_group is DhGroup.ECP_384  # after an INVALID_KE_PAYLOAD round trip
    assert (sa.child_sas[0].encryption, sa.child_sas[0].integrity) == (Encryption.AES_GCM_256, None)


def test_no_proposal_chosen() -> None:
    device = make_device()
    configure(device, "crypto ikev2 proposal default", "no group 19 14 21", "group 5")
    result = make_client(device).connect("test", PASSWORD)
    assert not result.ok and result.reason is ConnectFailure.NO_PROPOSAL
    assert gateway_of(device).crypto_sessions() == []
    stats = gateway_of(device).ikev2_stats
    assert (stats.incoming_requests, stats.incoming_accepted, stats.incoming_rejected) == (1, 0, 1)


@pytest.mark.parametrize(
    ("user", "password", "reason"),
    [("test", "wrong", ConnectFailure.BAD_PASSWORD), ("nobody", PASSWORD, ConnectFailure.UNKNOWN_USER)],
)
def test_authentication_failures_leave_no_trace(user: str, password: str, reason: ConnectFailure) -> None:
    device = make_device()
    gateway = gateway_of(device)
    client = make_client(device)
    result = client.connect(user, password)
    assert (result.ok, result.reason, result.message) == (False, reason, "Login failed.")
    [failed] = gateway.events.of_type(ConnectFailed)
    assert failed.reason is reason and failed.username == user
    assert gateway.crypto_sessions() == [] and len(gateway.pools) == 0
    assert gateway.table.va_numbers.taken == frozenset()
    assert client.connect("test", PASSWORD).ok
    assert gateway.crypto_sessions()[0].interface == "Virtual-Access1"


def test_user_added_through_config_connects() -> None:
    device = make_device()
    configure(device, "username user1 password 0 x")
    assert make_client(device).connect("user1", "x").ok
    assert gateway_of(device).crypto_sessions()[0].username == "user1"


def test_missing_authorization_policy_refuses() -> None:
    device = make_device()
    configure(device, "no crypto ikev2 authorization policy ikev2-auth-policy")
    result = make_client(device).connect("test", PASSWORD)
    assert result.reason is ConnectFailure.AUTHORIZATION


def test_pool_exhaustion_and_lowest_free_address() -> None:
    device = make_device()
    gateway = gateway_of(device)
    clients = [make_client(device, f"c{n}") for n in range(7)]
    results = [client.connect("test", PASSWORD) for client in clients]
    assert [r.ok for r in results] == [True] * 6 + [False]
    assert results[-1].reason is ConnectFailure.NO_ADDRESS
    assert [c.tunnel.assigned for c in clients[:6]] == [IPv4Address(f"192.168.20.{n}") for n in range(5, 11)]
    clients[2].disconnect()
    assert clients[6].connect("test", PASSWORD).ok
    assert clients[6].tunnel.assigned == IPv4Address("192.168.20.7")
    assert gateway.crypto_sessions()[2].interface == "Virtual-Access3"


def test_dpd_declares_the_peer_dead_57_seconds_after_it_went_quiet() -> None:
    device = make_device()
    gateway = gateway_of(device)
    client = make_client(device)
    client.connect("test", PASSWORD)
    device.clock.advance(100)  # client DPDs at 30, 60, 90: no gateway DPD
    assert gateway.events.of_type(DpdSent) == []
    client.sleep()  # last packet heard at 90
    device.clock.advance(46.9)
    assert len(gateway.crypto_sessions()) == 1
    sent = gateway.events.of_type(DpdSent)
    assert [(e.at, e.attempt) for e in sent] == [(135.0 + 2 * n, n) for n in range(6)]
    device.clock.advance(0.2)
    assert gateway.crypto_sessions() == []
    [timeout] = gateway.events.of_type(DpdTimeout)
    [down] = gateway.events.of_type(SessionDown)
    assert timeout.at == down.at == 147.0 and down.reason is DownReason.DPD_TIMEOUT
    [inactive] = gateway.events.of_type(SessionInactive)
    assert inactive.expires_at == 147.0 + 900
    assert gateway.reconnect_capable_counts() == (0, 1)
    assert gateway.pools.in_use(POOL_FIRST)


def test_inactive_session_expires_and_releases_its_address() -> None:
    device = make_device()
    gateway = gateway_of(device)
    client = make_client(device)
    client.connect("test", PASSWORD)
    client.sleep()
    device.clock.advance(57 + 899)
    assert gateway.reconnect_capable_counts() == (0, 1)
    device.clock.advance(1)
    assert gateway.reconnect_capable_counts() == (0, 0)
    [expired] = gateway.events.of_type(InactiveExpired)
    assert (expired.at, expired.assigned) == (957.0, POOL_FIRST)
    assert not gateway.pools.in_use(POOL_FIRST) and len(gateway.pools) == 0
    assert gateway.table.va_numbers.taken == frozenset()


def test_without_reconnect_a_dead_peer_is_forgotten() -> None:
    device = make_device()
    configure(device, "crypto ikev2 profile AnyConnect-EAP", "no reconnect", "dpd 10 3 on-demand")
    gateway = gateway_of(device)
    client = make_client(device)
    client.connect("test", PASSWORD)
    assert client.tunnel.session_id is None
    assert gateway.reconnect_capable_counts() == (0, 0)
    client.sleep()
    device.clock.advance(10 + 6 * 3)
    assert gateway.crypto_sessions() == [] and gateway.table.inactive == {}
    assert len(gateway.pools) == 0


def test_without_dpd_and_reconnect_the_gateway_never_notices() -> None:
    device = make_device()
    configure(device, "crypto ikev2 profile AnyConnect-EAP", "no reconnect")
    gateway = gateway_of(device)
    client = make_client(device)
    client.connect("test", PASSWORD)
    sa = gateway.ike_sas()[0]
    assert (sa.dpd_interval, sa.capabilities()) == (0, (Capability.NAT_TRAVERSAL,))
    client.sleep()
    device.clock.advance(3000)
    assert len(gateway.crypto_sessions()) == 1
    assert gateway.events.of_type(DpdSent) == []


def test_periodic_dpd_probes_even_a_talkative_peer() -> None:
    device = make_device()
    configure(device, "crypto ikev2 profile AnyConnect-EAP", "dpd 20 2 periodic")
    gateway = gateway_of(device)
    make_client(device).connect("test", PASSWORD)
    device.clock.advance(61)
    assert [e.at for e in gateway.events.of_type(DpdSent)] == [20.0, 40.0, 60.0]
    sa = gateway.ike_sas()[0]
    assert (sa.msg_ids.local_next, sa.msg_ids.remote_next) == (3, 6 + 2)


def test_client_dpd_advances_message_ids() -> None:
    device = make_device()
    make_client(device).connect("test", PASSWORD)
    device.clock.advance(620)
    ids = gateway_of(device).ike_sas()[0].msg_ids
    assert (ids.remote_req, ids.remote_next, ids.remote_queued, ids.local_next) == (26, 26, 26, 0)


def test_traffic_moves_counters_and_kilobyte_lifetime_rekeys() -> None:
    device = make_device()
    configure(
        device, "crypto ipsec profile AnyConnect-EAP", "set security-association lifetime kilobytes 2560"
    )
    gateway = gateway_of(device)
    client = make_client(device)
    client.connect("test", PASSWORD)
    child = gateway.ike_sas()[0].child_sas[0]
    assert child.lifetime_kb == 2560
    assert client.send_traffic(15, 100)
    assert (child.packets_decrypted, child.packets_encrypted, child.bytes_decrypted) == (15, 15, 1500)
    spi = child.spi_in
    assert client.send_traffic(2000, 1400)  # 2,734 KB > 2,560 KB
    fresh = gateway.ike_sas()[0].child_sas[0]
    # the 1,685th packet reaches the soft threshold (90 % of 2,560 KB = 2,304 KB): the rekey
    # happens there and the last 315 use the new SA; the flow's packet count carries on
    assert fresh.spi_in != spi and child.packets_decrypted == 1700
    assert (fresh.packets_decrypted, fresh.bytes_decrypted) == (2015, 315 * 1400)
    assert fresh.flow_bytes_decrypted == 1500 + 2000 * 1400


def test_ipsec_lifetime_rekeys_the_child_and_ike_lifetime_the_ike_sa() -> None:
    device = make_device()
    configure(device, "crypto ikev2 profile AnyConnect-EAP", "lifetime 7200")
    gateway = gateway_of(device)
    client = make_client(device)
    client.connect("test", PASSWORD)
    sa = gateway.ike_sas()[0]
    first_child, first_spi = sa.child_sas[0].spi_in, sa.local_spi
    child_due, ike_due = soft_seconds(3600, first_child), soft_seconds(7200, first_spi)
    assert 3600 - 30 - REKEY_JITTER <= child_due <= 3600 - 30  # soft lifetime: before the hard one
    device.clock.advance(child_due - 1)
    assert sa.child_sas[0].spi_in == first_child
    device.clock.advance(1)
    assert sa.child_sas[0].spi_in != first_child and sa.child_sas[0].created_at == child_due
    device.clock.advance(ike_due - child_due)
    [sa] = gateway.ike_sas()
    assert sa.local_spi != first_spi and sa.created_at == ike_due
    assert (client.tunnel.spi_r, client.tunnel.spi_i) == (sa.local_spi, sa.remote_spi)
    device.clock.advance(90)
    assert sa.msg_ids.remote_next == 3  # three client DPDs in 90 s reach the new SA


def test_rekey_of_a_sleeping_peer_fails() -> None:
    device = make_device()
    configure(device, "crypto ikev2 profile AnyConnect-EAP", "no reconnect")
    gateway = gateway_of(device)
    client = make_client(device)
    client.connect("test", PASSWORD)
    client.sleep()
    device.clock.advance(3600)
    assert gateway.crypto_sessions() == []
    assert gateway.events.of_type(SessionDown)[0].reason is DownReason.REKEY_FAILED


def test_clear_crypto_session_ends_active_and_inactive_sessions() -> None:
    device = make_device()
    gateway = gateway_of(device)
    sleeper, other = make_client(device, "a"), make_client(device, "b")
    sleeper.connect("test", PASSWORD)
    other.connect("test", PASSWORD)
    sleeper.sleep()
    device.clock.advance(60)
    assert gateway.reconnect_capable_counts() == (1, 1)
    assert gateway.clear_sessions() == 2
    assert gateway.reconnect_capable_counts() == (0, 0) and len(gateway.pools) == 0
    assert other.tunnel is None  # it was told
    reasons = [e.reason for e in gateway.events.of_type(SessionDown)]
    assert reasons == [DownReason.DPD_TIMEOUT, DownReason.CLEARED]


def test_clear_by_remote_address_spares_other_peers() -> None:
    device = make_device()
    gateway = gateway_of(device)
    first = make_client(device, "a", address=IPv4Address("198.51.100.1"))
    second = make_client(device, "b", address=IPv4Address("198.51.100.2"))
    first.connect("test", PASSWORD)
    second.connect("test", PASSWORD)
    assert gateway.clear_sessions(IPv4Address("198.51.100.1")) == 1
    assert [s.peer_addr for s in gateway.crypto_sessions()] == [IPv4Address("198.51.100.2")]


def test_session_up_events_carry_what_syslog_needs() -> None:
    device = make_device()
    gateway = gateway_of(device)
    client = make_client(device)
    client.connect("test", PASSWORD)
    [up] = gateway.events.of_type(SessionUp)
    assert (up.interface, up.username, up.profile, up.session_number, up.assigned, up.reconnected) == (
        "Virtual-Access1",
        "test",
        "AnyConnect-EAP",
        16,
        POOL_FIRST,
        False,
    )
    seen: list[object] = []
    unsubscribe = gateway.events.subscribe(seen.append)
    client.disconnect()
    unsubscribe()
    assert [type(e) for e in seen] == [SessionDown]
    assert seen[0].reason is DownReason.USER_DISCONNECT  # type: ignore[attr-defined]


def test_reconnect_timeout_is_read_when_the_peer_dies() -> None:
    device = make_device()
    gateway = gateway_of(device)
    client = make_client(device)
    client.connect("test", PASSWORD)
    configure(device, "crypto ikev2 profile AnyConnect-EAP", "reconnect timeout 600")
    client.sleep()
    device.clock.advance(57)
    assert gateway.table.inactive[client.tunnel.session_id].expires_at == 57 + 600
    device.clock.advance(600)
    assert gateway.reconnect_capable_counts() == (0, 0)


def test_auth_for_an_unknown_spi_is_answered_invalid_ike_spi() -> None:
    device = make_device()
    client = make_client(device)
    gateway = gateway_of(device)
    message = encode_message(1, 12345, Exchange.IKE_AUTH, FLAG_INITIATOR, 1, [])
    answer = gateway.responder.receive(client.endpoint, 500, message)
    assert answer is not None
    header = decode_header(answer)
    payloads, _ = decode_payloads(header.next_payload, answer, 28)
    assert (header.exchange, header.spi_r, header.is_response) == (Exchange.INFORMATIONAL, 12345, True)
    assert decode_notify(payloads[0].body).kind == Notify.INVALID_IKE_SPI
    assert gateway.crypto_sessions() == []


@pytest.mark.parametrize(("mask", "connects"), [("255.0.0.0", True), ("255.255.255.0", False)])
def test_match_identity_remote_address_honours_its_mask(mask: str, connects: bool) -> None:
    device = make_device()
    configure(device, "crypto ikev2 profile AnyConnect-EAP", "no match identity remote key-id *$AnyConnectClient$*",
              f"match identity remote address 10.0.0.0 {mask}")
    result = make_client(device).connect("test", PASSWORD)
    assert result.ok is connects
