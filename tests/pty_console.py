"""The installed ``iosxe-sim`` in a real pseudo-terminal, read by content rather than by timing.

prompt_toolkit redraws the prompt while a line is typed (how often depends on how the keystrokes
arrive, so on the machine's load); counting prompts to find where an answer ends is therefore
flaky. A command's answer ends at the first prompt drawn at the start of a line after the command
was sent: typing never starts a new line, accepting the line does.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pexpect
import pytest

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\x1b[=>]")
_CODES = r"(?:\x1b\[[0-9;?]*[A-Za-z])*"


def installed() -> str:
    script = Path(sys.executable).parent / "iosxe-sim"
    found = str(script) if script.exists() else shutil.which("iosxe-sim")
    if found is None:
        pytest.fail("the iosxe-sim console script is not installed (pip install -e .)")
    return found


def spawn(*args: str, timeout: float = 60) -> pexpect.spawn:
    return pexpect.spawn(
        installed(), list(args), encoding="utf-8", timeout=timeout, dimensions=(50, 200),
        env={"TERM": "xterm", "PATH": "/usr/bin:/bin"},
    )


def screen_text(raw: str) -> str:
    return ANSI.sub("", raw).replace("\r", "")


def next_prompt(child: pexpect.spawn, prompt: str) -> str:
    """Wait for ``prompt`` drawn at the start of a line; return the text before it, codes removed."""
    child.expect(r"\n" + _CODES + re.escape(prompt))
    return screen_text(child.before)


def run(child: pexpect.spawn, line: str, prompt: str) -> str:
    """Type ``line``; return the screen from the typed line up to the next prompt (its answer)."""
    child.sendline(line)
    return next_prompt(child, prompt)
