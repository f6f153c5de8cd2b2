"""Typed events out of the engine: what happened to sessions, DPD and reconnects.

The engine never prints. The shell turns these into syslog and `debug crypto ikev2` lines, labs
grade on them, tests assert on them. Events carry only what an operator may see: never a token.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from ipaddress import IPv4Address

EVENT_HISTORY = 4096  # events kept for inspection; subscribers see every one


class DownReason(Enum):
    DPD_TIMEOUT = "peer did not answer Dead Peer Detection"
    USER_DISCONNECT = "client disconnected the session"
    CLEARED = "cleared by the administrator"
    REPLACED = "replaced by a reconnect of the same session"
    REKEY_FAILED = "peer did not answer a rekey"


class ReconnectFailure(Enum):
    UNKNOWN_SESSION = "unknown session id"
    EXPIRED_SESSION = "session id expired from the inactive session database"
    AUTH_MISMATCH = "reconnect AUTH verification failed"
    PROFILE_NOT_RECONNECT = "IKEv2 profile no longer allows reconnect"
    NEGOTIATION = "session could not be re-established"


class ConnectFailure(Enum):
    NO_PROPOSAL = "no IKEv2 proposal chosen"
    NO_PROFILE = "no IKEv2 profile matches the peer identity"
    AUTH_METHOD = "IKEv2 profile does not accept AnyConnect-EAP"
    NO_AAA = "AAA authentication list not usable"
    UNKNOWN_USER = "unknown user"
    BAD_PASSWORD = "invalid password"
    AAA_SERVER = "no AAA server reachable"
    AUTHORIZATION = "AAA authorization failed"
    NO_ADDRESS = "no address available"
    NO_TEMPLATE = "Virtual-Template not usable"
    NO_TRANSFORM = "no IPsec transform set acceptable"
    NO_LOCAL_ADDRESS = "gateway has no usable address"
    UNREACHABLE = "secure gateway unreachable"
    NO_SA = "no IKE SA in negotiation for this SPI"
    NO_CERTIFICATE = "the trustpoint has no usable certificate"
    GATEWAY_UNTRUSTED = "the gateway's certificate or signature does not verify"


@dataclass(frozen=True)
class Event:
    at: float  # virtual-clock seconds


@dataclass(frozen=True)
class SessionUp(Event):
    interface: str
    peer: IPv4Address
    port: int
    username: str
    profile: str
    session_number: int  # IOS's Session-id
    assigned: IPv4Address
    reconnected: bool


@dataclass(frozen=True)
class SessionDown(Event):
    interface: str
    peer: IPv4Address
    port: int
    username: str
    session_number: int
    reason: DownReason


@dataclass(frozen=True)
class SessionInactive(Event):
    """A dead peer's session moved to the inactive DB; it may reconnect until `expires_at`."""

    username: str
    assigned: IPv4Address
    expires_at: float


@dataclass(frozen=True)
class InactiveExpired(Event):
    username: str
    assigned: IPv4Address


@dataclass(frozen=True)
class DpdSent(Event):
    peer: IPv4Address
    port: int
    session_number: int
    attempt: int  # 0 = first request, then retransmissions


@dataclass(frozen=True)
class DpdTimeout(Event):
    peer: IPv4Address
    port: int
    session_number: int


@dataclass(frozen=True)
class ReconnectSucceeded(Event):
    peer: IPv4Address
    port: int
    username: str
    session_number: int
    interface: str


@dataclass(frozen=True)
class ReconnectFailed(Event):
    peer: IPv4Address
    port: int
    reason: ReconnectFailure


@dataclass(frozen=True)
class ConnectFailed(Event):
    peer: IPv4Address
    port: int
    username: str | None
    reason: ConnectFailure
    detail: str


@dataclass(frozen=True)
class ChildRekeyed(Event):
    interface: str
    spi_in: int
    spi_out: int


Subscriber = Callable[[Event], None]


class EventLog:
    """The engine's event stream: a bounded history plus live subscribers."""

    def __init__(self, history: int = EVENT_HISTORY) -> None:
        self.history: deque[Event] = deque(maxlen=history)
        self._subscribers: list[Subscriber] = []

    def subscribe(self, subscriber: Subscriber) -> Callable[[], None]:
        """Register a callback; returns a function that unsubscribes it."""
        self._subscribers.append(subscriber)
        return lambda: self._subscribers.remove(subscriber) if subscriber in self._subscribers else None

    def emit(self, event: Event) -> None:
        self.history.append(event)
        for subscriber in list(self._subscribers):
            subscriber(event)

    def of_type(self, kind: type[Event]) -> list[Event]:
        return [event for event in self.history if isinstance(event, kind)]
