"""Tampered and malformed datagrams: rejected as the RFCs say, counted, never a traceback.

Every datagram of a captured seed flow is replayed to the gateway with bits flipped or octets cut:
IKE messages fail their integrity check or framing and count as `IKEv2 packets dropped at
dispatch`; ESP packets fail their ICV (or the replay window) and count in the child SA's drops.
No session appears or disappears because of them.
"""

from __future__ import annotations

from ipaddress import IPv4Address

from engine_fixtures import make_device
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iosxe_sim.engine.capture import CapturePoint
from iosxe_sim.engine.sessions import Endpoint
from iosxe_sim.engine.wire.codec import Exchange, decode_header
from iosxe_sim.engine.wire.ip import IKE_PORT, NAT_T_PORT, NON_ESP_MARKER


def _flow() -> tuple[object, list[tuple[Endpoint, int, bytes]]]:
    device = make_device()
    gateway = device.gateway
    point = CapturePoint("FUZZ", "GigabitEthernet1", match=lambda packet: True)
    point.start(gateway.network, device.clock)
    for line in ("lab clock virtual", "lab client pc1", "lab client pc1 connect", "lab client pc1 traffic 2"):
        device.execute(line)
    point.stop(gateway.network)
    inbound = []
    for packet in point.packets:
        if not packet.inbound:
            continue
        data = packet.data
        source = Endpoint(IPv4Address(data[12:16]), int.from_bytes(data[20:22], "big"))
        inbound.append((source, int.from_bytes(data[22:24], "big"), data[28:]))
    return device, inbound


DEVICE, INBOUND = _flow()


def _protected(port: int, payload: bytes) -> bool:
    """IKE_SA_INIT travels in clear: a flipped bit there can be a different, valid request."""
    if port == NAT_T_PORT and not payload.startswith(NON_ESP_MARKER):
        return True
    message = payload[4:] if port == NAT_T_PORT else payload
    return len(message) >= 28 and decode_header(message).exchange != Exchange.IKE_SA_INIT


PROTECTED = [item for item in INBOUND if item[1] in (IKE_PORT, NAT_T_PORT) and _protected(item[1], item[2])]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_flipped_bits_are_dropped_and_counted(data: st.DataObject) -> None:
    source, port, payload = data.draw(st.sampled_from(PROTECTED))
    bit = data.draw(st.integers(min_value=0, max_value=len(payload) * 8 - 1))
    if port == NAT_T_PORT and payload.startswith(NON_ESP_MARKER) and bit < 32:
        bit += 32  # a flipped marker turns IKE into ESP: covered by the ESP case anyway
    tampered = bytearray(payload)
    tampered[bit // 8] ^= 1 << (7 - bit % 8)
    gateway = DEVICE.gateway
    child = gateway.ike_sas()[0].child_sas[0]
    before = (gateway.ikev2_stats.dropped_at_dispatch, child.drops_in, len(gateway.table.active))
    answer = gateway.responder.receive(source, port, bytes(tampered))
    after = (gateway.ikev2_stats.dropped_at_dispatch, child.drops_in, len(gateway.table.active))
    assert answer is None or answer.startswith(NON_ESP_MARKER)  # at most an unprotected notify
    assert after[2] == before[2]
    assert after[0] + after[1] == before[0] + before[1] + 1 or answer is not None


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600), st.sampled_from([IKE_PORT, NAT_T_PORT, None]))
def test_arbitrary_octets_never_raise(payload: bytes, port: int | None) -> None:
    gateway = DEVICE.gateway
    sessions = len(gateway.table.active)
    gateway.responder.receive(Endpoint(IPv4Address("203.0.113.9"), 40000), port, payload)
    assert len(gateway.table.active) == sessions
