"""The lab's timeline as rows: who (lab, gateway, a client) said what, when, and how it went.

Pure data for the presentation layer (``present.py`` draws the rows in the terminal and as SVG):
engine events summarised in a few words, DART entries shortened to their message, lab story lines.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace

from iosxe_sim.engine import events as ev
from iosxe_sim.engine.dart import DartEntry, DartType
from iosxe_sim.labs.journal import Entry, Note
from iosxe_sim.labs.runtime import LabSession

LAB_LANE = "lab"
CONSOLE_LANE = "console"  # what the student typed
GATEWAY_LANE = "gateway"


class Tone(enum.Enum):
    """How a row reads: the presentation picks colours by it."""

    GOOD = "good"
    BAD = "bad"
    WARN = "warn"
    QUIET = "quiet"
    PLAIN = "plain"


@dataclass(frozen=True)
class Row:
    at: float  # virtual seconds since boot
    lane: str  # LAB_LANE, GATEWAY_LANE or a client name
    text: str
    tone: Tone
    about: str | None = None  # the client a gateway row concerns

    def labelled(self) -> str:
        return f"{self.text} [{self.about}]" if self.about else self.text


def lanes(session: LabSession) -> list[str]:
    return [CONSOLE_LANE, LAB_LANE, GATEWAY_LANE, *sorted(session.device.clients)]


def rows(session: LabSession) -> list[Row]:
    """Rows in order; a DPD request and its retransmissions fold into one row."""
    result: list[Row] = []
    dpd_rows: dict[int, int] = {}  # session number -> index of its DPD row
    for entry in session.journal.timeline():
        item = entry.item
        if isinstance(item, ev.DpdSent) and item.attempt > 0 and item.session_number in dpd_rows:
            index = dpd_rows[item.session_number]
            first = result[index]
            text = first.text.split(" (retransmitted", 1)[0]
            result[index] = replace(
                first, text=f"{text} (retransmitted {item.attempt}x until {clock_text(item.at)})"
            )
            continue
        row = _row(entry)
        if row is None:
            continue
        if isinstance(item, ev.DpdSent):
            dpd_rows[item.session_number] = len(result)
        result.append(row)
    return result


def _row(entry: Entry) -> Row | None:
    item = entry.item
    if isinstance(item, Note):
        lane = CONSOLE_LANE if item.typed else LAB_LANE
        return Row(entry.at, lane, item.text, Tone.BAD if item.problem else Tone.PLAIN)
    if isinstance(item, DartEntry):
        text = dart_summary(item)
        if text is None:
            return None
        tone = {DartType.ERROR: Tone.BAD, DartType.WARNING: Tone.WARN}.get(item.type, Tone.PLAIN)
        return Row(entry.at, entry.client or "?", text, tone)
    text, tone = event_summary(item)
    return Row(entry.at, GATEWAY_LANE, text, tone, entry.client)


def dart_summary(entry: DartEntry) -> str | None:
    """One line for a DART entry; the preference dump shrinks to the reconnect behaviour."""
    lines = [line.strip() for line in entry.description.splitlines() if line.strip()]
    if not lines:
        return None
    if lines[0].startswith("Current Preference Settings"):
        wanted = [line for line in lines if line.startswith(("AutoReconnect:", "AutoReconnectBehavior:"))]
        return "profile: " + ", ".join(wanted) if wanted else None
    if lines[0].startswith(("Function:", "Message type")):
        return lines[-1]
    return " ".join(lines)


def event_summary(event: ev.Event) -> tuple[str, Tone]:
    if isinstance(event, ev.SessionUp):
        how = "reconnected session" if event.reconnected else "new session (EAP, full authentication)"
        text = (
            f"{event.interface} up: {how}, {event.username} from {event.peer}:{event.port}, "
            f"address {event.assigned}, Session-id {event.session_number}"
        )
        return text, Tone.GOOD
    if isinstance(event, ev.SessionDown):
        tone = Tone.QUIET if event.reason is ev.DownReason.REPLACED else Tone.BAD
        return f"{event.interface} down: {event.reason.value}", tone
    if isinstance(event, ev.SessionInactive):
        text = f"session of {event.username} ({event.assigned}) kept in the inactive database until "
        return text + clock_text(event.expires_at), Tone.WARN
    if isinstance(event, ev.InactiveExpired):
        return f"inactive session of {event.username} expired; {event.assigned} released", Tone.BAD
    if isinstance(event, ev.DpdSent):
        what = "DPD request" if event.attempt == 0 else f"DPD retransmission {event.attempt}"
        return f"{what} to {event.peer}:{event.port}", Tone.QUIET
    if isinstance(event, ev.DpdTimeout):
        return f"DPD: no answer from {event.peer}:{event.port}, SAs deleted", Tone.BAD
    if isinstance(event, ev.ReconnectSucceeded):
        text = "reconnect accepted (session id + token, PSK AUTH): "
        return text + f"Session-id {event.session_number} on {event.interface}", Tone.GOOD
    if isinstance(event, ev.ReconnectFailed):
        return f"reconnect refused: {event.reason.value}", Tone.BAD
    if isinstance(event, ev.ConnectFailed):
        return f"connect refused: {event.reason.value} ({event.detail})", Tone.BAD
    if isinstance(event, ev.ChildRekeyed):
        return f"IPsec SA on {event.interface} rekeyed", Tone.QUIET
    return type(event).__name__, Tone.PLAIN


def clock_text(seconds: float) -> str:
    """Virtual time since the lab started: ``+12:34`` (``+1:02:03`` past an hour)."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"+{hours}:{minutes:02d}:{secs:02d}" if hours else f"+{minutes:02d}:{secs:02d}"
