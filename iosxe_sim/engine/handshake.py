"""Both ends of the IKEv2 key exchange with real cryptography.

Each side generates its own Diffie-Hellman key for the negotiated group, computes g^ir from the
peer's KE data and derives SKEYSEED and the SK_* keys with the negotiated PRF (RFC 7296 §2.14).
A reconnecting client proves it holds the session token with a shared-key AUTH payload keyed by
the token (RFC 7296 §2.15); the gateway recomputes it from *its* keys and the stored token, so a
reconnect succeeds exactly when that verification does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from ipaddress import IPv4Address

from iosxe_sim.engine.ikev2_auth import IdType, id_payload_body, psk_auth, signed_octets, verify_psk_auth
from iosxe_sim.engine.ikev2_crypto import DhGroup, DhKeyPair, IkeKeys, derive_ike_keys, generate_key_pair
from iosxe_sim.engine.messages import (
    FRAGMENTATION_SUPPORTED,
    ProposalTransforms,
    encode_sa_init,
    nat_notifies,
    offer_sa,
)
from iosxe_sim.engine.negotiation import IkeChoice
from iosxe_sim.engine.randomness import RandomSource

Address = tuple[IPv4Address, int]


@dataclass(frozen=True)
class SaInitRequest:
    spi_i: int
    proposals: tuple[object, ...]  # what was offered (ProposalTransforms or decoded proposals)
    group: DhGroup
    ke_data: bytes
    nonce: bytes
    raw: bytes  # the encoded message: RealMessage1 of the initiator's AUTH


@dataclass(frozen=True)
class SaInitResponse:
    spi_r: int
    choice: IkeChoice
    ke_data: bytes
    nonce: bytes
    raw: bytes = b""  # the encoded response: RealMessage2 of the responder's AUTH


@dataclass
class InitiatorHalf:
    """What the initiator keeps between its IKE_SA_INIT request and the response."""

    request: SaInitRequest
    key_pair: DhKeyPair = field(repr=False)


def start_initiator(
    rng: RandomSource,
    proposals: tuple[ProposalTransforms, ...],
    group: DhGroup,
    nat: tuple[Address, Address] | None = None,
) -> InitiatorHalf:
    """IKE_SA_INIT request octets; `nat` = (our address and port, the gateway's) for the
    NAT_DETECTION notifies (RFC 7296 §2.23)."""
    key_pair = generate_key_pair(group, rng)
    spi_i = rng.spi64()
    nonce = rng.nonce()
    ke_data = key_pair.public_bytes()
    extra = [] if nat is None else nat_notifies(spi_i, 0, *nat)
    raw = encode_sa_init(spi_i, 0, False, offer_sa(proposals), group, ke_data, nonce, extra + [FRAGMENTATION_SUPPORTED])
    return InitiatorHalf(SaInitRequest(spi_i, proposals, group, ke_data, nonce, raw), key_pair)


def _key_lengths(choice: IkeChoice) -> tuple[int, int]:
    """(encryption, integrity) key lengths; AEAD ciphers have no integrity key."""
    return choice.encryption.key_length, 0 if choice.integrity is None else choice.integrity.key_length


def respond(rng: RandomSource, request: SaInitRequest, choice: IkeChoice) -> tuple[SaInitResponse, IkeKeys]:
    """The responder's half: its KE and nonce, and the SK_* keys it derives."""
    key_pair = generate_key_pair(choice.group, rng)
    spi_r = rng.spi64()
    nonce = rng.nonce()
    shared = key_pair.shared_secret(request.ke_data)
    keys = derive_ike_keys(
        choice.prf, request.nonce, nonce, shared, request.spi_i, spi_r, *_key_lengths(choice)
    )
    return SaInitResponse(spi_r, choice, key_pair.public_bytes(), nonce), keys


def finish_initiator(half: InitiatorHalf, response: SaInitResponse) -> IkeKeys:
    """The initiator's SK_* keys from the responder's KE data and nonce."""
    shared = half.key_pair.shared_secret(response.ke_data)
    choice = response.choice
    return derive_ike_keys(
        choice.prf,
        half.request.nonce,
        response.nonce,
        shared,
        half.request.spi_i,
        response.spi_r,
        *_key_lengths(choice),
    )


def _initiator_signed_octets(
    request: SaInitRequest, response: SaInitResponse, keys: IkeKeys, session_id: str
) -> bytes:
    body = id_payload_body(IdType.ID_KEY_ID, session_id.encode("ascii"))
    return signed_octets(request.raw, response.nonce, response.choice.prf, keys.sk_pi, body)


def reconnect_auth(
    request: SaInitRequest, response: SaInitResponse, keys: IkeKeys, session_id: str, token: bytes
) -> bytes:
    """The client's AUTH payload data for a reconnect: the session token is the shared key."""
    octets = _initiator_signed_octets(request, response, keys, session_id)
    return psk_auth(response.choice.prf, token, octets)


def verify_reconnect_auth(
    request: SaInitRequest,
    response: SaInitResponse,
    keys: IkeKeys,
    session_id: str,
    token: bytes,
    auth: bytes,
) -> bool:
    """The gateway's check, in constant time, against the token it stored for the session."""
    octets = _initiator_signed_octets(request, response, keys, session_id)
    return verify_psk_auth(response.choice.prf, token, octets, auth)


def responder_auth(
    key: bytes, request: SaInitRequest, response: SaInitResponse, keys: IkeKeys, idr_body: bytes
) -> bytes:
    """The gateway's shared-key AUTH: RealMessage2 | Ni | prf(SK_pr, IDr'), keyed by `key` (the
    session token in a reconnect, SK_pr after EAP without a key-generating method, RFC 7296 §2.16)."""
    prf = response.choice.prf
    return psk_auth(prf, key, signed_octets(response.raw, request.nonce, prf, keys.sk_pr, idr_body))


def initiator_eap_auth(request: SaInitRequest, response: SaInitResponse, keys: IkeKeys, idi_body: bytes) -> bytes:
    """The client's final AUTH after AnyConnect-EAP: keyed by SK_pi (RFC 7296 §2.16)."""
    prf = response.choice.prf
    return psk_auth(prf, keys.sk_pi, signed_octets(request.raw, response.nonce, prf, keys.sk_pi, idi_body))
