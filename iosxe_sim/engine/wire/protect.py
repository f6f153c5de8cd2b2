"""The Encrypted payload (SK, RFC 7296 §3.14) with the negotiated algorithms and real keys.

AES-CBC: a random 16-octet IV, pad to the block, encrypt; the ICV is HMAC(SK_a, header through
ciphertext) truncated per RFC 4868. AES-GCM (RFC 5282): 8-octet IV, nonce = 4-octet salt (the
last 4 octets of SK_e) | IV, AAD = IKE header | SK generic header, 16-octet ICV, no padding.
The original initiator sends with SK_ei/SK_ai, the responder with SK_er/SK_ar, whoever asks.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, CipherContext, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from iosxe_sim.engine.ikev2_crypto import Encryption, IkeKeys, Integrity, KeyedMac
from iosxe_sim.engine.wire.codec import (
    FLAG_INITIATOR,
    FLAG_RESPONSE,
    GENERIC,
    HEADER,
    HEADER_LENGTH,
    IKE_VERSION,
    SK,
    Header,
    Payload,
    WireError,
    decode_header,
    decode_payloads,
    encode_payloads,
)

GCM_SALT = 4
GCM_IV = 8
CBC_IV = 16
BLOCK = 16
AUTHENTICATION_FAILED = 24


@dataclass(slots=True)
class SkDirection:
    """One direction's encryption and integrity keys, with what every message needs of them
    (the AEAD object, the AES key schedule, the keyed HMAC and ICV length) worked out once per SA."""

    encryption: Encryption
    integrity: Integrity | None
    sk_e: bytes = field(repr=False)
    sk_a: bytes = field(repr=False)
    _aead: AESGCM | None = field(default=None, repr=False)
    _aes: algorithms.AES | None = field(default=None, repr=False)
    _cbc: CipherContext | None = field(default=None, repr=False)  # one running CBC encryption (seal)
    _chain: bytes = field(default=bytes(BLOCK), repr=False)  # _cbc's last ciphertext block
    _ecb: CipherContext | None = field(default=None, repr=False)  # AES block decryption (open)
    _salt: bytes = field(default=b"", repr=False)
    _mac: KeyedMac | None = field(default=None, repr=False)
    _icv: int = 0

    def __post_init__(self) -> None:
        if not self.encryption.cipher.startswith("AES"):
            raise ValueError(f"{self.encryption.display}: only AES is spoken on the wire")
        if self.encryption.is_aead:
            self._aead = AESGCM(self.sk_e[:-GCM_SALT])
            self._salt = self.sk_e[-GCM_SALT:]
        elif self.integrity is None:
            raise ValueError("a CBC cipher needs an integrity algorithm")
        else:
            self._aes = algorithms.AES(self.sk_e)
            self._mac, self._icv = KeyedMac(self.sk_a, self.integrity.value), self.integrity.icv_length

    @property
    def iv_length(self) -> int:
        return GCM_IV if self._aead is not None else CBC_IV

    def sealed_length(self, inner: int) -> int:
        """Octets of the SK payload body (IV, ciphertext, ICV) for `inner` octets of payloads."""
        if self._aead is not None:
            return GCM_IV + inner + 1 + 16
        return CBC_IV + (inner + 1 + BLOCK - 1) // BLOCK * BLOCK + self._icv

    def seal(self, prefix: bytes, inner: bytes, iv: bytes) -> bytes:
        """`prefix` is the IKE header + SK generic header (lengths from `sealed_length`); returns
        the whole message."""
        if self._aead is not None:
            return prefix + iv + self._aead.encrypt(self._salt + iv, inner + b"\x00", prefix)
        pad = (BLOCK - (len(inner) + 1) % BLOCK) % BLOCK
        plain = inner + bytes(pad) + bytes((pad,))
        # One CBC context runs across the SA's messages, chaining from its last ciphertext block:
        # XOR-ing that block and this message's IV into the first plaintext block gives what a
        # fresh CBC context with this IV would (C1 = E(P1 ^ IV)), without a new context per message.
        if self._cbc is None:
            self._cbc = Cipher(self._aes, modes.CBC(self._chain)).encryptor()
        first = int.from_bytes(plain[:BLOCK], "big") ^ int.from_bytes(iv, "big") ^ int.from_bytes(self._chain, "big")
        ciphertext = self._cbc.update(first.to_bytes(BLOCK, "big") + plain[BLOCK:])
        self._chain = ciphertext[-BLOCK:]
        message = prefix + iv + ciphertext
        assert self._mac is not None
        return message + self._mac(message)[: self._icv]

    def open(self, data: bytes, sk_offset: int) -> bytes:
        """The decrypted inner payload chain; WireError when the ICV or padding is wrong."""
        body = sk_offset + 4
        if self._aead is not None:
            if len(data) - body < GCM_IV + 16 + 1:
                raise WireError("Encrypted payload too short")
            iv = data[body : body + GCM_IV]
            try:
                plain = self._aead.decrypt(self._salt + iv, data[body + GCM_IV :], data[:body])
            except InvalidTag as exc:
                raise WireError("ICV does not verify", AUTHENTICATION_FAILED) from exc
        else:
            icv = self._icv
            size = len(data) - body - CBC_IV - icv
            if size < BLOCK or size % BLOCK:
                raise WireError("Encrypted payload is not a whole number of blocks")
            assert self._mac is not None
            expected = self._mac(data[:-icv])[:icv]
            if not hmac.compare_digest(expected, data[-icv:]):
                raise WireError("ICV does not verify", AUTHENTICATION_FAILED)
            # CBC decryption: each decrypted block XOR the ciphertext block before it (the IV
            # before the first), so one ECB context serves every message of the SA.
            if self._ecb is None:
                self._ecb = Cipher(self._aes, modes.ECB()).decryptor()
            blocks = self._ecb.update(data[body + CBC_IV : -icv])
            chained = int.from_bytes(data[body : len(data) - icv - BLOCK], "big")
            plain = (int.from_bytes(blocks, "big") ^ chained).to_bytes(len(blocks), "big")
        pad = plain[-1]
        if pad + 1 > len(plain):
            raise WireError("pad length runs past the plaintext")
        return plain[: len(plain) - pad - 1]


@dataclass(slots=True)
class IkeSaWire:
    """One end's view of an IKE SA on the wire: SPIs, role, and both directions' keys."""

    spi_i: int
    spi_r: int
    initiator: bool  # this end is the IKE SA's original initiator
    outbound: SkDirection
    inbound: SkDirection

    @classmethod
    def from_keys(
        cls, spi_i: int, spi_r: int, initiator: bool, encryption: Encryption,
        integrity: Integrity | None, keys: IkeKeys,
    ) -> IkeSaWire:
        i_to_r = SkDirection(encryption, integrity, keys.sk_ei, keys.sk_ai)
        r_to_i = SkDirection(encryption, integrity, keys.sk_er, keys.sk_ar)
        return cls(spi_i, spi_r, initiator, *((i_to_r, r_to_i) if initiator else (r_to_i, i_to_r)))

    def seal(
        self, exchange: int, message_id: int, response: bool, payloads: list[Payload], iv: bytes
    ) -> bytes:
        inner = encode_payloads(payloads)
        sk_length = 4 + self.outbound.sealed_length(len(inner))
        flags = (FLAG_INITIATOR if self.initiator else 0) | (FLAG_RESPONSE if response else 0)
        prefix = HEADER.pack(
            self.spi_i, self.spi_r, SK, IKE_VERSION, exchange, flags, message_id, HEADER_LENGTH + sk_length
        ) + GENERIC.pack(payloads[0][0] if payloads else 0, 0, sk_length)
        return self.outbound.seal(prefix, inner, iv)

    @property
    def iv_length(self) -> int:
        return self.outbound.iv_length

    def open(self, data: bytes) -> tuple[Header, list[Payload]]:
        """Check the frame, the SPIs and the ICV, then decode the inner payloads."""
        header = decode_header(data)
        if header[0] != self.spi_i or header[1] != self.spi_r:
            raise WireError("SPIs of another IKE SA", 4)  # INVALID_IKE_SPI
        if bool(header[4] & FLAG_INITIATOR) == self.initiator:
            raise WireError("the I flag says this end sent it")
        outer, inner_first = decode_payloads(header[2], data, HEADER_LENGTH)
        if inner_first < 0 or len(outer) != 1:
            raise WireError("a protected exchange without (only) an Encrypted payload")
        plain = self.inbound.open(data, len(data) - len(outer[0][1]) - 4)
        payloads, nested = decode_payloads(inner_first, plain)
        if nested >= 0:
            raise WireError("an Encrypted payload inside an Encrypted payload")
        return header, payloads
