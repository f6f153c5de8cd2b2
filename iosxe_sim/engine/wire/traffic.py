"""Synthetic user traffic inside the tunnel: ICMP echoes between a client and an inside host.

Emulator-defined traffic generator (docs/wire.md): the first two octets of an echo request's data
say how long the inside host's reply is (0: no reply), so `lab client X traffic` can model
asymmetric flows while every packet stays a well-formed IPv4/ICMP packet.
"""

from __future__ import annotations

import struct
from ipaddress import IPv4Address

from iosxe_sim.engine.wire import ip

MIN_PACKET = ip.IPV4_HEADER + ip.ICMP_HEADER + 2
ECHO_IDENT = 0x1CE5


def echo_request(source: IPv4Address, host: IPv4Address, sequence: int, size: int, reply_size: int) -> bytes:
    packet = bytearray(ip.icmp_echo(source, host, ECHO_IDENT, sequence & 0xFFFF, max(size, MIN_PACKET), False))
    offset = ip.IPV4_HEADER + ip.ICMP_HEADER
    packet[offset : offset + 2] = struct.pack("!H", reply_size)
    icmp = bytes(packet[ip.IPV4_HEADER :])
    icmp = icmp[:2] + b"\x00\x00" + icmp[4:]
    packet[ip.IPV4_HEADER + 2 : ip.IPV4_HEADER + 4] = struct.pack("!H", ip.checksum(icmp))
    return bytes(packet)


def inside_reply(request: bytes) -> bytes | None:
    """The inside host's echo reply to a tunnelled echo request, None when none is wanted."""
    if len(request) < MIN_PACKET or request[9] != ip.PROTO_ICMP or request[ip.IPV4_HEADER] != ip.ICMP_ECHO_REQUEST:
        return None
    offset = ip.IPV4_HEADER + ip.ICMP_HEADER
    (size,) = struct.unpack_from("!H", request, offset)
    if size == 0:
        return None
    source, host = IPv4Address(request[12:16]), IPv4Address(request[16:20])
    ident, sequence = struct.unpack_from("!HH", request, ip.IPV4_HEADER + 4)
    return ip.icmp_echo(host, source, ident, sequence, max(size, ip.IPV4_HEADER + ip.ICMP_HEADER), True)
