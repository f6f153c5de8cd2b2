"""Bringing a session up: the records behind a first connect or a reconnect.

A first connect runs every check (profile, AAA, authorization, Virtual-Template, transform set,
pool) before it takes anything, so a refusal leaves no trace. A reconnect reuses the stored
attributes (no AAA query, same address) and gets a new IKE SA, Session-id and Virtual-Access.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from ipaddress import IPv4Address, IPv4Network

from iosxe_sim.config.views import Ikev2Profile
from iosxe_sim.engine.clock import VirtualClock
from iosxe_sim.engine.events import ConnectFailure, EventLog, ReconnectSucceeded, SessionUp
from iosxe_sim.engine.gateway_config import ChildSettings, GatewaySettings, Refused
from iosxe_sim.engine.handshake import SaInitRequest, SaInitResponse
from iosxe_sim.engine.ikev2_crypto import IkeKeys
from iosxe_sim.engine.liveness import Liveness
from iosxe_sim.engine.negotiation import EspChoice, EspOffer
from iosxe_sim.engine.peers import esp_pair
from iosxe_sim.engine.pools import AddressPools
from iosxe_sim.engine.randomness import RandomSource
from iosxe_sim.engine.sessions import ActiveSession, DpdState, Endpoint, SessionRecord, SessionTable
from iosxe_sim.engine.state import (
    AuthMethod,
    ChildSa,
    CryptoSession,
    IkeAlgorithms,
    IkeIdentity,
    IkeSa,
    MessageIds,
    NatTraversal,
    PeerType,
    TrafficSelector,
)
from iosxe_sim.engine.wire.protect import IkeSaWire

# Next remote message id after authentication (fitted to the seed: 26 after 620 s with a DPD every
# 30 s, 8 after 202 s on a reconnected SA).
FIRST_CONNECT_NEXT_MSG_ID = 6
RECONNECT_NEXT_MSG_ID = 2
NAT_T_PORT = 4500
IKE_PORT = 500
_AUTH_SIGN = {"rsa-sig": AuthMethod.RSA, "ecdsa-sig": AuthMethod.ECDSA, "pre-share": AuthMethod.PSK}


@dataclass(frozen=True)
class Grant:
    """What the client gets back in the final IKE_AUTH response (CFG_REPLY and friends)."""

    assigned: IPv4Address
    def_domain: str | None
    dns: tuple[str, ...]
    split_networks: tuple[IPv4Network, ...]
    session_id: str | None
    gateway_child_spi: int
    esp: EspChoice
    ike_spi: int  # the gateway's IKE SPI of the new session
    token: bytes | None = field(default=None, repr=False)
    profile_xml: bytes | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Handshake:
    """The IKE_SA_INIT outcome an IKE_AUTH builds on."""

    endpoint: Endpoint
    behind_nat: bool
    request: SaInitRequest
    response: SaInitResponse
    keys: IkeKeys = field(repr=False)
    wire: IkeSaWire = field(repr=False)  # the responder's SK keys, carried on into the session


# Every session of a gateway negotiates one of a few algorithm sets: share the (immutable) records.
_algorithms = lru_cache(maxsize=256)(IkeAlgorithms)


class Establisher:
    def __init__(
        self,
        table: SessionTable,
        pools: AddressPools,
        liveness: Liveness,
        events: EventLog,
        clock: VirtualClock,
        rng: RandomSource,
    ) -> None:
        self.table = table
        self.pools = pools
        self.liveness = liveness
        self.events = events
        self.clock = clock
        self.rng = rng

    def first_connect(
        self,
        settings: GatewaySettings,
        shake: Handshake,
        identity: str,
        username: str,
        password: str,
        offer: EspOffer,
        peer_child_spi: int,
    ) -> Grant:
        profile = settings.select_profile(IkeIdentity.key_id(identity), shake.endpoint.address)
        settings.authenticate(profile, username, password)
        authorization = settings.authorize(profile)
        child, esp = settings.child_choice(profile, offer)
        ranges = settings.view.pools.get(authorization.pool or "")
        if not ranges:
            raise Refused(ConnectFailure.NO_ADDRESS, f"address pool {authorization.pool} is not defined")
        va_number = self.table.va_numbers.take()
        interface = f"Virtual-Access{va_number}"
        address = self.pools.allocate(str(authorization.pool), ranges, interface)
        if address is None:
            self.table.va_numbers.release(va_number)
            raise Refused(ConnectFailure.NO_ADDRESS, f"address pool {authorization.pool} is exhausted")
        session_id, token = self._credentials() if profile.reconnect else (None, None)
        record = SessionRecord(
            username, profile.name, shake.endpoint, authorization, address, va_number, session_id, token
        )
        session = self._activate(
            settings,
            profile,
            record,
            shake,
            child,
            esp,
            peer_child_spi,
            IkeIdentity.key_id(identity),
            AuthMethod.ANYCONNECT_EAP,
            FIRST_CONNECT_NEXT_MSG_ID,
        )
        session.crypto.ike_sa.remote_eap_id = username
        session.crypto.ike_sa.peer_type = PeerType.ANYCONNECT
        self._announce(session, reconnected=False)
        return self._grant(record, session, esp, settings.client_profile_xml(profile))

    def reconnect(
        self,
        settings: GatewaySettings,
        profile: Ikev2Profile,
        record: SessionRecord,
        shake: Handshake,
        child: ChildSettings,
        esp: EspChoice,
        peer_child_spi: int,
    ) -> Grant:
        """Resume `record` (already out of both DBs' way) on a new IKE SA and Virtual-Access."""
        old_va = record.va_number
        record.va_number = self.table.va_numbers.take()
        self.table.va_numbers.release(old_va)
        record.peer = shake.endpoint
        self.pools.move(record.address, f"Virtual-Access{record.va_number}")
        assert record.session_id is not None
        session = self._activate(
            settings,
            profile,
            record,
            shake,
            child,
            esp,
            peer_child_spi,
            IkeIdentity.reconnect_session_id(record.session_id),
            AuthMethod.PSK,
            RECONNECT_NEXT_MSG_ID,
        )
        sa = session.crypto.ike_sa
        self.events.emit(
            ReconnectSucceeded(
                self.clock.now,
                sa.remote_addr,
                sa.remote_port,
                record.username,
                sa.session_id,
                session.crypto.interface,
            )
        )
        self._announce(session, reconnected=True)
        return self._grant(record, session, esp, settings.client_profile_xml(profile))

    # -- internals -----------------------------------------------------------------------------
    def _credentials(self) -> tuple[str, bytes]:
        while True:
            session_id = self.rng.session_id()
            taken = session_id in self.table.inactive or session_id in self.table.retired
            if not taken and self.table.active_by_session_id(session_id) is None:
                return session_id, self.rng.session_token()

    def _activate(
        self,
        settings: GatewaySettings,
        profile: Ikev2Profile,
        record: SessionRecord,
        shake: Handshake,
        child: ChildSettings,
        esp: EspChoice,
        peer_child_spi: int,
        remote_id: IkeIdentity,
        auth_verify: AuthMethod,
        next_msg_id: int,
    ) -> ActiveSession:
        now = self.clock.now
        local = settings.local_address()
        choice = shake.response.choice
        dpd = settings.effective_dpd(profile)
        session_number, ce_id = self.table.take_session_numbers()
        conn_in, conn_out = self.table.take_conn_ids()
        spi_in = self.rng.spi32()
        esp_in, esp_out = esp_pair(
            esp.encryption, esp.integrity, choice.prf, shake.keys.sk_d,
            (shake.request.nonce, shake.response.nonce), False, spi_in, peer_child_spi,
        )
        child_sa = ChildSa(
            TrafficSelector.any(),
            TrafficSelector.host(record.address),
            spi_in,
            peer_child_spi,
            conn_in,
            conn_out,
            now,
            esp.encryption,
            esp.integrity,
            esp.mode,
            lifetime_seconds=child.lifetime_seconds,
            lifetime_kb=child.lifetime_kb,
            mtu_interface=child.mtu_interface,
            esp_in=esp_in,
            esp_out=esp_out,
        )
        algorithms = _algorithms(
            choice.encryption,
            choice.prf,
            choice.integrity,
            choice.group,
            _AUTH_SIGN.get(profile.auth_local or "", AuthMethod.RSA),
            auth_verify,
        )
        sa = IkeSa(
            tunnel_id=self.table.tunnel_ids.take(),
            local_addr=local,
            local_port=NAT_T_PORT if shake.behind_nat else IKE_PORT,
            remote_addr=shake.endpoint.address,
            remote_port=shake.endpoint.port,
            created_at=now,
            ce_id=ce_id,
            session_id=session_number,
            local_spi=shake.response.spi_r,
            remote_spi=shake.request.spi_i,
            local_id=IkeIdentity.address(local),
            remote_id=remote_id,
            algorithms=algorithms,
            lifetime=profile.lifetime,
            msg_ids=MessageIds(remote_req=next_msg_id, remote_next=next_msg_id, remote_queued=next_msg_id),
            dpd_interval=dpd.interval if dpd else 0,
            dpd_retry=dpd.retry if dpd else 0,
            nat_t=NatTraversal.OUTSIDE if shake.behind_nat else NatTraversal.NOT_DETECTED,
            assigned_host_addr=record.address,
            child_sas=[child_sa],
        )
        crypto = CryptoSession(
            f"Virtual-Access{record.va_number}", sa, now, profile=profile.name, username=record.username
        )
        dpd_state = (
            None if dpd is None else DpdState(dpd.interval, dpd.retry, dpd.mode == "periodic", now, now)
        )
        session = ActiveSession(
            record, crypto, shake.endpoint, shake.request.spi_i, shake.keys, shake.wire, self.rng.iv_stream(), dpd_state
        )
        self.table.add(session)
        self.liveness.start(session)
        return session

    def _announce(self, session: ActiveSession, reconnected: bool) -> None:
        sa = session.crypto.ike_sa
        record = session.record
        self.events.emit(
            SessionUp(
                self.clock.now,
                session.crypto.interface,
                sa.remote_addr,
                sa.remote_port,
                record.username,
                record.profile,
                sa.session_id,
                record.address,
                reconnected,
            )
        )

    @staticmethod
    def _grant(record: SessionRecord, session: ActiveSession, esp: EspChoice, xml: bytes | None) -> Grant:
        authorization = record.authorization
        return Grant(
            record.address,
            authorization.def_domain,
            authorization.dns,
            authorization.split_networks,
            record.session_id,
            session.crypto.ike_sa.child_sas[0].spi_in,
            esp,
            session.local_spi,
            record.token,
            xml,
        )
