"""The ``--More--`` pager: space shows the next page, Enter the next line, anything else stops."""

from __future__ import annotations

from collections.abc import Callable

from prompt_toolkit.application import Application
from prompt_toolkit.input import Input
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.keys import Keys
from prompt_toolkit.layout import FormattedTextControl, Layout, Window
from prompt_toolkit.output import Output

MORE = " --More-- "
ERASE = "\r" + " " * len(MORE) + "\r"


async def read_more_key(input: Input | None, output: Output | None) -> str:
    """Show ``--More--`` and return "page", "line" or "quit" for the key pressed."""
    bindings = KeyBindings()

    @bindings.add(" ")
    def _(event: KeyPressEvent) -> None:
        event.app.exit(result="page")

    @bindings.add("enter")
    def _(event: KeyPressEvent) -> None:
        event.app.exit(result="line")

    @bindings.add(Keys.Any)
    def _(event: KeyPressEvent) -> None:
        event.app.exit(result="quit")

    app: Application[str] = Application(
        layout=Layout(Window(FormattedTextControl(MORE), height=1)),
        key_bindings=bindings,
        input=input,
        output=output,
        erase_when_done=True,
    )
    return await app.run_async(handle_sigint=False) or "quit"


async def page(
    text: str, length: int, write: Callable[[str], None], input: Input | None, output: Output | None
) -> None:
    """Write ``text`` a screen at a time (``length`` lines, the last one used by ``--More--``)."""
    lines = text.splitlines(keepends=True)
    shown = 0
    step = max(length - 1, 1)
    while shown < len(lines):
        write("".join(lines[shown : shown + step]))
        shown += step
        if shown >= len(lines):
            return
        answer = await read_more_key(input, output)
        if answer == "quit":
            return
        step = 1 if answer == "line" else max(length - 1, 1)
