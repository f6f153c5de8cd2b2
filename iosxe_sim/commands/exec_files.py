"""`dir bootflash:` and `more bootflash:FILE`: the device's flash, so users can read acvpn.xml.

EMULATOR-DEFINED layout, after IOS-XE's: one line per file (index, permissions, size, date, name),
then the total and free bytes of an 8 GB C8000V bootflash. Files are dated at the device's boot.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iosxe_sim.commands.registry import exec_handler
from iosxe_sim.parser.match import Args

if TYPE_CHECKING:
    from iosxe_sim.session import Session

BOOTFLASH = "bootflash:"
BOOTFLASH_BYTES = 8_238_202_880
FIRST_INDEX = 11


@exec_handler("exec.dir")
def dir_bootflash(session: Session, args: Args) -> str:
    stamp = session.device.clock.boot_time.strftime("%b %d %Y %H:%M:%S +00:00")
    lines = ["Directory of bootflash:/\n", "\n"]
    for index, name in enumerate(sorted(session.device.bootflash), FIRST_INDEX):
        # "   11  -rw-             4866  Mar 13 2025 01:00:00 +00:00  acvpn.xml"
        lines.append("%5d  -rw- %16d  %s  %s\n" % (index, len(session.device.bootflash[name]), stamp, name))
    used = sum(len(data) for data in session.device.bootflash.values())
    lines.append("\n%d bytes total (%d bytes free)\n" % (BOOTFLASH_BYTES, BOOTFLASH_BYTES - used))
    return "".join(lines)


@exec_handler("exec.more")
def more_file(session: Session, args: Args) -> str:
    path = str(args["file"])
    name = path[len(BOOTFLASH) :].lstrip("/") if path.lower().startswith(BOOTFLASH) else None
    data = session.device.bootflash.get(name) if name else None
    if data is None:
        return "%%Error opening %s (No such file or directory)\n" % path
    text = data.decode("utf-8", errors="replace")
    return text if text.endswith("\n") else text + "\n"
