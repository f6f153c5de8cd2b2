"""IOS-XE Embedded Packet Capture: `monitor capture NAME ...`, `show monitor capture ...`.

A capture point lives on the device (EXEC-only, never in the running-config, as on IOS) and taps
the gateway's interface through the engine's CapturePoint. Filters are predicates over the IPv4
packet: `match any`, `match ipv4 [protocol P] SRC DST`, or an access list read live from the
running-config (first matching entry decides, implicit deny). Messages: docs/capture.md.
"""

from __future__ import annotations

from collections.abc import Callable
from ipaddress import IPv4Address, IPv4Network
from typing import TYPE_CHECKING

from iosxe_sim.commands.registry import exec_handler
from iosxe_sim.config.model import Statement
from iosxe_sim.engine.capture import CapturePoint, Direction
from iosxe_sim.flash import FlashError, file_name
from iosxe_sim.parser.match import Args
from iosxe_sim.render.capture import buffer_brief, buffer_detailed, buffer_dump, capture_status

if TYPE_CHECKING:
    from iosxe_sim.session import Session

NO_SUCH_POINT = "Capture point {} does not exist\n"
PROTOCOL_NUMBERS = {"icmp": 1, "tcp": 6, "udp": 17, "esp": 50}
Match = Callable[[bytes], bool]


def _point(session: Session, name: str) -> CapturePoint:
    captures = session.device.captures
    if name not in captures:
        device = session.device
        captures[name] = CapturePoint(name, on_stop=lambda: device.syslog(f"%BUFCAP-6-DISABLE: Capture Point {name} disabled."))
    return captures[name]



@exec_handler("capture.interface")
def attach(session: Session, args: Args) -> str:
    point = _point(session, str(args["name"]))
    if point.active:
        return "Capture point is active, cannot modify\n"
    point.interface = str(args["ifname"])
    point.direction = Direction(str(args["direction"]))
    return ""


def _set_filter(session: Session, point: CapturePoint, match: Match, text: str) -> str:
    if point.active:
        return "Capture point is active, cannot modify\n"

    def apply(answer: str = "") -> str:
        if answer.lower() not in ("", "y", "yes"):
            return ""
        point.match, point.match_text = match, text
        return ""

    if point.match is not None:
        return session.ask("A filter is already attached to the capture . Replace with specified filter?[confirm]", apply)
    return apply()


def _endpoint(args: Args, side: str) -> tuple[str, Callable[[IPv4Address], bool]]:
    if f"{side}_host" in args:
        host = IPv4Address(str(args[f"{side}_host"]))
        return f"host {host}", lambda address: address == host
    if f"{side}_net" in args:
        network = IPv4Network(str(args[f"{side}_net"]), strict=False)
        return str(network), lambda address: address in network
    return "any", lambda address: True


@exec_handler("capture.match")
def match(session: Session, args: Args) -> str:
    point = _point(session, str(args["name"]))
    if "any" in args:
        return _set_filter(session, point, lambda packet: True, "any")
    protocol = str(args.get("protocol", "any"))
    number = PROTOCOL_NUMBERS.get(protocol)
    source_text, source = _endpoint(args, "src")
    destination_text, destination = _endpoint(args, "dst")

    def matches(packet: bytes) -> bool:
        return ((number is None or packet[9] == number) and source(IPv4Address(packet[12:16]))
                and destination(IPv4Address(packet[16:20])))

    return _set_filter(session, point, matches, f"ipv4 {protocol} {source_text} {destination_text}")


@exec_handler("capture.access_list")
def access_list(session: Session, args: Args) -> str:
    point = _point(session, str(args["name"]))
    name = str(args["acl"])
    device = session.device

    def matches(packet: bytes) -> bool:
        acl = device.view().access_lists.get(name)
        if acl is None:
            return False
        for entry in acl.entries:
            if "remark" in entry.args:
                continue
            if _entry_matches(entry, packet, acl.extended):
                return entry.args.get("action") == "permit"
        return False

    return _set_filter(session, point, matches, f"acl {name}")


def _address_matches(args: dict, any_key: str, host_key: str, address_key: str, wildcard_key: str,
                     address: IPv4Address) -> bool:
    if any_key in args:
        return True
    if host_key in args:
        return address == IPv4Address(str(args[host_key]))
    base = int(IPv4Address(str(args[address_key])))
    wildcard = int(IPv4Address(str(args.get(wildcard_key, "0.0.0.0"))))
    return int(address) & ~wildcard == base & ~wildcard


def _entry_matches(entry: Statement, packet: bytes, extended: bool) -> bool:
    args = entry.args
    source, destination = IPv4Address(packet[12:16]), IPv4Address(packet[16:20])
    if not extended:
        return _address_matches(args, "any", "host", "address", "wildcard", source)
    protocol = str(args.get("protocol", "ip"))
    number = int(str(args["protonum"])) if "protonum" in args else PROTOCOL_NUMBERS.get(protocol)
    if protocol != "ip" and number != packet[9]:
        return False
    return (_address_matches(args, "srcany", "srchost", "src", "srcwild", source)
            and _address_matches(args, "dstany", "dsthost", "dst", "dstwild", destination))


@exec_handler("capture.buffer")
def buffer(session: Session, args: Args) -> str:
    point = _point(session, str(args["name"]))
    if point.active:
        return "Capture point is active, cannot modify\n"
    point.buffer_mb = int(str(args["size"]))
    return ""


@exec_handler("capture.limit")
def limit(session: Session, args: Args) -> str:
    point = _point(session, str(args["name"]))
    if point.active:
        return "Capture point is active, cannot modify\n"
    if "packets" in args:
        point.limit_packets = int(str(args["packets"]))
    else:
        point.limit_duration = int(str(args["duration"]))
    return ""


@exec_handler("capture.action")
def action(session: Session, args: Args) -> str:
    name, verb = str(args["name"]), str(args["action"])
    point = session.device.captures.get(name)
    if point is None:
        return NO_SUCH_POINT.format(name)
    network = session.device.gateway.network
    if verb == "start":
        if not point.ready:
            return "Please associate capture point with interface/control plane and filter\n"
        if not point.active:
            point.start(network, session.device.clock)
            session.device.syslog(f"%BUFCAP-6-ENABLE: Capture Point {name} enabled.")
        return ""
    if verb == "stop":
        was_active = point.active
        point.stop(network)
        return f"Stopped capture point : {name}\n" if was_active else f"Capture point {name} not active\n"
    point.clear()
    return ""


@exec_handler("capture.export")
def export(session: Session, args: Args) -> str:
    name, target = str(args["name"]), str(args["file"])
    point = session.device.captures.get(name)
    if point is None:
        return NO_SUCH_POINT.format(name)
    try:
        flash_file = file_name(target)
    except FlashError as exc:
        return f"%Error opening {target} ({exc})\n"
    if flash_file is None:
        return f"%Error opening {target} (Invalid argument): only bootflash: is reachable here\n"
    try:
        session.device.flash[flash_file] = point.pcap(session.device.clock)
    except FlashError as exc:
        return f"%Error opening bootflash:/{flash_file} ({exc})\n"
    return "Exported Successfully\n"


@exec_handler("capture.remove")
def remove(session: Session, args: Args) -> str:
    name = str(args["name"])
    point = session.device.captures.pop(name, None)
    if point is None:
        return NO_SUCH_POINT.format(name)
    point.stop(session.device.gateway.network)
    return ""


@exec_handler("show.monitor_capture")
def show_capture(session: Session, args: Args) -> str:
    captures = session.device.captures
    if "name" in args:
        name = str(args["name"])
        if name not in captures:
            return NO_SUCH_POINT.format(name)
        return capture_status([captures[name]])
    return capture_status([captures[n] for n in sorted(captures)])


@exec_handler("show.monitor_capture_buffer")
def show_buffer(session: Session, args: Args) -> str:
    name = str(args["name"])
    point = session.device.captures.get(name)
    if point is None:
        return NO_SUCH_POINT.format(name)
    view = str(args.get("view", "brief"))
    if view == "dump":
        return buffer_dump(point)
    if view == "detailed":
        return buffer_detailed(point)
    return buffer_brief(point)
