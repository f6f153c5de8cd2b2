"""The interactive console: prompt_toolkit line editing around a :class:`Device`.

The shell owns only what a terminal needs: key bindings for ``?``, Tab, Ctrl-Z, Ctrl-C and Ctrl-D,
the ``--More--`` pager, history, and printing log lines above the prompt while the user types. Every
answer (help, completion, execution) comes from the device and its grammar.

Ctrl-C never ends the console: at the prompt it is a key (abandon the line); while a command runs
the terminal sends SIGINT, which only asks the session to stop the command (``Session.interrupt``).
"""

from __future__ import annotations

import asyncio
import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from prompt_toolkit import PromptSession
from prompt_toolkit.application import get_app, run_in_terminal
from prompt_toolkit.filters import Condition
from prompt_toolkit.history import InMemoryHistory
from prompt_toolkit.input import Input
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.layout.processors import ConditionalProcessor, PasswordProcessor
from prompt_toolkit.output import Output
from prompt_toolkit.patch_stdout import patch_stdout

from iosxe_sim.device import Device
from iosxe_sim.shell.pager import page

TICK_SECONDS = 0.5  # how often the clock advances and log lines are flushed in real-time mode
# No cursor-position requests: we draw no menus that need them, and terminals that do not answer
# (serial consoles, expect scripts) would otherwise get a warning printed into the session.
os.environ.setdefault("PROMPT_TOOLKIT_NO_CPR", "1")


class _LineHistory(InMemoryHistory):
    """The Up-arrow history: a line typed at ``Password:`` is never kept."""

    def __init__(self, keeps: Callable[[], bool]) -> None:
        super().__init__()
        self._keeps = keeps

    def append_string(self, string: str) -> None:
        if self._keeps():
            super().append_string(string)


@dataclass
class Console:
    device: Device
    input: Input | None = None
    output: Output | None = None

    def __post_init__(self) -> None:
        self.session = self.device.console
        self.prompt_session: PromptSession[str] = PromptSession(
            history=_LineHistory(lambda: not self.session.awaiting_password),
            key_bindings=self._bindings(),
            input=self.input,
            output=self.output,
            complete_while_typing=False,
            enable_suspend=False,
            # IOS shows nothing at all of what is typed at `Password:` (not even stars)
            input_processors=[ConditionalProcessor(PasswordProcessor(char=""),
                                                   Condition(lambda: self.session.awaiting_password))],
        )

    # -- key bindings ----------------------------------------------------------------------------
    def _bindings(self) -> KeyBindings:
        bindings = KeyBindings()

        @bindings.add("?")
        def _(event: KeyPressEvent) -> None:
            text = event.current_buffer.document.text_before_cursor
            if self.session.awaiting_password:
                event.current_buffer.insert_text("?")
                return
            help_text = self.session.help(text)
            prompt = self.session.prompt
            run_in_terminal(lambda: self._write(f"{prompt}{text}?\n{help_text}"))

        @bindings.add("tab")
        def _(event: KeyPressEvent) -> None:
            buffer = event.current_buffer
            text = buffer.document.text_before_cursor
            completion = self.session.complete(text)
            if completion:
                buffer.insert_text(completion)
            else:
                get_app().output.bell()

        @bindings.add("c-z")
        def _(event: KeyPressEvent) -> None:
            event.current_buffer.text = "end" if self.session.editor is not None else ""
            event.current_buffer.validate_and_handle()

        @bindings.add("c-c")
        def _(event: KeyPressEvent) -> None:
            # IOS: Ctrl-C abandons the line; in configuration mode it also returns to EXEC.
            event.current_buffer.reset()
            if self.session.editor is not None:
                self.session.leave_config()
                event.app.exit(result="")

        @bindings.add("c-d", filter=Condition(lambda: not get_app().current_buffer.text))
        def _(event: KeyPressEvent) -> None:
            """IOS ignores Ctrl-D on an empty line (prompt_toolkit would end the console)."""

        return bindings

    # -- output ----------------------------------------------------------------------------------
    def _write(self, text: str) -> None:
        output = self.prompt_session.app.output
        output.write_raw(text)
        output.flush()

    async def _show(self, text: str) -> None:
        length = self.session.terminal.length
        if length and text.count("\n") >= length:
            await page(text, length, self._write, self.input, self.output)
        else:
            self._write(text)

    async def _ticker(self) -> None:
        """Real-time mode: advance the virtual clock with the wall clock; print log lines."""
        loop = asyncio.get_running_loop()
        last = loop.time()
        while True:
            await asyncio.sleep(TICK_SECONDS)
            now = loop.time()
            self.device.tick(now - last)
            last = now
            lines = self.session.pending_log()
            if lines:
                print("".join(lines), end="", flush=True)

    # -- the loop --------------------------------------------------------------------------------
    async def run_async(self) -> None:
        ticker = asyncio.create_task(self._ticker())
        try:
            with patch_stdout(raw=True), self._sigint_interrupts():
                await self._loop()
        finally:
            ticker.cancel()

    @contextmanager
    def _sigint_interrupts(self) -> Iterator[None]:
        """While the console runs, SIGINT (Ctrl-C during a command) interrupts the command only.

        The handler runs between two bytecodes of the command, which keeps running on this thread
        until its next checkpoint; asyncio's own handler would cancel the console instead.
        """
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        previous = signal.signal(signal.SIGINT, lambda *_: self.session.interrupt())
        try:
            yield
        finally:
            signal.signal(signal.SIGINT, previous)

    async def _loop(self) -> None:
        while not self.session.closed:
            try:
                line = await self.prompt_session.prompt_async(
                    self.session.prompt, handle_sigint=False
                )
            except EOFError:  # the input is closed (Ctrl-D on an empty line is ignored)
                return
            except KeyboardInterrupt:
                continue
            output = self.session.execute(line)
            output += "".join(self.session.pending_log())
            if output:
                await self._show(output)

    def run(self) -> None:
        asyncio.run(self.run_async())
