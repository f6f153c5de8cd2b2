"""The Device facade: one emulated router. ``Device(...).execute(line)`` returns console output.

The shell, the linter, ``iosxe-sim run`` and the labs all sit on this class. It owns the running
config (through a :class:`ConfigEditor`), the CLI mode, the virtual clock and the random source;
the gateway simulation hangs off it as ``device.gateway`` once the engine is attached.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources

from iosxe_sim.commands.registry import load_handlers
from iosxe_sim.config.loader import ConfigEditor, LineReport, ios_message, load_config
from iosxe_sim.config.model import RunningConfig
from iosxe_sim.config.nvgen import render_running_config
from iosxe_sim.config.views import ConfigView, view
from iosxe_sim.parser.grammar import Grammar, default_grammar
from iosxe_sim.parser.match import Invalid, Matched, Matcher, MatchResult, default_matcher

DEFAULT_CONFIG = "seed-gateway.cfg"
UNKNOWN_COMMAND = "% Unknown command or computer name, or unable to find computer address"


def default_config_text() -> str:
    """The embedded default device: the seed's gateway, completed (examples/seed-gateway.cfg)."""
    return resources.files("iosxe_sim.examples").joinpath(DEFAULT_CONFIG).read_text(encoding="utf-8")


def default_bootflash() -> dict[str, bytes]:
    folder = resources.files("iosxe_sim.examples").joinpath("default-device/bootflash")
    return {entry.name: entry.read_bytes() for entry in folder.iterdir() if entry.is_file()}


@dataclass
class Device:
    config_text: str | None = None
    seed: int | None = None
    hostname: str | None = None
    bootflash: dict[str, bytes] = field(default_factory=default_bootflash)
    grammar: Grammar = field(default_factory=default_grammar)
    matcher: Matcher = field(default_factory=default_matcher)
    privileged: bool = True

    def __post_init__(self) -> None:
        text = default_config_text() if self.config_text is None else self.config_text
        result = load_config(text, self.grammar, self.matcher)
        self.load_reports: list[LineReport] = result.reports
        self.editor: ConfigEditor | None = None
        self._config = result.config
        if self.hostname:
            self.configure(f"hostname {self.hostname}")
        self.handlers = load_handlers()

    # -- state ---------------------------------------------------------------------------------
    @property
    def config(self) -> RunningConfig:
        return self._config

    def view(self) -> ConfigView:
        return view(self._config)

    def running_config(self) -> str:
        return render_running_config(self._config, self.grammar)

    @property
    def mode(self) -> str:
        return self.editor.mode if self.editor else ("exec" if self.privileged else "user")

    @property
    def prompt(self) -> str:
        name = self.view().hostname
        if self.editor is None:
            return name + ("#" if self.privileged else ">")
        return name + self.grammar.modes[self.editor.mode].prompt

    # -- execution -----------------------------------------------------------------------------
    def configure(self, line: str) -> str:
        """Apply one configuration line as if typed in config mode; returns any error text."""
        editor = ConfigEditor(self.grammar, self.matcher, self._config)
        depth, result = editor.attempt(line)
        return self._apply(editor, depth, result, line, len(self.prompt))

    def execute(self, line: str) -> str:
        """Run one console line in the current mode; returns what the console prints."""
        text = line.rstrip("\r\n")
        if not text.strip():
            return ""
        width = len(self.prompt)
        if self.editor is not None:
            return self._config_line(text, width)
        result = self.matcher.match_line(self.mode, text)
        if isinstance(result, Matched):
            return self.handlers[result.command.handler](self, result.args)
        return self._error(result, text, width, exec_mode=True)

    def _config_line(self, text: str, width: int) -> str:
        assert self.editor is not None
        word = text.strip().lower()
        if word in ("end",):
            self.editor = None
            return ""
        if word == "exit":
            if len(self.editor.stack) == 1:
                self.editor = None
            else:
                self.editor.exit_mode()
            return ""
        if word.startswith("do ") or word == "do":
            return self._exec_from_config(text.strip()[2:].strip(), width + text.index("do") + 3)
        depth, result = self.editor.attempt(text)
        return self._apply(self.editor, depth, result, text, width)

    def _apply(self, editor: ConfigEditor, depth: int, result: MatchResult, text: str, width: int) -> str:
        if not isinstance(result, Matched):
            return self._error(result, text, width, exec_mode=False)
        if result.command.multiline:
            return "% Use a single-line banner here: banner motd ^Ctext^C\n"
        rejection = editor.apply(depth, result, 0)
        return rejection.message + "\n" if rejection else ""

    def _exec_from_config(self, command: str, offset: int) -> str:
        editor, self.editor = self.editor, None
        try:
            result = self.matcher.match_line("exec", command)
            if isinstance(result, Matched):
                if result.command.enters:
                    return ""
                return self.handlers[result.command.handler](self, result.args)
            return self._error(result, command, offset, exec_mode=False)
        finally:
            self.editor = editor

    def enter_config(self) -> None:
        self.editor = ConfigEditor(self.grammar, self.matcher, self._config)

    @staticmethod
    def _error(result: MatchResult, text: str, width: int, exec_mode: bool) -> str:
        if isinstance(result, Invalid):
            if exec_mode and result.column == len(text) - len(text.lstrip()):
                return UNKNOWN_COMMAND + "\n"
            return " " * (width + result.column) + "^\n" + ios_message(result) + "\n\n"
        message = ios_message(result)
        return message + ("\n\n" if message.startswith("% Incomplete") else "\n")
