"""Every random value the engine needs, from one source.

With a seed the source is `random.Random` (reproducible runs for tests and labs); without one it is
the operating system's CSPRNG via `secrets`, which is what session tokens deserve in real use.
"""

from __future__ import annotations

import hashlib
import random
import secrets
import string
from dataclasses import dataclass, field

SESSION_ID_LENGTH = 18  # docs/emulator-decisions.md: 18 letters, like the seed's rIUHKccDRiUtFTATwq
SESSION_TOKEN_BYTES = 32
NONCE_BYTES = 32
EPHEMERAL_PORT_FIRST = 49152
EPHEMERAL_PORT_COUNT = 65536 - EPHEMERAL_PORT_FIRST
IV_KEY_BYTES = 32
SPI32_FIRST = 256  # IPsec SPIs 1-255 are reserved by IANA (RFC 4303 §2.1)


class RandomSource:
    def __init__(self, seed: int | None = None) -> None:
        self._rng: random.Random = random.Random(seed) if seed is not None else secrets.SystemRandom()

    def token_bytes(self, n: int) -> bytes:
        if n < 0:
            raise ValueError(f"byte count must be non-negative, got {n}")
        return self._rng.randbytes(n)

    def randbelow(self, n: int) -> int:
        """A uniform integer in [0, n)."""
        if n <= 0:
            raise ValueError(f"upper bound must be positive, got {n}")
        return self._rng.randrange(n)

    def spi64(self) -> int:
        """A nonzero IKE SPI."""
        return 1 + self.randbelow(2**64 - 1)

    def spi32(self) -> int:
        """An ESP SPI outside the IANA-reserved range 0-255."""
        return SPI32_FIRST + self.randbelow(2**32 - SPI32_FIRST)

    def session_id(self) -> str:
        choice = self._rng.choice  # the same draws as randbelow(52) per letter
        return "".join([choice(string.ascii_letters) for _ in range(SESSION_ID_LENGTH)])

    def session_token(self) -> bytes:
        return self.token_bytes(SESSION_TOKEN_BYTES)

    def port(self) -> int:
        """An ephemeral UDP source port (IANA dynamic range)."""
        return EPHEMERAL_PORT_FIRST + self.randbelow(EPHEMERAL_PORT_COUNT)

    def nonce(self) -> bytes:
        return self.token_bytes(NONCE_BYTES)

    def iv_stream(self) -> IvStream:
        return IvStream(self.token_bytes(IV_KEY_BYTES))


@dataclass(slots=True)
class IvStream:
    """The IVs one end of one IKE SA puts in its messages: a keyed hash of a message counter, so
    unpredictable without the key (CBC needs that) and never repeated (GCM needs that). Each SA has
    its own, so the IVs of one tunnel take nothing from another's random numbers, and skipping n of
    them is one addition (folded keepalives, Gateway.absorb_keepalives, rely on both)."""

    key: bytes = field(repr=False)
    counter: int = 0

    def next(self, n: int) -> bytes:
        self.counter += 1
        return hashlib.blake2b(self.counter.to_bytes(16, "big"), key=self.key, digest_size=n).digest()

    def skip(self, count: int) -> None:
        self.counter += count
