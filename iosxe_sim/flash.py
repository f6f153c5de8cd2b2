"""The router's `bootflash:`: a folder on the host, or memory for tests and labs.

Both kinds read like a dict of file name -> bytes (``flash.get("acvpn.xml")``, ``in``, iteration,
``len``), so the gateway, labs and show commands read flash the way they read a dict. Names are
confined to the flash itself: one plain file name, never a path (no ``/``, no ``..``, no NUL, no
leading dot); a folder flash also refuses symbolic links, so nothing a user types can reach a file
outside the folder. Writes to a folder are atomic (a temporary file renamed over the old one), so a
crash mid-write leaves the old file. Every write or delete bumps ``generation``, which tells the
gateway to read its settings (the client profile XML) again.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Mapping, MutableMapping
from pathlib import Path

from iosxe_sim.storage import MAX_BOOTFLASH_FILE, InputError, read_limited

FLASH_PREFIXES = ("bootflash:", "flash:")
MAX_NAME = 255
FLASH_BYTES = 8_238_202_880  # a C8000V's 8 GB bootflash


class FlashError(ValueError):
    """A flash operation that cannot be done; the message is IOS's reason in parentheses."""


def file_name(text: str) -> str | None:
    """The flash file a `bootflash:NAME` (or `flash:/NAME`) argument names, None for another device
    (`running-config`, `tftp:` ...); FlashError for a name that would leave the flash."""
    lowered = text.lower()
    prefix = next((p for p in FLASH_PREFIXES if lowered.startswith(p)), None)
    if prefix is None:
        return None
    name = text[len(prefix) :].lstrip("/")
    check_name(name)
    return name


def check_name(name: str) -> None:
    if not name:
        raise FlashError("Is a directory")
    if len(name) > MAX_NAME or "/" in name or "\\" in name or "\x00" in name or name.startswith("."):
        raise FlashError("Invalid argument")
    if not name.isprintable():
        raise FlashError("Invalid argument")


class Flash(MutableMapping[str, bytes]):
    """What both kinds share: the generation counter and the name checks."""

    generation = 0

    def _changed(self) -> None:
        self.generation += 1

    def used(self) -> int:
        return sum(len(data) for data in self.values())


class MemoryFlash(Flash):
    """Flash in memory: a test's or a lab's device, and `iosxe-sim run` without --bootflash DIR."""

    def __init__(self, files: Mapping[str, bytes] = ()) -> None:
        self._files: dict[str, bytes] = {}
        for name, data in dict(files).items():
            check_name(name)
            self._files[name] = bytes(data)

    def __getitem__(self, name: str) -> bytes:
        return self._files[name]

    def __setitem__(self, name: str, data: bytes) -> None:
        check_name(name)
        self._files[name] = bytes(data)
        self._changed()

    def __delitem__(self, name: str) -> None:
        del self._files[name]
        self._changed()

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._files))

    def __len__(self) -> int:
        return len(self._files)


class FolderFlash(Flash):
    """Flash that is a folder on the host: exported captures can be opened there at once."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def open(cls, folder: Path, seed: Mapping[str, bytes]) -> FolderFlash:
        """The folder as flash; created and seeded with `seed` (the default files) when new."""
        created = not folder.exists()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(f"{folder}: {exc.strerror or exc}") from None
        if not folder.is_dir():
            raise InputError(f"{folder}: not a directory")
        flash = cls(folder)
        if created:
            for name, data in seed.items():
                flash[name] = data
        return flash

    def _path(self, name: str) -> Path:
        check_name(name)
        return self.folder / name

    def _regular(self, path: Path) -> bool:
        """A plain file (a symbolic link is never followed out of the folder)."""
        try:
            mode = os.lstat(path).st_mode
        except OSError:
            return False
        return stat.S_ISREG(mode)

    def __getitem__(self, name: str) -> bytes:
        try:
            path = self._path(name)
        except FlashError:
            raise KeyError(name) from None
        if not self._regular(path):
            raise KeyError(name)
        try:
            return read_limited(path, MAX_BOOTFLASH_FILE)
        except InputError:
            raise KeyError(name) from None

    def __setitem__(self, name: str, data: bytes) -> None:
        path = self._path(name)
        if os.path.lexists(path) and not self._regular(path):
            raise FlashError("Permission denied")
        temporary = self.folder / f".{name}.{os.getpid()}.tmp"
        try:
            with open(temporary, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, path)
        except OSError as exc:
            temporary.unlink(missing_ok=True)
            raise FlashError(exc.strerror or str(exc)) from None
        self._changed()

    def __delitem__(self, name: str) -> None:
        path = self._path(name)
        if not self._regular(path):
            raise KeyError(name)
        try:
            path.unlink()
        except OSError as exc:
            raise FlashError(exc.strerror or str(exc)) from None
        self._changed()

    def __iter__(self) -> Iterator[str]:
        try:
            names = sorted(entry.name for entry in os.scandir(self.folder))
        except OSError:
            return iter(())
        return (n for n in names if not n.startswith(".") and self._regular(self.folder / n))

    def __len__(self) -> int:
        return sum(1 for _ in self)
