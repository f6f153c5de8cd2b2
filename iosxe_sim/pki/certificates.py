"""X.509 certificates as IOS shows and stores them.

The running-config keeps each certificate of a trustpoint's chain as a hex dump (``crypto pki
certificate chain TP`` / `` certificate ca 01`` / eight 4-byte words a line / ``quit``); the show
commands print the fields IOS prints (serial, usage, issuer and subject one RDN a line, validity).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from importlib import resources

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

WORDS_PER_LINE = 8  # `  30820321 30820209 A0030201 ...`: eight 4-byte words a line
# How IOS names the attributes of a DN (`cn=`, `o=`, `hostname=` for unstructuredName ...)
_RDN_NAMES = {
    NameOID.COMMON_NAME: "cn",
    NameOID.ORGANIZATION_NAME: "o",
    NameOID.ORGANIZATIONAL_UNIT_NAME: "ou",
    NameOID.COUNTRY_NAME: "c",
    NameOID.STATE_OR_PROVINCE_NAME: "st",
    NameOID.LOCALITY_NAME: "l",
    NameOID.SERIAL_NUMBER: "serialNumber",
    NameOID.DOMAIN_COMPONENT: "dc",
    NameOID.EMAIL_ADDRESS: "ea",
    NameOID.UNSTRUCTURED_NAME: "hostname",
}


def hex_dump(der: bytes) -> list[str]:
    """The running-config's hex lines of a certificate (uppercase, no trailing blank)."""
    words = [der[n : n + 4].hex().upper() for n in range(0, len(der), 4)]
    return [" ".join(words[n : n + WORDS_PER_LINE]) for n in range(0, len(words), WORDS_PER_LINE)]


def der_from_hex(text: str) -> bytes:
    """The certificate bytes of hex dump lines; raises ValueError if they are not hex."""
    digits = "".join(text.split())
    if len(digits) % 2:
        raise ValueError("odd number of hex digits")
    return bytes.fromhex(digits)


def load(der: bytes) -> x509.Certificate:
    """Parse DER; raises ValueError when it is not an X.509 certificate."""
    return x509.load_der_x509_certificate(der)


def ios_serial(certificate: x509.Certificate) -> str:
    """`Certificate Serial Number (hex): 02`: uppercase, an even number of digits."""
    digits = format(certificate.serial_number, "X")
    return digits.zfill(len(digits) + len(digits) % 2)


def ios_time(moment: datetime) -> str:
    """`00:00:00 UTC Mar 1 2025` (day without a leading zero)."""
    moment = moment.astimezone(UTC)
    return f"{moment:%H:%M:%S} UTC {moment:%b} {moment.day} {moment.year}"


def rdn_lines(name: x509.Name) -> list[str]:
    """One `attr=value` line per attribute, most specific first, as IOS prints a DN."""
    return [f"{_RDN_NAMES.get(a.oid, a.oid.dotted_string)}={a.value}" for a in reversed(list(name))]


def dn_string(name: x509.Name) -> str:
    """`cn=IKEv2 Lab CA,o=iosxe-sim` (`show crypto pki trustpoints status`)."""
    return ",".join(rdn_lines(name))


def fingerprint(der: bytes, algorithm: str) -> str:
    """`Fingerprint MD5: 1468DC18 250BDFCF 769C29DF E1F7E5A8 ` words of 4 bytes."""
    digest = hashlib.new(algorithm, der).hexdigest().upper()
    return " ".join(digest[n : n + 8] for n in range(0, len(digest), 8))


def is_ca(certificate: x509.Certificate) -> bool:
    try:
        return bool(certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return False


def usage(certificate: x509.Certificate) -> str:
    """`Certificate Usage:` — a CA certificate signs; a router's is General Purpose."""
    return "Signature" if is_ca(certificate) else "General Purpose"


def common_name(name: x509.Name) -> str:
    found = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(found[0].value) if found else ""


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    reason: str = ""


def verify_chain(leaf: x509.Certificate, issuers: list[x509.Certificate], anchors: list[x509.Certificate],
                 now: datetime) -> ChainCheck:
    """Is ``leaf`` signed by a certificate of ``issuers`` or ``anchors``, up to a trusted anchor,
    each in its validity period at ``now``? (A small path check: RSA signatures, no revocation.)"""
    by_subject = {c.subject: c for c in [*issuers, *anchors]}
    trusted = {a.subject for a in anchors}
    current, seen = leaf, 0
    while True:
        if not current.not_valid_before_utc <= now <= current.not_valid_after_utc:
            return ChainCheck(False, f"certificate {dn_string(current.subject)} is not valid now")
        issuer = by_subject.get(current.issuer)
        if issuer is None:
            return ChainCheck(False, f"issuer {dn_string(current.issuer)} is unknown")
        public = issuer.public_key()
        if not isinstance(public, rsa.RSAPublicKey):
            return ChainCheck(False, "only RSA issuers are emulated")
        try:  # the issuer's key (parsed once per certificate object) over the signed TBS octets
            public.verify(current.signature, current.tbs_certificate_bytes,
                          current.signature_algorithm_parameters, current.signature_hash_algorithm)
        except (ValueError, TypeError, InvalidSignature, UnsupportedAlgorithm) as exc:
            return ChainCheck(False, f"signature of {dn_string(current.subject)} does not verify ({exc})")
        if issuer.subject in trusted:
            valid = issuer.not_valid_before_utc <= now <= issuer.not_valid_after_utc
            return ChainCheck(valid, "" if valid else f"CA certificate {dn_string(issuer.subject)} is not valid now")
        if issuer is current or seen > 8:
            return ChainCheck(False, "the chain does not end at a trusted CA")
        current, seen = issuer, seen + 1


@cache
def lab_trust_anchors() -> tuple[x509.Certificate, ...]:
    """The simulated Secure Client's certificate store: the lab CA (examples/default-device/lab-ca.pem),
    which issued the default device's IKEv2-TP certificate."""
    pem = resources.files("iosxe_sim.examples").joinpath("default-device/lab-ca.pem").read_bytes()
    return (x509.load_pem_x509_certificate(pem),)
