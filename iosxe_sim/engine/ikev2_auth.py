"""What IKE_AUTH proves and how (RFC 7296 §2.15): the identification payload, the octets an AUTH
covers, and the shared-key AUTH (the reconnect's, with the session token as the key)."""

from __future__ import annotations

import hmac
from enum import IntEnum

from iosxe_sim.engine.ikev2_crypto import Prf

KEY_PAD = b"Key Pad for IKEv2"  # RFC 7296 §2.15: 17 ASCII octets, no terminating NUL


class IdType(IntEnum):
    """Identification payload ID types (RFC 7296 §3.5)."""

    ID_IPV4_ADDR = 1
    ID_FQDN = 2
    ID_RFC822_ADDR = 3
    ID_IPV6_ADDR = 5
    ID_DER_ASN1_DN = 9
    ID_DER_ASN1_GN = 10
    ID_KEY_ID = 11


def id_payload_body(id_type: IdType, data: bytes) -> bytes:
    """ID type, three reserved octets, identification data: what the AUTH MAC covers (RestOfIDPayload)."""
    return bytes([id_type, 0, 0, 0]) + data


def signed_octets(
    real_message: bytes, nonce_peer: bytes, prf: Prf, sk_p: bytes, id_payload_body: bytes
) -> bytes:
    """RFC 7296 §2.15: RealMessage | Nonce of the peer | prf(SK_px, RestOfIDPayload)."""
    return real_message + nonce_peer + prf.mac(sk_p, id_payload_body)


def psk_auth(prf: Prf, shared_secret: bytes, signed_octets: bytes) -> bytes:
    """AUTH = prf(prf(Shared Secret, "Key Pad for IKEv2"), SignedOctets). In a reconnect the shared
    secret is the session token."""
    return prf.mac(prf.mac(shared_secret, KEY_PAD), signed_octets)


def verify_psk_auth(prf: Prf, shared_secret: bytes, signed_octets: bytes, auth_data: bytes) -> bool:
    """Constant-time comparison of received AUTH data with the expected value."""
    return hmac.compare_digest(psk_auth(prf, shared_secret, signed_octets), auth_data)
