"""Payload bodies (RFC 7296 §3.3-3.16): what each payload type carries, both ways.

Decoders raise WireError on anything short or inconsistent. The Cisco-private numbers the
emulator needs (CP attributes for the reconnect session id and token, the refusal-reason notify)
are named here and listed in docs/wire.md as emulator-defined.
"""

from __future__ import annotations

import struct
from enum import IntEnum
from functools import lru_cache
from ipaddress import IPv4Address, IPv4Network
from typing import NamedTuple

from iosxe_sim.engine.wire.codec import Payload, PayloadType, WireError


class Notify(IntEnum):
    """IANA "IKEv2 Notify Message Types" (RFC 7296 §3.10.1, RFC 7383 for fragmentation)."""

    UNSUPPORTED_CRITICAL_PAYLOAD = 1
    INVALID_IKE_SPI = 4
    INVALID_MAJOR_VERSION = 5
    INVALID_SYNTAX = 7
    INVALID_MESSAGE_ID = 9
    INVALID_SPI = 11
    NO_PROPOSAL_CHOSEN = 14
    INVALID_KE_PAYLOAD = 17
    AUTHENTICATION_FAILED = 24
    INTERNAL_ADDRESS_FAILURE = 36
    TS_UNACCEPTABLE = 38
    INITIAL_CONTACT = 16384
    NAT_DETECTION_SOURCE_IP = 16388
    NAT_DETECTION_DESTINATION_IP = 16389
    REKEY_SA = 16393
    IKEV2_FRAGMENTATION_SUPPORTED = 16430
    # Emulator-defined, in the private-use status range 40960-65535 (docs/wire.md): the reason
    # behind an AUTHENTICATION_FAILED, so the simulated client can tell its user.
    IOSXE_SIM_REFUSAL_REASON = 40961


ERROR_NOTIFY_LIMIT = 16384  # types below are errors (RFC 7296 §3.10.1)


class Protocol(IntEnum):
    IKE = 1
    AH = 2
    ESP = 3


class TransformType(IntEnum):
    ENCR = 1
    PRF = 2
    INTEG = 3
    DH = 4
    ESN = 5


class AuthMethod(IntEnum):
    RSA_SIGNATURE = 1
    SHARED_KEY = 2
    DIGITAL_SIGNATURE = 14


class CfgType(IntEnum):
    CFG_REQUEST = 1
    CFG_REPLY = 2


class CfgAttribute(IntEnum):
    """RFC 7296 §3.15.1, RFC 8598 (DNS domain); the private-use ones are emulator-defined."""

    INTERNAL_IP4_ADDRESS = 1
    INTERNAL_IP4_NETMASK = 2
    INTERNAL_IP4_DNS = 3
    APPLICATION_VERSION = 7
    INTERNAL_IP4_SUBNET = 13
    INTERNAL_DNS_DOMAIN = 25
    RECONNECT_SESSION_ID = 20000  # emulator-defined (private use 16384-32767)
    RECONNECT_SESSION_TOKEN = 20001  # emulator-defined (private use 16384-32767)
    ANYCONNECT_PROFILE = 20002  # emulator-defined: the client profile XML the gateway hands out


TS_IPV4_ADDR_RANGE = 7
ATTRIBUTE_KEY_LENGTH = 0x800E  # AF bit + attribute type 14 (RFC 7296 §3.3.5)
CISCO_DELETE_REASON = 0  # no reason data is sent with a Delete


def payload(kind: PayloadType, body: bytes) -> Payload:
    return Payload(int(kind), body)


def _need(body: bytes, length: int, what: str) -> None:
    if len(body) < length:
        raise WireError(f"{what}: {len(body)} octets, at least {length} expected")


# -- SA -----------------------------------------------------------------------------------------
class Transform(NamedTuple):
    kind: int
    ident: int
    key_bits: int | None = None


class Proposal(NamedTuple):
    number: int
    protocol: int
    spi: bytes
    transforms: tuple[Transform, ...]


_PROPOSAL = struct.Struct("!BBHBBBB")
_TRANSFORM = struct.Struct("!BBHBBH")
_KEY_LENGTH = struct.Struct("!HH")


def encode_sa(proposals: tuple[Proposal, ...] | list[Proposal]) -> bytes:
    out = []
    last_proposal = len(proposals) - 1
    for index, (number, protocol, spi, transforms) in enumerate(proposals):
        items = [spi]
        last = len(transforms) - 1
        for t_index, (kind, ident, key_bits) in enumerate(transforms):
            more = 0 if t_index == last else 3
            if key_bits is None:
                items.append(_TRANSFORM.pack(more, 0, 8, kind, 0, ident))
            else:
                items.append(_TRANSFORM.pack(more, 0, 12, kind, 0, ident) + _KEY_LENGTH.pack(ATTRIBUTE_KEY_LENGTH, key_bits))
        body = b"".join(items)
        more = 0 if index == last_proposal else 2
        out.append(_PROPOSAL.pack(more, 0, 8 + len(body), number, protocol, len(spi), len(transforms)))
        out.append(body)
    return b"".join(out)


def decode_sa(body: bytes) -> tuple[Proposal, ...]:
    proposals = []
    offset = 0
    size = len(body)
    more = True
    while more:
        if offset + 8 > size:
            raise WireError(f"proposal: {size - offset} octets, at least 8 expected")
        flag, _, length, number, protocol, spi_size, count = _PROPOSAL.unpack_from(body, offset)
        end = offset + length
        if flag not in (0, 2) or length < 8 + spi_size or end > size:
            raise WireError("malformed proposal substructure")
        cursor = offset + 8 + spi_size
        spi = body[offset + 8 : cursor]
        transforms = []
        for _ in range(count):
            if cursor + 8 > end:
                raise WireError("transform runs past its proposal")
            _, _, t_length, kind, _, ident = _TRANSFORM.unpack_from(body, cursor)
            t_end = cursor + t_length
            if t_length < 8 or t_end > end:
                raise WireError("malformed transform substructure")
            key_bits = None
            attr = cursor + 8
            while attr + 4 <= t_end:
                a_type, a_value = _KEY_LENGTH.unpack_from(body, attr)
                if a_type == ATTRIBUTE_KEY_LENGTH:
                    key_bits = a_value
                attr += 4 if a_type & 0x8000 else 4 + a_value
            transforms.append(Transform(kind, ident, key_bits))
            cursor = t_end
        if cursor != end:
            raise WireError("proposal length does not match its transforms")
        proposals.append(Proposal(number, protocol, spi, tuple(transforms)))
        offset = end
        more = flag == 2
    if offset != size or not proposals:
        raise WireError("SA payload length does not match its proposals")
    return tuple(proposals)


# -- KE, Nonce, ID, AUTH ------------------------------------------------------------------------
def encode_ke(group: int, data: bytes) -> bytes:
    return struct.pack("!HH", group, 0) + data


def decode_ke(body: bytes) -> tuple[int, bytes]:
    _need(body, 4, "KE payload")
    return struct.unpack_from("!H", body)[0], body[4:]


def encode_id(id_type: int, data: bytes) -> bytes:
    return bytes([id_type, 0, 0, 0]) + data


def decode_id(body: bytes) -> tuple[int, bytes]:
    _need(body, 5, "ID payload")
    return body[0], body[4:]


def encode_auth(method: int, data: bytes) -> bytes:
    return bytes([method, 0, 0, 0]) + data


def decode_auth(body: bytes) -> tuple[int, bytes]:
    _need(body, 5, "AUTH payload")
    return body[0], body[4:]


# -- Notify, Delete, Vendor ID --------------------------------------------------------------------
class NotifyPayload(NamedTuple):
    kind: int
    protocol: int = 0
    spi: bytes = b""
    data: bytes = b""

    @property
    def is_error(self) -> bool:
        return self.kind < ERROR_NOTIFY_LIMIT


def encode_notify(n: NotifyPayload) -> bytes:
    return struct.pack("!BBH", n.protocol, len(n.spi), n.kind) + n.spi + n.data


def decode_notify(body: bytes) -> NotifyPayload:
    _need(body, 4, "Notify payload")
    protocol, spi_size, kind = struct.unpack_from("!BBH", body)
    _need(body, 4 + spi_size, "Notify SPI")
    return NotifyPayload(kind, protocol, body[4 : 4 + spi_size], body[4 + spi_size :])


def encode_delete(protocol: int, spis: tuple[bytes, ...]) -> bytes:
    size = len(spis[0]) if spis else 0
    return struct.pack("!BBH", protocol, size, len(spis)) + b"".join(spis)


def decode_delete(body: bytes) -> tuple[int, tuple[bytes, ...]]:
    _need(body, 4, "Delete payload")
    protocol, size, count = struct.unpack_from("!BBH", body)
    if len(body) != 4 + size * count:
        raise WireError("Delete payload length does not match its SPIs")
    return protocol, tuple(body[4 + i * size : 4 + (i + 1) * size] for i in range(count))


# -- Traffic selectors -----------------------------------------------------------------------------
class Selector(NamedTuple):
    start: IPv4Address
    end: IPv4Address
    protocol: int = 0
    start_port: int = 0
    end_port: int = 65535


def encode_ts(selectors: tuple[Selector, ...]) -> bytes:
    out = [struct.pack("!B3x", len(selectors))]
    for s in selectors:
        out.append(struct.pack("!BBHHH", TS_IPV4_ADDR_RANGE, s.protocol, 16, s.start_port, s.end_port))
        out.append(s.start.packed + s.end.packed)
    return b"".join(out)


def decode_ts(body: bytes) -> tuple[Selector, ...]:
    _need(body, 4, "TS payload")
    count = body[0]
    offset = 4
    selectors = []
    for _ in range(count):
        _need(body[offset:], 8, "traffic selector")
        ts_type, protocol, length, start_port, end_port = struct.unpack_from("!BBHHH", body, offset)
        if ts_type != TS_IPV4_ADDR_RANGE or length != 16 or offset + 16 > len(body):
            raise WireError(f"traffic selector type {ts_type} length {length} not supported")
        start = IPv4Address(body[offset + 8 : offset + 12])
        end = IPv4Address(body[offset + 12 : offset + 16])
        selectors.append(Selector(start, end, protocol, start_port, end_port))
        offset += 16
    if offset != len(body):
        raise WireError("TS payload length does not match its selectors")
    return tuple(selectors)


# -- Configuration payload -------------------------------------------------------------------------
class CfgAttr(NamedTuple):
    kind: int
    value: bytes = b""


def encode_cp(cfg_type: int, attributes: tuple[CfgAttr, ...]) -> bytes:
    return struct.pack("!B3x", cfg_type) + encode_attributes(attributes)


def encode_attributes(attributes: tuple[CfgAttr, ...]) -> bytes:
    """Configuration attributes as a CP payload carries them after its 4-octet header."""
    return b"".join(_KEY_LENGTH.pack(a.kind & 0x7FFF, len(a.value)) + a.value for a in attributes)


def decode_cp(body: bytes) -> tuple[int, tuple[CfgAttr, ...]]:
    _need(body, 4, "CP payload")
    attrs = []
    offset = 4
    while offset < len(body):
        _need(body[offset:], 4, "configuration attribute")
        kind, length = struct.unpack_from("!HH", body, offset)
        if offset + 4 + length > len(body):
            raise WireError("configuration attribute runs past the payload")
        attrs.append(CfgAttr(kind & 0x7FFF, body[offset + 4 : offset + 4 + length]))
        offset += 4 + length
    return body[0], tuple(attrs)


def ip4_attr(kind: CfgAttribute, address: IPv4Address) -> CfgAttr:
    return CfgAttr(int(kind), address.packed)


def subnet_attr(network: IPv4Network) -> CfgAttr:
    return CfgAttr(int(CfgAttribute.INTERNAL_IP4_SUBNET), network.network_address.packed + network.netmask.packed)


@lru_cache(maxsize=256)
def decode_subnet(value: bytes) -> IPv4Network:
    """Pure and asked the same few subnets on every connect, so answers are kept."""
    if len(value) != 8:
        raise WireError("INTERNAL_IP4_SUBNET is 8 octets")
    try:
        return IPv4Network((int.from_bytes(value[:4], "big"), str(IPv4Address(value[4:]))))
    except ValueError as exc:
        raise WireError(f"INTERNAL_IP4_SUBNET: {exc}") from exc


def decode_ip4(value: bytes) -> IPv4Address:
    if len(value) != 4:
        raise WireError("an IPv4 attribute is 4 octets")
    return IPv4Address(value)


# -- EAP (RFC 3748 §4) -----------------------------------------------------------------------------
class EapCode(IntEnum):
    REQUEST = 1
    RESPONSE = 2
    SUCCESS = 3
    FAILURE = 4


# AnyConnect-EAP: Cisco's aggregate-auth XML inside an expanded EAP type (RFC 3748 §5.7) with
# Cisco's SMI vendor id 9. The vendor type is not public: emulator-defined (docs/wire.md).
EAP_EXPANDED = 254
CISCO_VENDOR_ID = 9
ANYCONNECT_VENDOR_TYPE = 0xFD


class EapMessage(NamedTuple):
    code: int
    identifier: int
    data: bytes = b""  # the AnyConnect XML of a request or response


def encode_eap(m: EapMessage) -> bytes:
    if m.code in (EapCode.SUCCESS, EapCode.FAILURE):
        return struct.pack("!BBH", m.code, m.identifier, 4)
    header = bytes([EAP_EXPANDED]) + CISCO_VENDOR_ID.to_bytes(3, "big") + ANYCONNECT_VENDOR_TYPE.to_bytes(4, "big")
    return struct.pack("!BBH", m.code, m.identifier, 4 + len(header) + len(m.data)) + header + m.data


def decode_eap(body: bytes) -> EapMessage:
    _need(body, 4, "EAP payload")
    code, identifier, length = struct.unpack_from("!BBH", body)
    if length != len(body) or code not in (1, 2, 3, 4):
        raise WireError("malformed EAP message")
    if code in (EapCode.SUCCESS, EapCode.FAILURE):
        return EapMessage(code, identifier)
    _need(body, 12, "EAP expanded type")
    vendor = int.from_bytes(body[5:8], "big")
    if body[4] != EAP_EXPANDED or vendor != CISCO_VENDOR_ID:
        raise WireError("EAP type is not AnyConnect-EAP")
    return EapMessage(code, identifier, body[12:])
