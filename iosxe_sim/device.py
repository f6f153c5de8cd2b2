"""The Device facade: one emulated router. ``Device(...).execute(line)`` returns console output.

The shell, ``iosxe-sim run`` and the labs all sit on this class. It owns the running config
(edited through a :class:`ConfigEditor`), the CLI mode, terminal settings, the virtual clock and the
random source; the gateway simulation hangs off it as ``device.gateway``.
"""

from __future__ import annotations

import os
import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from iosxe_sim.commands.help import context_help
from iosxe_sim.commands.pipes import apply_filter
from iosxe_sim.commands.registry import load_handlers
from iosxe_sim.config import passwords
from iosxe_sim.config.loader import Banner, ConfigEditor, LineReport, load_config, unmodelled_root
from iosxe_sim.config.model import RunningConfig, Statement
from iosxe_sim.config.nvgen import render_running_config
from iosxe_sim.config.views import ConfigView, view
from iosxe_sim.engine.clock import VirtualClock
from iosxe_sim.engine.events import Event
from iosxe_sim.engine.gateway import Gateway
from iosxe_sim.engine.randomness import RandomSource
from iosxe_sim.parser.grammar import Grammar, default_grammar
from iosxe_sim.parser.match import (
    Incomplete,
    Invalid,
    Matched,
    Matcher,
    MatchResult,
    default_matcher,
    ios_caret,
    ios_message,
)
from iosxe_sim.render.syslog import event_messages

if TYPE_CHECKING:
    from iosxe_sim.commands.exec_lab import LabClient

DEFAULT_CONFIG = "seed-gateway.cfg"
UNKNOWN_COMMAND = "% Unknown command or computer name, or unable to find computer address\n"
PASSWORD_PROMPT = "Password: "
PASSWORD_ATTEMPTS = 3
HISTORY_LINES = 256  # EXEC lines kept (`show history` prints the last 10)
LOG_BACKLOG = 4096  # console log lines kept until printed; older ones are dropped
PIPED_HANDLERS = ("show.", "exec.more", "exec.dir")  # commands whose output takes | include ...
_PIPE = re.compile(r"\s\|")


def default_config_text() -> str:
    """The embedded default device: the seed's gateway, completed (examples/seed-gateway.cfg)."""
    return resources.files("iosxe_sim.examples").joinpath(DEFAULT_CONFIG).read_text(encoding="utf-8")


def default_bootflash() -> dict[str, bytes]:
    folder = resources.files("iosxe_sim.examples").joinpath("default-device/bootflash")
    return {entry.name: entry.read_bytes() for entry in folder.iterdir() if entry.is_file()}


@dataclass
class Terminal:
    length: int = 24
    width: int = 80
    monitor: bool = False


@dataclass
class Device:
    config_text: str | None = None
    seed: int | None = None
    hostname: str | None = None
    startup_path: Path | None = None  # where `write memory` saves; loaded at boot when it exists
    bootflash: dict[str, bytes] = field(default_factory=default_bootflash)
    grammar: Grammar = field(default_factory=default_grammar)
    matcher: Matcher = field(default_factory=default_matcher)

    def __post_init__(self) -> None:
        text = self.config_text
        if text is None and self.startup_path is not None and self.startup_path.is_file():
            text = self.startup_path.read_text(encoding="utf-8", errors="replace")
        self.random = RandomSource(self.seed)
        hostname = next(c for c in self.grammar.modes["config"].commands if c.handler == "global.hostname")
        self._hostname_identity = (hostname.id,)
        result = load_config(default_config_text() if text is None else text, self.grammar, self.matcher,
                             self.random.randbelow)
        self.load_reports: list[LineReport] = result.reports
        self._config: RunningConfig = result.config
        self.editor: ConfigEditor | None = None
        self._view: tuple[int, ConfigView] | None = None
        self.privileged = True
        self.terminal = Terminal()
        self.history: deque[str] = deque(maxlen=HISTORY_LINES)
        self.exec_listeners: list[Callable[[str], None]] = []  # told each EXEC line typed (labs' journal)
        self.debugging: set[str] = set()
        self.debug_peers: set[str] = set()  # `debug crypto condition peer ipv4 ...`: debug only these
        self.clock = VirtualClock()
        self.gateway = Gateway.for_device(self)
        self.gateway.events.subscribe(self._log_event)
        self.clients: dict[str, LabClient] = {}  # simulated clients, by name (`lab client ...`)
        self.handlers = load_handlers()
        self._password_attempts = 0
        self.startup_text: str | None = None
        self.closed = False
        self._banner: tuple[int, Banner] | None = None  # a banner being typed, and its stack depth
        self.realtime = True  # `lab clock virtual` stops the wall clock from driving the engine
        self.log_lines: deque[str] = deque(maxlen=LOG_BACKLOG)  # until the console prints them
        if self.hostname is not None and not self._hostname_applied(self.hostname):
            raise ValueError(f"invalid hostname {self.hostname!r}: one word of printable characters")

    def _hostname_applied(self, name: str) -> bool:
        """``--hostname``: one printable word, applied as ``hostname NAME`` would be."""
        return len(name.split()) == 1 and name.isprintable() and not self.configure(f"hostname {name}")

    # -- state ---------------------------------------------------------------------------------
    @property
    def config(self) -> RunningConfig:
        return self._config

    def view(self) -> ConfigView:
        """The typed view of the running-config, rebuilt only after the config changed."""
        if self._view is None or self._view[0] != self._config.generation:
            self._view = (self._config.generation, view(self._config))
        return self._view[1]

    def running_config(self) -> str:
        return render_running_config(self._config, self.grammar)

    @property
    def mode(self) -> str:
        return self.editor.mode if self.editor else ("exec" if self.privileged else "user")

    @property
    def awaiting_password(self) -> bool:
        return self._password_attempts > 0

    @property
    def prompt(self) -> str:
        if self.awaiting_password:
            return PASSWORD_PROMPT
        if self._banner is not None:
            return ""  # IOS prints no prompt while a banner's lines are typed
        return self.name + self.grammar.modes[self.mode].prompt

    @property
    def name(self) -> str:
        """The configured hostname, looked up by identity (the prompt needs it after every line)."""
        statement = self._config.items.index.get(self._hostname_identity)
        return str(statement.args["hostname"]) if isinstance(statement, Statement) and not statement.negated else "Router"

    # -- execution -----------------------------------------------------------------------------
    def execute(self, line: str) -> str:
        """Run one console line in the current mode; returns what the console prints.

        A defect of ours must not end the console with a traceback: it becomes a % message (the
        fuzz tests assert that none ever appears).
        """
        try:
            return self._execute(line)
        except Exception as exc:  # noqa: BLE001 - the last line of defence at the console
            return f"% Internal error ({type(exc).__name__}: {exc}); please report it\n"

    def _execute(self, line: str) -> str:
        text = line.rstrip("\r\n")
        if self.awaiting_password:
            return self._check_enable_password(text)
        if (not text.strip() or text.lstrip().startswith("!")) and self._banner is None:
            return ""  # blank lines and `!` comments are ignored, as on IOS
        width = len(self.prompt)
        if text.endswith("?") and self._banner is None:
            return self.help(text[:-1])
        if self.editor is not None:
            return self._config_line(text, width)
        self.history.append(text)
        for listener in self.exec_listeners:
            listener(text)
        return self._exec_line(self.mode, text, width)

    def help(self, text: str) -> str:
        """IOS's ``?`` output for the partial line ``text`` in the current mode."""
        mode, rest = self._help_mode(text)
        offset = len(text) - len(rest)
        return context_help(self.matcher, mode, rest, len(self.prompt) + offset, self.terminal.width)

    def _help_mode(self, text: str) -> tuple[str, str]:
        """The mode a partial line is read in (``do`` reaches EXEC) and the text read there."""
        stripped = text.lstrip()
        if self.editor is not None and (stripped.lower() == "do" or stripped.lower().startswith("do ")):
            return "exec", text[text.index(stripped) + 3 :]
        return self.mode, text

    def complete(self, text: str) -> str:
        """What Tab inserts: the rest of a uniquely typed keyword and a blank, or nothing."""
        words = set(self.matcher.completions(*self._help_mode(text)))
        if len(words) != 1 or not text or text[-1].isspace():
            return ""
        typed = text.split()[-1]
        return words.pop()[len(typed):] + " "

    def tick(self, seconds: float) -> None:
        """Real-time mode: the shell moves the virtual clock along with the wall clock."""
        if self.realtime:
            self.clock.advance(seconds)

    def pending_log(self) -> list[str]:
        """Log lines (syslog, debug) produced since the last call, for the console to print."""
        lines = list(self.log_lines)
        self.log_lines.clear()
        return lines

    def configure(self, line: str) -> str:
        """Apply one configuration line as if typed in config mode; returns any error text."""
        return self.configure_lines([line])[0]

    def configure_lines(self, lines: list[str]) -> list[str]:
        """Apply lines as typed after ``configure terminal`` (sub-modes, exit, banners ...), without
        touching the console's own mode; returns each line's output."""
        console, self.editor = self.editor, self._editor()
        try:
            return [self._config_line(line, len(self.prompt)) if self.editor else "" for line in lines]
        finally:
            self.editor, self._banner = console, None

    def enter_config(self) -> None:
        self.editor = self._editor()

    def _editor(self) -> ConfigEditor:
        return ConfigEditor(self.grammar, self.matcher, self._config, randbelow=self.random.randbelow)

    def leave_config(self) -> None:
        self.editor = None
        self.syslog("%SYS-5-CONFIG_I: Configured from console by console")

    def _log_event(self, event: Event) -> None:
        peer = getattr(event, "peer", None)
        wanted = not self.debug_peers or peer is None or str(peer) in self.debug_peers
        for message in event_messages(event, debug=bool(self.debugging) and wanted):
            self.syslog(message)

    def syslog(self, message: str) -> None:
        """Queue a console log line, stamped as ``service timestamps log datetime msec`` does."""
        now = self.clock.datetime_now()
        self.log_lines.append(f"*{now:%b %d %H:%M:%S}.{now.microsecond // 1000:03d}: {message}\n")

    def request_enable(self) -> str:
        secret = self._config.first("global.enable_secret")
        if secret is None or self.privileged:
            self.privileged = True
            return ""
        self._password_attempts = PASSWORD_ATTEMPTS  # the prompt becomes "Password: "
        return ""

    def save_startup(self, text: str) -> None:
        """Write the startup-config atomically: a crash mid-write leaves the old file."""
        self.startup_text = text
        if self.startup_path is None:
            return
        self.startup_path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.startup_path.with_name(f".{self.startup_path.name}.{os.getpid()}.tmp")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, self.startup_path)

    def startup_config(self) -> str | None:
        if self.startup_text is not None:
            return self.startup_text
        if self.startup_path is not None and self.startup_path.is_file():
            return self.startup_path.read_text(encoding="utf-8", errors="replace")
        return None

    # -- internals -----------------------------------------------------------------------------
    def _exec_line(self, mode: str, text: str, width: int) -> str:
        pipe = _PIPE.search(text)
        command = text[: pipe.start()] if pipe else text
        result = self.matcher.match_line(mode, command)
        if not isinstance(result, Matched):
            unknown = isinstance(result, Invalid) and result.column == len(command) - len(command.lstrip())
            if (root := unmodelled_root(self.grammar, "exec", command, result)) is not None:
                return f"% iosxe-sim does not emulate the EXEC command '{root}'\n"
            return UNKNOWN_COMMAND if unknown and self.editor is None else self._error(result, command, width)
        if pipe is None:
            return self.handlers[result.command.handler](self, result.args)
        modifier = self.matcher.match_line("pipe", text[pipe.end():])
        if not result.command.handler.startswith(PIPED_HANDLERS):
            return self._error(Invalid(pipe.start() + 1), text, width)
        if isinstance(modifier, Invalid):
            return self._error(Invalid(pipe.end() + modifier.column), text, width)
        if not isinstance(modifier, Matched):
            return self._error(modifier, text, width)
        output = self.handlers[result.command.handler](self, result.args)
        try:
            return apply_filter(output, str(modifier.args["filter"]), str(modifier.args.get("regex", "")))
        except re.error:
            return "% Invalid regular expression\n"

    def _config_line(self, text: str, width: int) -> str:
        assert self.editor is not None
        if self._banner is not None:  # the lines of a banner until its closing delimiter
            depth, banner = self._banner
            banner.feed(text)
            if not banner.done:
                return ""
            self._banner = None
            rejection = self.editor.apply(depth, banner.result(), 0)
            return rejection.message + "\n" if rejection else ""
        depth, result = self.editor.attempt(text)
        if isinstance(result, Matched) and result.command.handler.startswith("mode."):
            return self._mode_command(result, text, width)
        return self._apply(self.editor, depth, result, text, width)

    def _mode_command(self, matched: Matched, text: str, width: int) -> str:
        """``exit`` leaves the sub-mode (config mode: back to EXEC), ``end`` leaves config, ``do``."""
        assert self.editor is not None
        handler = matched.command.handler
        if handler == "mode.exit" and len(self.editor.stack) > 1:
            self.editor.exit_mode()
        elif handler in ("mode.exit", "mode.end"):
            self.leave_config()
        else:
            command = str(matched.args["command"])
            offset = text.rindex(command)
            return self._exec_line("exec", text[offset:], width + offset)
        return ""

    def _apply(self, editor: ConfigEditor, depth: int, result: MatchResult, text: str, width: int) -> str:
        if not isinstance(result, Matched):
            return "" if editor.keep_unmodelled(text, result) else self._error(result, text, width)
        if result.command.multiline:
            banner = Banner(result)
            if not banner.done:
                self._banner = (depth, banner)
                return f"Enter TEXT message.  End with the character '{banner.delimiter}'.\n"
            result = banner.result()
        rejection = editor.apply(depth, result, 0)
        return rejection.message + "\n" if rejection else ""

    def _check_enable_password(self, password: str) -> str:
        secret = self._config.first("global.enable_secret")
        kind = str(secret.args.get("type", "0")) if secret else "0"
        if secret is not None and passwords.verify(password, kind, str(secret.args["secret"])):
            self._password_attempts = 0
            self.privileged = True
            return ""
        self._password_attempts -= 1
        return "" if self._password_attempts else "% Bad secrets\n\n"

    @staticmethod
    def _error(result: MatchResult, text: str, width: int) -> str:
        """IOS's error text: the caret sits under the bad token, counting the prompt's width."""
        if isinstance(result, Invalid):
            return ios_caret(width + result.column)
        return ios_message(result) + ("\n\n" if isinstance(result, Incomplete) else "\n")
