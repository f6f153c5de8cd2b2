"""Files and streams the simulator reads and writes, with bounds and without surprises.

Reading: every file the command line reads (a script, ``--config``, ``--startup``, ``--bootflash``,
lab files) is read with a size bound, so ``/dev/zero`` or a huge file gives a clear error rather
than a MemoryError; a script or piped console input is read line by line, each line bounded.

Writing (``write memory``, caches): :func:`write_private` never leaves a torn file and never follows
a planted link. The data goes to a temporary file created exclusively (O_CREAT|O_EXCL|O_NOFOLLOW,
unpredictable name, mode 0600) next to the target; it is fsynced, renamed over the target (which
replaces a link, never writes through it), and the folder is fsynced so the rename survives a power
cut. :func:`remove_leftovers` deletes the temporary files a killed process left behind.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import tempfile
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


def read_saved_config(path: Path) -> str:
    """A startup-config file: bounded; a damaged byte is replaced, as a router reads NVRAM on."""
    return read_limited(path, MAX_CONFIG_BYTES).decode("utf-8", errors="replace")


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


def write_private(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically, readable by the owner only (it may hold secrets)."""
    folder = path.parent
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor, name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
    _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # some file systems cannot open or sync a folder
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def remove_leftovers(path: Path) -> list[Path]:
    """Delete the temporary files of ``path`` whose writer is gone (killed mid-write); returns them.

    A temporary file's name carries its writer's process id, so a write in progress in another
    live process is left alone.
    """
    pattern = re.compile(rf"\.{re.escape(path.name)}\.(\d+)\.(?:[^/]*\.)?tmp")
    removed: list[Path] = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(path.parent):
            found = pattern.fullmatch(entry.name)
            if found and not _alive(int(found.group(1))):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
    return removed


def _alive(pid: int) -> bool:
    if pid <= 0 or pid == os.getpid():
        return False  # ours is from an earlier process that had this id: nothing writes while we start
    try:
        os.kill(pid, 0)
    except PermissionError:
        return True  # another user's live process
    except (ProcessLookupError, OverflowError):
        return False
    return True
