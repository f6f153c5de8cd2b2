"""The Device: one emulated router, shared by every terminal line open on it.

It owns what a router has once: the running and startup config, the virtual clock, the random
source, the gateway simulation (``device.gateway``), the simulated clients, bootflash and logging.
What belongs to one terminal line (mode, privilege, terminal settings, history) lives on a
:class:`~iosxe_sim.session.Session`; ``device.console`` is the console line, and
``device.execute(line)`` types a line there.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from iosxe_sim import storage
from iosxe_sim.commands.registry import load_handlers
from iosxe_sim.config.loader import ConfigEditor, LineReport, load_config
from iosxe_sim.config.model import RunningConfig, Statement
from iosxe_sim.config.nvgen import render_running_config
from iosxe_sim.config.views import ConfigView, view
from iosxe_sim.engine.capture import CapturePoint
from iosxe_sim.engine.clock import VirtualClock
from iosxe_sim.engine.events import Event
from iosxe_sim.engine.gateway import Gateway
from iosxe_sim.engine.gateway_config import GatewaySettings, settings_from
from iosxe_sim.engine.randomness import RandomSource
from iosxe_sim.engine.tallies import Tallies
from iosxe_sim.flash import Flash, MemoryFlash
from iosxe_sim.logbuffer import DEFAULT_BUFFER_BYTES, LogBuffer, level_number
from iosxe_sim.parser.grammar import Grammar, default_grammar
from iosxe_sim.parser.match import Matcher, default_matcher
from iosxe_sim.pki.keys import KeyStore
from iosxe_sim.render.syslog import event_messages
from iosxe_sim.session import CONSOLE_LINE, MAX_PRIVILEGE, Session

if TYPE_CHECKING:
    from iosxe_sim.commands.exec_lab import LabClient

DEFAULT_CONFIG = "seed-gateway.cfg"
MAX_CLIENTS = 20_000  # simulated clients on one device (about 8 KiB each with their sessions)
PRIVATE_CONFIG_SUFFIX = ".private-config"  # beside the startup-config: IOS's nvram:private-config (RSA keys)


def default_config_text() -> str:
    """The embedded default device: the seed's gateway, completed (examples/seed-gateway.cfg)."""
    return resources.files("iosxe_sim.examples").joinpath(DEFAULT_CONFIG).read_text(encoding="utf-8")


def lab_private_config_text() -> str:
    """The RSA keys every emulated router's NVRAM starts with: the lab key pair of IKEv2-TP (a
    published lab key, never a secret; its certificate is in seed-gateway.cfg)."""
    return resources.files("iosxe_sim.examples").joinpath("default-device/private-config").read_text(encoding="utf-8")


def private_config_path(startup_path: Path) -> Path:
    return startup_path.with_name(startup_path.name + PRIVATE_CONFIG_SUFFIX)


def default_bootflash() -> dict[str, bytes]:
    folder = resources.files("iosxe_sim.examples").joinpath("default-device/bootflash")
    return {entry.name: entry.read_bytes() for entry in folder.iterdir() if entry.is_file()}


@dataclass
class Device:
    config_text: str | None = None
    seed: int | None = None
    hostname: str | None = None
    startup_path: Path | None = None  # where `write memory` saves; loaded at boot when it exists
    bootflash: Mapping[str, bytes] = field(default_factory=default_bootflash)  # a dict becomes MemoryFlash
    grammar: Grammar = field(default_factory=default_grammar)
    matcher: Matcher = field(default_factory=default_matcher)

    def __post_init__(self) -> None:
        self.flash: Flash = self.bootflash if isinstance(self.bootflash, Flash) else MemoryFlash(self.bootflash)
        self.bootflash = self.flash
        text = self.config_text
        if self.startup_path is not None:
            storage.remove_leftovers(self.startup_path)  # a `write memory` killed mid-write
        if text is None and self.startup_path is not None and self.startup_path.is_file():
            text = storage.read_saved_config(self.startup_path)
        self.random = RandomSource(self.seed)
        hostname = next(c for c in self.grammar.modes["config"].commands if c.handler == "global.hostname")
        self._hostname_identity = (hostname.id,)
        result = load_config(default_config_text() if text is None else text, self.grammar, self.matcher,
                             self.random.randbelow)
        self.load_reports: list[LineReport] = result.reports
        self.keys = KeyStore.from_text(self._saved_private_config() or lab_private_config_text())
        self._config: RunningConfig = result.config
        self._view: tuple[int, ConfigView] | None = None
        self.sessions: list[Session] = []  # the terminal lines open now, the console first
        self.debugging: set[str] = set()
        self.debug_peers: set[str] = set()  # `debug crypto condition peer ipv4 ...`: debug only these
        self.clock = VirtualClock()
        self._settings: tuple[tuple[int, int, int], GatewaySettings] | None = None
        self.gateway = Gateway(self.gateway_settings, self.clock, self.random)
        self.gateway.events.subscribe(self._log_event)
        self.tallies = Tallies()  # `show crypto ikev2 stats exchange ...` and `count`
        self.gateway.events.subscribe(self.tallies.record)
        self.log_buffer = LogBuffer()  # `show logging`
        self._stamp: tuple[float, str] = (-1.0, "")
        self._globals: tuple[int, dict[str, Statement]] | None = None
        self._buffering: tuple[RunningConfig | None, int, bool] = (None, 0, False)
        self.clients: dict[str, LabClient] = {}  # simulated clients, by name (`lab client ...`)
        self.max_clients = MAX_CLIENTS  # a bound on memory (a classroom desk sets a smaller one)
        self.captures: dict[str, CapturePoint] = {}  # `monitor capture NAME ...` (EXEC, never saved)
        self.console = self.open_session(CONSOLE_LINE)  # a router always has its console line
        self.handlers = load_handlers()
        self.startup_text: str | None = None
        self.realtime = True  # `lab clock virtual` stops the wall clock from driving the engine
        # Held by every command (Session.execute) and by whatever else touches the device from
        # another thread (the SSH server runs commands off its event loop, so that Ctrl-C works).
        self.lock = threading.RLock()
        self._owed = 0.0  # wall-clock seconds a busy device could not take yet
        if self.hostname is not None and not self._hostname_applied(self.hostname):
            raise ValueError(f"invalid hostname {self.hostname!r}: one word of printable characters")

    def _hostname_applied(self, name: str) -> bool:
        """``--hostname``: one printable word, applied as ``hostname NAME`` would be."""
        return len(name.split()) == 1 and name.isprintable() and not self.configure(f"hostname {name}")

    def _saved_private_config(self) -> str | None:
        """The keys `write memory` saved beside the startup-config, if any."""
        if self.startup_path is None or not private_config_path(self.startup_path).is_file():
            return None
        return storage.read_text_limited(private_config_path(self.startup_path))

    # -- state ---------------------------------------------------------------------------------
    @property
    def config(self) -> RunningConfig:
        return self._config

    def view(self) -> ConfigView:
        """The typed view of the running-config, rebuilt only after the config changed."""
        if self._view is None or self._view[0] != self._config.generation:
            self._view = (self._config.generation, view(self._config))
        return self._view[1]

    def gateway_settings(self) -> GatewaySettings:
        """What the gateway reads of the config and bootflash, read again only after a change."""
        key = (self._config.generation, self.flash.generation, self.keys.generation)
        if self._settings is None or self._settings[0] != key:
            self._settings = (key, settings_from(self.view(), self._config, self.bootflash, self.keys))
        return self._settings[1]

    def running_config(self) -> str:
        return render_running_config(self._config, self.grammar)

    def write_file(self, name: str, data: bytes, append: bool = False) -> None:
        """Write (or append to) a bootflash file, e.g. `show ... | redirect bootflash:NAME`."""
        self.flash[name] = self.flash.get(name, b"") + data if append else data

    @property
    def name(self) -> str:
        """The configured hostname, looked up by identity (the prompt needs it after every line)."""
        statement = self._config.items.index.get(self._hostname_identity)
        return str(statement.args["hostname"]) if isinstance(statement, Statement) and not statement.negated else "Router"

    # -- terminal lines --------------------------------------------------------------------------
    def open_session(self, line: str, user: str | None = None, peer: str | None = None,
                     privilege: int = MAX_PRIVILEGE) -> Session:
        session = Session(self, line, user, peer, privilege)
        self.sessions.append(session)
        return session

    def close_session(self, session: Session) -> None:
        """A vty line is given back; the console line stays (it is the router's own)."""
        if session in self.sessions and session is not self.console:
            self.sessions.remove(session)

    def execute(self, line: str) -> str:
        """Type one line at the console; returns what the console prints."""
        return self.console.execute(line)

    def pending_log(self) -> list[str]:
        """Log lines the console has not printed yet."""
        return self.console.pending_log()

    def tick(self, seconds: float) -> None:
        """Real-time mode: the terminals move the virtual clock along with the wall clock (a busy
        device catches up at the next tick: a ticker never waits for a command)."""
        if not self.realtime:
            return
        if not self.lock.acquire(blocking=False):
            self._owed += seconds
            return
        try:
            seconds, self._owed = seconds + self._owed, 0.0
            self.clock.advance(seconds)
        finally:
            self.lock.release()

    def configure(self, line: str) -> str:
        """Apply one configuration line as if typed in config mode; returns any error text."""
        return self.configure_lines([line])[0]

    def configure_lines(self, lines: list[str]) -> list[str]:
        """Apply lines as typed after ``configure terminal`` (sub-modes, exit, banners ...) on a
        line of their own, so no terminal's mode changes; returns each line's output."""
        line = Session(self)  # not in self.sessions: it shows no log lines
        line.editor = self.config_editor()
        return [line.execute(text) if line.editor else "" for text in lines]

    def config_editor(self) -> ConfigEditor:
        return ConfigEditor(self.grammar, self.matcher, self._config, randbelow=self.random.randbelow)

    # -- logging ---------------------------------------------------------------------------------
    def _log_event(self, event: Event) -> None:
        peer = getattr(event, "peer", None)
        wanted = not self.debug_peers or peer is None or str(peer) in self.debug_peers
        for message in event_messages(event, debug=bool(self.debugging) and wanted):
            self.syslog(message)

    def syslog(self, message: str) -> None:
        """Send a log line, stamped as ``service timestamps log datetime msec`` does, to every
        terminal that shows logs (the console; a vty after ``terminal monitor``)."""
        line = f"{self._log_stamp()}: {message}\n"
        if self.buffered_logging():
            self.log_buffer.add(line)
        for session in self.sessions:
            if session.wants_log:
                session.log_lines.append(line)

    def _log_stamp(self) -> str:
        """`*Mar 13 01:00:57.000`, formatted once per instant (a storm logs thousands per second)."""
        at = self.clock.now
        if self._stamp[0] != at:
            now = self.clock.datetime_now()
            self._stamp = (at, f"*{now:%b %d %H:%M:%S}.{now.microsecond // 1000:03d}")
        return self._stamp[1]

    def _global(self, handler: str) -> Statement | None:
        """The global statement of a handler, negated or not (read once per config change)."""
        if self._globals is None or self._globals[0] != self._config.generation:
            found: dict[str, Statement] = {}
            for item in self._config.items:
                if isinstance(item, Statement) and item.handler in ("global.logging", "global.ip_domain_lookup"):
                    found[item.handler] = item
            self._globals = (self._config.generation, found)
        return self._globals[1].get(handler)

    def buffered_logging(self) -> bool:
        """`logging buffered` is on unless `no logging buffered` is configured (IOS's default).
        Worked out once per config change: every syslog line asks."""
        config = self._config
        if self._buffering[0] is config and self._buffering[1] == config.generation:
            return self._buffering[2]
        on = self._buffered_logging()
        self._buffering = (config, config.generation, on)
        return on

    def _buffered_logging(self) -> bool:
        statement = self._global("global.logging")
        if statement is not None and statement.negated:
            return False
        args = statement.args if statement is not None else {}
        severity = args.get("severity")
        self.log_buffer.configure(int(str(args.get("size", DEFAULT_BUFFER_BYTES))),
                                  level_number(None if severity is None else str(severity)))
        return True

    @property
    def domain_lookup(self) -> bool:
        """`ip domain lookup` is IOS's default; `no ip domain lookup` turns it off."""
        statement = self._global("global.ip_domain_lookup")
        return statement is None or not statement.negated

    # -- startup-config --------------------------------------------------------------------------
    def save_startup(self, text: str) -> None:
        """Write the startup-config atomically and privately (storage.write_private): a crash
        mid-write leaves the old file, a planted link is replaced, not written through."""
        self.startup_text = text
        if self.startup_path is None:
            return
        storage.write_private(private_config_path(self.startup_path), self.keys.to_text().encode("ascii"))
        storage.write_private(self.startup_path, text.encode("utf-8"))

    def startup_config(self) -> str | None:
        if self.startup_text is not None:
            return self.startup_text
        if self.startup_path is not None and self.startup_path.is_file():
            return storage.read_saved_config(self.startup_path)
        return None
