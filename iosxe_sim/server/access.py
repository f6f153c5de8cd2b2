"""Who may log in over a vty, and on which terms, read from the running-config as IOS reads it.

``username NAME [privilege N] password|secret [TYPE] VALUE`` lines are the local user database
(types 0, 5, 7, 8 and 9 are checked); ``line vty A B`` blocks say how many vty lines exist, which
transports they accept (``transport input``), their idle timeout (``exec-timeout``) and default
privilege (``privilege level``).
"""

from __future__ import annotations

from dataclasses import dataclass

from iosxe_sim.config import passwords
from iosxe_sim.config.model import Block, RunningConfig

DEFAULT_EXEC_TIMEOUT = 600.0  # IOS: 10 minutes when a line says nothing
USER_PRIVILEGE = 1


@dataclass(frozen=True)
class VtyLine:
    number: int
    transports: frozenset[str]  # of `transport input`: ssh, telnet, all, none
    exec_timeout: float  # seconds idle before the line is cleared; 0 = never
    privilege: int  # `privilege level N`, for users without their own

    @property
    def accepts_ssh(self) -> bool:
        return bool(self.transports & {"ssh", "all"})


def vty_lines(config: RunningConfig) -> list[VtyLine]:
    """Every configured vty line, in number order (``line vty 0 4`` gives five)."""
    lines: dict[int, VtyLine] = {}
    for block in config.blocks("line"):
        if block.header.args.get("kind") != "vty":
            continue
        first = int(str(block.header.args["first"]))
        last = int(str(block.header.args.get("last", first)))
        for number in range(first, max(first, last) + 1):
            lines[number] = _vty_line(number, block)
    return [lines[number] for number in sorted(lines)]


def _vty_line(number: int, block: Block) -> VtyLine:
    transports: set[str] = set()
    for statement in block.statements("line.transport"):
        if statement.args.get("direction") == "input":
            protocols = statement.args["protocols"]
            transports |= set(protocols if isinstance(protocols, tuple) else (str(protocols),))
    timeout = block.first("line.exec_timeout")
    seconds = DEFAULT_EXEC_TIMEOUT
    if timeout is not None:
        seconds = int(str(timeout.args["minutes"])) * 60.0 + int(str(timeout.args.get("seconds", 0)))
    level = block.first("line.privilege")
    return VtyLine(
        number,
        frozenset(transports or {"ssh", "telnet"}),  # IOS-XE 17's default: `transport input ssh telnet`
        seconds,
        int(str(level.args["level"])) if level is not None else USER_PRIVILEGE,
    )


def has_users(config: RunningConfig) -> bool:
    return bool(config.statements("global.username"))


def authenticate(config: RunningConfig, user: str, password: str, line_level: int) -> int | None:
    """The privilege level ``user`` logs in at when ``password`` is right, else None; a user
    without ``privilege N`` gets the line's level."""
    for statement in config.statements("global.username"):
        if statement.args.get("name") != user:
            continue
        kind = str(statement.args.get("type", "0"))
        if passwords.verify_login(password, kind, str(statement.args["password"])):
            return int(str(statement.args.get("level", line_level)))
        return None
    return None
