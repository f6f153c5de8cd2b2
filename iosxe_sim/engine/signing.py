"""The gateway's certificate authentication (`authentication local rsa-sig`): RSA signatures over
the RFC 7296 §2.15 signed octets, sent with the trustpoint's certificates in CERT payloads.

AUTH method 1, RSA Digital Signature: RSASSA-PKCS1-v1_5 with SHA-1 (RFC 7296 §3.8; the hash is
SHA-1 for method 1, as RFC 7427 §1 recalls), the method IOS prints as `Auth sign: RSA` and
Wireshark decodes as "RSA Digital Signature". RFC 7427's method 14 would need its ASN.1
algorithm prefix and a peer that announces SIGNATURE_HASH_ALGORITHMS; method 1 needs neither.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from iosxe_sim.engine.handshake import SaInitRequest, SaInitResponse
from iosxe_sim.engine.ikev2_auth import signed_octets
from iosxe_sim.engine.ikev2_crypto import IkeKeys
from iosxe_sim.engine.wire.codec import Payload, PayloadType
from iosxe_sim.engine.wire.payloads import AuthMethod, encode_auth, payload
from iosxe_sim.pki.certificates import verify_chain

CERT_ENCODING_X509_SIGNATURE = 4  # RFC 7296 §3.6: "X.509 Certificate - Signature"


@dataclass(frozen=True)
class Signer:
    """What a trustpoint signs with: its key pair and its chain (router certificate first)."""

    trustpoint: str
    key: rsa.RSAPrivateKey
    chain: tuple[bytes, ...]

    def payloads(self, octets: bytes) -> list[Payload]:
        """CERT payloads (the router certificate, then its CA's) and the AUTH payload."""
        signature = self.key.sign(octets, padding.PKCS1v15(), hashes.SHA1())
        certs = [payload(PayloadType.CERT, bytes([CERT_ENCODING_X509_SIGNATURE]) + der) for der in self.chain]
        return [*certs, payload(PayloadType.AUTH, encode_auth(AuthMethod.RSA_SIGNATURE, signature))]


def responder_octets(request: SaInitRequest, response: SaInitResponse, keys: IkeKeys, idr_body: bytes) -> bytes:
    """The responder's signed octets: RealMessage2 | NonceIData | prf(SK_pr, RestOfIDr)."""
    return signed_octets(response.raw, request.nonce, response.choice.prf, keys.sk_pr, idr_body)


@lru_cache(maxsize=64)
def _certificate(der: bytes) -> x509.Certificate:
    return x509.load_der_x509_certificate(der)


def verify_gateway(cert_bodies: list[bytes], auth_body: bytes, octets: bytes,
                   anchors: tuple[x509.Certificate, ...], now: datetime) -> str | None:
    """The client's check of the gateway: AUTH is method 1 and verifies with the first certificate's
    key, and that certificate chains (through the others) to a trusted CA. None: it does."""
    if not cert_bodies or any(not body or body[0] != CERT_ENCODING_X509_SIGNATURE for body in cert_bodies):
        return "the gateway sent no X.509 certificate"
    try:
        chain = [_certificate(body[1:]) for body in cert_bodies]
    except ValueError:
        return "the gateway's certificate does not parse"
    if len(auth_body) < 5 or auth_body[0] != AuthMethod.RSA_SIGNATURE:
        return "the gateway's AUTH is not an RSA signature"
    public = chain[0].public_key()
    if not isinstance(public, rsa.RSAPublicKey):
        return "the gateway's certificate has no RSA key"
    try:
        public.verify(auth_body[4:], octets, padding.PKCS1v15(), hashes.SHA1())
    except InvalidSignature:
        return "the gateway's AUTH signature does not verify"
    check = verify_chain(chain[0], chain[1:], list(anchors), now)
    return None if check.ok else f"the gateway's certificate is not trusted: {check.reason}"
