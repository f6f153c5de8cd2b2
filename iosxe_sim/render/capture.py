"""`show monitor capture [NAME]` and `show monitor capture NAME buffer [brief|detailed|dump]`.

Shapes from public IOS-XE captures (docs/capture.md): the status block of a CSR1000v, the
buffer-brief grid of C8000V / CSR1000v routers. `dump` and `detailed` follow IOS's hex-dump layout
(emulator-defined where no sample shows it). Frame sizes count a 14-octet Ethernet header, as a
router's buffer does; timestamps are seconds since the first packet in the buffer.
"""

from __future__ import annotations

from ipaddress import IPv4Address

from iosxe_sim.engine.capture import CapturedPacket, CapturePoint, Direction

ETHERNET_HEADER = 14
PROTOCOLS = {1: "ICMP", 6: "TCP", 17: "UDP", 50: "ESP"}
RULE = " " + "-" * 76 + "\n"
# " #   size   timestamp     source             destination      dscp    protocol"
BRIEF_HEADER = f"{RULE} #   size   timestamp     source             destination      dscp    protocol\n{RULE}"
DSCP_NAMES = {0: "BE", 8: "CS1", 16: "CS2", 24: "CS3", 32: "CS4", 40: "CS5", 46: "EF", 48: "CS6", 56: "CS7",
              10: "AF11", 18: "AF21", 26: "AF31", 34: "AF41"}


def capture_status(points: list[CapturePoint]) -> str:
    return "".join(_status(point) for point in points)


def _status(point: CapturePoint) -> str:
    if point.interface is None:
        target = "   Interface unattached \n"
    else:
        # " Interface: GigabitEthernet1, Direction: IN"
        target = f" Interface: {point.interface}, Direction: {_direction(point.direction)}\n"
    return (
        f"\nStatus Information for Capture {point.name}\n"
        "  Target Type: \n"
        f"{target}"
        f"   Status : {'Active' if point.active else 'Inactive'}\n"
        "  Filter Details: \n"
        f"{_filter(point)}"
        "  Buffer Details: \n"
        "   Buffer Type: LINEAR (default)\n"
        f"   Buffer Size (in MB): {point.buffer_mb}\n"
        "  Limit Details: \n"
        f"   Number of Packets to capture: {_limit(point.limit_packets)}\n"
        f"   Packet Capture duration: {_limit(point.limit_duration)}\n"
        "   Packet Size to capture: 0 (no limit)\n"
        "   Maximum number of packets to capture per second: 1000\n"
        "   Packet sampling rate: 0 (no sampling)\n"
    )


def _direction(direction: Direction) -> str:
    return direction.value.upper()


def _limit(value: int | None) -> str:
    return "0 (no limit)" if value is None else str(value)


def _filter(point: CapturePoint) -> str:
    """`match_text` is what the handler stored: `any`, `acl NAME`, or `ipv4 PROTO SRC DST`."""
    text = point.match_text
    if text is None:
        return "   No filter attached \n"
    if text == "any":
        return "    Capture all packets\n"
    kind, _, rest = text.partition(" ")
    if kind == "acl":
        return f"   Access-list: {rest}\n"
    protocol, source, destination = rest.split(" ", 2)
    return (
        "   IPv4 \n"
        f"    Source IP:  {source}\n"
        f"    Destination IP:  {destination}\n"
        f"   Protocol: {protocol}\n"
    )


def _fields(packet: bytes) -> tuple[str, str, int, str]:
    source, destination = str(IPv4Address(packet[12:16])), str(IPv4Address(packet[16:20]))
    return source, destination, packet[1] >> 2, PROTOCOLS.get(packet[9], str(packet[9]))


def _brief_row(index: int, packet: CapturedPacket, first: float) -> str:
    source, destination, dscp, protocol = _fields(packet.data)
    # "   0  114    0.000000   192.168.0.1      ->  2.2.2.2          0  BE   ICMP"
    return "%4d %4d %11.6f   %-16s ->  %-16s %-2d %-4s %s\n" % (
        index, len(packet.data) + ETHERNET_HEADER, packet.at - first, source, destination, dscp,
        DSCP_NAMES.get(dscp, ""), protocol,
    )


def buffer_brief(point: CapturePoint) -> str:
    first = point.packets[0].at if point.packets else 0.0
    return BRIEF_HEADER + "".join(_brief_row(i, p, first) for i, p in enumerate(point.packets))


def _hex_rows(data: bytes) -> str:
    rows = []
    for offset in range(0, len(data), 16):
        chunk = data[offset : offset + 16]
        words = " ".join(chunk[i : i + 4].hex().upper() for i in range(0, len(chunk), 4))
        text = "".join(chr(b) if 32 <= b < 127 else "." for b in chunk)
        rows.append(f"  {offset:04X}:  {words:<35}   {text}\n")
    return "".join(rows)


def buffer_dump(point: CapturePoint) -> str:
    return "".join(f"{i}\n{_hex_rows(p.data)}\n" for i, p in enumerate(point.packets))


def buffer_detailed(point: CapturePoint) -> str:
    first = point.packets[0].at if point.packets else 0.0
    rows = (f"{_brief_row(i, p, first)}\n{_hex_rows(p.data)}\n" for i, p in enumerate(point.packets))
    return BRIEF_HEADER + "".join(rows)
