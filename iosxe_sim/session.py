"""One terminal line of the router: the console (``con 0``) or an SSH login (``vty N``).

A :class:`Session` holds what belongs to a line on IOS: the mode and config editor, the privilege
level, terminal length/width/monitor, the command history, a pending ``Password:`` or banner, the
user and the peer. Everything a router has once (config, clock, gateway, clients, flash, logging)
lives on the :class:`~iosxe_sim.device.Device` the session is opened on, so two sessions see each
other's changes at once, as two vty lines do.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TextIO

from iosxe_sim.commands.help import PIPED_HANDLERS, context_help
from iosxe_sim.commands.ifnames import match_spaced
from iosxe_sim.commands.pipes import FORMAT_REFUSAL, WRITERS, apply_filter, write_output
from iosxe_sim.config import passwords
from iosxe_sim.config.loader import ConfigEditor, HexDump, MultilineReader, multiline_reader, unmodelled_root
from iosxe_sim.engine.interrupt import CancelToken, Interrupted, cancellable
from iosxe_sim.parser.match import Incomplete, Invalid, Matched, MatchResult, ios_caret, ios_message, tokenize
from iosxe_sim.printable import printable

if TYPE_CHECKING:
    from iosxe_sim.device import Device

CONSOLE_LINE = "con 0"
UNKNOWN_COMMAND = "% Unknown command or computer name, or unable to find computer address\n"
PASSWORD_PROMPT = "Password: "
PASSWORD_ATTEMPTS = 3
MAX_PRIVILEGE = 15
HISTORY_LINES = 256  # EXEC lines kept (`show history` prints the last 10)
LOG_BACKLOG = 4096  # log lines kept until the terminal prints them; older ones are dropped
NOT_EMULATED = "exec.not_emulated"
ACTION = "action."  # configuration-mode commands that act once and are not configuration
HEX_INTRO = "Enter the certificate in hexidecimal representation....\n"  # IOS's words (its spelling)
HEX_PROMPT = "(config-pubkey)#"  # the prompt while a certificate's hex lines are typed  # grammars/exec-unemulated.toml
_PIPE = re.compile(r"\s\|")


@dataclass
class Terminal:
    length: int = 24
    width: int = 80
    monitor: bool = False


@dataclass(eq=False)
class Session:
    device: Device
    line: str = CONSOLE_LINE  # "con 0" or "vty 0" ... as `show users` names it
    user: str | None = None
    peer: str | None = None  # the client's address for a vty
    privilege: int = MAX_PRIVILEGE
    terminal: Terminal = field(default_factory=Terminal)

    def __post_init__(self) -> None:
        self.editor: ConfigEditor | None = None
        self.history: deque[str] = deque(maxlen=HISTORY_LINES)
        self.exec_listeners: list[Callable[[str], None]] = []  # told each EXEC line typed (labs' journal)
        self.log_lines: deque[str] = deque(maxlen=LOG_BACKLOG)  # until the terminal prints them
        self.closed = False
        self.last_input = self.device.clock.now  # for `show users` idle time and exec-timeout
        self._password_attempts = 0
        self._question: tuple[str, Callable[[str], str]] | None = None  # an IOS question and its answer
        self._banner: tuple[int, MultilineReader] | None = None  # a banner or hex dump being typed, its depth
        self._cancel = CancelToken()  # set by interrupt(), checked by the long loops of a command

    # -- what the terminal shows -------------------------------------------------------------------
    @property
    def is_console(self) -> bool:
        return self.line == CONSOLE_LINE

    @property
    def mode(self) -> str:
        return self.editor.mode if self.editor else ("exec" if self.privilege >= MAX_PRIVILEGE else "user")

    @property
    def awaiting_password(self) -> bool:
        return self._password_attempts > 0

    @property
    def prompt(self) -> str:
        if self.awaiting_password:
            return PASSWORD_PROMPT
        if self._question is not None:
            return self._question[0]
        if self._banner is not None:  # IOS prints no prompt while a banner's lines are typed
            return printable(self.device.name, one_line=True) + HEX_PROMPT if isinstance(self._banner[1], HexDump) else ""
        return printable(self.device.name, one_line=True) + self.device.grammar.modes[self.mode].prompt

    @property
    def wants_log(self) -> bool:
        """The console always shows log lines; a vty only after ``terminal monitor``."""
        return self.is_console or self.terminal.monitor

    def pending_log(self) -> list[str]:
        """Log lines (syslog, debug) produced since the last call, for the terminal to print."""
        lines = list(self.log_lines)
        self.log_lines.clear()
        return lines

    # -- execution ---------------------------------------------------------------------------------
    def execute(self, line: str) -> str:
        """Run one line in the current mode; returns what the terminal prints.

        A defect of ours must not end the session with a traceback: it becomes a % message (the
        fuzz tests assert that none ever appears). A command stopped by :meth:`interrupt` returns
        what it chose to say about it (usually nothing), as IOS returns to the prompt. Output that
        carries data (a banner, a description) never sends a control character to a terminal.
        """
        with self.device.lock:  # one command at a time on a device, whichever line or thread asks
            self.last_input = self.device.clock.now
            self._cancel.clear()
            try:
                with cancellable(self._cancel):
                    return printable(self._execute(line))
            except Interrupted:
                return ""
            except Exception as exc:  # noqa: BLE001 - the last line of defence at the terminal
                return f"% Internal error ({type(exc).__name__}: {exc}); please report it\n"

    def _execute(self, line: str) -> str:
        text = line.rstrip("\r\n")
        if self.awaiting_password:
            return self._check_enable_password(text)
        if self._question is not None:
            answer, self._question = self._question[1], None
            return answer(text.strip())
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

    def interrupt(self) -> None:
        """Ctrl-C (or Ctrl-Shift-6): stop the command this line is running and return to the prompt.

        Transport-free and safe to call from a signal handler or another thread: it only sets a
        flag. The command's long loops (the clock advance and the lab timeline it plays, renderers
        over many sessions, pipes) check it at points where the device is consistent, so whatever
        ran before the interrupt stays done and the configuration is untouched. A call while no
        command runs is forgotten: the next :meth:`execute` starts afresh.
        """
        self._cancel.request()

    def help(self, text: str) -> str:
        """IOS's ``?`` output for the partial line ``text`` in the current mode."""
        mode, rest = self._help_mode(text)
        offset = len(text) - len(rest)
        return context_help(self.device.matcher, mode, rest, len(self.prompt) + offset, self.terminal.width)

    def _help_mode(self, text: str) -> tuple[str, str]:
        """The mode a partial line is read in (``do`` reaches EXEC) and the text read there."""
        stripped = text.lstrip()
        if self.editor is not None and (stripped.lower() == "do" or stripped.lower().startswith("do ")):
            return "exec", text[text.index(stripped) + 3 :]
        return self.mode, text

    def complete(self, text: str) -> str:
        """What Tab inserts: the rest of a uniquely typed keyword and a blank, or nothing."""
        words = set(self.device.matcher.completions(*self._help_mode(text)))
        if len(words) != 1 or not text or text[-1].isspace():
            return ""
        typed = text.split()[-1]
        return words.pop()[len(typed):] + " "

    # -- modes and privilege -----------------------------------------------------------------------
    def enter_config(self) -> None:
        self.editor = self.device.config_editor()

    def leave_config(self) -> None:
        self.editor = None
        self._banner = None
        where = "console" if self.is_console else f"{self.user or 'unknown'} on {self.line.replace(' ', '')}"
        peer = f" ({self.peer})" if self.peer else ""
        self.device.syslog(f"%SYS-5-CONFIG_I: Configured from console by {where}{peer}")

    def request_enable(self) -> str:
        """``enable``: a configured secret is asked for; without one a vty is refused, as on IOS."""
        secret = self.device.config.first("global.enable_secret")
        if self.privilege >= MAX_PRIVILEGE:
            return ""
        if secret is None:
            if not self.is_console:
                return "% No password set\n"
            self.privilege = MAX_PRIVILEGE
            return ""
        self._password_attempts = PASSWORD_ATTEMPTS  # the prompt becomes "Password: "
        return ""

    def ask(self, question: str, answer: Callable[[str], str]) -> str:
        """Ask an IOS question (``Destination filename [startup-config]?``): it becomes the prompt,
        and the next line typed is its answer; returns what the command prints first."""
        self._question = (question, answer)
        return ""

    def cancel_question(self) -> None:
        """Ctrl-C at ``Password:`` or at a question: back to the prompt, nothing done."""
        self._password_attempts = 0
        self._question = None

    def close(self) -> None:
        self.closed = True
        self.device.close_session(self)

    # -- internals ---------------------------------------------------------------------------------
    def _exec_line(self, mode: str, text: str, width: int) -> str:
        matcher, handlers = self.device.matcher, self.device.handlers
        pipe = _PIPE.search(text)
        command = text[: pipe.start()] if pipe else text
        command, _, result = match_spaced(lambda line: (0, matcher.match_line(mode, line)), command)
        if pipe is not None:
            text = command + text[pipe.start():]
            pipe = _PIPE.search(text)
        if not isinstance(result, Matched):
            unknown = isinstance(result, Invalid) and result.column == len(command) - len(command.lstrip())
            if (root := unmodelled_root(self.device.grammar, "exec", command, result)) is not None:
                caret = self._error(Invalid(len(command) - len(command.lstrip())), command, width)
                return caret.rstrip("\n") + f"\n% iosxe-sim does not emulate the EXEC command '{root}'\n\n"
            if unknown and self.editor is None:
                return self._lookup(command.split()[0]) + UNKNOWN_COMMAND
            return self._error(result, command, width)
        if result.command.handler == NOT_EMULATED:
            return self._not_emulated(command, result, width)
        if pipe is None:
            return handlers[result.command.handler](self, result.args)
        modifier = matcher.match_line("pipe", text[pipe.end():])
        if not result.command.handler.startswith(PIPED_HANDLERS):
            return self._error(Invalid(pipe.start() + 1), text, width)
        if isinstance(modifier, Invalid):
            return self._error(Invalid(pipe.end() + modifier.column), text, width)
        if not isinstance(modifier, Matched):
            return self._error(modifier, text, width)
        kind = str(modifier.args["filter"])
        if kind == "format":
            return FORMAT_REFUSAL
        output = handlers[result.command.handler](self, result.args)
        if kind in WRITERS:
            return write_output(self.device, kind, str(modifier.args["url"]), output)
        try:
            return apply_filter(output, kind, str(modifier.args.get("regex", "")))
        except re.error:
            return "% Invalid regular expression\n"

    def _not_emulated(self, command: str, matched: Matched, width: int) -> str:
        """A real IOS command iosxe-sim lists but does not emulate: IOS's caret under its keyword,
        then the command named (grammars/exec-unemulated.toml)."""
        feature = str(matched.args["feature"])
        words = matched.canonical.split()
        named = " ".join(words[: words.index(feature) + 1])
        column = [start for start, _ in tokenize(command)][words.index(feature)]
        caret = self._error(Invalid(column), command, width)
        return caret.rstrip("\n") + f"\n% iosxe-sim does not emulate '{named}'\n\n"

    def _lookup(self, word: str) -> str:
        """An unknown EXEC word is taken for a host name and looked up first, unless
        `no ip domain lookup` is configured (docs/ios-reference-notes.md, CLI behaviour)."""
        return f'Translating "{word}"...domain server (255.255.255.255)\n' if self.device.domain_lookup else ""

    def _config_line(self, text: str, width: int) -> str:
        assert self.editor is not None
        if self._banner is not None:  # the lines of a banner (or hex dump) until its end
            depth, banner = self._banner
            consumed = banner.feed(text)
            if not banner.done:
                return ""
            self._banner = None
            rejection = self.editor.apply(depth, banner.result(), 0)
            said = rejection.message + "\n" if rejection else ""
            return said if consumed else said + self._config_line(text, width)
        text, depth, result = match_spaced(self.editor.attempt, text)
        if isinstance(result, Matched) and result.command.handler.startswith("mode."):
            return self._mode_command(result, text, width)
        if isinstance(result, Matched) and result.command.handler.startswith(ACTION):
            return self.device.handlers[result.command.handler](self, result.args)
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
            reader = multiline_reader(result)
            if isinstance(reader, HexDump):
                self._banner = (depth, reader)
                return HEX_INTRO
            if not reader.done:
                self._banner = (depth, reader)
                return f"Enter TEXT message.  End with the character '{reader.delimiter}'.\n"
            result = reader.result()
        rejection = editor.apply(depth, result, 0)
        return rejection.message + "\n" if rejection else ""

    def _check_enable_password(self, password: str) -> str:
        secret = self.device.config.first("global.enable_secret")
        kind = str(secret.args.get("type", "0")) if secret else "0"
        if secret is not None and passwords.verify(password, kind, str(secret.args["secret"])):
            self._password_attempts = 0
            self.privilege = MAX_PRIVILEGE
            return ""
        self._password_attempts -= 1
        return "" if self._password_attempts else "% Bad secrets\n\n"

    @staticmethod
    def _error(result: MatchResult, text: str, width: int) -> str:
        """IOS's error text: the caret sits under the bad token, counting the prompt's width."""
        if isinstance(result, Invalid):
            return ios_caret(width + result.column)
        return ios_message(result) + ("\n\n" if isinstance(result, Incomplete) else "\n")


def transcript(session: Session, lines: Iterable[str], out: TextIO) -> int:
    """Replay lines as a console transcript: prompt + command + output, as a terminal shows it.

    Each prompt is written and flushed before the next line is read, so a program driving the
    console through pipes gets every answer (and the prompt) as soon as it is due.
    """
    out.write(session.prompt)
    out.flush()
    for line in lines:
        secret = session.awaiting_password  # IOS does not echo passwords
        out.write(("" if secret else line) + "\n")
        out.write(session.execute(line) + "".join(session.pending_log()))
        if session.closed:
            out.flush()
            return 0
        out.write(session.prompt)
        out.flush()
    out.write("\n")
    return 0
