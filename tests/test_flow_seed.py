"""The seed's scenario end to end: engine API calls for the client, Device.execute for the shows.

Connect, look (seed "Verifiëren"), sleep past DPD, resume, reconnect, look again (seed "Na opnieuw
verbinden"). The expected texts are the seed's captures (tests/test_render_seed.py), with the
values no seed can fix (client ports, SPIs, the random session id) taken from the engine.
"""

from __future__ import annotations

from ipaddress import IPv4Address

import pytest
from engine_fixtures import configure, gateway_of, make_client, make_device
from test_render_seed import (
    IKEV2_CHILD,
    IKEV2_COMMON_HEAD,
    IKEV2_MSG_IDS,
    SESSION_DETAIL_AFTER,
    SESSION_DETAIL_BEFORE,
    normalised,
)

from iosxe_sim.device import Device
from iosxe_sim.engine.client import SecureClient
from iosxe_sim.engine.events import (
    DpdTimeout,
    ReconnectSucceeded,
    SessionDown,
    SessionInactive,
    SessionUp,
)
from iosxe_sim.render.common import hex_spi

CONNECT_AT = 1000.0
ASSIGNED = IPv4Address("192.168.20.5")


def stats(device: Device) -> list[str]:
    return device.execute("show crypto ikev2 stats reconnect").splitlines()[:5]


def expected_stats(total: int, success: int, active: int, inactive: int) -> list[str]:
    return [
        f"Total incoming reconnect connection: {total}",
        f"Success reconnect connection: {success}",
        "Failed reconnect connection: 0",
        f"Reconnect capable active session count: {active}",
        f"Reconnect capable inactive session count: {inactive}",
    ]


def ikev2_expected(device: Device, client: SecureClient, user: str | None, msg: int, active: int) -> str:
    sa = gateway_of(device).ike_sas()[0]
    child = sa.child_sas[0]
    reconnected = user is None
    head = IKEV2_COMMON_HEAD.format(
        sid=sa.session_id,
        port=client.endpoint.port,
        verify="PSK" if reconnected else "AnyConnect-EAP",
        active=active,
        ce=sa.ce_id,
        lspi="%016X" % sa.local_spi,
        rspi="%016X" % sa.remote_spi,
        rid=client.tunnel.session_id.encode().hex().upper() if reconnected else "*$AnyConnectClient$*",
    )
    eap = "" if reconnected else f"Remote EAP id: {user}\n"
    peer = "" if reconnected else "PEER TYPE: AnyConnect\n"
    esp = "%s/%s" % (hex_spi(child.spi_in), hex_spi(child.spi_out))
    return head + eap + IKEV2_MSG_IDS.format(m=msg) + peer + IKEV2_CHILD.format(esp=esp)


@pytest.mark.parametrize(
    ("user", "password", "config"),
    [
        ("test", "cisco", ()),
        ("user1", "x", ("username user1 password 0 x",)),
    ],
)
def test_seed_flow(user: str, password: str, config: tuple[str, ...]) -> None:
    device = make_device()
    if config:
        configure(device, *config)
    gateway = gateway_of(device)
    client = make_client(device, port=63516)
    device.clock.advance(CONNECT_AT)

    # -- Verifiëren -------------------------------------------------------------------------------
    assert client.connect(user, password).ok
    assert client.send_traffic(15, 140, reply_octets=60)  # 2,100 octets in: 2 KB of the IPsec life
    device.clock.advance(15)
    detail = device.execute("show crypto session detail")
    assert normalised(detail) == normalised(SESSION_DETAIL_BEFORE.replace("63516", str(client.endpoint.port)))
    device.clock.advance(605)
    ikev2 = normalised(device.execute("show crypto ikev2 session detailed"))
    assert ikev2[:-1] == normalised(ikev2_expected(device, client, user, msg=26, active=620))
    assert stats(device) == expected_stats(0, 0, 1, 0)

    # -- the laptop sleeps; DPD finds it gone; the session waits in the inactive DB ----------------
    client.sleep()
    device.clock.advance(100)
    assert stats(device) == expected_stats(0, 0, 0, 1)
    assert "Interface:" not in device.execute("show crypto session")
    pool_row = device.execute("show ip local pool").splitlines()[1]
    assert pool_row.split() == ["ACPPOOL", "192.168.20.5", "192.168.20.10", "5", "1"]  # still held

    # -- Na opnieuw verbinden --------------------------------------------------------------------
    result = client.resume()
    assert result is not None and result.ok and result.reconnected
    assert client.endpoint.port != 63516  # a new socket after suspend, as in the seed
    client.send_traffic(22, 40)
    device.clock.advance(3.5)
    after = device.execute("show crypto session detail")
    session_id_hex = client.tunnel.session_id.encode("ascii").hex().upper()
    expected_after = SESSION_DETAIL_AFTER.replace("54626", str(client.endpoint.port)).replace(
        "724955484B63634452695574465441547771", session_id_hex
    )
    assert normalised(after) == normalised(expected_after)
    lines = after.splitlines()
    assert f"      Phase1_id: {session_id_hex}" in lines
    assert "          Capabilities:DNR connid:1 lifetime:23:59:57" in lines
    device.clock.advance(202 - 3.5)
    ikev2 = normalised(device.execute("show crypto ikev2 session detail"))
    assert ikev2[:-1] == normalised(ikev2_expected(device, client, None, msg=8, active=202))
    assert "Auth verify: PSK" in ikev2[4]
    assert stats(device) == expected_stats(1, 1, 1, 0)
    assert client.tunnel.assigned == ASSIGNED == gateway.crypto_sessions()[0].assigned_addr

    # -- what the shell turns into syslog lines --------------------------------------------------
    kinds = [type(e).__name__ for e in gateway.events.history if not type(e).__name__.startswith("Dpd")]
    assert kinds == ["SessionUp", "SessionDown", "SessionInactive", "ReconnectSucceeded", "SessionUp"]
    assert gateway.events.of_type(DpdTimeout)[0].at == CONNECT_AT + 600 + 57
    up_again = gateway.events.of_type(SessionUp)[-1]
    assert (
        isinstance(up_again, SessionUp) and up_again.reconnected and up_again.interface == "Virtual-Access2"
    )
    assert gateway.events.of_type(SessionInactive) and gateway.events.of_type(SessionDown)
    assert gateway.events.of_type(ReconnectSucceeded)[0].session_number == 17

    # -- the client's DART log -------------------------------------------------------------------
    descriptions = client.dart.descriptions()
    assert (
        f"Function: CIPsecProtocol::initiateTunnel\nFile: IPsecProtocol.cpp\nLine: 613\nUsing IKE ID "
        f"'{client.tunnel.session_id}' for reconnect" in descriptions
    )
    assert descriptions.count("Message type information sent to the user:\nConnected to IKEv2_Gateway.") == 2
