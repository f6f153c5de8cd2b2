"""Text from data (a config, a lab file) made safe to send to a terminal.

A hostname or a lab's story could carry ESC sequences that recolour the screen, move the cursor
or set the window title; what comes from data reaches a terminal only through :func:`printable`.
"""

from __future__ import annotations

import re

_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # C0 (but TAB and newline), DEL, C1
_LINE_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable(text: str, *, one_line: bool = False) -> str:
    """``text`` with every control character shown as ``?`` (TAB and newline kept unless one_line)."""
    return (_LINE_CONTROLS if one_line else _CONTROLS).sub("?", text)
