"""ESP (RFC 4303) in UDP (RFC 3948) with the child SA's keys: AES-CBC + HMAC, or AES-GCM (RFC 4106).

Tunnel mode: the protected payload is a whole inner IPv4 packet (next header 4). A receiver
checks the SPI, the ICV, the padding and the anti-replay window (64 packets) before it believes
a packet; failures raise WireError and are counted by the caller.
"""

from __future__ import annotations

import hmac
import struct
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from iosxe_sim.engine.ikev2_crypto import Encryption, Integrity
from iosxe_sim.engine.wire.codec import WireError

NEXT_HEADER_IPV4 = 4
REPLAY_WINDOW = 64
GCM_SALT = 4
GCM_IV = 8
CBC_IV = 16
_SPI_SEQ = struct.Struct("!II")


@dataclass
class EspSa:
    """One direction of a child SA: what the sender seals with and the receiver opens with."""

    spi: int
    encryption: Encryption
    integrity: Integrity | None
    key: bytes = field(repr=False)
    auth_key: bytes = field(repr=False)
    sequence: int = 0  # last sequence number sent
    highest: int = 0  # highest sequence number received
    window: int = 0  # bitmap of received numbers below `highest`
    _aead: AESGCM | None = field(default=None, repr=False)
    _aes: algorithms.AES | None = field(default=None, repr=False)  # the key, checked once per SA

    def __post_init__(self) -> None:
        if not self.encryption.cipher.startswith("AES"):
            raise ValueError(f"{self.encryption.display}: only AES is spoken on the wire")
        if self.encryption.is_aead:
            self._aead = AESGCM(self.key[:-GCM_SALT])
        elif self.integrity is None:
            raise ValueError("ESP with a CBC cipher needs an integrity algorithm")
        else:
            self._aes = algorithms.AES(self.key)

    def seal(self, inner: bytes, iv: bytes) -> bytes:
        self.sequence += 1
        head = _SPI_SEQ.pack(self.spi, self.sequence)
        if self._aead is not None:
            pad = -(len(inner) + 2) % 4
            plain = inner + bytes(range(1, pad + 1)) + bytes([pad, NEXT_HEADER_IPV4])
            return head + iv + self._aead.encrypt(self.key[-GCM_SALT:] + iv, plain, head)
        assert self.integrity is not None
        pad = -(len(inner) + 2) % 16
        plain = inner + bytes(range(1, pad + 1)) + bytes([pad, NEXT_HEADER_IPV4])
        encryptor = Cipher(self._aes, modes.CBC(iv)).encryptor()
        packet = head + iv + encryptor.update(plain) + encryptor.finalize()
        return packet + hmac.digest(self.auth_key, packet, self.integrity.value)[: self.integrity.icv_length]

    def open(self, packet: bytes) -> bytes:
        """The inner packet; WireError for a wrong SPI, a bad ICV or padding, or a replay."""
        if len(packet) < 8:
            raise WireError("ESP packet shorter than its header")
        spi, sequence = _SPI_SEQ.unpack_from(packet)
        if spi != self.spi:
            raise WireError(f"ESP SPI 0x{spi:08X} unknown", 11)  # INVALID_SPI
        if sequence == 0 or not self._fresh(sequence):
            raise WireError(f"ESP sequence number {sequence} replayed or too old")
        if self._aead is not None:
            if len(packet) < 8 + GCM_IV + 16 + 4:
                raise WireError("ESP packet too short")
            iv = packet[8 : 8 + GCM_IV]
            try:
                plain = self._aead.decrypt(self.key[-GCM_SALT:] + iv, packet[8 + GCM_IV :], packet[:8])
            except InvalidTag as exc:
                raise WireError("ESP ICV does not verify") from exc
        else:
            assert self.integrity is not None
            icv = self.integrity.icv_length
            size = len(packet) - 8 - CBC_IV - icv
            if size < 16 or size % 16:
                raise WireError("ESP payload is not a whole number of blocks")
            expected = hmac.digest(self.auth_key, packet[:-icv], self.integrity.value)[:icv]
            if not hmac.compare_digest(expected, packet[-icv:]):
                raise WireError("ESP ICV does not verify")
            decryptor = Cipher(self._aes, modes.CBC(packet[8 : 8 + CBC_IV])).decryptor()
            plain = decryptor.update(packet[8 + CBC_IV : -icv]) + decryptor.finalize()
        pad, next_header = plain[-2], plain[-1]
        if next_header != NEXT_HEADER_IPV4 or pad + 2 > len(plain):
            raise WireError("ESP trailer is malformed")
        self._accept(sequence)
        return plain[: len(plain) - pad - 2]

    def _fresh(self, sequence: int) -> bool:
        if sequence > self.highest:
            return True
        behind = self.highest - sequence
        return behind < REPLAY_WINDOW and not (self.window >> behind) & 1

    def _accept(self, sequence: int) -> None:
        """Slide the window once the packet verified (RFC 4303 §3.4.3)."""
        if sequence > self.highest:
            shift = sequence - self.highest
            self.window = ((self.window << shift) | 1) & ((1 << REPLAY_WINDOW) - 1)
            self.highest = sequence
        else:
            self.window |= 1 << (self.highest - sequence)
