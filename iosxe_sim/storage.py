"""Files and streams the simulator reads and writes, with bounds and without surprises.

Reading: every file the command line reads (a script, ``--config``, ``--startup``, ``--bootflash``,
lab files) is read with a size bound, so ``/dev/zero`` or a huge file gives a clear error rather
than a MemoryError; a script or piped console input is read line by line, each line bounded.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from iosxe_sim.parser.match import MAX_LINE

MAX_CONFIG_BYTES = 128 * 1024 * 1024  # a config, as `iosxe-sim lint` bounds it
MAX_BOOTFLASH_FILE = 16 * 1024 * 1024  # client profiles and packages' stand-ins are small
MAX_LINE_BYTES = 4 * MAX_LINE  # MAX_LINE characters of UTF-8
_CHUNK = 64 * 1024


class InputError(ValueError):
    """An input that cannot be read as the simulator needs it; the message is for the user."""


def read_limited(path: Path | str, limit: int) -> bytes:
    """The bytes of a file, or InputError when it holds more than ``limit`` (devices never end)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise InputError(f"{path}: too large (the limit is {limit} bytes)")
    return data


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 text without NUL bytes (a leading BOM dropped), or InputError saying why not."""
    if b"\x00" in data:
        raise InputError(f"{name}: not a text file (contains NUL bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not UTF-8 text (byte {exc.start})") from None
    return text.removeprefix(codecs.BOM_UTF8.decode("utf-8"))


def read_text_limited(path: Path | str, limit: int = MAX_CONFIG_BYTES) -> str:
    return decode_text(read_limited(path, limit), str(path))


def input_lines(stream: BinaryIO, name: str) -> Iterator[str]:
    """The lines of a script or of piped console input, each read only when the previous one has
    been answered. A line longer than MAX_LINE_BYTES is cut there (the rest is skipped, so memory
    stays bounded; the console then reports it as too long); binary data ends the input with
    InputError naming the line."""
    number = 0
    while raw := stream.readline(MAX_LINE_BYTES + 1):
        number += 1
        where = f"{name}:{number}"
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            _skip_line(stream, where)
            raw = raw[:MAX_LINE_BYTES]
            raw = raw[: len(raw) - _partial_character(raw)]
        yield decode_text(raw, where).rstrip("\r\n")


def _partial_character(raw: bytes) -> int:
    """How many bytes at the end of a cut line begin a UTF-8 character the cut split."""
    for back in range(1, min(4, len(raw)) + 1):
        byte = raw[-back]
        if byte & 0xC0 != 0x80:  # a lead byte (or ASCII): complete unless its sequence is longer
            needed = 2 if byte >> 5 == 0b110 else 3 if byte >> 4 == 0b1110 else 4 if byte >> 3 == 0b11110 else 1
            return back if needed > back else 0
    return 0


def _skip_line(stream: BinaryIO, name: str) -> None:
    while chunk := stream.readline(_CHUNK):
        if b"\x00" in chunk:
            raise InputError(f"{name}: not a text file (contains NUL bytes)")
        if chunk.endswith(b"\n"):
            return
