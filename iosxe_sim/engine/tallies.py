"""Cumulative IKEv2 exchange and service counters, tallied from the gateway's event stream.

`show crypto ikev2 stats exchange|timeout|ext-service|psh` and `show crypto ikev2 count` read
these. They are kept outside the gateway: every count is derived from an event the engine already
emits, so the handshake code stays free of bookkeeping. What one event counts (emulator-defined,
after the gateway's own message-id model):

- SessionUp: one IKE_SA_INIT and the IKE_AUTH exchanges of the connect (5 for a first connect with
  EAP-AnyConnect aggregate auth, 1 for a reconnect), its notifies (NAT detection, window size,
  initial contact), one configuration request, one AAA authentication (first connects), a start of
  accounting, one IPsec SA creation, a DH pair and an RSA signature, a PSH request.
- SessionDown: a DELETE INFORMATIONAL (sent when cleared, received on a user disconnect), a stop
  of accounting, an IPsec SA deletion, a PSH return.
- DpdSent: an INFORMATIONAL request sent; DpdTimeout: the DPD retransmission timer expired.
- ConnectFailed / ReconnectFailed: a refused exchange (NO_PROPOSAL_CHOSEN, failed EAP, failed AUTH).
- ChildRekeyed: a CREATE_CHILD_SA IPsec rekey.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from iosxe_sim.engine.events import (
    ChildRekeyed,
    ConnectFailed,
    ConnectFailure,
    DownReason,
    DpdSent,
    DpdTimeout,
    Event,
    ReconnectFailed,
    SessionDown,
    SessionUp,
)

FIRST_CONNECT_AUTH_EXCHANGES = 5
AUTH_FAILURES = (ConnectFailure.UNKNOWN_USER, ConnectFailure.BAD_PASSWORD, ConnectFailure.AAA_SERVER)


@dataclass
class Tallies:
    """Counters by name: exchanges as (EXCHANGE, column), services as (OPERATION, passed|failed)."""

    exchanges: Counter[tuple[str, str]] = field(default_factory=Counter)
    services: Counter[tuple[str, bool]] = field(default_factory=Counter)
    timeouts: Counter[str] = field(default_factory=Counter)
    psh: Counter[str] = field(default_factory=Counter)
    created: int = 0
    deleted: int = 0

    def clear(self) -> None:
        """`clear crypto ikev2 stats`: the exchange and service counters start again (not count)."""
        self.exchanges.clear()
        self.services.clear()
        self.timeouts.clear()
        self.psh.clear()

    def record(self, event: Event) -> None:
        if isinstance(event, SessionUp):
            self._up(event)
        elif isinstance(event, SessionDown):
            self._down(event)
        elif isinstance(event, DpdSent):
            self.exchanges["DPD", "TX(REQ)"] += 1
            self.exchanges["INFORMATIONAL", "TX(REQ)"] += 1
        elif isinstance(event, DpdTimeout):
            self.timeouts["DPD MAX RETRANS TIMER"] += 1
        elif isinstance(event, ChildRekeyed):
            for name in ("CREATE_CHILD_SA", "CREATE_CHILD_SA_IPSEC_REKEY"):
                self.exchanges[name, "RX(REQ)"] += 1
                self.exchanges[name, "TX(RES)"] += 1
            self.services["SA CREATION", True] += 1
        elif isinstance(event, ConnectFailed):
            self._connect_failed(event)
        elif isinstance(event, ReconnectFailed):
            self.exchanges["IKE_AUTH", "RX(REQ)"] += 1
            self.exchanges["IKE_AUTH", "TX(RES)"] += 1

    def _up(self, event: SessionUp) -> None:
        auth = 1 if event.reconnected else FIRST_CONNECT_AUTH_EXCHANGES
        self.created += 1
        for column in ("RX(REQ)", "TX(RES)"):
            self.exchanges["IKE_SA_INIT", column] += 1
            self.exchanges["IKE_AUTH", column] += auth
            for notify in ("SET_WINDOW_SIZE", "NAT_DETECTION_SOURCE_IP", "NAT_DETECTION_DESTINATION_IP"):
                self.exchanges[notify, column] += 1
        self.exchanges["INITIAL_CONTACT", "RX(REQ)"] += 1
        self.exchanges["CFG_REQUEST", "RX"] += 1
        self.exchanges["CFG_REPLY", "TX"] += 1
        if not event.reconnected:
            self.services["AUTHENTICATION USING EAP", True] += 1
            self.services["AUTHORIZATION", True] += 1
        self.services["START ACCOUNTING", True] += 1
        for operation in ("IPSEC POLICY VERIFICATION", "SA CREATION", "DH PUBKEY GENERATED",
                          "DH SHARED SECKEY GENERATED", "SIGNATURE SIGN"):
            self.services[operation, True] += 1
        self.psh["ikev2 psh requested"] += 1
        self.psh["ikev2 psh request success"] += 1

    def _down(self, event: SessionDown) -> None:
        self.deleted += 1
        if event.reason is DownReason.USER_DISCONNECT:
            self.exchanges["INFORMATIONAL", "RX(REQ)"] += 1
            self.exchanges["INFORMATIONAL", "TX(RES)"] += 1
        elif event.reason is DownReason.CLEARED:
            self.exchanges["INFORMATIONAL", "TX(REQ)"] += 1
        self.services["STOP ACCOUNTING", True] += 1
        self.services["SA DELETION", True] += 1
        self.psh["ikev2 psh return requested"] += 1
        self.psh["ikev2 psh return success"] += 1

    def _connect_failed(self, event: ConnectFailed) -> None:
        if event.reason is ConnectFailure.NO_PROPOSAL:
            self.exchanges["IKE_SA_INIT", "RX(REQ)"] += 1
            self.exchanges["IKE_SA_INIT", "TX(RES)"] += 1
            self.exchanges["NO_PROPOSAL_CHOSEN", "TX(RES)"] += 1
            return
        self.exchanges["IKE_AUTH", "RX(REQ)"] += 1
        self.exchanges["IKE_AUTH", "TX(RES)"] += 1
        if event.reason in AUTH_FAILURES:
            self.services["AUTHENTICATION USING EAP", False] += 1
        elif event.reason is ConnectFailure.AUTHORIZATION:
            self.services["AUTHORIZATION", False] += 1
