"""Basic EXEC handlers: configuration mode and the running-config."""

from __future__ import annotations

from typing import TYPE_CHECKING

from iosxe_sim.commands.registry import exec_handler
from iosxe_sim.parser.match import Args

if TYPE_CHECKING:
    from iosxe_sim.session import Session

CONFIGURE_BANNER = "Enter configuration commands, one per line.  End with CNTL/Z.\n"


@exec_handler("exec.configure")
def configure_terminal(session: Session, args: Args) -> str:
    session.enter_config()
    return CONFIGURE_BANNER


@exec_handler("show.running_config")
def show_running_config(session: Session, args: Args) -> str:
    return session.device.running_config()
