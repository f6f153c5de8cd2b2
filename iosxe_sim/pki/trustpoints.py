"""A trustpoint resolved for use: its certificates parsed from the running-config's hex dumps and
its RSA key pair found in the key store — what the show commands print and IKE_AUTH signs with."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from cryptography import x509

from iosxe_sim.config.views import ChainCertificate, Trustpoint
from iosxe_sim.pki import certificates
from iosxe_sim.pki.keys import KeyStore, RsaKeyPair


@dataclass(frozen=True)
class StoredCertificate:
    entry: ChainCertificate
    certificate: x509.Certificate | None  # None: the hex dump is not an X.509 certificate
    der: bytes

    @property
    def is_ca(self) -> bool:
        return self.entry.kind == "ca"


@dataclass(frozen=True)
class ResolvedTrustpoint:
    trustpoint: Trustpoint
    key: RsaKeyPair | None
    stored: tuple[StoredCertificate, ...]

    @property
    def name(self) -> str:
        return self.trustpoint.name

    @property
    def router_certificate(self) -> StoredCertificate | None:
        """The router's own certificate (`certificate 02` or `certificate self-signed 01`)."""
        return next((s for s in self.stored if not s.is_ca and s.certificate is not None), None)

    @property
    def ca_certificates(self) -> list[StoredCertificate]:
        return [s for s in self.stored if s.is_ca and s.certificate is not None]

    def signing_problem(self) -> str | None:
        """Why IKE_AUTH cannot sign with this trustpoint (None: it can)."""
        router = self.router_certificate
        if router is None or router.certificate is None:
            return f"trustpoint {self.name} has no router certificate"
        if self.key is None:
            return f"trustpoint {self.name} has no RSA key pair {self.trustpoint.key_label}"
        if router.certificate.public_key().public_numbers() != self.key.private_key.public_key().public_numbers():
            return f"the certificate of trustpoint {self.name} is not for key pair {self.key.label}"
        return None


@lru_cache(maxsize=256)
def _parse(hex_digits: str) -> tuple[x509.Certificate | None, bytes]:
    try:
        der = certificates.der_from_hex(hex_digits)
    except ValueError:
        return None, b""
    try:
        return certificates.load(der), der
    except ValueError:
        return None, der


def resolve(trustpoint: Trustpoint, keys: KeyStore) -> ResolvedTrustpoint:
    stored = tuple(StoredCertificate(entry, *_parse(entry.hex)) for entry in trustpoint.chain)
    return ResolvedTrustpoint(trustpoint, keys.get(trustpoint.key_label), stored)
