"""`lab capture ...` (not IOS): Wireshark's key tables on flash, and one-line captures for labs.

`lab capture keys bootflash:NAME` writes `NAME-ikev2_decryption_table` and `NAME-esp_sa`, the two
Wireshark preference files that decrypt every IKE and ESP packet of an exported capture (copy
them into a Wireshark profile under those names). No IOS command shows keys; this is a lab tool.
`lab capture CAP start` is `monitor capture CAP interface <outside> both`, `match any`, `start`;
`lab capture CAP export bootflash:F.pcap` stops it and writes the pcap and both key tables.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iosxe_sim.commands.exec_capture import NO_SUCH_POINT, action, attach, export, match
from iosxe_sim.commands.registry import exec_handler
from iosxe_sim.engine.gateway_config import Refused
from iosxe_sim.flash import FlashError, file_name
from iosxe_sim.parser.match import Args

if TYPE_CHECKING:
    from iosxe_sim.session import Session

TABLES = ("ikev2_decryption_table", "esp_sa")


def write_keys(session: Session, target: str) -> str:
    """Both key tables beside `target` (`bootflash:NAME` or `bootflash:NAME.pcap`)."""
    try:
        name = file_name(target)
    except FlashError as exc:
        return f"% {target}: {exc}\n"
    if name is None:
        return f"% {target}: the key tables go to bootflash:\n"
    stem = name.removesuffix(".pcap")
    keylog = session.device.gateway.keylog
    written = []
    for table, text in zip(TABLES, (keylog.ikev2_decryption_table(), keylog.esp_sa_table()), strict=True):
        try:
            session.device.flash[f"{stem}-{table}"] = text.encode()
        except FlashError as exc:
            return f"% bootflash:{stem}-{table}: {exc}\n"
        written.append(f"bootflash:{stem}-{table}")
    ike, esp = len(keylog.ike), len(keylog.esp)
    return f"{ike} IKE SAs and {esp} ESP SAs written to {' and '.join(written)}\n"


@exec_handler("lab.capture_keys")
def capture_keys(session: Session, args: Args) -> str:
    return write_keys(session, str(args["keyfile"]))


@exec_handler("lab.capture_start")
def capture_start(session: Session, args: Args) -> str:
    name = str(args["capture"])
    try:
        interface = session.device.gateway.port().interface
    except Refused as refused:
        return f"% the gateway has no outside interface ({refused.detail})\n"
    out = attach(session, {"name": name, "ifname": interface, "direction": "both"})
    point = session.device.captures[name]
    if point.match is None:
        out += match(session, {"name": name, "any": "any"})
    return out + action(session, {"name": name, "action": "start"})


@exec_handler("lab.capture_export")
def capture_export(session: Session, args: Args) -> str:
    name, target = str(args["capture"]), str(args["pcapfile"])
    if name not in session.device.captures:
        return NO_SUCH_POINT.format(name)
    out = action(session, {"name": name, "action": "stop"}) if session.device.captures[name].active else ""
    out += export(session, {"name": name, "file": target})
    return out + write_keys(session, target)
