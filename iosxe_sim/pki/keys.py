"""RSA key pairs as IOS keeps them: by label, in NVRAM's private-config, never in the running-config.

A seeded device makes its keys from its seed (a prime search fed by the seeded source, so a
transcript under ``--seed`` is reproducible); an unseeded one asks ``cryptography`` for them.
The private-config text is PEM (PKCS#8) blocks, each after a line naming its label and birth.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

PUBLIC_EXPONENT = 65537
MODULUS_RANGE = (512, 4096)  # IOS-XE 17: `crypto key generate rsa modulus (512-4096)`
DEFAULT_MODULUS = 2048  # the default IOS-XE 17 proposes ("How many bits in the modulus [2048]")
_HEADER = "! iosxe-sim private-config: RSA key pairs by label (IOS keeps them in nvram:private-config)"
_SMALL_PRIMES = [p for p in range(3, 2000) if all(p % d for d in range(2, int(p**0.5) + 1))]


@dataclass(frozen=True)
class RsaKeyPair:
    label: str
    private_key: rsa.RSAPrivateKey = field(repr=False)
    generated: datetime  # `% Key pair was generated at: ...`
    exportable: bool = False

    @property
    def modulus(self) -> int:
        return self.private_key.key_size

    def public_der(self) -> bytes:
        """SubjectPublicKeyInfo DER: what `show crypto key mypubkey rsa` dumps as Key Data."""
        return self.private_key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )


@dataclass
class KeyStore:
    keys: dict[str, RsaKeyPair] = field(default_factory=dict)
    generation: int = 0  # bumped on every change (what was derived from an older store is stale)

    def get(self, label: str) -> RsaKeyPair | None:
        return self.keys.get(label)

    def put(self, pair: RsaKeyPair) -> None:
        self.keys[pair.label] = pair
        self.generation += 1

    def to_text(self) -> str:
        out = [_HEADER]
        for pair in self.keys.values():
            pem = pair.private_key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            ).decode("ascii")
            kind = "exportable" if pair.exportable else "non-exportable"
            out.append(f"key {pair.label} {pair.generated.isoformat()} {kind}")
            out.append(pem.rstrip("\n"))
        return "\n".join(out) + "\n"

    @classmethod
    def from_text(cls, text: str) -> KeyStore:
        """Read a private-config; raises ValueError on anything that is not one."""
        store = cls()
        lines = text.splitlines()
        index = 0
        while index < len(lines):
            line = lines[index].strip()
            index += 1
            if not line or line.startswith("!"):
                continue
            words = line.split()
            if len(words) != 4 or words[0] != "key":
                raise ValueError(f"private-config line {index}: expected 'key LABEL TIME KIND'")
            end = next((n for n in range(index, len(lines)) if lines[n].startswith("-----END")), None)
            if end is None:
                raise ValueError(f"private-config line {index}: key {words[1]} has no PEM block")
            key = _private_key("\n".join(lines[index : end + 1]).encode("ascii"))
            generated = datetime.fromisoformat(words[2])
            store.keys[words[1]] = RsaKeyPair(words[1], key, generated, words[3] == "exportable")
            index = end + 1
        return store


@lru_cache(maxsize=64)
def _private_key(pem: bytes) -> rsa.RSAPrivateKey:
    """A PEM private key, parsed (and checked, ~40 ms for RSA-2048) once per process: every device
    boots with the same lab key. Key objects are immutable, so devices may share them."""
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError("private-config: a key that is not an RSA key")  # noqa: TRY004 - bad file content, not a caller's type error
    return key


def generate_rsa(bits: int, seed: bytes | None) -> rsa.RSAPrivateKey:
    """A new RSA private key of ``bits``; reproducible from ``seed`` when one is given."""
    if seed is None:
        return rsa.generate_private_key(public_exponent=PUBLIC_EXPONENT, key_size=bits)
    draw = random.Random(seed)
    while True:
        p = _prime(bits - bits // 2, draw)
        q = _prime(bits // 2, draw)
        n = p * q
        if p != q and n.bit_length() == bits:
            break
    lam = math.lcm(p - 1, q - 1)
    d = pow(PUBLIC_EXPONENT, -1, lam)
    public = rsa.RSAPublicNumbers(PUBLIC_EXPONENT, n)
    numbers = rsa.RSAPrivateNumbers(
        p, q, d, rsa.rsa_crt_dmp1(d, p), rsa.rsa_crt_dmq1(d, q), rsa.rsa_crt_iqmp(p, q), public
    )
    return numbers.private_key()


def _prime(bits: int, draw: random.Random) -> int:
    """A random prime of exactly ``bits`` bits (top two bits set, so p*q has the full length)."""
    while True:
        candidate = draw.getrandbits(bits) | (3 << (bits - 2)) | 1
        if any(candidate % p == 0 for p in _SMALL_PRIMES):
            continue
        if (candidate - 1) % PUBLIC_EXPONENT == 0:
            continue
        if _probably_prime(candidate, draw):
            return candidate


def _probably_prime(n: int, draw: random.Random, rounds: int = 24) -> bool:
    """Miller-Rabin with random bases (error below 4**-24)."""
    d, s = n - 1, 0
    while d % 2 == 0:
        d, s = d // 2, s + 1
    for _ in range(rounds):
        x = pow(draw.randrange(2, n - 1), d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True
