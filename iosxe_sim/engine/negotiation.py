"""IKE and ESP proposal negotiation: the Secure Client's offer against the gateway's config.

The gateway walks its own configuration in order (policy proposals, then within a proposal the
encryption, integrity, PRF and group lists) and takes the first algorithm the client offers
(emulator-defined; it reproduces the seed's AES-CBC-256 / SHA512 / group 19). When the client's KE
payload is for a group the chosen proposal does not allow, the answer is INVALID_KE_PAYLOAD naming
the group the gateway wants, and the client retries IKE_SA_INIT with it (RFC 7296 §1.2).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from iosxe_sim.config.views import Proposal, TransformSet
from iosxe_sim.engine.ikev2_crypto import DhGroup, Encryption, Integrity, Prf
from iosxe_sim.engine.state import IpsecMode

# IOS-XE 17.x smart defaults: `crypto ikev2 proposal default` (show_crypto_ikev2_proposal__02) and
# the default IPsec transform set `esp-aes esp-sha-hmac` (show_crypto_ipsec_profile__01..03).
DEFAULT_PROPOSAL = Proposal(
    name="default",
    line=0,
    encryption=("aes-cbc-256",),
    integrity=("sha512", "sha384"),
    prf=("sha512", "sha384"),
    groups=(19, 14, 21),
    lines={},
)
DEFAULT_TRANSFORM_SET = TransformSet("default", 0, "esp-aes", None, "esp-sha-hmac", "tunnel")

T = TypeVar("T")


@dataclass(frozen=True)
class IkeOffer:
    """What an initiator proposes in IKE_SA_INIT, most preferred first."""

    encryption: tuple[Encryption, ...]
    integrity: tuple[Integrity, ...]
    prf: tuple[Prf, ...]
    groups: tuple[DhGroup, ...]


@dataclass(frozen=True)
class EspOffer:
    encryption: tuple[Encryption, ...]
    integrity: tuple[Integrity, ...]


# DECISION (docs/emulator-decisions.md): the Secure Client's default offer.
ANYCONNECT_IKE_OFFER = IkeOffer(
    encryption=(
        Encryption.AES_GCM_256,
        Encryption.AES_CBC_256,
        Encryption.AES_GCM_128,
        Encryption.AES_CBC_192,
        Encryption.AES_CBC_128,
    ),
    integrity=(Integrity.SHA512, Integrity.SHA384, Integrity.SHA256),
    prf=(Prf.SHA512, Prf.SHA384, Prf.SHA256),
    groups=(DhGroup.ECP_256, DhGroup.ECP_384, DhGroup.ECP_521, DhGroup.MODP_2048),
)
ANYCONNECT_ESP_OFFER = EspOffer(
    encryption=(
        Encryption.AES_GCM_256,
        Encryption.AES_CBC_256,
        Encryption.AES_GCM_128,
        Encryption.AES_CBC_192,
        Encryption.AES_CBC_128,
    ),
    integrity=(Integrity.SHA512, Integrity.SHA384, Integrity.SHA256, Integrity.SHA1),
)


@dataclass(frozen=True)
class IkeChoice:
    proposal: str
    encryption: Encryption
    integrity: Integrity | None  # None with an AEAD cipher
    prf: Prf
    group: DhGroup


@dataclass(frozen=True)
class InvalidKe:
    """INVALID_KE_PAYLOAD: the proposal fits, but the KE payload must be for `group`."""

    group: DhGroup


@dataclass(frozen=True)
class EspChoice:
    transform_set: str
    encryption: Encryption
    integrity: Integrity | None
    mode: IpsecMode


def _first(configured: tuple[str, ...], offered: tuple[T, ...], parse: Callable[[str], T]) -> T | None:
    for keyword in configured:
        try:
            value = parse(keyword)
        except ValueError:
            continue
        if value in offered:
            return value
    return None


def negotiate_ike(
    proposals: list[Proposal], offer: IkeOffer, ke_group: DhGroup
) -> IkeChoice | InvalidKe | None:
    """The gateway's pick, INVALID_KE_PAYLOAD, or None for NO_PROPOSAL_CHOSEN."""
    wanted: InvalidKe | None = None
    for proposal in proposals:
        choice = _choose(proposal, offer)
        if choice is None:
            continue
        groups = [DhGroup(g) for g in proposal.groups if g in DhGroup._value2member_map_]
        acceptable = [g for g in groups if g in offer.groups]
        if ke_group in acceptable:
            return IkeChoice(proposal.name, choice[0], choice[1], choice[2], ke_group)
        if acceptable and wanted is None:
            wanted = InvalidKe(acceptable[0])
    return wanted


def _choose(proposal: Proposal, offer: IkeOffer) -> tuple[Encryption, Integrity | None, Prf] | None:
    for keyword in proposal.encryption:
        try:
            encryption = Encryption(keyword)
        except ValueError:
            continue
        if encryption not in offer.encryption:
            continue
        if encryption.is_aead:
            if proposal.integrity:
                continue  # an AEAD cipher never goes with integrity (incomplete proposal)
            prf = _first(proposal.prf, offer.prf, Prf)
            if prf is not None:
                return encryption, None, prf
            continue
        integrity = _first(proposal.integrity, offer.integrity, Integrity)
        prf = _first(proposal.prf or proposal.integrity, offer.prf, Prf)
        if integrity is not None and prf is not None:
            return encryption, integrity, prf
    return None


_ESP_CIPHERS = {
    ("esp-aes", 128): Encryption.AES_CBC_128,
    ("esp-aes", 192): Encryption.AES_CBC_192,
    ("esp-aes", 256): Encryption.AES_CBC_256,
    ("esp-gcm", 128): Encryption.AES_GCM_128,
    ("esp-gcm", 256): Encryption.AES_GCM_256,
    ("esp-3des", 0): Encryption.TRIPLE_DES,
    ("esp-des", 0): Encryption.DES,
}
_ESP_HMACS = {
    "esp-md5-hmac": Integrity.MD5,
    "esp-sha-hmac": Integrity.SHA1,
    "esp-sha256-hmac": Integrity.SHA256,
    "esp-sha384-hmac": Integrity.SHA384,
    "esp-sha512-hmac": Integrity.SHA512,
}


def transform_cipher(transform_set: TransformSet) -> Encryption | None:
    """The ESP cipher of a transform set (`esp-aes` alone is AES-128), None if not modelled."""
    if transform_set.cipher in ("esp-aes", "esp-gcm"):
        return _ESP_CIPHERS.get((transform_set.cipher, transform_set.keysize or 128))
    return _ESP_CIPHERS.get((transform_set.cipher, 0))


def transform_hmac(transform_set: TransformSet) -> Integrity | None:
    return None if transform_set.hmac is None else _ESP_HMACS.get(transform_set.hmac)


def negotiate_esp(transform_sets: list[TransformSet], offer: EspOffer) -> EspChoice | None:
    """The first transform set, in the IPsec profile's order, that the client accepts."""
    for transform_set in transform_sets:
        cipher = transform_cipher(transform_set)
        if cipher is None or cipher not in offer.encryption:
            continue
        hmac = transform_hmac(transform_set)
        if cipher.is_aead:
            if transform_set.hmac is not None:
                continue
        elif hmac is None or hmac not in offer.integrity:
            continue
        mode = IpsecMode.TRANSPORT if transform_set.mode.startswith("transport") else IpsecMode.TUNNEL
        return EspChoice(transform_set.name, cipher, hmac, mode)
    return None
