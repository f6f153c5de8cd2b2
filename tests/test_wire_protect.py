"""The Encrypted payload's sealing and opening against a from-scratch reference: AES-CBC with a
fresh context per message and HMAC (RFC 7296 §3.14), message after message on one SA."""

from __future__ import annotations

import hmac

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from hypothesis import given, settings
from hypothesis import strategies as st

from iosxe_sim.engine.ikev2_crypto import Encryption, Integrity
from iosxe_sim.engine.wire.codec import WireError
from iosxe_sim.engine.wire.protect import SkDirection

PREFIX = bytes(range(32))  # stands in for the IKE header and the SK generic header


def reference_seal(sk_e: bytes, sk_a: bytes, integrity: Integrity, inner: bytes, iv: bytes) -> bytes:
    pad = (16 - (len(inner) + 1) % 16) % 16
    encryptor = Cipher(algorithms.AES(sk_e), modes.CBC(iv)).encryptor()
    message = PREFIX + iv + encryptor.update(inner + bytes(pad) + bytes((pad,))) + encryptor.finalize()
    return message + hmac.digest(sk_a, message, integrity.value)[: integrity.icv_length]


@given(messages=st.lists(st.tuples(st.binary(max_size=200), st.binary(min_size=16, max_size=16)), min_size=1, max_size=4),
       integrity=st.sampled_from([Integrity.SHA1, Integrity.SHA256, Integrity.SHA512]))
@settings(max_examples=40, deadline=None)
def test_cbc_messages_on_one_sa_are_each_a_fresh_cbc_encryption(messages, integrity) -> None:
    sk_e, sk_a = bytes(range(100, 132)), bytes(range(integrity.key_length))
    sender = SkDirection(Encryption.AES_CBC_256, integrity, sk_e, sk_a)
    receiver = SkDirection(Encryption.AES_CBC_256, integrity, sk_e, sk_a)
    for inner, iv in messages:
        sealed = sender.seal(PREFIX, inner, iv)
        assert sealed == reference_seal(sk_e, sk_a, integrity, inner, iv)
        assert receiver.open(sealed, len(PREFIX) - 4) == inner


@pytest.mark.parametrize("encryption", [Encryption.AES_CBC_128, Encryption.AES_GCM_256])
def test_a_flipped_bit_does_not_open(encryption) -> None:
    integrity = None if encryption.is_aead else Integrity.SHA256
    sk_e, sk_a = bytes(encryption.key_length), bytes(32)
    sealed = SkDirection(encryption, integrity, sk_e, sk_a).seal(PREFIX, b"payloads", bytes(16 if integrity else 8))
    receiver = SkDirection(encryption, integrity, sk_e, sk_a)
    assert receiver.open(sealed, len(PREFIX) - 4) == b"payloads"
    for index in (len(PREFIX) + 20, len(sealed) - 1):
        tampered = bytearray(sealed)
        tampered[index] ^= 1
        with pytest.raises(WireError):
            receiver.open(bytes(tampered), len(PREFIX) - 4)
