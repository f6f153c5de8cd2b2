"""Classic libpcap files (tcpdump's format), written in pure Python.

Global header: magic 0xA1B2C3D4 (microsecond timestamps), version 2.4, snaplen, link type 101
(LINKTYPE_RAW: each record is a bare IPv4 packet). Record header: seconds, microseconds,
captured length, original length. Source: the tcpdump.org pcap file format and link-type pages.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable
from datetime import datetime

PCAP_MAGIC = 0xA1B2C3D4
PCAP_VERSION = (2, 4)
LINKTYPE_RAW = 101
SNAPLEN = 65535


def pcap_bytes(packets: Iterable[tuple[float, bytes]], epoch: datetime) -> bytes:
    """`packets` are (seconds since `epoch`, IPv4 packet) pairs."""
    base = epoch.timestamp()
    out = [struct.pack("<IHHiIII", PCAP_MAGIC, *PCAP_VERSION, 0, 0, SNAPLEN, LINKTYPE_RAW)]
    for at, packet in packets:
        micros = round((base + at) * 1_000_000)
        kept = packet[:SNAPLEN]
        out.append(struct.pack("<IIII", micros // 1_000_000, micros % 1_000_000, len(kept), len(packet)))
        out.append(kept)
    return b"".join(out)
