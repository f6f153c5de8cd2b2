"""What the Secure Client model is made of: its records, errors, faults, and its IKE_SA_INIT.

`exchange_sa_init` is the initiator's first exchange with the AnyConnect offer, including the one
INVALID_KE_PAYLOAD round trip a gateway may ask for; the client builds IKE_AUTH on its result.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import Enum
from ipaddress import IPv4Address, IPv4Network

from iosxe_sim.engine import dart
from iosxe_sim.engine.events import ConnectFailure, ReconnectFailure
from iosxe_sim.engine.gateway import Gateway, Refusal
from iosxe_sim.engine.handshake import InitiatorHalf, SaInitResponse, finish_initiator, start_initiator
from iosxe_sim.engine.ikev2_crypto import IkeKeys
from iosxe_sim.engine.messages import offer_proposals
from iosxe_sim.engine.negotiation import ANYCONNECT_IKE_OFFER, InvalidKe
from iosxe_sim.engine.randomness import RandomSource
from iosxe_sim.engine.sessions import Endpoint

ANYCONNECT_KEY_ID = "*$AnyConnectClient$*"
CLIENT_DPD_INTERVAL = 30  # DECISION (NOTES.md §C.2)
DEFAULT_CLIENT_ADDRESS = IPv4Address("10.106.69.69")  # the seed's client


class ClientError(RuntimeError):
    """The requested action makes no sense in the client's state (e.g. resume while awake)."""


class Fault(Enum):
    """Deliberate reconnect faults for teaching."""

    WRONG_TOKEN = "wrong session token"
    UNKNOWN_SESSION_ID = "session id the gateway never issued"
    EXPIRED_SESSION_ID = "an earlier, retired session id"


class Trigger(Enum):
    RESUME = dart.RESUME_REASON
    NETWORK_CHANGE = dart.NETWORK_CHANGE_REASON
    LOST_SA = dart.LOST_SA_REASON
    USER = dart.USER_RECONNECT_REASON


@dataclass(frozen=True)
class ConnectResult:
    ok: bool
    message: str
    reason: ConnectFailure | ReconnectFailure | None = None
    reconnected: bool = False  # resumed with the session token
    fell_back: bool = False  # a reconnect was refused and full authentication followed


@dataclass
class Tunnel:
    spi_i: int  # the client's IKE SPI
    spi_r: int  # the gateway's IKE SPI
    assigned: IPv4Address
    session_id: str | None
    def_domain: str | None
    dns: tuple[str, ...]
    split_networks: tuple[IPv4Network, ...]
    token: bytes | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Shaken:
    half: InitiatorHalf
    response: SaInitResponse
    keys: IkeKeys = field(repr=False)


def derived_seed(seed: int | None, name: str) -> int | None:
    """Each client's own reproducible random stream, independent of how many others exist."""
    if seed is None:
        return None
    return int.from_bytes(hashlib.sha256(f"{seed}:{name}".encode()).digest()[:8], "big")


def exchange_sa_init(
    gateway: Gateway, rng: RandomSource, endpoint: Endpoint, behind_nat: bool
) -> Shaken | Refusal:
    """IKE_SA_INIT from `endpoint`, KE for the offer's first group unless the gateway wants another."""
    offer = ANYCONNECT_IKE_OFFER
    proposals = offer_proposals(offer.encryption, offer.prf, offer.integrity, offer.groups)
    group = offer.groups[0]
    for _ in range(2):  # at most one INVALID_KE_PAYLOAD round trip
        half = start_initiator(rng, proposals, group)
        reply = gateway.ike_sa_init(endpoint, half.request, offer, behind_nat)
        if isinstance(reply, InvalidKe):
            group = reply.group
            continue
        if isinstance(reply, Refusal):
            return reply
        return Shaken(half, reply, finish_initiator(half, reply))
    return Refusal(ConnectFailure.NO_PROPOSAL, "INVALID_KE_PAYLOAD twice")
