"""Folded keepalives (VirtualClock.call_local, Gateway.absorb_keepalives) are invisible.

A client's DPD every 30 s is a real encrypted exchange; over a long clock advance the engine answers
a run of them in one step when nothing could tell the difference. The proof: the same seeded story
run twice, once with a capture tap on the gateway's interface (every DPD then goes on the wire, as
a capture must see them) and once without (folded), prints the same show commands, logs the same
events and leaves the same random state, while the folded run puts far fewer exchanges on the wire.
"""

from __future__ import annotations

import pytest
from engine_fixtures import configure, gateway_of, make_device

from iosxe_sim.device import Device
from iosxe_sim.engine.peers import PeerChannel

DAY = 86400
SHOWS = (
    "show crypto ikev2 sa detailed",
    "show crypto session detail",
    "show crypto ipsec sa",
    "show crypto ikev2 stats",
    "show crypto ikev2 stats reconnect",
    "show crypto ikev2 stats exchange",
    "show ip local pool",
    "show logging",
    "lab show client pc1 log",
    "lab show client pc2 log",
)
STORY = (
    "lab client pc1 connect",
    "lab clock advance 100000",
    "lab client pc1 traffic 20",
    "lab client pc2 connect",
    "lab clock advance 7205",
    "lab client pc1 sleep",
    "lab clock advance 600",
    "lab client pc1 resume",
    "lab clock advance 90000",
    "lab client pc2 roam address 100.64.9.9",
    "lab clock advance 3601",
    "lab client pc2 outage 200",
    "lab clock advance 86400",
        "lab clock advance 40000",
)


def _run(profile_lines: tuple[str, ...], story: tuple[str, ...], observed: bool) -> tuple[list[str], int, bytes]:
    """What the story's lines and the shows after it print, the number of peer requests the gateway decoded, and a random draw."""
    device = make_device()
    device.realtime = False
    if profile_lines:
        configure(device, "crypto ikev2 profile AnyConnect-EAP", *profile_lines)
    gateway = gateway_of(device)
    if observed:
        interface = gateway.port().interface
        gateway.network.taps[interface] = [lambda when, inbound, packet: None]
    device.execute("lab client pc1 address 10.106.69.1")
    device.execute("lab client pc2 address 10.106.69.2")
    decoded = 0
    original = PeerChannel.request_from_peer

    def counting(channel: PeerChannel, session: object, message: bytes) -> bytes:
        nonlocal decoded
        decoded += 1
        return original(channel, session, message)  # type: ignore[arg-type]

    gateway.peers.request_from_peer = counting.__get__(gateway.peers)  # type: ignore[method-assign]
    said = [_shown(device, line) for line in story]  # a refusal (no reconnect) is part of the story
    return said + [_shown(device, show) for show in SHOWS], decoded, gateway.rng.token_bytes(16)


def _shown(device: Device, command: str) -> str:
    return f"{command}\n{device.execute(command)}"


@pytest.mark.parametrize(
    "profile_lines",
    [(), ("dpd 10 2 on-demand",), ("dpd 30 2 on-demand",), ("dpd 31 2 on-demand",), ("dpd 60 2 periodic",),
     ("dpd 45 2 on-demand", "no reconnect")],
    ids=["seed", "gateway-dpd-sooner", "gateway-dpd-as-often", "gateway-dpd-later", "gateway-dpd-periodic",
         "no-reconnect"],
)
def test_a_folded_run_prints_what_the_wire_run_prints(profile_lines: tuple[str, ...]) -> None:
    on_the_wire, wire_requests, wire_draw = _run(profile_lines, STORY, observed=True)
    folded, folded_requests, folded_draw = _run(profile_lines, STORY, observed=False)
    for seen, expected in zip(folded, on_the_wire, strict=True):
        assert seen == expected
    assert folded_draw == wire_draw  # the gateway's random numbers are where the wire run left them
    assert wire_requests > 5_000  # a DPD every 30 s from each connected client for days
    if profile_lines[:1] in ((), ("dpd 31 2 on-demand",), ("dpd 45 2 on-demand",)):
        assert folded_requests < wire_requests // 20
    else:
        assert folded_requests == wire_requests  # the gateway's own DPD speaks between: no folding


def test_a_virtual_year_of_an_idle_client_is_a_few_thousand_exchanges() -> None:
    """One year: about 8,800 hourly child rekeys (each a real CREATE_CHILD_SA and Delete) but no
    million DPD exchanges; the session is the same session at the end, message ids in step."""
    device = make_device()
    device.realtime = False
    device.execute("lab client pc1 address 10.106.69.1")
    assert "connected" in device.execute("lab client pc1 connect")
    gateway = gateway_of(device)
    calls = 0
    original = gateway.peers._request

    def counting(*args: object) -> object:
        nonlocal calls
        calls += 1
        return original(*args)  # type: ignore[arg-type]

    gateway.peers._request = counting  # type: ignore[method-assign]
    assert device.execute(f"lab clock advance {365 * DAY}").startswith("Clock advanced")
    (session,) = gateway.table.active.values()
    client = device.clients["pc1"].client
    assert client.tunnel is not None
    assert session.crypto.ike_sa.msg_ids.remote_next == client.tunnel.sa.next_id
    since_ike_rekey = device.clock.now - session.crypto.ike_sa.created_at
    assert client.tunnel.sa.next_id >= since_ike_rekey // 30  # every DPD since was counted
    assert calls < 30_000
