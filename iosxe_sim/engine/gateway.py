"""The FlexVPN remote-access gateway: IKEv2 responder, session databases, reconnect.

Driven by the running-config (a fresh :class:`GatewaySettings` per IKE_SA_INIT) and the virtual
clock. Clients call the protocol methods (`ike_sa_init`, `ike_auth_eap`, `ike_auth_reconnect`,
`receive_dpd`, `receive_traffic`, `receive_delete`); the exec layer reads the state and calls the
`clear_*` methods. Message-id bookkeeping is fitted to the seed (emulator-defined): a first
connect uses IKE_SA_INIT plus five IKE_AUTH exchanges (EAP-AnyConnect aggregate auth), a
reconnect one IKE_AUTH, and each DPD one INFORMATIONAL exchange.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from ipaddress import IPv4Address

from iosxe_sim.engine.clock import VirtualClock
from iosxe_sim.engine.establish import Establisher, Grant, Handshake
from iosxe_sim.engine.events import (
    ConnectFailed,
    ConnectFailure,
    DownReason,
    EventLog,
    InactiveExpired,
    ReconnectFailed,
    ReconnectFailure,
    SessionDown,
    SessionInactive,
)
from iosxe_sim.engine.gateway_config import GatewaySettings, Refused
from iosxe_sim.engine.handshake import SaInitRequest, SaInitResponse, respond, verify_reconnect_auth
from iosxe_sim.engine.liveness import Liveness, PeerLink, count_remote_exchange
from iosxe_sim.engine.negotiation import EspOffer, IkeOffer, InvalidKe, negotiate_ike
from iosxe_sim.engine.pools import AddressPools
from iosxe_sim.engine.randomness import RandomSource
from iosxe_sim.engine.sessions import (
    ActiveSession,
    Endpoint,
    InactiveSession,
    Retired,
    SessionRecord,
    SessionTable,
)
from iosxe_sim.engine.state import CryptoSession, IkeSa, Ikev2Stats, ReconnectStats

PENDING_LIMIT = 1024  # half-open IKE SAs kept waiting for IKE_AUTH (resource bound)


@dataclass
class _Pending:
    shake: Handshake
    settings: GatewaySettings = field(repr=False)


@dataclass(frozen=True)
class Refusal:
    """IKE_AUTH refused: AUTHENTICATION_FAILED on the wire, the reason in our events."""

    reason: ConnectFailure | ReconnectFailure
    detail: str


class Gateway:
    def __init__(
        self,
        settings: Callable[[], GatewaySettings],
        clock: VirtualClock,
        rng: RandomSource,
        events: EventLog | None = None,
    ) -> None:
        self.settings = settings
        self.clock = clock
        self.rng = rng
        self.events = events or EventLog()
        self.table = SessionTable()
        self.pools = AddressPools()
        self.reconnect_stats = ReconnectStats()
        self.ikev2_stats = Ikev2Stats()
        self.links: dict[Endpoint, PeerLink] = {}
        self.sources: dict[Endpoint, object] = {}  # the client behind each source address/port (one each)
        self._pending: OrderedDict[int, _Pending] = OrderedDict()
        self.liveness = Liveness(clock, rng, self.table, self.events, self.links, self._peer_dead)
        self._establish = Establisher(
            self.table, self.pools, self.liveness, self.events, self.links, clock, rng
        )

    # -- what the show commands read -------------------------------------------------------------
    def crypto_sessions(self) -> list[CryptoSession]:
        return [session.crypto for session in self.table.sessions()]

    def ike_sas(self) -> list[IkeSa]:
        return [session.crypto.ike_sa for session in self.table.sessions()]

    def reconnect_capable_counts(self) -> tuple[int, int]:
        return self.table.reconnect_capable_counts()

    # -- IKE_SA_INIT -----------------------------------------------------------------------------
    def ike_sa_init(
        self, source: Endpoint, request: SaInitRequest, offer: IkeOffer, behind_nat: bool
    ) -> SaInitResponse | InvalidKe | Refusal:
        settings = self.settings()
        self.ikev2_stats.incoming_requests += 1
        choice = negotiate_ike(settings.ike_proposals(), offer, request.group)
        if choice is None:
            self.ikev2_stats.incoming_rejected += 1
            return self._refuse_connect(
                source, None, Refused(ConnectFailure.NO_PROPOSAL, "NO_PROPOSAL_CHOSEN")
            )
        if isinstance(choice, InvalidKe):
            self.ikev2_stats.incoming_rejected += 1  # answered INVALID_KE_PAYLOAD; the peer retries
            return choice
        try:
            settings.local_address()
        except Refused as refused:
            self.ikev2_stats.incoming_rejected += 1
            return self._refuse_connect(source, None, refused)
        response, keys = respond(self.rng, request, choice)
        self._pending[response.spi_r] = _Pending(
            Handshake(source, behind_nat, request, response, keys), settings
        )
        while len(self._pending) > PENDING_LIMIT:
            self._pending.popitem(last=False)
        self.ikev2_stats.incoming_accepted += 1
        return response

    # -- IKE_AUTH: first connect -----------------------------------------------------------------
    def ike_auth_eap(
        self,
        spi_r: int,
        link: PeerLink,
        identity: str,
        username: str,
        password: str,
        esp: EspOffer,
        peer_child_spi: int,
    ) -> Grant | Refusal:
        """IDi KEY_ID `*$AnyConnectClient$*` with EAP-AnyConnect aggregate auth (user and password)."""
        pending = self._pending.pop(spi_r, None)
        if pending is None:
            return Refusal(ConnectFailure.NO_SA, ConnectFailure.NO_SA.value)
        try:
            return self._establish.first_connect(
                pending.settings, pending.shake, link, identity, username, password, esp, peer_child_spi
            )
        except Refused as refused:
            return self._refuse_connect(pending.shake.endpoint, username, refused)

    # -- IKE_AUTH: reconnect ---------------------------------------------------------------------
    def ike_auth_reconnect(
        self, spi_r: int, link: PeerLink, session_id: str, auth: bytes, esp: EspOffer, peer_child_spi: int
    ) -> Grant | Refusal:
        """IDi KEY_ID(session id) with a shared-key AUTH keyed by the session token.

        The session id is looked up in the inactive DB, then the active one (a peer that comes
        back before DPD noticed it: its stale SA is replaced). Every attempt counts once in the
        reconnect statistics, as a success or a failure.
        """
        pending = self._pending.pop(spi_r, None)
        if pending is None:
            return Refusal(ConnectFailure.NO_SA, ConnectFailure.NO_SA.value)
        shake = pending.shake
        inactive = self.table.inactive.get(session_id)
        active = None if inactive else self.table.active_by_session_id(session_id)
        record = inactive.record if inactive else active.record if active else None
        if record is None or record.token is None:
            expired = self.table.retired.get(session_id) is Retired.EXPIRED
            return self._refuse_reconnect(
                shake, ReconnectFailure.EXPIRED_SESSION if expired else ReconnectFailure.UNKNOWN_SESSION
            )
        if not verify_reconnect_auth(
            shake.request, shake.response, shake.keys, session_id, record.token, auth
        ):
            return self._refuse_reconnect(shake, ReconnectFailure.AUTH_MISMATCH)
        profile = pending.settings.profile(record.profile)
        if profile is None or not profile.reconnect:
            return self._refuse_reconnect(shake, ReconnectFailure.PROFILE_NOT_RECONNECT)
        try:
            child, esp_choice = Establisher.prepare_child(pending.settings, profile, esp)
        except Refused:
            return self._refuse_reconnect(shake, ReconnectFailure.NEGOTIATION)
        if inactive is not None:
            inactive.timer.cancel()
            del self.table.inactive[session_id]
        if active is not None:
            self._remove_active(active, DownReason.REPLACED)
        self.reconnect_stats.success += 1
        return self._establish.reconnect(
            pending.settings, profile, record, shake, link, child, esp_choice, peer_child_spi
        )

    # -- packets from peers --------------------------------------------------------------------------
    def receive_dpd(self, spi_r: int) -> bool:
        """A peer's DPD (empty INFORMATIONAL) request; False: no such IKE SA (the peer learns it)."""
        session = self.table.active.get(spi_r)
        if session is None:
            return False
        count_remote_exchange(session)
        self.liveness.heard_from(session)
        return True

    def receive_traffic(self, spi_r: int, packets: int, octets: int, reply_octets: int | None) -> bool:
        """ESP from the peer (`packets` of `octets` each) and as many replies of `reply_octets`."""
        session = self.table.active.get(spi_r)
        if session is None or not session.crypto.ike_sa.child_sas:
            return False
        child = session.crypto.ike_sa.child_sas[0]
        child.packets_decrypted += packets
        child.bytes_decrypted += packets * octets
        if reply_octets is not None:
            child.packets_encrypted += packets
            child.bytes_encrypted += packets * reply_octets
        self.liveness.heard_from(session)
        self.liveness.child_traffic_checked(session)
        return True

    def receive_delete(self, spi_r: int) -> None:
        """The client ended its session (user disconnect): deleted outright, no inactive entry."""
        session = self.table.active.get(spi_r)
        if session is not None:
            self._remove_active(session, DownReason.USER_DISCONNECT)
            self._end_record(session.record, Retired.ENDED)

    # -- administration ----------------------------------------------------------------------------
    def clear_sessions(self, remote: IPv4Address | None = None) -> int:
        """`clear crypto session [remote A.B.C.D]`: sessions end outright (NOTES.md §C.6)."""
        cleared = self.clear_ike_sas(remote)
        for session_id, inactive in list(self.table.inactive.items()):
            if remote is None or inactive.record.peer.address == remote:
                inactive.timer.cancel()
                del self.table.inactive[session_id]
                self._end_record(inactive.record, Retired.ENDED)
                cleared += 1
        return cleared

    def clear_ike_sas(self, remote: IPv4Address | None = None) -> int:
        """`clear crypto ikev2 sa`: every (matching) IKE SA is deleted, its peer told so."""
        doomed = [s for s in self.table.sessions() if remote is None or s.endpoint.address == remote]
        for session in doomed:
            link = self.links.get(session.endpoint)
            self._remove_active(session, DownReason.CLEARED)
            self._end_record(session.record, Retired.ENDED)
            if link is not None:
                link.deleted(session.peer_spi, session.local_spi)
        return len(doomed)

    def clear_reconnect_stats(self) -> None:
        self.reconnect_stats = ReconnectStats()

    # -- internals ---------------------------------------------------------------------------------
    def _refuse_connect(self, source: Endpoint, username: str | None, refused: Refused) -> Refusal:
        self.events.emit(
            ConnectFailed(
                self.clock.now, source.address, source.port, username, refused.reason, refused.detail
            )
        )
        return Refusal(refused.reason, refused.detail)

    def _refuse_reconnect(self, shake: Handshake, reason: ReconnectFailure) -> Refusal:
        self.reconnect_stats.failed += 1
        self.events.emit(ReconnectFailed(self.clock.now, shake.endpoint.address, shake.endpoint.port, reason))
        return Refusal(reason, reason.value)

    def _remove_active(self, session: ActiveSession, reason: DownReason) -> None:
        session.cancel_timers()
        self.table.remove(session)
        sa = session.crypto.ike_sa
        self.table.tunnel_ids.release(sa.tunnel_id)
        self.events.emit(
            SessionDown(
                self.clock.now,
                session.crypto.interface,
                sa.remote_addr,
                sa.remote_port,
                session.record.username,
                sa.session_id,
                reason,
            )
        )

    def _end_record(self, record: SessionRecord, why: Retired) -> None:
        """The session is gone for good: its address and Virtual-Access number are free."""
        self.pools.release(record.address)
        self.table.va_numbers.release(record.va_number)
        self.table.retire(record.session_id, why)

    def _peer_dead(self, session: ActiveSession, reason: DownReason) -> None:
        """A dead peer's session: kept in the inactive DB for `reconnect timeout`, else ended."""
        self._remove_active(session, reason)
        record = session.record
        profile = self.settings().profile(record.profile)
        if not record.reconnect_capable or profile is None or profile.reconnect_timeout is None:
            self._end_record(record, Retired.ENDED)
            return
        assert record.session_id is not None
        now = self.clock.now
        expires = now + profile.reconnect_timeout
        timer = self.clock.call_at(expires, lambda: self._expire(record))
        self.table.inactive[record.session_id] = InactiveSession(record, expires, timer)
        self.events.emit(SessionInactive(now, record.username, record.address, expires))

    def _expire(self, record: SessionRecord) -> None:
        assert record.session_id is not None
        entry = self.table.inactive.get(record.session_id)
        if entry is None or entry.record is not record:
            return
        del self.table.inactive[record.session_id]
        self._end_record(record, Retired.EXPIRED)
        self.events.emit(InactiveExpired(self.clock.now, record.username, record.address))
