"""IPv4, UDP and ICMP headers: the outer datagrams a capture sees and the inner packets ESP carries.

Checksums are real (RFC 791, RFC 768, RFC 792) so Wireshark's validation, when switched on, passes.
"""

from __future__ import annotations

import hashlib
import struct
from ipaddress import IPv4Address

PROTO_ICMP = 1
PROTO_UDP = 17
IKE_PORT = 500
NAT_T_PORT = 4500
NON_ESP_MARKER = b"\x00\x00\x00\x00"  # RFC 3948 §2.2: IKE on port 4500
TTL = 255
ICMP_ECHO_REQUEST, ICMP_ECHO_REPLY = 8, 0
ICMP_HEADER = 8
IPV4_HEADER = 20


def checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\x00"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def ipv4(source: IPv4Address, destination: IPv4Address, protocol: int, payload: bytes, ident: int) -> bytes:
    header = struct.pack(
        "!BBHHHBBH4s4s", 0x45, 0, IPV4_HEADER + len(payload), ident & 0xFFFF, 0, TTL, protocol, 0,
        source.packed, destination.packed,
    )
    return header[:10] + struct.pack("!H", checksum(header)) + header[12:] + payload


def udp(source: IPv4Address, sport: int, destination: IPv4Address, dport: int, payload: bytes, ident: int) -> bytes:
    length = 8 + len(payload)
    pseudo = source.packed + destination.packed + struct.pack("!BBH", 0, PROTO_UDP, length)
    segment = struct.pack("!HHHH", sport, dport, length, 0) + payload
    value = checksum(pseudo + segment) or 0xFFFF
    segment = segment[:6] + struct.pack("!H", value) + segment[8:]
    return ipv4(source, destination, PROTO_UDP, segment, ident)


def icmp_echo(source: IPv4Address, destination: IPv4Address, ident: int, sequence: int, size: int, reply: bool) -> bytes:
    """An echo request/reply of `size` octets in all (at least the two headers)."""
    data = bytes((i & 0xFF) for i in range(max(0, size - IPV4_HEADER - ICMP_HEADER)))
    message = struct.pack("!BBHHH", ICMP_ECHO_REPLY if reply else ICMP_ECHO_REQUEST, 0, 0, ident, sequence) + data
    message = message[:2] + struct.pack("!H", checksum(message)) + message[4:]
    return ipv4(source, destination, PROTO_ICMP, message, sequence)


def nat_detection_hash(spi_i: int, spi_r: int, address: IPv4Address, port: int) -> bytes:
    """RFC 7296 §2.23: SHA-1(SPIi | SPIr | IP | Port)."""
    return hashlib.sha1(struct.pack("!QQ4sH", spi_i, spi_r, address.packed, port)).digest()
