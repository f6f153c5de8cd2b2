"""What the Secure Client model is made of: its records, errors and faults."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import Enum
from ipaddress import IPv4Address, IPv4Network

from iosxe_sim.engine import dart
from iosxe_sim.engine.events import ConnectFailure, ReconnectFailure
from iosxe_sim.engine.initiator import ClientSa

ANYCONNECT_KEY_ID = "*$AnyConnectClient$*"
CLIENT_DPD_INTERVAL = 30  # DECISION (docs/emulator-decisions.md)
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


@dataclass(slots=True)
class Tunnel:
    sa: ClientSa = field(repr=False)
    assigned: IPv4Address
    session_id: str | None
    def_domain: str | None
    dns: tuple[str, ...]
    split_networks: tuple[IPv4Network, ...]
    token: bytes | None = field(default=None, repr=False)

    @property
    def spi_i(self) -> int:
        """The client's IKE SPI (the SA's initiator SPI until a gateway rekey swaps the roles)."""
        wire = self.sa.wire
        return wire.spi_i if wire.initiator else wire.spi_r

    @property
    def spi_r(self) -> int:
        """The gateway's IKE SPI."""
        wire = self.sa.wire
        return wire.spi_r if wire.initiator else wire.spi_i


def derived_seed(seed: int | None, name: str) -> int | None:
    """Each client's own reproducible random stream, independent of how many others exist."""
    if seed is None:
        return None
    return int.from_bytes(hashlib.sha256(f"{seed}:{name}".encode()).digest()[:8], "big")
