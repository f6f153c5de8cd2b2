"""Session records the gateway keeps and the show commands print.

The gateway creates and mutates these records; the renderers in iosxe_sim/render only read them.
Times are virtual-clock seconds (floats). No record knows the current time: renderers receive `now`
and derive uptimes and remaining lifetimes from the stored creation times, so nothing here ever
needs a tick to stay correct.

Algorithm vocabulary (Encryption, Integrity, Prf, DhGroup, IdType) is the crypto module's, so a
negotiated proposal is stored as negotiated and printed from the same enum members.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from ipaddress import IPv4Address

from iosxe_sim.engine.ikev2_auth import IdType
from iosxe_sim.engine.ikev2_crypto import DhGroup, Encryption, Integrity, Prf
from iosxe_sim.engine.wire.esp import EspSa


class AuthMethod(enum.Enum):
    """IKEv2 authentication as `Auth sign:` / `Auth verify:` print it."""

    RSA = "RSA"
    ECDSA = "ECDSA"
    PSK = "PSK"
    EAP = "EAP"
    ANYCONNECT_EAP = "AnyConnect-EAP"


class Ikev2SaStatus(enum.Enum):
    """Last column of the IKEv2 tunnel table."""

    READY = "READY"
    IN_NEG = "IN-NEG"
    DELETE = "DELETE"


class SessionStatus(enum.Enum):
    """`Session status:` of `show crypto session`."""

    UP_ACTIVE = "UP-ACTIVE"
    UP_IDLE = "UP-IDLE"
    UP_NO_IKE = "UP-NO-IKE"
    DOWN_NEGOTIATING = "DOWN-NEGOTIATING"
    DOWN = "DOWN"


class NatTraversal(enum.Enum):
    """NAT detection result; OUTSIDE means the peer sits behind a NAT (the AnyConnect case)."""

    NOT_DETECTED = "not detected"
    OUTSIDE = "outside"
    INSIDE = "inside"


class PeerType(enum.Enum):
    """`PEER TYPE:` of the detailed IKEv2 outputs (17.x)."""

    ANYCONNECT = "AnyConnect"
    IOS_XE = "IOS-XE"
    OTHER = "Other"


class IpsecMode(enum.Enum):
    TUNNEL = "tunnel"
    TRANSPORT = "transport"


class Capability(enum.Enum):
    """`Capabilities:` letters, declared in the order IOS prints them (the legend's order)."""

    DPD = "D"
    NAT_TRAVERSAL = "N"
    AUTO_RECONNECT = "R"
    DYNAMIC_ROUTE_UPDATE = "U"


@dataclass(frozen=True)
class IkeAlgorithms:
    """What IKE_SA_INIT negotiated plus how each side authenticated in IKE_AUTH."""

    encryption: Encryption = Encryption.AES_CBC_256
    prf: Prf = Prf.SHA512
    integrity: Integrity | None = Integrity.SHA512  # None with AES-GCM: IOS prints `Hash: None`
    dh_group: DhGroup = DhGroup.ECP_256
    auth_sign: AuthMethod = AuthMethod.RSA
    auth_verify: AuthMethod = AuthMethod.ANYCONNECT_EAP


@dataclass(frozen=True)
class IkeIdentity:
    """An IKE identity as received, plus whether it is a reconnect session id.

    A reconnecting Secure Client sends its session id as a KEY_ID; IOS prints that one as the hex of
    its ASCII (`rIUHKccDRiUtFTATwq` -> `724955484B63634452695574465441547771`) while it prints the
    first connect's KEY_ID `*$AnyConnectClient$*` as text. `value` is always the raw text.
    """

    id_type: IdType
    value: str
    is_session_id: bool = False

    @classmethod
    def address(cls, address: IPv4Address) -> IkeIdentity:
        return _address_identity(address)

    @classmethod
    def key_id(cls, text: str) -> IkeIdentity:
        return cls(IdType.ID_KEY_ID, text)

    @classmethod
    def reconnect_session_id(cls, session_id: str) -> IkeIdentity:
        return cls(IdType.ID_KEY_ID, session_id, is_session_id=True)


@dataclass(frozen=True)
class TrafficSelector:
    """An IPv4 traffic selector: an address range (CIDR-aligned here), one protocol, a port range."""

    start: IPv4Address
    end: IPv4Address
    protocol: int = 0  # 0 = any (`ip`)
    start_port: int = 0
    end_port: int = 65535

    @classmethod
    def any(cls) -> TrafficSelector:
        return _ANY_SELECTOR

    @classmethod
    def host(cls, address: IPv4Address) -> TrafficSelector:
        return cls(address, address)


@lru_cache(maxsize=64)
def _address_identity(address: IPv4Address) -> IkeIdentity:
    """A gateway's sessions all carry its own address as local identity: one (immutable) record."""
    return IkeIdentity(IdType.ID_IPV4_ADDR, str(address))


_ANY_SELECTOR = TrafficSelector(IPv4Address(0), IPv4Address(0xFFFFFFFF))  # immutable: one for all


@dataclass(slots=True)
class MessageIds:
    """IKEv2 message-id bookkeeping of one IKE SA (RFC 7296 §2.2-2.3), as the detailed outputs show."""

    local_req: int = 0
    local_next: int = 0
    local_queued: int = 0
    remote_req: int = 0
    remote_next: int = 0
    remote_queued: int = 0
    local_window: int = 5
    remote_window: int = 1


@dataclass(slots=True)
class ChildSa:
    """One IPsec SA pair (inbound + outbound ESP) and its traffic counters.

    `conn_id_in`/`conn_id_out` are the crypto-engine connection ids of `show crypto ipsec sa`
    (`conn id: 2076, flow_id: CSR:76`). `bytes_*` count this SA's octets and drive its kilobyte
    lifetime: the remaining KB of a direction is `lifetime_kb - bytes // 1024`. Packets, drops and
    `flow_bytes_*` belong to the flow and carry on across rekeys, as on IOS (a real capture shows
    4,033,155,813 packets decrypted against 637 KB used in the current SA). Drops are the `drop`
    counts of `show crypto session detail` and the `#recv errors` / `#send errors` of
    `show crypto ipsec sa`.
    """

    local_selector: TrafficSelector
    remote_selector: TrafficSelector
    spi_in: int
    spi_out: int
    conn_id_in: int
    conn_id_out: int
    created_at: float
    encryption: Encryption = Encryption.AES_CBC_256
    integrity: Integrity | None = Integrity.SHA384
    mode: IpsecMode = IpsecMode.TUNNEL
    pfs_group: DhGroup | None = None
    lifetime_seconds: int = 3600
    lifetime_kb: int = 4608000
    packets_encrypted: int = 0
    packets_decrypted: int = 0
    bytes_encrypted: int = 0
    bytes_decrypted: int = 0
    flow_bytes_encrypted: int = 0
    flow_bytes_decrypted: int = 0
    drops_in: int = 0
    drops_out: int = 0
    path_mtu: int = 1500
    ip_mtu: int = 1500
    mtu_interface: str = "GigabitEthernet1"
    esp_in: EspSa | None = field(default=None, repr=False, compare=False)  # what the peer sends us
    esp_out: EspSa | None = field(default=None, repr=False, compare=False)  # what we send the peer


@dataclass(slots=True)
class IkeSa:
    """One IKEv2 SA with everything `show crypto ikev2 sa/session detailed` prints about it.

    `tunnel_id` is both the Tunnel-id column and the `connid:` of `show crypto session detail`;
    `session_id` is IOS's Session-id / Session ID. `remote_eap_id` is the EAP user name of a first
    connect and None after a reconnect (the seed prints no `Remote EAP id:` line then); the seed's
    reconnected SA has no `PEER TYPE:` line either, so `peer_type` is None there too.
    """

    tunnel_id: int
    local_addr: IPv4Address
    local_port: int
    remote_addr: IPv4Address
    remote_port: int
    created_at: float
    ce_id: int
    session_id: int
    local_spi: int
    remote_spi: int
    local_id: IkeIdentity
    remote_id: IkeIdentity
    algorithms: IkeAlgorithms = field(default_factory=IkeAlgorithms)
    status: Ikev2SaStatus = Ikev2SaStatus.READY
    fvrf: str | None = None
    ivrf: str | None = None
    lifetime: int = 86400
    status_description: str = "Negotiation done"
    remote_eap_id: str | None = None
    msg_ids: MessageIds = field(default_factory=MessageIds)
    dpd_interval: int = 0
    dpd_retry: int = 0
    nat_t: NatTraversal = NatTraversal.NOT_DETECTED
    assigned_host_addr: IPv4Address | None = None
    initiator: bool = False
    peer_type: PeerType | None = None
    dynamic_route_update: bool = False
    child_sas: list[ChildSa] = field(default_factory=list)

    @property
    def reconnected(self) -> bool:
        """True when the peer authenticated with a reconnect session id (capability R)."""
        return self.remote_id.is_session_id

    def capabilities(self) -> tuple[Capability, ...]:
        present = {
            Capability.DPD: self.dpd_interval > 0,
            Capability.NAT_TRAVERSAL: self.nat_t is not NatTraversal.NOT_DETECTED,
            Capability.AUTO_RECONNECT: self.reconnected,
            Capability.DYNAMIC_ROUTE_UPDATE: self.dynamic_route_update,
        }
        return tuple(cap for cap in Capability if present[cap])


@dataclass(slots=True)
class CryptoSession:
    """A crypto session: one Virtual-Access interface and the IKE SA (with its child SAs) behind it.

    Peer, VRFs, Session ID and Phase1_id are the IKE SA's, so they cannot disagree with it.
    `username` is the authenticated user; it survives a reconnect (the IKE SA's EAP id does not).
    """

    interface: str
    ike_sa: IkeSa
    created_at: float
    profile: str | None = None
    status: SessionStatus = SessionStatus.UP_ACTIVE
    description: str | None = None
    username: str | None = None

    @property
    def peer_addr(self) -> IPv4Address:
        return self.ike_sa.remote_addr

    @property
    def peer_port(self) -> int:
        return self.ike_sa.remote_port

    @property
    def assigned_addr(self) -> IPv4Address | None:
        return self.ike_sa.assigned_host_addr


@dataclass
class ReconnectStats:
    """Counters of `show crypto ikev2 stats reconnect`; every recognised attempt ends in one of them.

    The capable active/inactive session counts are not kept here: they are the sizes of the
    gateway's session databases and are passed to the renderer.
    """

    success: int = 0
    failed: int = 0

    @property
    def total_incoming(self) -> int:
        return self.success + self.failed


@dataclass
class Ikev2Stats:
    """Cumulative counters of `show crypto ikev2 stats` that the gateway actually maintains.

    Counters of features the emulator does not have (cookie challenge, certificate revocation,
    strength enforcement, quantum resistance, PPK) are not kept: the renderer prints IOS's zeros.
    The limits are the ones in force (`crypto ikev2 limit ...`), IOS defaults otherwise.
    """

    incoming_requests: int = 0
    incoming_accepted: int = 0
    incoming_rejected: int = 0
    outgoing_requests: int = 0
    outgoing_accepted: int = 0
    outgoing_rejected: int = 0
    rejected_resource_low: int = 0
    rejected_sa_limit: int = 0
    dropped_at_dispatch: int = 0
    system_resource_limit: int = 0
    max_sa: int = 0
    max_in_negotiation_in: int = 40
    max_in_negotiation_out: int = 400


@dataclass(frozen=True)
class Ikev2SaCounts:
    """Current IKE SAs by direction and state (the `Total incoming/outgoing IKEv2 SA Count` lines)."""

    incoming_active: int = 0
    incoming_negotiating: int = 0
    outgoing_active: int = 0
    outgoing_negotiating: int = 0


def count_ike_sas(sas: Iterable[IkeSa]) -> Ikev2SaCounts:
    """Tally SAs: READY counts as active, IN-NEG as negotiating; the initiator flag picks the side."""
    live = [sa for sa in sas if sa.status is not Ikev2SaStatus.DELETE]
    ready = Ikev2SaStatus.READY
    return Ikev2SaCounts(
        incoming_active=sum(not sa.initiator and sa.status is ready for sa in live),
        incoming_negotiating=sum(not sa.initiator and sa.status is not ready for sa in live),
        outgoing_active=sum(sa.initiator and sa.status is ready for sa in live),
        outgoing_negotiating=sum(sa.initiator and sa.status is not ready for sa in live),
    )
