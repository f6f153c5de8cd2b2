"""The router's logging buffer (`logging buffered`), read by `show logging`.

IOS-XE keeps buffered logging on by default at level debugging in a 4096-byte buffer (public
`show logging` captures of CSR1000v/IOS routers show `Buffer logging:  level debugging` and
`Log Buffer (4096 bytes):` with no `logging buffered` line in the config). `logging buffered
[SIZE] [LEVEL]` changes both; the oldest lines leave the buffer when it is full.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field

DEFAULT_BUFFER_BYTES = 4096
DEFAULT_LEVEL = 7  # debugging
LEVEL_NAMES = ("emergencies", "alerts", "critical", "errors", "warnings", "notifications",
               "informational", "debugging")
_SEVERITY = re.compile(r"%[A-Z0-9_]+-([0-7])-")


def severity_of(message: str) -> int:
    """A syslog line's severity (`%LINK-3-UPDOWN` -> 3); debug lines have none: debugging (7)."""
    found = _SEVERITY.search(message)
    return int(found.group(1)) if found else DEFAULT_LEVEL


def level_number(text: str | None) -> int:
    if text is None:
        return DEFAULT_LEVEL
    return int(text) if text.isdigit() else LEVEL_NAMES.index(text)


@dataclass
class LogBuffer:
    size: int = DEFAULT_BUFFER_BYTES
    level: int = DEFAULT_LEVEL
    lines: deque[str] = field(default_factory=deque)
    logged: int = 0  # messages logged to the buffer since boot (or the last `clear logging`)
    _bytes: int = 0

    def configure(self, size: int, level: int) -> None:
        if size != self.size:
            self.lines.clear()  # IOS allocates a new buffer when the size changes
            self._bytes = 0
        self.size, self.level = size, level

    def add(self, line: str) -> None:
        """Keep a stamped line (with its newline) if its severity passes the buffer's level."""
        if severity_of(line) > self.level:
            return
        self.logged += 1
        self.lines.append(line)
        self._bytes += len(line)
        while self._bytes > self.size and self.lines:
            self._bytes -= len(self.lines.popleft())
