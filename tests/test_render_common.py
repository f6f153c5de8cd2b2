"""Formatting helpers and the derived values of the state records."""

from __future__ import annotations

import dataclasses
from ipaddress import IPv4Address

import pytest
from hypothesis import given
from hypothesis import strategies as st
from oracle_states import SESSION_ID_HEX, SESSION_ID_TEXT, seed_after_reconnect, seed_before_reconnect

from iosxe_sim.engine.state import (
    Capability,
    IkeIdentity,
    Ikev2SaCounts,
    Ikev2SaStatus,
    NatTraversal,
    TrafficSelector,
    count_ike_sas,
)
from iosxe_sim.render.common import (
    flow_endpoint,
    identity_text,
    ike_remaining_seconds,
    ios_uptime,
    ipsec_remaining_kb,
    ipsec_remaining_seconds,
    selector_network,
)
from iosxe_sim.render.crypto_session import render_crypto_session, render_crypto_session_detail
from iosxe_sim.render.ikev2 import render_ikev2_sa


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "00:00:00"),
        (15, "00:00:15"),
        (86399, "23:59:59"),
        (86400, "1d00h"),
        (3 * 86400 + 18 * 3600 + 59, "3d18h"),
        (7 * 86400, "1w0d"),
        (49 * 86400 + 5, "7w0d"),
        (365 * 86400 + 15 * 86400, "1y2w"),
    ],
)
def test_ios_uptime(seconds: int, text: str) -> None:
    assert ios_uptime(seconds) == text


def test_lifetimes_follow_the_seed_at_fractional_time() -> None:
    session, now = seed_after_reconnect()
    sa, child = session.ike_sa, session.ike_sa.child_sas[0]
    assert now - sa.created_at == 3.5
    assert ike_remaining_seconds(sa, now) == 86397
    assert ipsec_remaining_seconds(child, now) == 3596


def test_lifetimes_never_go_negative() -> None:
    session, now = seed_before_reconnect()
    sa, child = session.ike_sa, session.ike_sa.child_sas[0]
    assert ike_remaining_seconds(sa, now + 10**6) == 0
    assert ipsec_remaining_seconds(child, now + 10**6) == 0
    assert ipsec_remaining_kb(child, 10**12) == 0


@given(st.integers(min_value=0, max_value=4608000 * 1024))
def test_kilobyte_lifetime_counts_down_with_bytes(octets: int) -> None:
    session, _ = seed_before_reconnect()
    child = session.ike_sa.child_sas[0]
    assert ipsec_remaining_kb(child, octets) == 4608000 - octets // 1024


def test_identity_text() -> None:
    assert identity_text(IkeIdentity.reconnect_session_id(SESSION_ID_TEXT)) == SESSION_ID_HEX
    assert identity_text(IkeIdentity.key_id("*$AnyConnectClient$*")) == "*$AnyConnectClient$*"
    assert identity_text(IkeIdentity.address(IPv4Address("10.1.2.3"))) == "10.1.2.3"


def test_selectors() -> None:
    assert flow_endpoint(TrafficSelector.any()) == "0.0.0.0/0.0.0.0"
    assert flow_endpoint(TrafficSelector.host(IPv4Address("192.168.20.5"))) == "host 192.168.20.5"
    subnet = TrafficSelector(IPv4Address("10.1.0.0"), IPv4Address("10.1.255.255"))
    assert flow_endpoint(subnet) == "10.1.0.0/255.255.0.0"
    with pytest.raises(ValueError, match="not one CIDR block"):
        selector_network(TrafficSelector(IPv4Address("10.0.0.1"), IPv4Address("10.0.0.2")))


def test_capabilities_in_legend_order() -> None:
    before, _ = seed_before_reconnect()
    after, _ = seed_after_reconnect()
    assert before.ike_sa.capabilities() == (Capability.DPD, Capability.NAT_TRAVERSAL)
    assert "".join(c.value for c in after.ike_sa.capabilities()) == "DNR"
    bare = dataclasses.replace(before.ike_sa, dpd_interval=0, nat_t=NatTraversal.NOT_DETECTED)
    assert bare.capabilities() == ()
    assert (
        "".join(c.value for c in dataclasses.replace(bare, dynamic_route_update=True).capabilities()) == "U"
    )


def test_capabilities_none_renders_as_ios_does() -> None:
    session, now = seed_before_reconnect()
    bare = dataclasses.replace(session.ike_sa, dpd_interval=0, nat_t=NatTraversal.NOT_DETECTED)
    text = render_crypto_session_detail([dataclasses.replace(session, ike_sa=bare)], now)
    assert "          Capabilities:(none) connid:1 lifetime:23:59:45\n" in text


def test_count_ike_sas() -> None:
    before, _ = seed_before_reconnect()
    sa = before.ike_sa
    sas = [
        sa,
        dataclasses.replace(sa, status=Ikev2SaStatus.IN_NEG),
        dataclasses.replace(sa, initiator=True),
        dataclasses.replace(sa, status=Ikev2SaStatus.DELETE),
    ]
    assert count_ike_sas(sas) == Ikev2SaCounts(
        incoming_active=1, incoming_negotiating=1, outgoing_active=1, outgoing_negotiating=0
    )


def test_empty_outputs() -> None:
    assert render_crypto_session([]) == "Crypto session current status\n\n"
    assert render_crypto_session_detail([], 0.0).endswith("R - IKE Auto Reconnect\n\n")
    assert render_ikev2_sa([], 0.0) == " IPv4 Crypto IKEv2  SA \n\n IPv6 Crypto IKEv2  SA \n\n"
