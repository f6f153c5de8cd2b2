"""The vty line discipline: characters in, IOS terminal bytes out, with no transport attached.

What a router's vty does with keys, as automation clients expect it (see docs/ssh.md): every
character is echoed as it arrives; ``\\r``, ``\\n`` and ``\\r\\n`` are each one Enter; output lines
end in ``\\r\\n``; BS/DEL erase, Ctrl-U/Ctrl-X erase the line, Ctrl-W a word; ``?`` shows help and
redisplays the line; Tab completes; Ctrl-C abandons the line (and leaves configuration mode);
Ctrl-Z leaves configuration mode; NUL and escape sequences (arrow keys ...) are ignored; nothing
typed at ``Password:`` is echoed. Output longer than ``terminal length`` pauses at ``--More--``,
which is erased with backspaces afterwards: no ANSI escape code is ever sent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

from iosxe_sim.session import Session

MAX_LINE = 4096  # characters a command line may hold; further keys are refused with a bell
MORE = " --More-- "
ERASE_MORE = "\b" * len(MORE) + " " * len(MORE) + "\b" * len(MORE)
BELL = "\a"
ESC = "\x1b"
CTRL_C, CTRL_U, CTRL_W, CTRL_X, CTRL_Z, CTRL_R, CTRL_L = "\x03", "\x15", "\x17", "\x18", "\x1a", "\x12", "\x0c"
ERASE_KEYS = ("\b", "\x7f")


class _Escape(Enum):
    """Where we are inside a terminal escape sequence (arrow keys and the like, all ignored)."""

    NONE = 0
    START = 1  # after ESC
    CSI = 2  # after ESC [ : until a final byte 0x40-0x7e
    SS3 = 3  # after ESC O : one more character


def crlf(text: str) -> str:
    """Terminal line ends: every ``\\n`` becomes ``\\r\\n``."""
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


@dataclass
class LineDiscipline:
    session: Session
    buffer: str = ""
    _after_cr: bool = False
    _escape: _Escape = _Escape.NONE
    _paging: list[str] = field(default_factory=list)  # output lines still behind --More--
    # Where the echo goes at once when Enter runs a command that may take a while (the SSH server
    # runs it in a thread); without it, the echo comes back with the command's output.
    flush: Callable[[str], None] | None = None
    _out: list[str] = field(default_factory=list)  # what this feed has produced so far

    @property
    def closed(self) -> bool:
        return self.session.closed

    @property
    def paging(self) -> bool:
        return bool(self._paging)

    def start(self) -> str:
        """What the line shows when the shell opens: the prompt (clients wait for it)."""
        return "\r\n" + self.session.prompt

    def feed(self, data: str) -> str:
        """Process received characters; returns what the terminal must be sent back."""
        self._out = out = []
        for char in data:
            if self.closed:
                break
            out.append(self._key(char))
        return "".join(out)

    def log_output(self) -> str:
        """Log lines waiting for this line, printed as ``logging synchronous`` does: on a line of
        their own, then the prompt and what was typed so far (never inside an echoed line)."""
        if self._paging or self.closed:
            return ""
        lines = self.session.pending_log()
        if not lines:
            return ""
        return "\r\n" + crlf("".join(lines)) + self._prompt_line()

    # -- keys --------------------------------------------------------------------------------------
    def _key(self, char: str) -> str:
        after_cr, self._after_cr = self._after_cr, char == "\r"
        if self._escape is not _Escape.NONE:
            return self._escape_key(char)
        if char == "\n" and after_cr:
            return ""  # the \n of \r\n: one Enter
        if self._paging:
            return self._more_key(char)
        if char in "\r\n":
            return self._enter()
        if char == ESC:
            self._escape = _Escape.START
            return ""
        secret = self.session.awaiting_password
        if char in ERASE_KEYS:
            return self._erase(1, secret)
        if char in (CTRL_U, CTRL_X):
            return self._erase(len(self.buffer), secret)
        if char == CTRL_W:
            words = self.buffer.rstrip(" ")
            keep = words.rsplit(" ", 1)[0] + " " if " " in words else ""
            return self._erase(len(self.buffer) - len(keep), secret)
        if char == CTRL_C:
            return self._interrupt("^C")
        if char == CTRL_Z:
            return self._interrupt("^Z") if self.session.editor is not None else ""
        if char in (CTRL_R, CTRL_L):
            return "\r\n" + self._prompt_line()
        if char == "?" and not secret:
            return self._help()
        if char == "\t" and not secret:
            return self._complete()
        if not char.isprintable():
            return ""  # NUL, Ctrl-D and other control characters do nothing on IOS
        if len(self.buffer) >= MAX_LINE:
            return BELL
        self.buffer += char
        return "" if secret else char

    def _escape_key(self, char: str) -> str:
        if self._escape is _Escape.START:
            self._escape = {"[": _Escape.CSI, "O": _Escape.SS3}.get(char, _Escape.NONE)
        elif self._escape is _Escape.SS3 or "\x40" <= char <= "\x7e":
            self._escape = _Escape.NONE
        return ""

    def _erase(self, count: int, secret: bool) -> str:
        count = min(count, len(self.buffer))
        if not count:
            return ""
        self.buffer = self.buffer[:-count]
        return "" if secret else "\b \b" * count

    def _prompt_line(self) -> str:
        shown = "" if self.session.awaiting_password else self.buffer
        return self.session.prompt + shown

    # -- whole lines -------------------------------------------------------------------------------
    def _enter(self) -> str:
        line, self.buffer = self.buffer, ""
        lead = "\r\n"
        if self.flush is not None:
            self.flush("".join(self._out) + lead)
            self._out.clear()
            lead = ""
        output = self.session.execute(line) + "".join(self.session.pending_log())
        return lead + self._show(output)

    def _interrupt(self, echo: str) -> str:
        """Ctrl-C abandons the line (and, like Ctrl-Z, leaves configuration mode)."""
        self.buffer = ""
        if self.session.editor is not None:
            self.session.leave_config()
        else:
            self.session.cancel_question()
        return echo + "\r\n" + self._show("".join(self.session.pending_log()))

    def _help(self) -> str:
        help_text = self.session.help(self.buffer)
        return "?\r\n" + crlf(help_text) + self._prompt_line()

    def _complete(self) -> str:
        completion = self.session.complete(self.buffer)
        if not completion or len(self.buffer) + len(completion) > MAX_LINE:
            return "\r\n" + self._prompt_line()  # IOS shows the line again when Tab cannot help
        self.buffer += completion
        return completion

    # -- output and --More-- ----------------------------------------------------------------------
    def _show(self, output: str) -> str:
        """Output, a page at a time when ``terminal length`` asks for it, then the prompt."""
        length = self.session.terminal.length
        lines = output.splitlines(keepends=True)
        if length and len(lines) >= length:
            self._paging = lines
            return self._page(max(length - 1, 1))
        return crlf(output) + self._after_output()

    def _after_output(self) -> str:
        return "" if self.closed else self._prompt_line()

    def _page(self, count: int) -> str:
        shown, self._paging = self._paging[:count], self._paging[count:]
        text = crlf("".join(shown))
        if self._paging:
            return text + MORE
        return text + self._after_output()

    def _more_key(self, char: str) -> str:
        if char == " ":
            return ERASE_MORE + self._page(max(self.session.terminal.length - 1, 1))
        if char in "\r\n":
            return ERASE_MORE + self._page(1)
        self._paging = []
        return ERASE_MORE + self._after_output()
