"""The path between Secure Clients and the gateway's outside interface, with capture points.

Every datagram between a client and the gateway crosses `Network`: the sender hands over octets,
the receiver decodes them, and whatever passes the gateway's interface is offered to the taps on
that interface (IOS's `monitor capture`), stamped with the virtual clock. With no tap attached the
cost is one dict lookup: the IPv4/UDP framing is only built for a capture.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from ipaddress import IPv4Address
from typing import Protocol

from iosxe_sim.engine.clock import VirtualClock
from iosxe_sim.engine.sessions import Endpoint
from iosxe_sim.engine.wire import ip

PROTO_ESP = 50
Tap = Callable[[float, bool, bytes], None]  # (virtual time, inbound, IPv4 packet)


class Receiver(Protocol):
    def receive(self, source: Endpoint, port: int | None, data: bytes) -> bytes | None:
        """A datagram for us from `source` (`port` is our UDP port, None for raw ESP); our answer."""


@dataclass(frozen=True)
class GatewayPort:
    """The gateway's side of the path: its outside interface, address, and the receiver."""

    interface: str
    address: IPv4Address
    receiver: Receiver


class Network:
    def __init__(self, clock: VirtualClock) -> None:
        self.clock = clock
        self.peers: dict[Endpoint, Receiver] = {}
        self.taps: dict[str, list[Tap]] = {}
        self._ident = 0

    def attach(self, endpoint: Endpoint, receiver: Receiver) -> None:
        self.peers[endpoint] = receiver

    def detach(self, endpoint: Endpoint, receiver: Receiver) -> None:
        if self.peers.get(endpoint) is receiver:
            del self.peers[endpoint]

    def to_gateway(self, gateway: GatewayPort, source: Endpoint, port: int | None, data: bytes) -> bytes | None:
        """A client's datagram to the gateway's `port` (None: ESP without NAT-T); the answer, if any."""
        if gateway.interface in self.taps:
            self._tap(gateway, True, source, port, data)
        answer = gateway.receiver.receive(source, port, data)
        if answer is not None and gateway.interface in self.taps:
            self._tap(gateway, False, source, port, answer)
        return answer

    def to_peer(self, gateway: GatewayPort, peer: Endpoint, port: int | None, data: bytes) -> bytes | None:
        """The gateway's datagram from its `port` to `peer`; the peer's answer, if it gives one."""
        if gateway.interface in self.taps:
            self._tap(gateway, False, peer, port, data)
        receiver = self.peers.get(peer)
        answer = None if receiver is None else receiver.receive(Endpoint(gateway.address, port or 0), port, data)
        if answer is not None and gateway.interface in self.taps:
            self._tap(gateway, True, peer, port, answer)
        return answer

    def _tap(self, gateway: GatewayPort, inbound: bool, peer: Endpoint, port: int | None, data: bytes) -> None:
        self._ident = (self._ident + 1) & 0xFFFF
        here, there = gateway.address, peer.address
        if port is None:
            packet = ip.ipv4(there, here, PROTO_ESP, data, self._ident) if inbound else ip.ipv4(
                here, there, PROTO_ESP, data, self._ident
            )
        elif inbound:
            packet = ip.udp(there, peer.port, here, port, data, self._ident)
        else:
            packet = ip.udp(here, port, there, peer.port, data, self._ident)
        for tap in list(self.taps.get(gateway.interface, ())):
            tap(self.clock.now, inbound, packet)
