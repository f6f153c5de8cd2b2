"""IKE_SA_INIT messages in RFC 7296 wire format.

The reconnect AUTH signs the initiator's first message (RealMessage1, RFC 7296 §2.15), so the
client and the gateway need the same octets: both encode them here. Only what IKE_SA_INIT carries
in this simulation is encoded: header, SA (one proposal per cipher family), KE and Nonce.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from iosxe_sim.engine.ikev2_crypto import DhGroup, Encryption, Integrity, Prf

IKE_VERSION = 0x20  # major 2, minor 0
EXCHANGE_IKE_SA_INIT = 34
FLAG_INITIATOR = 0x08
FLAG_RESPONSE = 0x20
PAYLOAD_NONE, PAYLOAD_SA, PAYLOAD_KE, PAYLOAD_NONCE = 0, 33, 34, 40
PROTOCOL_IKE = 1
TRANSFORM_ENCR, TRANSFORM_PRF, TRANSFORM_INTEG, TRANSFORM_DH = 1, 2, 3, 4
ATTRIBUTE_KEY_LENGTH = 0x800E  # AF bit set, attribute type 14 (RFC 7296 §3.3.5)

# IANA "IKEv2 Transform Attribute" registries.
ENCR_IDS = {
    Encryption.DES: 2,
    Encryption.TRIPLE_DES: 3,
    Encryption.AES_CBC_128: 12,
    Encryption.AES_CBC_192: 12,
    Encryption.AES_CBC_256: 12,
    Encryption.AES_GCM_128: 20,
    Encryption.AES_GCM_256: 20,
}
PRF_IDS = {Prf.MD5: 1, Prf.SHA1: 2, Prf.SHA256: 5, Prf.SHA384: 6, Prf.SHA512: 7}
INTEG_IDS = {
    Integrity.MD5: 1,
    Integrity.SHA1: 2,
    Integrity.SHA256: 12,
    Integrity.SHA384: 13,
    Integrity.SHA512: 14,
}


@dataclass(frozen=True)
class ProposalTransforms:
    encryption: tuple[Encryption, ...]
    prf: tuple[Prf, ...]
    integrity: tuple[Integrity, ...]
    groups: tuple[DhGroup, ...]


def _transform(kind: int, ident: int, key_bits: int | None, last: bool) -> bytes:
    attributes = b"" if key_bits is None else struct.pack("!HH", ATTRIBUTE_KEY_LENGTH, key_bits)
    return struct.pack("!BBHBBH", 0 if last else 3, 0, 8 + len(attributes), kind, 0, ident) + attributes


def _proposal(number: int, transforms: ProposalTransforms, last: bool) -> bytes:
    items: list[tuple[int, int, int | None]] = []
    for cipher in transforms.encryption:
        key_bits = cipher.key_bits if cipher.cipher.startswith("AES") else None
        items.append((TRANSFORM_ENCR, ENCR_IDS[cipher], key_bits))
    items += [(TRANSFORM_PRF, PRF_IDS[p], None) for p in transforms.prf]
    items += [(TRANSFORM_INTEG, INTEG_IDS[i], None) for i in transforms.integrity]
    items += [(TRANSFORM_DH, int(g), None) for g in transforms.groups]
    body = b"".join(_transform(k, i, b, n == len(items) - 1) for n, (k, i, b) in enumerate(items))
    header = struct.pack("!BBHBBBB", 0 if last else 2, 0, 8 + len(body), number, PROTOCOL_IKE, 0, len(items))
    return header + body


def _payload(next_payload: int, body: bytes) -> bytes:
    return struct.pack("!BBH", next_payload, 0, 4 + len(body)) + body


def encode_sa_init(
    spi_i: int,
    spi_r: int,
    response: bool,
    proposals: tuple[ProposalTransforms, ...],
    group: DhGroup,
    ke_data: bytes,
    nonce: bytes,
) -> bytes:
    """IKE header | SA | KE | Nonce, message id 0."""
    sa_body = b"".join(_proposal(n + 1, p, n == len(proposals) - 1) for n, p in enumerate(proposals))
    payloads = (
        _payload(PAYLOAD_KE, sa_body)
        + _payload(PAYLOAD_NONCE, struct.pack("!HH", int(group), 0) + ke_data)
        + _payload(PAYLOAD_NONE, nonce)
    )
    flags = FLAG_RESPONSE if response else FLAG_INITIATOR
    header = struct.pack(
        "!QQBBBBII", spi_i, spi_r, PAYLOAD_SA, IKE_VERSION, EXCHANGE_IKE_SA_INIT, flags, 0, 28 + len(payloads)
    )
    return header + payloads


def offer_proposals(
    encryption: tuple[Encryption, ...],
    prf: tuple[Prf, ...],
    integrity: tuple[Integrity, ...],
    groups: tuple[DhGroup, ...],
) -> tuple[ProposalTransforms, ...]:
    """AEAD ciphers and the others go in separate proposals: AEAD takes no integrity (RFC 5282 §8)."""
    aead = tuple(c for c in encryption if c.is_aead)
    plain = tuple(c for c in encryption if not c.is_aead)
    proposals = []
    if aead:
        proposals.append(ProposalTransforms(aead, prf, (), groups))
    if plain:
        proposals.append(ProposalTransforms(plain, prf, integrity, groups))
    return tuple(proposals)
