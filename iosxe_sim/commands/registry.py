"""EXEC command handlers, keyed by the grammar's handler names.

A handler takes the terminal session (``session.device`` is the router) and the matched
arguments and returns the text the terminal prints. Modules that define handlers register them with :func:`exec_handler`; ``load_handlers`` imports
them all once, so the registry is complete before the first command runs.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from iosxe_sim.parser.match import Args

if TYPE_CHECKING:
    from iosxe_sim.session import Session

Handler = Callable[["Session", Args], str]
HANDLERS: dict[str, Handler] = {}
HANDLER_MODULES = (
    "iosxe_sim.commands.exec_basic",
    "iosxe_sim.commands.exec_system",
    "iosxe_sim.commands.exec_device",
    "iosxe_sim.commands.exec_crypto",
    "iosxe_sim.commands.exec_crypto_more",
    "iosxe_sim.commands.exec_pki",
    "iosxe_sim.commands.exec_troubleshoot",
    "iosxe_sim.commands.exec_files",
    "iosxe_sim.commands.exec_capture",
    "iosxe_sim.commands.exec_lab_capture",
    "iosxe_sim.commands.exec_lab",
    "iosxe_sim.labs.commands",
)


def exec_handler(name: str) -> Callable[[Handler], Handler]:
    def register(function: Handler) -> Handler:
        if name in HANDLERS:
            raise ValueError(f"handler {name!r} registered twice")
        HANDLERS[name] = function
        return function

    return register


def load_handlers() -> dict[str, Handler]:
    for module in HANDLER_MODULES:
        importlib.import_module(module)
    return HANDLERS
