"""IKEv2 cryptography for real: Diffie-Hellman, prf/prf+ and key derivation (what IKE_AUTH
proves with those keys is in ikev2_auth.py).

References: RFC 7296 §2.13-2.14 and §2.17 (prf+, SKEYSEED, KEYMAT), RFC 2409/3526/5114 (MODP
groups), RFC 5903 (ECP groups: KE data and shared secret), RFC 6989 (peer public value checks),
RFC 4868/5282 (key and ICV sizes). MODP arithmetic uses Python's pow(): it is exact, deterministic
given the private value, and independent of `cryptography`'s deprecated finite-field DH.
"""

from __future__ import annotations

import hashlib
import hmac
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from enum import Enum, IntEnum
from typing import Self

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from iosxe_sim.engine.randomness import RandomSource


def _hex(text: str) -> int:
    return int("".join(text.split()), 16)


# RFC 2409 §6 (groups 1, 2), RFC 3526 (groups 5, 14, 15, 16): safe primes, generator 2.
_MODP_768_P = _hex(
    """
    FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD
    EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A63A3620FFFFFFFFFFFFFFFF
    """
)
_MODP_1024_P = _hex(
    """
    FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD
    EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED
    EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381FFFFFFFFFFFFFFFF
    """
)
_MODP_1536_P = _hex(
    """
    FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD
    EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED
    EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F
    83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA237327FFFFFFFFFFFFFFFF
    """
)
_MODP_2048_P = _hex(
    """
    FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD
    EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED
    EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F
    83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B
    E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510
    15728E5A8AACAA68FFFFFFFFFFFFFFFF
    """
)
_MODP_3072_P = _hex(
    """
    FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD
    EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED
    EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F
    83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B
    E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510
    15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7
    ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C
    BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF
    """
)
_MODP_4096_P = _hex(
    """
    FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD
    EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED
    EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F
    83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B
    E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510
    15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7
    ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C
    BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A92108011A723C12A787E6D7
    88719A10BDBA5B2699C327186AF4E23C1A946834B6150BDA2583E9CA2AD44CE8DBBBC2DB04DE8EF92E8EFC141FBECAA6
    287C59474E6BC05D99B2964FA090C3A2233BA186515BE7ED1F612970CEE2D7AFB81BDD762170481CD0069127D5B05AA9
    93B4EA988D8FDDC186FFB7DC90A6C08F4DF435C934063199FFFFFFFFFFFFFFFF
    """
)
# RFC 5114 §2.3 (group 24): prime, generator of the subgroup, subgroup order.
_MODP_2048_256_P = _hex(
    """
    87A8E61DB4B6663CFFBBD19C651959998CEEF608660DD0F25D2CEED4435E3B00E00DF8F1D61957D4FAF7DF4561B2AA30
    16C3D91134096FAA3BF4296D830E9A7C209E0C6497517ABD5A8A9D306BCF67ED91F9E6725B4758C022E0B1EF4275BF7B
    6C5BFC11D45F9088B941F54EB1E59BB8BC39A0BF12307F5C4FDB70C581B23F76B63ACAE1CAA6B7902D52526735488A0E
    F13C6D9A51BFA4AB3AD8347796524D8EF6A167B5A41825D967E144E5140564251CCACB83E6B486F6B3CA3F7971506026
    C0B857F689962856DED4010ABD0BE621C3A3960A54E710C375F26375D7014103A4B54330C198AF126116D2276E11715F
    693877FAD7EF09CADB094AE91E1A1597
    """
)
_MODP_2048_256_G = _hex(
    """
    3FB32C9B73134D0B2E77506660EDBD484CA7B18F21EF205407F4793A1A0BA12510DBC15077BE463FFF4FED4AAC0BB555
    BE3A6C1B0C6B47B1BC3773BF7E8C6F62901228F8C28CBB18A55AE31341000A650196F931C77A57F2DDF463E5E9EC144B
    777DE62AAAB8A8628AC376D282D6ED3864E67982428EBC831D14348F6F2F9193B5045AF2767164E1DFC967C1FB3F2E55
    A4BD1BFFE83B9C80D052B985D182EA0ADB2A3B7313D3FE14C8484B1E052588B9B7D2BBD2DF016199ECD06E1557CD0915
    B3353BBB64E0EC377FD028370DF92B52C7891428CDC67EB6184B523D1DB246C32F63078490F00EF8D647D148D4795451
    5E2327CFEF98C582664B4C0F6CC41659
    """
)
_MODP_2048_256_Q = _hex(
    """
    8CF83642A709A097B447997640129DA299B1A47D1EB3750BA308B0FE64F5FBD3
    """
)

# Exponent size for the safe-prime groups: at least twice each group's strength (RFC 3526 §8).
_MODP_EXPONENT_BITS = 512


class InvalidPublicValue(ValueError):
    """The peer's KE payload data is not a valid public value of the negotiated group."""


class DhGroup(IntEnum):
    """Diffie-Hellman groups of `crypto ikev2 proposal` → `group`, by IANA number."""

    MODP_768 = 1
    MODP_1024 = 2
    MODP_1536 = 5
    MODP_2048 = 14
    MODP_3072 = 15
    MODP_4096 = 16
    ECP_256 = 19
    ECP_384 = 20
    ECP_521 = 21
    MODP_2048_256 = 24

    @property
    def public_length(self) -> int:
        """Octets of KE payload data: the prime's length (MODP) or x || y (ECP, RFC 5903 §7)."""
        if self in _CURVES:
            return 2 * _CURVES[self].coordinate_length
        return _MODP[self].length


@dataclass(frozen=True)
class _ModpParams:
    p: int
    g: int
    q: int | None  # order of g's subgroup; only the RFC 5114 group has a small one

    @property
    def length(self) -> int:
        return (self.p.bit_length() + 7) // 8


@dataclass(frozen=True)
class _Curve:
    curve: ec.EllipticCurve
    order: int
    coordinate_length: int


_MODP: dict[DhGroup, _ModpParams] = {
    DhGroup.MODP_768: _ModpParams(_MODP_768_P, 2, None),
    DhGroup.MODP_1024: _ModpParams(_MODP_1024_P, 2, None),
    DhGroup.MODP_1536: _ModpParams(_MODP_1536_P, 2, None),
    DhGroup.MODP_2048: _ModpParams(_MODP_2048_P, 2, None),
    DhGroup.MODP_3072: _ModpParams(_MODP_3072_P, 2, None),
    DhGroup.MODP_4096: _ModpParams(_MODP_4096_P, 2, None),
    DhGroup.MODP_2048_256: _ModpParams(_MODP_2048_256_P, _MODP_2048_256_G, _MODP_2048_256_Q),
}

# Curve orders from FIPS 186-4 Appendix D.1.2.
_CURVES: dict[DhGroup, _Curve] = {
    DhGroup.ECP_256: _Curve(
        ec.SECP256R1(), _hex("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551"), 32
    ),
    DhGroup.ECP_384: _Curve(
        ec.SECP384R1(),
        _hex(
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973"
        ),
        48,
    ),
    DhGroup.ECP_521: _Curve(
        ec.SECP521R1(),
        _hex(
            """
            01FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF
            FA51868783BF2F966B7FCC0148F709A5D03BB5C9B8899C47AEBB6FB71E91386409
            """
        ),
        66,
    ),
}


class DhKeyPair(ABC):
    """One side's ephemeral Diffie-Hellman key for one exchange."""

    def __init__(self, group: DhGroup) -> None:
        self.group = group

    @abstractmethod
    def public_bytes(self) -> bytes:
        """The KE payload's key exchange data."""

    @abstractmethod
    def shared_secret(self, peer_public: bytes) -> bytes:
        """g^ir as RFC 7296 §2.14 feeds it to SKEYSEED; raises InvalidPublicValue."""

    def _check_length(self, peer_public: bytes) -> None:
        if len(peer_public) != self.group.public_length:
            raise InvalidPublicValue(
                f"DH group {self.group.value}: public value is {len(peer_public)} octets, "
                f"expected {self.group.public_length}"
            )


class _ModpKeyPair(DhKeyPair):
    def __init__(self, group: DhGroup, private: int) -> None:
        super().__init__(group)
        self._params = _MODP[group]
        self._private = private
        self._public = pow(self._params.g, private, self._params.p).to_bytes(self._params.length, "big")

    def public_bytes(self) -> bytes:
        return self._public

    def shared_secret(self, peer_public: bytes) -> bytes:
        """Checks from RFC 6989 §2: 1 < y < p-1, and y^q = 1 for the prime-order subgroup group."""
        self._check_length(peer_public)
        params = self._params
        y = int.from_bytes(peer_public, "big")
        if not 1 < y < params.p - 1:
            raise InvalidPublicValue(f"DH group {self.group.value}: public value out of range")
        if params.q is not None and pow(y, params.q, params.p) != 1:
            raise InvalidPublicValue(f"DH group {self.group.value}: public value outside the subgroup")
        return pow(y, self._private, params.p).to_bytes(params.length, "big")


class _EcKeyPair(DhKeyPair):
    def __init__(self, group: DhGroup, private: int) -> None:
        super().__init__(group)
        self._curve = _CURVES[group].curve
        self._key = ec.derive_private_key(private, self._curve)
        point = self._key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        self._public = point[1:]  # drop the 0x04 "uncompressed" prefix: KE data is x || y

    def public_bytes(self) -> bytes:
        return self._public

    def shared_secret(self, peer_public: bytes) -> bytes:
        """The x coordinate of the shared point (RFC 5903 §9); the point must lie on the curve."""
        self._check_length(peer_public)
        try:
            peer = ec.EllipticCurvePublicKey.from_encoded_point(self._curve, b"\x04" + peer_public)
        except ValueError as exc:
            message = f"DH group {self.group.value}: public value is not on the curve"
            raise InvalidPublicValue(message) from exc
        return self._key.exchange(ec.ECDH(), peer)


def generate_key_pair(group: DhGroup, rng: RandomSource) -> DhKeyPair:
    """A fresh key pair whose private value comes from `rng` (reproducible when it is seeded)."""
    if group in _CURVES:
        return _EcKeyPair(group, 1 + rng.randbelow(_CURVES[group].order - 1))
    params = _MODP[group]
    if params.q is not None:
        return _ModpKeyPair(group, 1 + rng.randbelow(params.q - 1))
    return _ModpKeyPair(group, 2 + rng.randbelow(2**_MODP_EXPONENT_BITS - 2))


class Prf(Enum):
    """`prf` keywords of `crypto ikev2 proposal`; member names are how IOS prints them."""

    output_length: int

    MD5 = ("md5", 16)
    SHA1 = ("sha1", 20)
    SHA256 = ("sha256", 32)
    SHA384 = ("sha384", 48)
    SHA512 = ("sha512", 64)

    __hash__ = object.__hash__  # members are singletons: hash in C (Enum hashes the name in Python)

    def __new__(cls, keyword: str, output_length: int) -> Self:
        member = object.__new__(cls)
        member._value_ = keyword
        member.output_length = output_length
        return member

    def mac(self, key: bytes, data: bytes) -> bytes:
        """HMAC with this PRF's hash (the keyword is also hashlib's name for it)."""
        return hmac.digest(key, data, self._value_)


class Integrity(Enum):
    """`integrity` keywords of `crypto ikev2 proposal` (RFC 7296 §3.3.2, RFC 4868 §2.6).

    `display` is the IOS spelling in `show crypto ikev2 proposal` (SHA96 for HMAC-SHA1-96).
    """

    display: str
    key_length: int
    icv_length: int

    MD5 = ("md5", "MD596", 16, 12)  # AUTH_HMAC_MD5_96
    SHA1 = ("sha1", "SHA96", 20, 12)  # AUTH_HMAC_SHA1_96
    SHA256 = ("sha256", "SHA256", 32, 16)  # AUTH_HMAC_SHA2_256_128
    SHA384 = ("sha384", "SHA384", 48, 24)  # AUTH_HMAC_SHA2_384_192
    SHA512 = ("sha512", "SHA512", 64, 32)  # AUTH_HMAC_SHA2_512_256

    __hash__ = object.__hash__  # members are singletons: hash in C (Enum hashes the name in Python)

    def __new__(cls, keyword: str, display: str, key_length: int, icv_length: int) -> Self:
        member = object.__new__(cls)
        member._value_ = keyword
        member.display = display
        member.key_length = key_length
        member.icv_length = icv_length
        return member


class Encryption(Enum):
    """`encryption` keywords of `crypto ikev2 proposal`.

    `cipher` and `key_bits` are IOS's `Encr: AES-CBC, keysize: 256`. `key_length` is what prf+ yields
    per direction; for AES-GCM that is the key plus a 4-octet salt (RFC 5282 §7.1). `icv_length` is
    the AEAD tag (16-octet ICV, ENCR_AES_GCM_16), 0 for the CBC ciphers.
    """

    cipher: str
    key_bits: int
    key_length: int
    icv_length: int

    AES_CBC_128 = ("aes-cbc-128", "AES-CBC", 128, 16, 0)
    AES_CBC_192 = ("aes-cbc-192", "AES-CBC", 192, 24, 0)
    AES_CBC_256 = ("aes-cbc-256", "AES-CBC", 256, 32, 0)
    AES_GCM_128 = ("aes-gcm-128", "AES-GCM", 128, 20, 16)
    AES_GCM_256 = ("aes-gcm-256", "AES-GCM", 256, 36, 16)
    TRIPLE_DES = ("3des", "3DES", 192, 24, 0)
    DES = ("des", "DES", 64, 8, 0)

    __hash__ = object.__hash__  # members are singletons: hash in C (Enum hashes the name in Python)

    def __new__(
        cls, keyword: str, cipher: str, key_bits: int, key_length: int, icv_length: int
    ) -> Self:
        member = object.__new__(cls)
        member._value_ = keyword
        member.cipher = cipher
        member.key_bits = key_bits
        member.key_length = key_length
        member.icv_length = icv_length
        return member

    @property
    def display(self) -> str:
        """The IOS spelling in `show crypto ikev2 proposal`, e.g. AES-CBC-256."""
        return self.value.upper()

    @property
    def is_aead(self) -> bool:
        return self.icv_length > 0


_IPAD = bytes(x ^ 0x36 for x in range(256))  # RFC 2104's pads, as bytes.translate tables
_OPAD = bytes(x ^ 0x5C for x in range(256))


class KeyedMac:
    """HMAC (RFC 2104) with one key, for a key that MACs many messages (an SA's SK_a, prf+'s key):
    the keyed inner and outer hash states are made once, so each message costs two hash updates
    from copies of them rather than a key schedule and two hash set-ups. Same octets as hmac."""

    __slots__ = ("_inner", "_outer")

    def __init__(self, key: bytes, digest: str) -> None:
        inner = hashlib.new(digest)
        if len(key) > inner.block_size:
            key = hashlib.new(digest, key).digest()
        key = key.ljust(inner.block_size, b"\x00")
        inner.update(key.translate(_IPAD))
        self._inner, self._outer = inner, hashlib.new(digest, key.translate(_OPAD))

    def __call__(self, data: bytes) -> bytes:
        inner = self._inner.copy()
        inner.update(data)
        outer = self._outer.copy()
        outer.update(inner.digest())
        return outer.digest()


def prf(prf: Prf, key: bytes, data: bytes) -> bytes:
    return prf.mac(key, data)


def prf_plus(prf: Prf, key: bytes, seed: bytes, length: int) -> bytes:
    """RFC 7296 §2.13: T1 = prf(K, S | 0x01), Tn = prf(K, Tn-1 | S | n); the first `length` octets."""
    if not 0 <= length <= 255 * prf.output_length:
        raise ValueError(f"prf+ with {prf.name} yields 0 to {255 * prf.output_length} octets, not {length}")
    mac = KeyedMac(key, prf.value)
    stream = bytearray()
    block = b""
    counter = 1
    while len(stream) < length:
        block = mac(block + seed + bytes([counter]))
        stream += block
        counter += 1
    return bytes(stream[:length])


def _split(stream: bytes, lengths: tuple[int, ...]) -> list[bytes]:
    parts = []
    offset = 0
    for length in lengths:
        parts.append(stream[offset : offset + length])
        offset += length
    return parts


@dataclass(frozen=True)
class IkeKeys:
    """The IKE SA secrets of RFC 7296 §2.14; left out of repr so they can never reach a log."""

    sk_d: bytes = field(repr=False)
    sk_ai: bytes = field(repr=False)
    sk_ar: bytes = field(repr=False)
    sk_ei: bytes = field(repr=False)
    sk_er: bytes = field(repr=False)
    sk_pi: bytes = field(repr=False)
    sk_pr: bytes = field(repr=False)


@dataclass(frozen=True)
class ChildKeys:
    """Child SA keys (RFC 7296 §2.17), named by the direction of the traffic they protect."""

    encr_i2r: bytes = field(repr=False)
    integ_i2r: bytes = field(repr=False)
    encr_r2i: bytes = field(repr=False)
    integ_r2i: bytes = field(repr=False)


def derive_ike_keys(
    prf: Prf,
    ni: bytes,
    nr: bytes,
    g_ir: bytes,
    spi_i: int,
    spi_r: int,
    encr_key_len: int,
    integ_key_len: int,
) -> IkeKeys:
    """SKEYSEED = prf(Ni | Nr, g^ir); SK_* = prf+(SKEYSEED, Ni | Nr | SPIi | SPIr).

    HMAC PRFs take the whole Ni | Nr as key (the truncation rule is for fixed-key-size PRFs).
    Pass integ_key_len=0 for AEAD ciphers.
    """
    return _sk_keys(prf, prf.mac(ni + nr, g_ir), ni, nr, spi_i, spi_r, encr_key_len, integ_key_len)


def derive_rekeyed_ike_keys(
    prf: Prf, sk_d_old: bytes, g_ir: bytes, ni: bytes, nr: bytes, spi_i: int, spi_r: int,
    encr_key_len: int, integ_key_len: int,
) -> IkeKeys:
    """RFC 7296 §2.18: SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr), then prf+ as in §2.14."""
    skeyseed = prf.mac(sk_d_old, g_ir + ni + nr)
    return _sk_keys(prf, skeyseed, ni, nr, spi_i, spi_r, encr_key_len, integ_key_len)


def _sk_keys(
    prf: Prf, skeyseed: bytes, ni: bytes, nr: bytes, spi_i: int, spi_r: int, encr_key_len: int, integ_key_len: int
) -> IkeKeys:
    prf_len = prf.output_length
    lengths = (prf_len, integ_key_len, integ_key_len, encr_key_len, encr_key_len, prf_len, prf_len)
    seed = ni + nr + spi_i.to_bytes(8, "big") + spi_r.to_bytes(8, "big")
    return IkeKeys(*_split(prf_plus(prf, skeyseed, seed, sum(lengths)), lengths))


def derive_child_keys(
    prf: Prf,
    sk_d: bytes,
    ni: bytes,
    nr: bytes,
    encr_key_len: int,
    integ_key_len: int,
    g_ir_new: bytes = b"",
) -> ChildKeys:
    """KEYMAT = prf+(SK_d, [g^ir (new)] | Ni | Nr); initiator-to-responder keys first, and in each
    direction the encryption key before the integrity key. `g_ir_new` only with PFS."""
    lengths = (encr_key_len, integ_key_len, encr_key_len, integ_key_len)
    return ChildKeys(*_split(prf_plus(prf, sk_d, g_ir_new + ni + nr, sum(lengths)), lengths))
