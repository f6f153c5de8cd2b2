"""The FlexVPN remote-access gateway: IKEv2 responder, session databases, reconnect.

Driven by the running-config (a fresh :class:`GatewaySettings` per IKE_SA_INIT) and the virtual
clock. Clients reach it only through `network` with octets: the Responder decodes IKE and calls
the decision methods here (`ike_sa_init`, `ike_auth_eap`, `ike_auth_reconnect`), PeerChannel the
ones for established peers; the exec layer reads the state and calls the `clear_*` methods. Message-id bookkeeping is fitted to the seed (emulator-defined): a first
connect uses IKE_SA_INIT plus five IKE_AUTH exchanges (EAP-AnyConnect aggregate auth), a
reconnect one IKE_AUTH, and each DPD one INFORMATIONAL exchange.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
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
from iosxe_sim.engine.ikev2_crypto import IkeKeys
from iosxe_sim.engine.keylog import KeyLog
from iosxe_sim.engine.liveness import Liveness, count_remote_exchange
from iosxe_sim.engine.negotiation import EspOffer, IkeOffer, InvalidKe
from iosxe_sim.engine.network import GatewayPort, Network
from iosxe_sim.engine.peers import PeerChannel
from iosxe_sim.engine.pools import AddressPools
from iosxe_sim.engine.randomness import RandomSource
from iosxe_sim.engine.responder import Responder
from iosxe_sim.engine.sessions import (
    ActiveSession,
    Endpoint,
    InactiveSession,
    Retired,
    SessionRecord,
    SessionTable,
)
from iosxe_sim.engine.signing import Signer
from iosxe_sim.engine.state import ChildSa, CryptoSession, IkeIdentity, IkeSa, Ikev2Stats, ReconnectStats


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
        self.network = Network(clock)
        self.keylog = KeyLog()
        self._port: tuple[GatewaySettings, GatewayPort] | None = None
        self.responder = Responder(self)
        self.peers = PeerChannel(self)
        self.liveness = Liveness(clock, rng, self.table, self.events, self.peers, self._peer_dead)
        self._establish = Establisher(self.table, self.pools, self.liveness, self.events, clock, rng)

    def port(self) -> GatewayPort:
        """Where clients reach the gateway: its outside interface and address (raises Refused)."""
        settings = self.settings()
        if self._port is None or self._port[0] is not settings:
            name, address = settings.local_interface()
            self._port = settings, GatewayPort(name, address, self.responder)
        return self._port[1]

    # -- what the show commands read -------------------------------------------------------------
    def crypto_sessions(self) -> list[CryptoSession]:
        return [session.crypto for session in self.table.sessions()]

    def ike_sas(self) -> list[IkeSa]:
        return [session.crypto.ike_sa for session in self.table.sessions()]

    def reconnect_capable_counts(self) -> tuple[int, int]:
        return self.table.reconnect_capable_counts()

    # -- decisions on decoded IKE_SA_INIT and IKE_AUTH (called by the Responder) ------------------
    def ike_sa_init(
        self, source: Endpoint, request: SaInitRequest, offer: IkeOffer, group_known: bool = True
    ) -> tuple[SaInitResponse, IkeKeys, GatewaySettings, IPv4Address] | InvalidKe | Refusal:
        settings = self.settings()
        self.ikev2_stats.incoming_requests += 1
        choice = settings.negotiated_ike(offer, request.group if group_known else None)
        if choice is None:
            self.ikev2_stats.incoming_rejected += 1
            return self._refuse_connect(
                source, None, Refused(ConnectFailure.NO_PROPOSAL, "NO_PROPOSAL_CHOSEN")
            )
        if isinstance(choice, InvalidKe):
            self.ikev2_stats.incoming_rejected += 1  # answered INVALID_KE_PAYLOAD; the peer retries
            return choice
        try:
            local = settings.local_address()
        except Refused as refused:
            self.ikev2_stats.incoming_rejected += 1
            return self._refuse_connect(source, None, refused)
        response, keys = respond(self.rng, request, choice)
        self.ikev2_stats.incoming_accepted += 1
        return response, keys, settings, local

    def check_identity(
        self, shake: Handshake, settings: GatewaySettings, identity: IkeIdentity
    ) -> Refusal | Signer | None:
        """The first IKE_AUTH of a first connect: some profile must match the IDi, and with
        `authentication local rsa-sig` its trustpoint must have a key and a certificate to sign with."""
        try:
            return settings.signer(settings.select_profile(identity, shake.endpoint.address))
        except Refused as refused:
            return self._refuse_connect(shake.endpoint, None, refused)

    def reconnect_signer(self, settings: GatewaySettings, grant: Grant) -> Signer | None:
        """The signer of a reconnected session's profile (the gateway signs its AUTH then too:
        `Auth sign: RSA`, `Auth verify: PSK` in the seed); None when it cannot sign."""
        session = self.table.active.get(grant.ike_spi)
        profile = settings.profile(session.record.profile) if session is not None else None
        try:
            return None if profile is None else settings.signer(profile)
        except Refused:
            return None

    def ike_auth_eap(
        self,
        shake: Handshake,
        settings: GatewaySettings,
        identity: str,
        username: str,
        password: str,
        esp: EspOffer,
        peer_child_spi: int,
    ) -> Grant | Refusal:
        """IDi KEY_ID `*$AnyConnectClient$*` with EAP-AnyConnect aggregate auth (user and password)."""
        try:
            grant = self._establish.first_connect(settings, shake, identity, username, password, esp, peer_child_spi)
        except Refused as refused:
            return self._refuse_connect(shake.endpoint, username, refused)
        return self._logged(grant)

    def ike_auth_reconnect(
        self,
        shake: Handshake,
        settings: GatewaySettings,
        session_id: str,
        auth: bytes,
        esp: EspOffer,
        peer_child_spi: int,
    ) -> Grant | Refusal:
        """IDi KEY_ID(session id) with a shared-key AUTH keyed by the session token.

        The session id is looked up in the inactive DB, then the active one (a peer that comes
        back before DPD noticed it: its stale SA is replaced). Every attempt counts once in the
        reconnect statistics, as a success or a failure.
        """
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
        profile = settings.profile(record.profile)
        if profile is None or not profile.reconnect:
            return self._refuse_reconnect(shake, ReconnectFailure.PROFILE_NOT_RECONNECT)
        try:
            child, esp_choice = settings.child_choice(profile, esp)
        except Refused:
            return self._refuse_reconnect(shake, ReconnectFailure.NEGOTIATION)
        if inactive is not None:
            inactive.timer.cancel()
            del self.table.inactive[session_id]
        if active is not None:
            self._remove_active(active, DownReason.REPLACED)
        self.reconnect_stats.success += 1
        return self._logged(self._establish.reconnect(settings, profile, record, shake, child, esp_choice, peer_child_spi))

    def _logged(self, grant: Grant) -> Grant:
        """The new child SA's keys go to the key log (Wireshark's esp_sa table)."""
        session = self.table.active[grant.ike_spi]
        sa = session.crypto.ike_sa
        for child in sa.child_sas:
            if child.esp_in is not None and child.esp_out is not None:
                self.keylog.add_child(sa.local_addr, sa.remote_addr, child.esp_in, child.esp_out)
        return grant

    def abandon(self, grant: Grant) -> None:
        """The client's final AUTH did not verify: the session it was granted ends at once."""
        session = self.table.active.get(grant.ike_spi)
        if session is not None:
            self._remove_active(session, DownReason.CLEARED)
            self._end_record(session.record, Retired.ENDED)

    # -- decoded requests and packets from peers (called by PeerChannel) ---------------------------
    def receive_dpd(self, spi_r: int) -> bool:
        """A peer's DPD (empty INFORMATIONAL request); False: no such IKE SA."""
        session = self.table.active.get(spi_r)
        if session is None:
            return False
        count_remote_exchange(session)
        self.liveness.heard_from(session)
        return True

    def absorb_keepalives(self, spi_r: int, message_id: int, period: float, horizon: float) -> int:
        """A peer's DPD now and every `period` seconds before `horizon`, answered in one step: how
        many (0: they must go on the wire one by one). Only when nobody could tell the difference:
        no capture on the path, the session and message id as the requests would find them, and
        nothing else due on the session meanwhile. What each would leave is left: message ids,
        liveness, and the IVs its answer would have used."""
        if self.network.taps:
            return 0
        try:
            self.port()
        except Refused:
            return 0
        session = self.table.active.get(spi_r)
        if session is None or session.crypto.ike_sa.msg_ids.remote_next != message_id:
            return 0
        now = self.clock.now
        count = max(0, math.ceil((self.liveness.quiet_until(session, period, horizon) - now) / period))
        if count:
            count_remote_exchange(session, count)
            self.liveness.heard_until(session, now + (count - 1) * period)
            session.ivs.skip(count)
        return count

    def counted_traffic(self, session: ActiveSession, child: ChildSa, octets: int, reply_octets: int | None) -> None:
        """One verified ESP packet of `octets` from the peer, and the reply sent back, if any."""
        child.packets_decrypted += 1
        child.bytes_decrypted += octets
        child.flow_bytes_decrypted += octets
        if reply_octets is not None:
            child.packets_encrypted += 1
            child.bytes_encrypted += reply_octets
            child.flow_bytes_encrypted += reply_octets
        self.liveness.heard_from(session)
        self.liveness.child_traffic_checked(session)

    def receive_delete(self, spi_r: int) -> None:
        """The client ended its session (user disconnect): deleted outright, no inactive entry."""
        session = self.table.active.get(spi_r)
        if session is not None:
            self._remove_active(session, DownReason.USER_DISCONNECT)
            self._end_record(session.record, Retired.ENDED)

    # -- administration ----------------------------------------------------------------------------
    def clear_sessions(self, remote: IPv4Address | None = None) -> int:
        """`clear crypto session [remote A.B.C.D]`: sessions end outright (docs/emulator-decisions.md)."""
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
            self.peers.delete(session)
            self._remove_active(session, DownReason.CLEARED)
            self._end_record(session.record, Retired.ENDED)
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
        timer = self.clock.call_at(expires, self._expire, record)
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
