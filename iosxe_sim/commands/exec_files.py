"""`dir`, `more`, `copy` and `delete` on `bootflash:` (iosxe_sim/flash.py: a host folder or memory).

EMULATOR-DEFINED `dir` layout, after IOS-XE's: one line per file (index, permissions, size, date,
name), then the total and free bytes of an 8 GB C8000V bootflash; files are dated at the device's
boot. `copy` and `delete` ask IOS's questions (`Destination filename [NAME]?`, `[confirm]`); a copy
reports `N bytes copied in 0.001 secs (...)` (virtual time: the duration is emulator-defined).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from iosxe_sim.commands.exec_system import write_memory
from iosxe_sim.commands.registry import exec_handler
from iosxe_sim.flash import FLASH_BYTES, FlashError, file_name
from iosxe_sim.parser.match import Args

if TYPE_CHECKING:
    from iosxe_sim.session import Session

FIRST_INDEX = 11
COPY_SECONDS = 0.001
CONFIG_FILES = ("running-config", "startup-config")


@exec_handler("exec.dir")
def dir_bootflash(session: Session, args: Args) -> str:
    flash = session.device.flash
    stamp = session.device.clock.boot_time.strftime("%b %d %Y %H:%M:%S +00:00")
    lines = ["Directory of bootflash:/\n", "\n"]
    used = 0
    for index, name in enumerate(flash, FIRST_INDEX):
        size = len(flash.get(name, b""))
        used += size
        # "   11  -rw-             4866  Mar 13 2025 01:00:00 +00:00  acvpn.xml"
        lines.append("%5d  -rw- %16d  %s  %s\n" % (index, size, stamp, name))
    lines.append("\n%d bytes total (%d bytes free)\n" % (FLASH_BYTES, FLASH_BYTES - used))
    return "".join(lines)


def _flash_name(text: str) -> tuple[str | None, str]:
    """(file name, error text): the name is None when the argument is not a usable flash file."""
    try:
        name = file_name(text)
    except FlashError as exc:
        return None, f"%Error opening {text} ({exc})\n"
    if name is None:
        return None, f"%Error opening {text} (Invalid argument)\n"
    return name, ""


@exec_handler("exec.more")
def more_file(session: Session, args: Args) -> str:
    path = str(args["file"])
    name, error = _flash_name(path)
    data = session.device.flash.get(name) if name else None
    if data is None:
        return error or "%%Error opening %s (No such file or directory)\n" % path
    text = data.decode("utf-8", errors="replace")
    return text if text.endswith("\n") else text + "\n"


def _copied(size: int) -> str:
    # 4866 bytes copied in 0.001 secs (4866000 bytes/sec)
    return f"{size} bytes copied in {COPY_SECONDS:.3f} secs ({round(size / COPY_SECONDS)} bytes/sec)\n"


def _source_text(session: Session, source: str) -> tuple[bytes | None, str]:
    if source == "running-config":
        return session.device.running_config().encode(), ""
    if source == "startup-config":
        text = session.device.startup_config()
        return (None, "%Error opening nvram:/startup-config (No such file or directory)\n") if text is None else (text.encode(), "")
    name, error = _flash_name(source)
    if name is None:
        return None, error
    data = session.device.flash.get(name)
    if data is None:
        return None, f"%Error opening bootflash:/{name} (No such file or directory)\n"
    return data, ""


@exec_handler("exec.copy")
def copy_file(session: Session, args: Args) -> str:
    source, destination = str(args["source"]), str(args["destination"])
    if (source, destination) == ("running-config", "startup-config"):
        return session.ask("Destination filename [startup-config]? ", lambda name: _save_startup(session, args, name))
    data, error = _source_text(session, source)
    if data is None:
        return error
    if destination in CONFIG_FILES:
        return session.ask(f"Destination filename [{destination}]? ", lambda _: _to_config(session, destination, data))
    name, error = _flash_name(destination)
    if name is None:
        return error
    return session.ask(f"Destination filename [{name}]? ", lambda answer: _to_flash(session, answer or name, data))


def _save_startup(session: Session, args: Args, name: str) -> str:
    if name in ("", "startup-config", "nvram:startup-config"):
        return write_memory(session, args)
    return f"%Error opening nvram:/{name} (Permission denied)\n"


def _to_config(session: Session, destination: str, data: bytes) -> str:
    text = data.decode("utf-8", errors="replace")
    if destination == "startup-config":
        try:
            session.device.save_startup(text)
        except OSError as exc:
            return f"%Error writing nvram:/startup-config ({exc.strerror})\n"
        return _copied(len(data))
    lines = [line for line in text.splitlines() if line.strip() and line.strip() != "end"]
    errors = "".join(out for out in session.device.configure_lines(lines) if out.startswith(("%", " ")))
    return errors + _copied(len(data))


def _to_flash(session: Session, name: str, data: bytes) -> str:
    name, error = _flash_name(name if ":" in name else f"bootflash:{name}")
    if name is None:
        return error

    def write(_: str = "") -> str:
        try:
            session.device.flash[name] = data
        except FlashError as exc:
            return f"%Error opening bootflash:/{name} ({exc})\n"
        return _copied(len(data))

    if name in session.device.flash:
        return _confirm(session, "%Warning:There is a file already existing with this name\n"
                                 "Do you want to over write? [confirm]", write)
    return write()


def _confirm(session: Session, question: str, then: Callable[[str], str]) -> str:
    """IOS's `[confirm]`: Enter or y goes on, anything else stops."""
    return session.ask(question, lambda answer: then(answer) if answer.lower() in ("", "y", "yes") else "")


@exec_handler("exec.delete")
def delete_file(session: Session, args: Args) -> str:
    target = str(args["target"])
    name, error = _flash_name(target)
    if name is None:
        return error.replace("%Error opening", "%Error deleting")
    return session.ask(f"Delete filename [{name}]? ", lambda answer: _confirm_delete(session, answer or name))


def _confirm_delete(session: Session, chosen: str) -> str:
    name, error = _flash_name(chosen if ":" in chosen else f"bootflash:{chosen}")
    if name is None:
        return error.replace("%Error opening", "%Error deleting")

    def remove(_: str) -> str:
        try:
            del session.device.flash[name]
        except KeyError:
            return f"%Error deleting bootflash:/{name} (No such file or directory)\n"
        except FlashError as exc:
            return f"%Error deleting bootflash:/{name} ({exc})\n"
        return ""

    return _confirm(session, f"Delete bootflash:/{name}? [confirm]", remove)
