"""Keeping live sessions honest: DPD, traffic, lifetimes and rekeys, on the virtual clock.

DPD (docs/emulator-decisions.md): on demand, the gateway sends a request when nothing has arrived from the
peer for `interval` seconds; periodic, every `interval` seconds. An unanswered request is
retransmitted every `retry` seconds, DPD_RETRANSMISSIONS times; when the last one has gone
unanswered for `retry` seconds the peer is dead (45/2: dead 57 s after the last packet heard).
Timers are not re-armed per packet: a due on-demand timer re-arms itself if the peer spoke since.

Lifetimes (docs/emulator-decisions.md, "Lifetimes and rekeys"): as on IOS, a new SA is negotiated
before the old one's hard lifetime, when the first soft threshold is reached: 30 seconds before the
seconds lifetime (plus a jitter of up to REKEY_JITTER seconds, so that many SAs created together do
not all rekey in the same second) or when about 10 % of the kilobyte lifetime remains. Child SAs
and the IKE SA follow the same rule. A peer that does not answer the rekey is dead.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Protocol

from iosxe_sim.engine.clock import VirtualClock
from iosxe_sim.engine.events import ChildRekeyed, DownReason, DpdSent, DpdTimeout, EventLog
from iosxe_sim.engine.randomness import RandomSource
from iosxe_sim.engine.sessions import ActiveSession, SessionTable
from iosxe_sim.engine.state import ChildSa
from iosxe_sim.engine.wire.esp import EspSa

DPD_RETRANSMISSIONS = 5  # docs/emulator-decisions.md (recollection of IOS behaviour)
REKEY_MARGIN = 30  # seconds before the hard lifetime (Cisco: "30 seconds before the lifetime expires")
REKEY_JITTER = 10  # up to this many seconds more, taken from the SA's own SPI (deterministic)
SOFT_KB_PERCENT = 90  # Cisco: "approximately 10% of the lifetime in bytes remain"


def soft_seconds(lifetime: int, spi: int) -> int:
    """Seconds after creation at which an SA with this hard lifetime and SPI is rekeyed."""
    return max(1, lifetime - REKEY_MARGIN - spi % (REKEY_JITTER + 1))


def soft_kilobytes(lifetime_kb: int) -> int:
    """Kilobytes through one direction of a child SA at which it is rekeyed."""
    return lifetime_kb * SOFT_KB_PERCENT // 100


class Peers(Protocol):
    """The gateway's exchanges with established peers (implemented on the wire by PeerChannel)."""

    def dpd(self, session: ActiveSession) -> bool:
        """An empty INFORMATIONAL request: did a verified response come back?"""

    def rekey_child(self, session: ActiveSession, old: ChildSa, new_spi: int) -> tuple[int, EspSa, EspSa] | None:
        """CREATE_CHILD_SA for `old`: (peer's new SPI, inbound SA, outbound SA), None unanswered."""

    def rekey_ike(self, session: ActiveSession, new_spi: int) -> int | None:
        """CREATE_CHILD_SA for the IKE SA: the peer's new SPI, None unanswered."""


class Liveness:
    def __init__(
        self,
        clock: VirtualClock,
        rng: RandomSource,
        table: SessionTable,
        events: EventLog,
        peers: Peers,
        on_dead: Callable[[ActiveSession, DownReason], None],
    ) -> None:
        self.clock = clock
        self.rng = rng
        self.table = table
        self.events = events
        self.peers = peers
        self.on_dead = on_dead

    # -- entry points ----------------------------------------------------------------------------
    def start(self, session: ActiveSession) -> None:
        self._arm_dpd(session)
        self._arm_rekeys(session)

    def heard_from(self, session: ActiveSession) -> None:
        """Any packet from the peer: it is alive; an outstanding DPD is answered by it."""
        dpd = session.dpd
        if dpd is None:
            return
        dpd.last_received = self.clock.now
        if dpd.outstanding >= 0:
            dpd.outstanding = -1
            self._arm_dpd(session)

    def child_traffic_checked(self, session: ActiveSession) -> None:
        """Rekey a child SA whose kilobyte lifetime reached its soft threshold."""
        for child in session.crypto.ike_sa.child_sas:
            used = max(child.bytes_encrypted, child.bytes_decrypted) // 1024
            if used >= soft_kilobytes(child.lifetime_kb):
                self._rekey_child(session)
                return

    def quiet_until(self, session: ActiveSession, period: float, horizon: float) -> float:
        """Until when the peer's DPD every `period` seconds is all that happens on this session
        (before `horizon`): not past its next rekey, and never while our own DPD would speak (a
        periodic one, an interval not longer than the peer's, or one outstanding). Now: not at all."""
        dpd = session.dpd
        if dpd is not None and (dpd.periodic or dpd.interval <= period or dpd.outstanding >= 0):
            return self.clock.now
        return min(horizon, *_rekeys_due(session))

    def heard_until(self, session: ActiveSession, last: float) -> None:
        """The peer's keepalives up to `last` were all answered (what `heard_from` would leave)."""
        if session.dpd is not None:
            session.dpd.last_received = last

    # -- DPD -----------------------------------------------------------------------------------
    def _alive(self, session: ActiveSession) -> bool:
        return self.table.active.get(session.local_spi) is session

    def _arm_dpd(self, session: ActiveSession) -> None:
        dpd = session.dpd
        if dpd is None:
            return
        if dpd.timer is not None:
            dpd.timer.cancel()
        base = dpd.last_sent if dpd.periodic else dpd.last_received
        dpd.timer = self.clock.call_local(base + dpd.interval, self._dpd_due, session)

    def _dpd_due(self, session: ActiveSession) -> None:
        dpd = session.dpd
        if dpd is None or not self._alive(session) or dpd.outstanding >= 0:
            return
        if not dpd.periodic and self.clock.now < dpd.last_received + dpd.interval:
            self._arm_dpd(session)
            return
        self._send_dpd(session, 0)

    def _send_dpd(self, session: ActiveSession, attempt: int) -> None:
        dpd = session.dpd
        if dpd is None or not self._alive(session):
            return
        now = self.clock.now
        sa = session.crypto.ike_sa
        if attempt == 0:
            dpd.last_sent = now
        dpd.outstanding = attempt
        self.events.emit(DpdSent(now, sa.remote_addr, sa.remote_port, sa.session_id, attempt))
        if self.peers.dpd(session):
            dpd.outstanding = -1
            dpd.last_received = now
            self._arm_dpd(session)
        elif attempt < DPD_RETRANSMISSIONS:
            dpd.timer = self.clock.call_later(dpd.retry, self._send_dpd, session, attempt + 1)
        else:
            dpd.timer = self.clock.call_later(dpd.retry, self._dpd_expired, session)

    def _dpd_expired(self, session: ActiveSession) -> None:
        dpd = session.dpd
        if dpd is None or not self._alive(session) or dpd.outstanding < 0:
            return
        sa = session.crypto.ike_sa
        self.events.emit(DpdTimeout(self.clock.now, sa.remote_addr, sa.remote_port, sa.session_id))
        self.on_dead(session, DownReason.DPD_TIMEOUT)

    # -- lifetimes -----------------------------------------------------------------------------
    def _arm_rekeys(self, session: ActiveSession) -> None:
        """One timer per session, at the first soft lifetime (the IKE SA's or a child SA's): a
        gateway keeps one per session rather than one per SA."""
        for timer in session.timers:
            timer.cancel()
        ike_due, child_due = _rekeys_due(session)
        session.timers = [self.clock.call_local(min(ike_due, child_due), self._lifetime_due, session)]

    def _lifetime_due(self, session: ActiveSession) -> None:
        """The IKE SA's rekey first when both are due (it re-arms: the child's follows at once)."""
        ike_due, child_due = _rekeys_due(session)
        if self.clock.now >= ike_due:
            self._rekey_ike(session)
        elif self.clock.now >= child_due:
            self._rekey_child(session)
        elif self._alive(session):
            self._arm_rekeys(session)

    def _rekey_child(self, session: ActiveSession) -> None:
        if not self._alive(session):
            return
        sa = session.crypto.ike_sa
        fresh = []
        for child in sa.child_sas:
            new_spi = self.rng.spi32()
            rekeyed = self.peers.rekey_child(session, child, new_spi)
            if rekeyed is None:
                self.on_dead(session, DownReason.REKEY_FAILED)
                return
            fresh.append(self._fresh_child(child, new_spi, *rekeyed))
        sa.child_sas = fresh
        self._arm_rekeys(session)
        for child in sa.child_sas:
            self.events.emit(
                ChildRekeyed(self.clock.now, session.crypto.interface, child.spi_in, child.spi_out)
            )

    def _fresh_child(self, old: ChildSa, spi_in: int, spi_out: int, esp_in: EspSa, esp_out: EspSa) -> ChildSa:
        """The rekeyed pair: new SPIs, conn ids and a full lifetime; the flow's counters carry on."""
        conn_in, conn_out = self.table.take_conn_ids()
        return ChildSa(
            old.local_selector,
            old.remote_selector,
            spi_in,
            spi_out,
            conn_in,
            conn_out,
            self.clock.now,
            old.encryption,
            old.integrity,
            old.mode,
            old.pfs_group,
            old.lifetime_seconds,
            old.lifetime_kb,
            packets_encrypted=old.packets_encrypted,
            packets_decrypted=old.packets_decrypted,
            flow_bytes_encrypted=old.flow_bytes_encrypted,
            flow_bytes_decrypted=old.flow_bytes_decrypted,
            drops_in=old.drops_in,
            drops_out=old.drops_out,
            path_mtu=old.path_mtu,
            ip_mtu=old.ip_mtu,
            mtu_interface=old.mtu_interface,
            esp_in=esp_in,
            esp_out=esp_out,
        )

    def _rekey_ike(self, session: ActiveSession) -> None:
        if not self._alive(session):
            return
        sa = session.crypto.ike_sa
        new_spi = self.rng.spi64()
        peer_spi = self.peers.rekey_ike(session, new_spi)
        if peer_spi is None:
            self.on_dead(session, DownReason.REKEY_FAILED)
            return
        old_spi = sa.local_spi
        sa.local_spi, sa.remote_spi, session.peer_spi = new_spi, peer_spi, peer_spi
        sa.created_at = self.clock.now
        ids = sa.msg_ids
        ids.local_req = ids.local_next = ids.local_queued = 0
        ids.remote_req = ids.remote_next = ids.remote_queued = 0
        self.table.rekeyed(session, old_spi)
        self._arm_rekeys(session)


def _rekeys_due(session: ActiveSession) -> tuple[float, float]:
    """When the IKE SA and the first of its child SAs reach their soft lifetimes."""
    sa = session.crypto.ike_sa
    children = [child.created_at + soft_seconds(child.lifetime_seconds, child.spi_in) for child in sa.child_sas]
    return sa.created_at + soft_seconds(sa.lifetime, sa.local_spi), min(children, default=math.inf)


def count_local_exchange(session: ActiveSession) -> None:
    ids = session.crypto.ike_sa.msg_ids
    ids.local_req += 1
    ids.local_next += 1
    ids.local_queued += 1


def count_remote_exchange(session: ActiveSession, count: int = 1) -> None:
    ids = session.crypto.ike_sa.msg_ids
    ids.remote_req += count
    ids.remote_next += count
    ids.remote_queued += count
