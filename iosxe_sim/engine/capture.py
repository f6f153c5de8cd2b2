"""IOS-XE Embedded Packet Capture points (`monitor capture NAME ...`) on the gateway's interfaces.

A capture point names an interface and a direction, an optional match (any, an IPv4 filter or an
access list - handed in as a predicate, the engine knows no config), a buffer size and limits.
Started, it taps the Network; every packet it keeps carries the virtual time it passed. It stops
itself when a limit is reached, as IOS does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

from iosxe_sim.engine.clock import Timer, VirtualClock
from iosxe_sim.engine.network import Network
from iosxe_sim.engine.wire.pcap import pcap_bytes

DEFAULT_BUFFER_MB = 10  # IOS-XE default `buffer size` (docs/capture.md)
RECORD_OVERHEAD = 16  # pcap record header, counted against the buffer like the packet itself


class Direction(Enum):
    IN = "in"
    OUT = "out"
    BOTH = "both"


@dataclass(frozen=True)
class CapturedPacket:
    at: float
    inbound: bool
    data: bytes


@dataclass
class CapturePoint:
    name: str
    interface: str | None = None
    direction: Direction = Direction.BOTH
    match: Callable[[bytes], bool] | None = None
    match_text: str | None = None  # as configured, for show monitor capture
    buffer_mb: int = DEFAULT_BUFFER_MB
    limit_packets: int | None = None
    limit_duration: int | None = None
    active: bool = False
    started_at: float = 0.0
    packets: list[CapturedPacket] = field(default_factory=list, repr=False)
    buffered: int = 0
    on_stop: Callable[[], None] | None = field(default=None, repr=False)  # however it stopped
    _timer: Timer | None = field(default=None, repr=False)
    _network: Network | None = field(default=None, repr=False)

    @property
    def ready(self) -> bool:
        """IOS needs an attachment point and a match before `start`."""
        return self.interface is not None and self.match is not None

    def start(self, network: Network, clock: VirtualClock) -> None:
        if self.active or self.interface is None:
            return
        self.active = True
        self.started_at = clock.now
        self._network = network
        network.taps.setdefault(self.interface, []).append(self._tap)
        if self.limit_duration is not None:
            self._timer = clock.call_later(self.limit_duration, lambda: self.stop(network))

    def stop(self, network: Network) -> None:
        if not self.active or self.interface is None:
            return
        self.active = False
        taps = network.taps.get(self.interface, [])
        if self._tap in taps:
            taps.remove(self._tap)
        if not taps:
            network.taps.pop(self.interface, None)
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self.on_stop is not None:
            self.on_stop()

    def clear(self) -> None:
        self.packets.clear()
        self.buffered = 0

    def _tap(self, at: float, inbound: bool, packet: bytes) -> None:
        if not self.active:
            return
        if self.direction is Direction.IN and not inbound or self.direction is Direction.OUT and inbound:
            return
        if self.match is not None and not self.match(packet):
            return
        if self.limit_packets is not None and len(self.packets) >= self.limit_packets:
            return
        size = len(packet) + RECORD_OVERHEAD
        if self.buffered + size > self.buffer_mb * 1024 * 1024:
            return  # a full linear buffer keeps what it has
        self.packets.append(CapturedPacket(at, inbound, packet))
        self.buffered += size
        if self.limit_packets is not None and len(self.packets) >= self.limit_packets and self._network:
            self.stop(self._network)  # IOS stops a capture point at its packet limit

    def pcap(self, clock: VirtualClock) -> bytes:
        return pcap_bytes(((p.at, p.data) for p in self.packets), clock.boot_time)
