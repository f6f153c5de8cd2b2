"""The IKEv2 message frame: header and the generic payload chain (RFC 7296 §3.1-3.2).

`decode_message` checks every length before it trusts it; anything that does not add up raises
WireError (INVALID_SYNTAX on the wire), never IndexError or struct.error.
"""

from __future__ import annotations

import struct
from enum import IntEnum
from typing import NamedTuple

IKE_VERSION = 0x20  # major 2, minor 0
FLAG_INITIATOR = 0x08
FLAG_RESPONSE = 0x20
HEADER = struct.Struct("!QQBBBBII")
HEADER_LENGTH = HEADER.size  # 28
GENERIC = struct.Struct("!BBH")
CRITICAL = 0x80
MAX_MESSAGE = 65535


class WireError(ValueError):
    """A message that does not parse or does not verify; `notify` is the error to answer with."""

    def __init__(self, message: str, notify: int = 7) -> None:  # 7 = INVALID_SYNTAX
        super().__init__(message)
        self.notify = notify


class Exchange(IntEnum):
    IKE_SA_INIT = 34
    IKE_AUTH = 35
    CREATE_CHILD_SA = 36
    INFORMATIONAL = 37


class PayloadType(IntEnum):
    """IANA "IKEv2 Payload Types" (RFC 7296 §3.2)."""

    NONE = 0
    SA = 33
    KE = 34
    IDI = 35
    IDR = 36
    CERT = 37
    CERTREQ = 38
    AUTH = 39
    NONCE = 40
    NOTIFY = 41
    DELETE = 42
    VENDOR_ID = 43
    TSI = 44
    TSR = 45
    SK = 46
    CP = 47
    EAP = 48


KNOWN_PAYLOADS = frozenset(int(p) for p in PayloadType) - {0}
SK = int(PayloadType.SK)


class Header(NamedTuple):
    spi_i: int
    spi_r: int
    next_payload: int
    exchange: int
    flags: int
    message_id: int
    length: int

    @property
    def is_response(self) -> bool:
        return bool(self.flags & FLAG_RESPONSE)

    @property
    def from_initiator(self) -> bool:
        """Sent by the IKE SA's original initiator (RFC 7296 §3.1, I flag)."""
        return bool(self.flags & FLAG_INITIATOR)


class Payload(NamedTuple):
    """One payload of a chain (a tuple: a message builds and reads dozens of them)."""

    kind: int
    body: bytes


def flags_for(initiator: bool, response: bool) -> int:
    return (FLAG_INITIATOR if initiator else 0) | (FLAG_RESPONSE if response else 0)


def encode_payloads(payloads: list[Payload] | tuple[Payload, ...], last_next: int = 0) -> bytes:
    """The chain: each generic header names the type of the payload after it."""
    pack = GENERIC.pack
    parts = []
    following = last_next
    for kind, body in reversed(payloads):
        parts.append(body)
        parts.append(pack(following, 0, 4 + len(body)))
        following = kind
    parts.reverse()
    return b"".join(parts)


def encode_header(
    spi_i: int, spi_r: int, first: int, exchange: int, flags: int, message_id: int, length: int
) -> bytes:
    return HEADER.pack(spi_i, spi_r, first, IKE_VERSION, exchange, flags, message_id, length)


def encode_message(
    spi_i: int, spi_r: int, exchange: int, flags: int, message_id: int, payloads: list[Payload]
) -> bytes:
    """A whole unencrypted message (IKE_SA_INIT, or an unprotected error notify)."""
    body = encode_payloads(payloads)
    first = payloads[0].kind if payloads else 0
    return encode_header(spi_i, spi_r, first, exchange, flags, message_id, HEADER_LENGTH + len(body)) + body


def decode_header(data: bytes) -> Header:
    if len(data) < HEADER_LENGTH:
        raise WireError(f"{len(data)} octets: shorter than an IKE header")
    spi_i, spi_r, first, version, exchange, flags, message_id, length = HEADER.unpack_from(data)
    if version >> 4 != 2:
        raise WireError(f"IKE major version {version >> 4}", notify=5)  # INVALID_MAJOR_VERSION
    if length != len(data):
        raise WireError(f"header length {length}, datagram {len(data)} octets")
    return Header(spi_i, spi_r, first, exchange, flags, message_id, length)


def decode_payloads(first: int, data: bytes, offset: int = 0, end: int | None = None) -> tuple[list[Payload], int]:
    """Walk the chain from `offset`; returns the payloads and where an SK payload's body starts
    (-1 if none). An SK payload must be the last one (RFC 7296 §3.14)."""
    end = len(data) if end is None else end
    payloads: list[Payload] = []
    unpack = GENERIC.unpack_from
    kind = first
    while kind != 0:
        if offset + 4 > end:
            raise WireError("payload header runs past the message")
        following, flags, length = unpack(data, offset)
        if length < 4 or offset + length > end:
            raise WireError(f"payload length {length} out of range")
        if flags & CRITICAL and kind not in KNOWN_PAYLOADS:
            raise WireError(f"unsupported critical payload {kind}", notify=1)  # UNSUPPORTED_CRITICAL_PAYLOAD
        payloads.append(Payload(kind, data[offset + 4 : offset + length]))
        if kind == SK:
            if offset + length != end:
                raise WireError("the Encrypted payload is not the last payload")
            return payloads, following
        offset += length
        kind = following
    if offset != end:
        raise WireError(f"{end - offset} octets after the last payload")
    return payloads, -1
