"""System EXEC handlers: enable/disable, terminal settings, history, version, clock, users,
debugging and saving the configuration."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from iosxe_sim.commands.registry import exec_handler
from iosxe_sim.parser.match import Args

if TYPE_CHECKING:
    from iosxe_sim.session import Session

NVRAM_SIZE = 33554432
STARTUP_HEADER = re.compile(r"\ABuilding configuration\.\.\.\n(?:\n?Current configuration : \d+ bytes\n)?")


@exec_handler("exec.enable")
def enable(session: Session, args: Args) -> str:
    return session.request_enable()


@exec_handler("exec.disable")
def disable(session: Session, args: Args) -> str:
    session.privilege = 1
    return ""


@exec_handler("exec.exit")
def exit_exec(session: Session, args: Args) -> str:
    session.close()
    return ""


@exec_handler("exec.terminal_length")
def terminal_length(session: Session, args: Args) -> str:
    session.terminal.length = int(str(args["length"]))
    return ""


@exec_handler("exec.terminal_width")
def terminal_width(session: Session, args: Args) -> str:
    session.terminal.width = int(str(args["width"]))
    return ""


@exec_handler("exec.terminal_monitor")
def terminal_monitor(session: Session, args: Args) -> str:
    session.terminal.monitor = "no" not in args
    return ""


@exec_handler("show.history")
def show_history(session: Session, args: Args) -> str:
    # IOS keeps the last 10 EXEC lines and prints each indented by two spaces.
    return "".join(f"  {line}\n" for line in list(session.history)[-10:])


@exec_handler("show.clock")
def show_clock(session: Session, args: Args) -> str:
    # *01:27:35.123 UTC Thu Mar 13 2025   (the star: not synchronised to NTP)
    now = session.device.clock.datetime_now()
    return f"*{now:%H:%M:%S}.{now.microsecond // 1000:03d} UTC {now:%a %b %d %Y}\n"


@exec_handler("exec.debug_ikev2")
def debug_ikev2(session: Session, args: Args) -> str:
    kind = str(args.get("kind", "default"))
    session.device.debugging.add(kind)
    return f"IKEv2 {kind} debugging is on\n"


@exec_handler("exec.debug_condition")
def debug_condition(session: Session, args: Args) -> str:
    """`debug crypto condition peer ipv4 A.B.C.D`: debug lines only for these peers (the seed's tip)."""
    if "reset" in args:
        session.device.debug_peers.clear()
    else:
        session.device.debug_peers.add(str(args["peer"]))
    return ""


@exec_handler("exec.undebug")
def undebug(session: Session, args: Args) -> str:
    session.device.debugging.clear()
    session.device.debug_peers.clear()
    return "All possible debugging has been turned off\n" if "ikev2" not in args else ""


@exec_handler("show.debugging")
def show_debugging(session: Session, args: Args) -> str:
    if not session.device.debugging and not session.device.debug_peers:
        return ""
    lines = "".join(f"  IKEv2 {kind} debugging is on\n" for kind in sorted(session.device.debugging))
    peers = "".join(f"  Crypto conditional debug: peer IP {peer}\n" for peer in sorted(session.device.debug_peers))
    return f"Crypto Subsystem:\n{lines}{peers}\n"


@exec_handler("exec.write_memory")
def write_memory(session: Session, args: Args) -> str:
    try:
        session.device.save_startup(session.device.running_config())
    except OSError as exc:
        return f"Building configuration...\n% Error writing startup-config ({exc.strerror})\n"
    return "Building configuration...\n[OK]\n"


@exec_handler("show.startup_config")
def show_startup_config(session: Session, args: Args) -> str:
    text = session.device.startup_config()
    if text is None:
        return "startup-config is not present\n"
    body = STARTUP_HEADER.sub("", text, count=1)
    return f"Using {len(body.encode())} out of {NVRAM_SIZE} bytes\n{body}"
