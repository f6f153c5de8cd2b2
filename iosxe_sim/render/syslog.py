"""Console log lines for engine events: IOS syslog messages, and ``debug crypto ikev2`` lines.

The syslog texts are IOS's own (LINK/LINEPROTO up/down of the Virtual-Access). The debug lines
follow the shape of IOS-XE's ``IKEv2:(SESSION ID = n,SA ID = m):...`` output. Where a public
IOS-XE capture shows the step (docs/ios-reference-notes.md, "debug crypto ikev2"), its wording is
used: `Sending DPD/liveness query`, `Retransmitting packet`, `Deleting SA`. The reconnect and
inactive-database lines have no public counterpart and are emulator-defined.
"""

from __future__ import annotations

from iosxe_sim.engine.events import (
    ChildRekeyed,
    ConnectFailed,
    ConnectFailure,
    DpdSent,
    DpdTimeout,
    Event,
    InactiveExpired,
    ReconnectFailed,
    ReconnectSucceeded,
    SessionDown,
    SessionInactive,
    SessionUp,
)


def _debug(event: Event) -> list[str]:
    # IKEv2:(SESSION ID = 16,SA ID = 1):Sending DPD/liveness query
    if isinstance(event, DpdSent):
        verb = "Sending DPD/liveness query" if event.attempt == 0 else "Retransmitting packet"
        return [f"IKEv2:(SESSION ID = {event.session_number},SA ID = 1):{verb}"]
    if isinstance(event, DpdTimeout):
        prefix = f"IKEv2:(SESSION ID = {event.session_number},SA ID = 1):"
        # emulator-defined first line; "Deleting SA" is IOS's
        return [f"{prefix}Peer {event.peer}:{event.port} did not answer DPD", f"{prefix}Deleting SA"]
    if isinstance(event, SessionInactive):
        return [f"IKEv2:Session of user {event.username} ({event.assigned}) moved to the inactive session DB"]
    if isinstance(event, InactiveExpired):
        return [f"IKEv2:Inactive session of user {event.username} expired, address {event.assigned} released"]
    if isinstance(event, ReconnectSucceeded):
        return [(f"IKEv2:(SESSION ID = {event.session_number},SA ID = 1):Reconnect of user {event.username} "
                f"from {event.peer}:{event.port} accepted, session restored on {event.interface}")]
    if isinstance(event, ReconnectFailed):
        return [f"IKEv2:Reconnect from {event.peer}:{event.port} refused: {event.reason.value}"]
    if isinstance(event, ConnectFailed) and event.reason is ConnectFailure.NO_CERTIFICATE:
        # IOS's PKI exchange lines around a trustpoint that cannot sign (docs/ios-reference-notes.md, PKI)
        trustpoint = event.detail.split(":", 1)[0]
        return [f"IKEv2:[IKEv2 -> PKI] Getting cert chain for the trustpoint {trustpoint}",
                f"IKEv2:[PKI -> IKEv2] Getting of cert chain for the trustpoint {trustpoint} FAILED",
                f"IKEv2-ERROR:Failed to build the AUTH payload: {event.detail}",
                f"IKEv2:Connection from {event.peer}:{event.port} refused: {event.reason.value}"]
    if isinstance(event, ConnectFailed):
        user = f" user {event.username}" if event.username else ""
        return [f"IKEv2:Connection from {event.peer}:{event.port}{user} refused: {event.reason.value}"]
    if isinstance(event, ChildRekeyed):
        return [f"IKEv2:Child SA on {event.interface} rekeyed, ESP spi in/out: 0x{event.spi_in:X}/0x{event.spi_out:X}"]
    if isinstance(event, SessionUp):
        return [(f"IKEv2:(SESSION ID = {event.session_number},SA ID = 1):Session with {event.peer}:{event.port} "
                f"is up, user {event.username}, address {event.assigned}")]
    return []


def event_messages(event: Event, debug: bool) -> list[str]:
    """The console lines an event prints (debug lines only while IKEv2 debugging is on)."""
    lines = _debug(event) if debug else []
    if isinstance(event, SessionUp):
        # %LINEPROTO-5-UPDOWN: Line protocol on Interface Virtual-Access1, changed state to up
        lines += [f"%LINK-3-UPDOWN: Interface {event.interface}, changed state to up",
                  f"%LINEPROTO-5-UPDOWN: Line protocol on Interface {event.interface}, changed state to up"]
    elif isinstance(event, SessionDown):
        lines += [f"%LINEPROTO-5-UPDOWN: Line protocol on Interface {event.interface}, changed state to down",
                  f"%LINK-5-CHANGED: Interface {event.interface}, changed state to administratively down"]
    return lines
