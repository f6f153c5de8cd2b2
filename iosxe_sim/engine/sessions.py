"""The gateway's session databases and the numbers IOS hands out.

Active sessions are keyed by the gateway's IKE SPI; inactive ones (dead peers on reconnect
profiles) by their reconnect session id. Retired session ids are remembered (bounded) so a late
reconnect can be refused as "expired" rather than "unknown".

Numbering (emulator-defined, fitted to the seed): Session-id starts at 16 and CE id at 1016 so the
default device's first session prints the seed's numbers, both counting up per IKE SA; the
Tunnel-id / connid is the lowest one no live IKE SA uses (the seed's reconnected SA is connid 1
again); Virtual-Access numbers are the lowest not held by an active *or inactive* session, so a
reconnect gets a new interface (the seed's Virtual-Access2) and numbers stay small.
"""

from __future__ import annotations

import heapq
from collections import OrderedDict
from dataclasses import dataclass, field
from enum import Enum
from ipaddress import IPv4Address

from iosxe_sim.engine.clock import Timer
from iosxe_sim.engine.gateway_config import Authorization
from iosxe_sim.engine.ikev2_crypto import IkeKeys
from iosxe_sim.engine.randomness import IvStream
from iosxe_sim.engine.state import CryptoSession
from iosxe_sim.engine.wire.protect import IkeSaWire

FIRST_SESSION_NUMBER = 16
FIRST_CE_ID = 1016
FIRST_CONN_ID = 2001  # crypto-engine conn ids of child SAs (`show crypto ipsec sa`)
RETIRED_MEMORY = 1024


@dataclass(frozen=True)
class Endpoint:
    """A UDP endpoint as the gateway sees it (after NAT)."""

    address: IPv4Address
    port: int


class Retired(Enum):
    EXPIRED = "expired"
    ENDED = "ended"  # disconnected or cleared


@dataclass(slots=True)
class SessionRecord:
    """What survives a dead peer: enough to resume without AAA (seed: "opgeslagen attributen")."""

    username: str
    profile: str
    peer: Endpoint  # where the peer was last seen
    authorization: Authorization
    address: IPv4Address
    va_number: int
    session_id: str | None  # the reconnect session id; None on profiles without reconnect
    token: bytes | None = field(default=None, repr=False)

    @property
    def reconnect_capable(self) -> bool:
        return self.session_id is not None


@dataclass(slots=True)
class DpdState:
    interval: int
    retry: int
    periodic: bool
    last_received: float
    last_sent: float
    outstanding: int = -1  # attempt number of the unanswered request, -1 when none
    timer: Timer | None = field(default=None, repr=False)


@dataclass(slots=True)
class ActiveSession:
    record: SessionRecord
    crypto: CryptoSession
    endpoint: Endpoint
    peer_spi: int
    keys: IkeKeys = field(repr=False)
    wire: IkeSaWire = field(repr=False)
    ivs: IvStream = field(repr=False)  # the IVs of our messages on this IKE SA (and its rekeys)
    dpd: DpdState | None = None
    timers: list[Timer] = field(default_factory=list, repr=False)

    @property
    def local_spi(self) -> int:
        return self.crypto.ike_sa.local_spi

    def cancel_timers(self) -> None:
        for timer in self.timers:
            timer.cancel()
        self.timers.clear()
        if self.dpd is not None and self.dpd.timer is not None:
            self.dpd.timer.cancel()


@dataclass(slots=True)
class InactiveSession:
    record: SessionRecord
    expires_at: float
    timer: Timer = field(repr=False)


class SessionTable:
    def __init__(self) -> None:
        self.active: dict[int, ActiveSession] = {}  # by the gateway's IKE SPI
        self.inactive: dict[str, InactiveSession] = {}  # by session id
        self.retired: OrderedDict[str, Retired] = OrderedDict()
        self.next_session_number = FIRST_SESSION_NUMBER
        self.next_ce_id = FIRST_CE_ID
        self.next_conn_id = FIRST_CONN_ID
        self.tunnel_ids = LowestFree()  # held by active IKE SAs
        self.va_numbers = LowestFree()  # held by active and inactive sessions
        self._by_session_id: dict[str, ActiveSession] = {}
        self._capable = 0  # active sessions that are reconnect capable

    # -- changes -------------------------------------------------------------------------------
    def add(self, session: ActiveSession) -> None:
        self.active[session.local_spi] = session
        self._capable += session.record.reconnect_capable
        if session.record.session_id is not None:
            self._by_session_id[session.record.session_id] = session

    def remove(self, session: ActiveSession) -> None:
        del self.active[session.local_spi]
        self._capable -= session.record.reconnect_capable
        if self._by_session_id.get(session.record.session_id or "") is session:
            del self._by_session_id[session.record.session_id or ""]

    def rekeyed(self, session: ActiveSession, old_spi: int) -> None:
        """The session's IKE SA got a new local SPI."""
        del self.active[old_spi]
        self.active[session.local_spi] = session

    # -- lookups -------------------------------------------------------------------------------
    def sessions(self) -> list[ActiveSession]:
        """Active sessions in Virtual-Access order (how IOS lists them)."""
        return sorted(self.active.values(), key=lambda s: s.record.va_number)

    def active_by_session_id(self, session_id: str) -> ActiveSession | None:
        return self._by_session_id.get(session_id)

    def reconnect_capable_counts(self) -> tuple[int, int]:
        """(active sessions on reconnect profiles, inactive sessions): kept as a running count,
        since `show crypto ikev2 stats reconnect` must answer in well under a millisecond."""
        return self._capable, len(self.inactive)

    # -- numbers -------------------------------------------------------------------------------
    def take_session_numbers(self) -> tuple[int, int]:
        """(Session-id, CE id) for a new IKE SA."""
        numbers = self.next_session_number, self.next_ce_id
        self.next_session_number += 1
        self.next_ce_id += 1
        return numbers

    def take_conn_ids(self) -> tuple[int, int]:
        """(inbound, outbound) crypto-engine conn ids of a new child SA."""
        pair = self.next_conn_id, self.next_conn_id + 1
        self.next_conn_id += 2
        return pair

    # -- retirement ----------------------------------------------------------------------------
    def retire(self, session_id: str | None, why: Retired) -> None:
        if session_id is None:
            return
        self.retired[session_id] = why
        self.retired.move_to_end(session_id)
        while len(self.retired) > RETIRED_MEMORY:
            self.retired.popitem(last=False)


class LowestFree:
    """Hands out the lowest positive number not currently taken, in O(log n)."""

    def __init__(self) -> None:
        self._high = 0
        self._freed: list[int] = []
        self._taken: set[int] = set()

    def take(self) -> int:
        if self._freed:
            number = heapq.heappop(self._freed)
        else:
            self._high += 1
            number = self._high
        self._taken.add(number)
        return number

    def release(self, number: int) -> None:
        self._taken.remove(number)
        heapq.heappush(self._freed, number)

    @property
    def taken(self) -> frozenset[int]:
        return frozenset(self._taken)
