"""What happened in a lab, in order: engine events (each tied to its client), DART entries, story.

The engine's events carry addresses, ports and session numbers, not client names. The journal
subscribes before any client exists and ties each event to a client while the event fires (when the
client's current endpoint is the event's): a SessionUp by endpoint, later events of that session by
its session number, inactive-database events by the assigned address. Each client's DART log is
tapped (it tells the journal of every entry as it is written), so the timeline shows client and
gateway lines in the order they happened and recording costs the same per event however many
clients there are. The journal and its attribution indexes are bounded (JOURNAL_LIMIT).
The commands the student types are recorded as the device reports each EXEC line,
and what a `configure terminal` session changed is recorded as a diff of the running-config.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from ipaddress import IPv4Address
from typing import TYPE_CHECKING, TypeVar

from iosxe_sim.engine.dart import DartEntry, DartLog, DartSource, DartType
from iosxe_sim.engine.events import (
    ConnectFailed,
    Event,
    InactiveExpired,
    ReconnectFailed,
    ReconnectSucceeded,
    SessionInactive,
    SessionUp,
)
from iosxe_sim.parser.match import Matched

if TYPE_CHECKING:
    from iosxe_sim.device import Device

K = TypeVar("K")
JOURNAL_LIMIT = 65_536  # entries kept (resource bound; a lab needs far fewer)
QUIET_HANDLERS = (
    "show.",
    "lab.objectives",
    "lab.hint",
    "lab.check",
    "lab.timeline",
    "exec.terminal",
    "exec.dir",
    "exec.more",
    "exec.enable",
    "exec.disable",
)


@dataclass(frozen=True)
class Note:
    """A line of the lab's own story (a timeline entry played, its result), or a command typed."""

    at: float
    text: str
    problem: bool = False
    typed: bool = False  # an EXEC command the student typed at the console


@dataclass(frozen=True)
class Entry:
    seq: int
    at: float
    client: str | None  # the client an engine event or DART entry belongs to
    item: Event | DartEntry | Note
    holding: frozenset[int] = frozenset()  # engine events: the lab's `while` conditions that held


@dataclass(frozen=True)
class Reconnect:
    """An accepted reconnect of one client, as checks read it."""

    entry: Entry  # the ReconnectSucceeded
    inactive: float  # seconds its session had been in the inactive database (0: it was active)
    kept_address: bool  # the session came back with the inner address it had before


class _TappedDart(DartLog):
    """A client's DART log that also tells the journal of each entry as it is written, so the
    journal records entries in the order they happen without rescanning every client's log."""

    def __init__(self, log: DartLog, told: Callable[[DartEntry], None]) -> None:
        super().__init__()
        self.entries = log.entries
        self._told = told

    def add(
        self, at: datetime, source: DartSource, description: str, kind: DartType = DartType.INFORMATION
    ) -> None:
        super().add(at, source, description, kind)
        self._told(self.entries[-1])


class Journal:
    def __init__(self, device: Device) -> None:
        self.device = device
        self.entries: deque[Entry] = deque(maxlen=JOURNAL_LIMIT)
        self._seq = 0
        self._by_session: dict[int, str] = {}
        self._by_address: dict[IPv4Address, str] = {}
        self._by_endpoint: dict[tuple[IPv4Address, int], str] = {}
        self._tapped = 0  # clients whose DART log reports to the journal
        self._config_before: str | None = None
        self.probe: Callable[[], frozenset[int]] | None = None  # asked before each event is recorded
        self.unsubscribe: Callable[[], None] = device.gateway.events.subscribe(self._on_event)
        device.console.exec_listeners.append(self._typed)

    # -- recording ----------------------------------------------------------------------------------
    def note(self, text: str, problem: bool = False) -> None:
        self.sync_dart()
        self._add(None, Note(self.device.clock.now, text, problem))

    def _typed(self, line: str) -> None:
        """Commands that change something (not show, not the lab's own help) go on the timeline;
        after `configure terminal`, the changes made (seen at the next EXEC command)."""
        self.sync_config()
        result = self.device.matcher.match_line("exec", line)
        if isinstance(result, Matched) and not result.command.handler.startswith(QUIET_HANDLERS):
            self.sync_dart()
            self._add(None, Note(self.device.clock.now, line.strip(), typed=True))
            if result.command.handler == "exec.configure":
                self._config_before = self.device.running_config()

    def sync_config(self) -> None:
        """Record what a finished configuration session changed, one line per changed command."""
        before = self._config_before
        if before is None or self.device.console.editor is not None:
            return
        self._config_before = None
        for change in config_changes(before, self.device.running_config()):
            self._add(None, Note(self.device.clock.now, change, typed=True))

    def _on_event(self, event: Event) -> None:
        self.sync_dart()
        holding = self.probe() if self.probe is not None else frozenset()
        self._add(self._client_of(event), event, holding)

    @property
    def next_seq(self) -> int:
        return self._seq

    def _add(self, client: str | None, item: Event | DartEntry | Note, holding: frozenset[int] = frozenset()) -> None:
        at = item.at if isinstance(item, (Event, Note)) else self._offset(item)
        self.entries.append(Entry(self._seq, at, client, item, holding))
        self._seq += 1

    def _offset(self, entry: DartEntry) -> float:
        return (entry.at - self.device.clock.boot_time).total_seconds()

    def sync_dart(self) -> None:
        """Tap the DART log of clients created since the last look (O(1) when there are none);
        entries they logged before that are recorded now."""
        clients = self.device.clients
        if len(clients) == self._tapped:
            return
        for name, lab in clients.items():
            log = lab.client.dart
            if isinstance(log, _TappedDart):
                continue
            for entry in log.entries:
                self._add(name, entry)
            lab.client.dart = _TappedDart(log, lambda entry, name=name: self._add(name, entry))
        self._tapped = len(clients)

    # -- attribution --------------------------------------------------------------------------------
    def _client_at(self, address: IPv4Address, port: int) -> str | None:
        """The client at an endpoint: an index checked on use and rebuilt when it misses (a roam)."""
        key = (address, port)
        name = self._by_endpoint.get(key)
        if name is None or not self._at(name, key):
            self._by_endpoint = {
                (lab.client.endpoint.address, lab.client.endpoint.port): name
                for name, lab in self.device.clients.items()
            }
            name = self._by_endpoint.get(key)
        return name

    def _at(self, name: str, key: tuple[IPv4Address, int]) -> bool:
        lab = self.device.clients.get(name)
        return lab is not None and (lab.client.endpoint.address, lab.client.endpoint.port) == key

    def _client_of(self, event: Event) -> str | None:
        if isinstance(event, SessionUp):
            name = self._client_at(event.peer, event.port)
            if name is not None:
                _remember(self._by_session, event.session_number, name)
                _remember(self._by_address, event.assigned, name)
            return name
        if isinstance(event, (SessionInactive, InactiveExpired)):
            return self._by_address.get(event.assigned)
        if isinstance(event, (ReconnectSucceeded, ReconnectFailed, ConnectFailed)):
            return self._client_at(event.peer, event.port)
        number = getattr(event, "session_number", None)
        if isinstance(number, int):
            return self._by_session.get(number)
        return None

    # -- reading ------------------------------------------------------------------------------------
    def events(self, client: str | None = None) -> Iterable[tuple[str | None, Event]]:
        for entry in self.event_entries(client):
            yield entry.client, entry.item  # type: ignore[misc]

    def event_entries(self, client: str | None = None) -> Iterable[Entry]:
        for entry in self.entries:
            if isinstance(entry.item, Event) and (client is None or entry.client == client):
                yield entry

    def reconnects(self, client: str) -> list[Reconnect]:
        """The client's accepted reconnects: how long each session had been inactive, and whether
        it came back with the address it had before."""
        inactive_since: float | None = None
        address: IPv4Address | None = None  # of the client's last session
        found: list[Reconnect] = []
        pending: tuple[Entry, float, IPv4Address | None] | None = None
        for entry in self.event_entries(client):
            event = entry.item
            if isinstance(event, SessionInactive):
                inactive_since = event.at
            elif isinstance(event, ReconnectSucceeded):
                gap = 0.0 if inactive_since is None else event.at - inactive_since
                pending = (entry, gap, address)
                inactive_since = None
            elif isinstance(event, SessionUp):
                if pending is not None and event.reconnected:
                    found.append(Reconnect(pending[0], pending[1], pending[2] == event.assigned))
                pending = None
                address = event.assigned
                inactive_since = None
            elif isinstance(event, InactiveExpired):
                inactive_since = None
        if pending is not None:
            found.append(Reconnect(pending[0], pending[1], False))
        return found

    def timeline(self) -> list[Entry]:
        self.sync_config()
        self.sync_dart()
        return sorted(self.entries, key=lambda entry: (entry.at, entry.seq))


def _remember(index: dict[K, str], key: K, name: str) -> None:
    """Keep an attribution index bounded: the oldest key goes when it is full."""
    index.pop(key, None)
    index[key] = name
    if len(index) > JOURNAL_LIMIT:
        del index[next(iter(index))]


def config_changes(before: str, after: str) -> list[str]:
    """``+``/``-`` lines between two running-configs, each with the block it sits in."""
    changes: list[str] = []
    old, new = _commands(before), _commands(after)
    old_set, new_set = set(old), set(new)
    changes += [f"config - {text}" for text in old if text not in new_set]
    changes += [f"config + {text}" for text in new if text not in old_set]
    return changes


def _commands(config: str) -> list[str]:
    """Each command of a running-config, a sub-mode line prefixed by its block's header."""
    result: list[str] = []
    header = ""
    for line in config.splitlines():
        if not line.strip() or line.startswith(("!", "Building configuration", "Current configuration")):
            continue
        if line[0].isspace():
            result.append(f"{header} / {line.strip()}")
        else:
            header = line.strip()
            result.append(header)
    return result
