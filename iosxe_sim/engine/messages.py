"""IKE_SA_INIT and SA payloads in RFC 7296 wire format, and the algorithm numbers they carry.

The reconnect AUTH signs the initiator's first message (RealMessage1, RFC 7296 §2.15), so both
ends keep the exact octets. The gateway reads the client's offer back out of the decoded SA
payload (`offer_from`), never from a Python object.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from ipaddress import IPv4Address

from iosxe_sim.engine.ikev2_crypto import DhGroup, Encryption, Integrity, Prf
from iosxe_sim.engine.negotiation import EspOffer, IkeChoice, IkeOffer
from iosxe_sim.engine.wire.codec import Exchange, Payload, PayloadType, encode_message, flags_for
from iosxe_sim.engine.wire.ip import nat_detection_hash
from iosxe_sim.engine.wire.payloads import (
    Notify,
    NotifyPayload,
    Proposal,
    Protocol,
    Transform,
    TransformType,
    decode_sa,
    encode_ke,
    encode_notify,
    encode_sa,
    payload,
)

# IANA "Transform Type 1/2/3" registries (RFC 7296 §3.3.2, RFC 4868, RFC 5282).
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
ESN_NONE = 0
_ENCR_BY_ID = {(ENCR_IDS[c], c.key_bits if c.cipher.startswith("AES") else None): c for c in ENCR_IDS}
_PRF_BY_ID = {v: k for k, v in PRF_IDS.items()}
_INTEG_BY_ID = {v: k for k, v in INTEG_IDS.items()}
# Vendor IDs a Cisco IOS-XE head-end sends in IKE_SA_INIT (ASCII strings Wireshark names).
GATEWAY_VENDOR_IDS = (b"CISCO-DELETE-REASON", b"FLEXVPN-SUPPORTED")


@dataclass(frozen=True)
class ProposalTransforms:
    encryption: tuple[Encryption, ...]
    prf: tuple[Prf, ...]
    integrity: tuple[Integrity, ...]
    groups: tuple[DhGroup, ...]


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


@lru_cache(maxsize=16)
def _encr(cipher: Encryption) -> Transform:
    return Transform(TransformType.ENCR, ENCR_IDS[cipher], cipher.key_bits if cipher.cipher.startswith("AES") else None)


def ike_proposal(number: int, p: ProposalTransforms, spi: bytes = b"") -> Proposal:
    transforms = [_encr(c) for c in p.encryption]
    transforms += [Transform(TransformType.PRF, PRF_IDS[x]) for x in p.prf]
    transforms += [Transform(TransformType.INTEG, INTEG_IDS[x]) for x in p.integrity]
    transforms += [Transform(TransformType.DH, int(g)) for g in p.groups]
    return Proposal(number, Protocol.IKE, spi, tuple(transforms))


def esp_proposals(offer: EspOffer, spi: int) -> tuple[Proposal, ...]:
    """The client's ESP offer: AEAD and CBC ciphers in separate proposals, no ESN."""
    spi_bytes = spi.to_bytes(4, "big")
    return tuple(p._replace(spi=spi_bytes) for p in _esp_offer(offer))


def esp_offer_sa(offer: EspOffer, spi: int) -> bytes:
    """The SA payload body of `esp_proposals(offer, spi)`: encoded once per offer, the SPI put in
    each proposal's place (a client sends one with every IKE_AUTH that creates a child SA)."""
    return spi.to_bytes(4, "big").join(_esp_offer_segments(offer))


@lru_cache(maxsize=16)
def _esp_offer_segments(offer: EspOffer) -> tuple[bytes, ...]:
    """The encoded offer cut around each proposal's 4-octet SPI (proposal header: 8 octets)."""
    encoded = encode_sa(esp_proposals(offer, 0))
    segments, start, offset = [], 0, 0
    while offset < len(encoded):
        segments.append(encoded[start : offset + 8])
        start = offset + 12
        offset += int.from_bytes(encoded[offset + 2 : offset + 4], "big")
    segments.append(encoded[start:])
    return tuple(segments)


@lru_cache(maxsize=64)
def choice_from_sa(body: bytes) -> tuple[Encryption, Integrity | None, Prf, DhGroup] | None:
    """`choice_from` the first proposal of a responder's IKE SA payload (raises WireError). A
    gateway answers every client with the same octets, so the answers for the last few are kept."""
    return choice_from(decode_sa(body)[0])


@lru_cache(maxsize=16)
def _esp_offer(offer: EspOffer) -> tuple[Proposal, ...]:
    aead = [_encr(c) for c in offer.encryption if c.is_aead]
    plain = [_encr(c) for c in offer.encryption if not c.is_aead]
    esn = Transform(TransformType.ESN, ESN_NONE)
    proposals = []
    if aead:
        proposals.append(tuple(aead) + (esn,))
    if plain:
        integ = tuple(Transform(TransformType.INTEG, INTEG_IDS[i]) for i in offer.integrity)
        proposals.append(tuple(plain) + integ + (esn,))
    return tuple(Proposal(n + 1, Protocol.ESP, b"", t) for n, t in enumerate(proposals))


@lru_cache(maxsize=16)
def offer_sa(proposals: tuple[ProposalTransforms, ...]) -> bytes:
    """The SA payload body of an IKE offer (an initiator sends the same one every time)."""
    return encode_sa(tuple(ike_proposal(n + 1, p) for n, p in enumerate(proposals)))


def esp_choice_proposal(number: int, encryption: Encryption, integrity: Integrity | None, spi: int) -> Proposal:
    transforms = [_encr(encryption)]
    if integrity is not None:
        transforms.append(Transform(TransformType.INTEG, INTEG_IDS[integrity]))
    transforms.append(Transform(TransformType.ESN, ESN_NONE))
    return Proposal(number, Protocol.ESP, spi.to_bytes(4, "big"), tuple(transforms))


# (transform type, id, key length) -> (slot in _decoded's answer, algorithm)
_KNOWN_TRANSFORMS: dict[tuple[int, int, int | None], tuple[int, object]] = {
    **{(TransformType.ENCR, ident, bits): (0, c) for (ident, bits), c in _ENCR_BY_ID.items()},
    **{(TransformType.PRF, ident, None): (1, x) for ident, x in _PRF_BY_ID.items()},
    **{(TransformType.INTEG, ident, None): (2, x) for ident, x in _INTEG_BY_ID.items()},
    **{(TransformType.DH, int(g), None): (3, g) for g in DhGroup},
}


def _decoded(proposals: tuple[Proposal, ...], protocol: int) -> tuple[list, list, list, list]:
    """(encryption, prf, integrity, groups) the proposals of `protocol` name, unknown ids skipped."""
    found: tuple[list, list, list, list] = ([], [], [], [])
    known = _KNOWN_TRANSFORMS
    for proposal in proposals:
        if proposal.protocol != protocol:
            continue
        for kind, ident, key_bits in proposal.transforms:
            hit = known.get((kind, ident, key_bits if kind == TransformType.ENCR else None))
            if hit is not None:
                found[hit[0]].append(hit[1])
    return found


def _unique(items: list) -> tuple:
    return tuple(dict.fromkeys(items))


@lru_cache(maxsize=64)
def decode_ike_offer(sa: bytes) -> tuple[tuple[Proposal, ...], IkeOffer]:
    """The proposals of an IKE_SA_INIT request's SA payload and what they offer. Clients of one
    make and version send the very same octets, so the answers for the last few are kept (raises WireError)."""
    proposals = decode_sa(sa)
    return proposals, offer_from(proposals)


def offer_from(proposals: tuple[Proposal, ...]) -> IkeOffer:
    """The algorithms an IKE SA payload offers (all its proposals together)."""
    encryption, prf, integrity, groups = _decoded(proposals, Protocol.IKE)
    return IkeOffer(_unique(encryption), _unique(integrity), _unique(prf), _unique(groups))


def esp_offer_from(proposals: tuple[Proposal, ...]) -> tuple[EspOffer, int] | None:
    """The ESP offer of a child SA payload and the sender's SPI, None without an ESP proposal."""
    esp = [p for p in proposals if p.protocol == Protocol.ESP and len(p.spi) == 4]
    if not esp:
        return None
    return _esp_offer_in(tuple(p.transforms for p in esp)), int.from_bytes(esp[0].spi, "big")


@lru_cache(maxsize=64)
def _esp_offer_in(transforms: tuple[tuple[Transform, ...], ...]) -> EspOffer:
    """What ESP proposals with these transforms offer: every client of one make sends the same
    transforms (only the SPI differs), so the answers for the last few are kept."""
    encryption, _, integrity, _ = _decoded(tuple(Proposal(0, Protocol.ESP, b"", t) for t in transforms), Protocol.ESP)
    return EspOffer(_unique(encryption), _unique(integrity))


def proposal_number(proposals: tuple[Proposal, ...], protocol: int, encryption: Encryption) -> int:
    """The number of the offered proposal that holds the chosen cipher (RFC 7296 §3.3)."""
    wanted = _encr(encryption)
    for proposal in proposals:
        if proposal.protocol == protocol and wanted in proposal.transforms:
            return proposal.number
    return 1


def choice_from(proposal: Proposal) -> tuple[Encryption, Integrity | None, Prf, DhGroup] | None:
    """The single transforms of the responder's chosen IKE proposal."""
    encryption, prf, integrity, groups = _decoded((proposal,), Protocol.IKE)
    if len(encryption) != 1 or len(prf) != 1 or len(groups) != 1 or len(integrity) > 1:
        return None
    return encryption[0], integrity[0] if integrity else None, prf[0], groups[0]


def chosen_ike_proposal(number: int, choice: IkeChoice, spi: bytes = b"") -> Proposal:
    integrity = () if choice.integrity is None else (choice.integrity,)
    return ike_proposal(number, ProposalTransforms((choice.encryption,), (choice.prf,), integrity, (choice.group,)), spi)


@lru_cache(maxsize=64)
def chosen_ike_sa(number: int, choice: IkeChoice) -> bytes:
    """The SA payload body of a responder's IKE_SA_INIT: its one chosen proposal."""
    return encode_sa((chosen_ike_proposal(number, choice),))


def nat_notifies(
    spi_i: int, spi_r: int, source: tuple[IPv4Address, int], destination: tuple[IPv4Address, int]
) -> list[Payload]:
    """NAT_DETECTION_SOURCE_IP / _DESTINATION_IP from the addresses and ports the sender knows."""
    return [
        payload(PayloadType.NOTIFY, encode_notify(NotifyPayload(
            Notify.NAT_DETECTION_SOURCE_IP, data=nat_detection_hash(spi_i, spi_r, *source)))),
        payload(PayloadType.NOTIFY, encode_notify(NotifyPayload(
            Notify.NAT_DETECTION_DESTINATION_IP, data=nat_detection_hash(spi_i, spi_r, *destination)))),
    ]


FRAGMENTATION_SUPPORTED = payload(PayloadType.NOTIFY, encode_notify(NotifyPayload(Notify.IKEV2_FRAGMENTATION_SUPPORTED)))


def encode_sa_init(
    spi_i: int,
    spi_r: int,
    response: bool,
    sa: bytes,
    group: DhGroup,
    ke_data: bytes,
    nonce: bytes,
    extra: list[Payload] | None = None,
) -> bytes:
    """IKE header | SA (`sa`: the payload body) | KE | Nonce | notifies and vendor IDs, message id 0."""
    payloads = [
        Payload(PayloadType.SA, sa),
        Payload(PayloadType.KE, encode_ke(group.value, ke_data)),
        Payload(PayloadType.NONCE, nonce),
        *(extra or []),
    ]
    return encode_message(spi_i, spi_r, Exchange.IKE_SA_INIT, flags_for(not response, response), 0, payloads)


def encode_sa_init_error(spi_i: int, notify: NotifyPayload) -> bytes:
    """A responder's IKE_SA_INIT refusal (INVALID_KE_PAYLOAD, NO_PROPOSAL_CHOSEN): SPIr zero."""
    return encode_message(
        spi_i, 0, Exchange.IKE_SA_INIT, flags_for(False, True), 0,
        [payload(PayloadType.NOTIFY, encode_notify(notify))],
    )
