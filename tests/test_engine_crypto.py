"""RandomSource and the IKEv2 crypto: DH groups, prf/prf+, key derivation, shared-key AUTH."""

from __future__ import annotations

import hmac
import string

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from hypothesis import given, settings
from hypothesis import strategies as st

from iosxe_sim.engine import ikev2_crypto as ike
from iosxe_sim.engine.ikev2_auth import IdType, id_payload_body, psk_auth, signed_octets, verify_psk_auth
from iosxe_sim.engine.ikev2_crypto import (
    DhGroup,
    Encryption,
    Integrity,
    InvalidPublicValue,
    KeyedMac,
    Prf,
    derive_child_keys,
    derive_ike_keys,
    generate_key_pair,
    prf,
    prf_plus,
)
from iosxe_sim.engine.randomness import SESSION_TOKEN_BYTES, RandomSource

# ---------------------------------------------------------------- RandomSource


class _FixedDraw(RandomSource):
    """randbelow always returns `value`: pins the extremes, and private DH values in key tests."""

    def __init__(self, value: int) -> None:
        super().__init__(0)
        self.value = value

    def randbelow(self, n: int) -> int:
        assert 0 <= self.value < n
        return self.value


def _draw_all(rng: RandomSource) -> tuple[object, ...]:
    return (rng.spi64(), rng.spi32(), rng.session_id(), rng.session_token(), rng.port(), rng.nonce())


def test_same_seed_same_values_different_seed_different_values():
    assert _draw_all(RandomSource(7)) == _draw_all(RandomSource(7))
    assert _draw_all(RandomSource(7)) != _draw_all(RandomSource(8))


def test_unseeded_sources_differ():
    assert _draw_all(RandomSource()) != _draw_all(RandomSource())


@given(st.integers(min_value=0, max_value=2**64))
def test_values_have_the_documented_shape(seed):
    rng = RandomSource(seed)
    assert 0 < rng.spi64() < 2**64
    assert 256 <= rng.spi32() < 2**32
    session_id = rng.session_id()
    assert len(session_id) == 18 and set(session_id) <= set(string.ascii_letters)
    assert len(rng.session_token()) == 32
    assert len(rng.nonce()) == 32
    assert 49152 <= rng.port() <= 65535
    assert 0 <= rng.randbelow(5) < 5
    assert len(rng.token_bytes(7)) == 7


def test_range_extremes():
    lowest = _FixedDraw(0)
    assert (lowest.spi64(), lowest.spi32(), lowest.port()) == (1, 256, 49152)

    class Highest(RandomSource):
        def randbelow(self, n: int) -> int:
            return n - 1

    highest = Highest(0)
    assert (highest.spi64(), highest.spi32(), highest.port()) == (2**64 - 1, 2**32 - 1, 65535)


def test_session_ids_use_both_cases():
    ids = "".join(RandomSource(3).session_id() for _ in range(20))
    assert any(c.islower() for c in ids) and any(c.isupper() for c in ids)


def test_rejects_bad_bounds():
    rng = RandomSource(1)
    with pytest.raises(ValueError):
        rng.randbelow(0)
    with pytest.raises(ValueError):
        rng.token_bytes(-1)


# ---------------------------------------------------------------- PRF sanity (RFC 2202, RFC 4231)

JEFE_KEY = b"Jefe"
JEFE_DATA = b"what do ya want for nothing?"


@pytest.mark.parametrize(
    ("algorithm", "key", "data", "expected"),
    [
        (Prf.MD5, JEFE_KEY, JEFE_DATA, "750c783e6ab0b503eaa86e310a5db738"),  # RFC 2202 §2 case 2
        (Prf.SHA1, JEFE_KEY, JEFE_DATA, "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"),  # RFC 2202 §3 case 2
        (  # RFC 4231 §4.2 test case 1
            Prf.SHA256,
            b"\x0b" * 20,
            b"Hi There",
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
        ),
        (  # RFC 4231 §4.3 test case 2
            Prf.SHA256,
            JEFE_KEY,
            JEFE_DATA,
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        ),
        (
            Prf.SHA384,
            JEFE_KEY,
            JEFE_DATA,
            ("af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e"
            "8e2240ca5e69e2c78b3239ecfab21649"),
        ),
        (
            Prf.SHA512,
            JEFE_KEY,
            JEFE_DATA,
            ("164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
            "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"),
        ),
    ],
)
def test_prf_known_answers(algorithm, key, data, expected):
    assert prf(algorithm, key, data).hex() == expected
    assert len(prf(algorithm, key, data)) == algorithm.output_length


def test_prf_keywords_and_ios_names():
    assert Prf("sha512") is Prf.SHA512 and Prf.SHA512.name == "SHA512"
    assert [p.name for p in Prf] == ["MD5", "SHA1", "SHA256", "SHA384", "SHA512"]
    with pytest.raises(ValueError):
        Prf("sha3")


# ---------------------------------------------------------------- prf+ (RFC 7296 §2.13)


def _hmac(algorithm: Prf, key: bytes, data: bytes) -> bytes:
    return hmac.new(key, data, algorithm.value).digest()


@given(key=st.binary(max_size=300), messages=st.lists(st.binary(max_size=300), min_size=1, max_size=3),
       algorithm=st.sampled_from(list(Prf)))
@settings(max_examples=60, deadline=None)
def test_keyed_mac_is_hmac_for_every_message_and_key_length(key, messages, algorithm):
    """Keys shorter and longer than the hash block (hashed first, RFC 2104), one key many messages."""
    mac = KeyedMac(key, algorithm.value)
    for message in messages:
        assert mac(message) == _hmac(algorithm, key, message)


def test_prf_plus_chains_t1_t2_t3_by_hand():
    key, seed = b"K" * 20, b"seed-octets"
    t1 = _hmac(Prf.SHA256, key, seed + b"\x01")
    t2 = _hmac(Prf.SHA256, key, t1 + seed + b"\x02")
    t3 = _hmac(Prf.SHA256, key, t2 + seed + b"\x03")
    assert prf_plus(Prf.SHA256, key, seed, 80) == (t1 + t2 + t3)[:80]
    assert prf_plus(Prf.SHA256, key, seed, 32) == t1


@pytest.mark.parametrize("algorithm", list(Prf))
def test_prf_plus_lengths_and_prefix_property(algorithm):
    longest = prf_plus(algorithm, b"k", b"s", 255 * algorithm.output_length)
    assert len(longest) == 255 * algorithm.output_length
    for length in (0, 1, algorithm.output_length - 1, algorithm.output_length + 1, 300):
        assert prf_plus(algorithm, b"k", b"s", length) == longest[:length]
    with pytest.raises(ValueError):
        prf_plus(algorithm, b"k", b"s", 255 * algorithm.output_length + 1)
    with pytest.raises(ValueError):
        prf_plus(algorithm, b"k", b"s", -1)


# ---------------------------------------------------------------- key derivation (RFC 7296 §2.14, §2.17)


def _prf_plus_by_hand(algorithm: Prf, key: bytes, seed: bytes, length: int) -> bytes:
    out, block, n = b"", b"", 1
    while len(out) < length:
        block = _hmac(algorithm, key, block + seed + bytes([n]))
        out, n = out + block, n + 1
    return out[:length]


@pytest.mark.parametrize(
    ("algorithm", "encryption", "integrity"),
    [
        (Prf.SHA512, Encryption.AES_CBC_256, Integrity.SHA512),  # the seed's proposal
        (Prf.SHA1, Encryption.AES_CBC_128, Integrity.SHA1),
        (Prf.SHA256, Encryption.AES_GCM_256, None),
        (Prf.MD5, Encryption.TRIPLE_DES, Integrity.MD5),
    ],
)
def test_derive_ike_keys_matches_an_independent_computation(algorithm, encryption, integrity):
    ni, nr, g_ir = bytes(range(32)), bytes(range(100, 132)), b"\x5a" * 64
    spi_i, spi_r = 0x67C3394ED1EAADE7, 0xEBFE2587F20EA7C2
    integ_len = 0 if integrity is None else integrity.key_length
    keys = derive_ike_keys(algorithm, ni, nr, g_ir, spi_i, spi_r, encryption.key_length, integ_len)

    skeyseed = _hmac(algorithm, ni + nr, g_ir)
    seed = ni + nr + bytes.fromhex("67C3394ED1EAADE7EBFE2587F20EA7C2")
    h = algorithm.output_length
    e, a = encryption.key_length, integ_len
    stream = _prf_plus_by_hand(algorithm, skeyseed, seed, 3 * h + 2 * a + 2 * e)
    expected, offset = [], 0
    for length in (h, a, a, e, e, h, h):
        expected.append(stream[offset : offset + length])
        offset += length
    got = [keys.sk_d, keys.sk_ai, keys.sk_ar, keys.sk_ei, keys.sk_er, keys.sk_pi, keys.sk_pr]
    assert got == expected
    assert len(keys.sk_ei) == encryption.key_length and len(keys.sk_ai) == integ_len


def test_ike_keys_stay_out_of_repr():
    keys = derive_ike_keys(Prf.SHA256, b"n" * 32, b"r" * 32, b"g" * 32, 1, 2, 32, 32)
    assert keys.sk_d.hex() not in repr(keys) and "sk_d" not in repr(keys)


@pytest.mark.parametrize("g_ir_new", [b"", b"\x01" * 32])
def test_derive_child_keys_order(g_ir_new):
    sk_d, ni, nr = b"D" * 48, b"i" * 32, b"r" * 32
    keys = derive_child_keys(Prf.SHA384, sk_d, ni, nr, 32, 48, g_ir_new)
    keymat = _prf_plus_by_hand(Prf.SHA384, sk_d, g_ir_new + ni + nr, 2 * (32 + 48))
    assert keys.encr_i2r == keymat[:32]
    assert keys.integ_i2r == keymat[32:80]
    assert keys.encr_r2i == keymat[80:112]
    assert keys.integ_r2i == keymat[112:160]


def test_algorithm_tables():
    assert Encryption("aes-cbc-256").cipher == "AES-CBC" and Encryption.AES_CBC_256.key_bits == 256
    assert Encryption.AES_CBC_256.display == "AES-CBC-256"
    assert Encryption("aes-gcm-128").key_length == 20 and Encryption.AES_GCM_128.is_aead  # key + salt
    assert not Encryption.AES_CBC_128.is_aead
    assert Encryption("3des").key_length == 24 and Encryption("des").key_length == 8
    sizes = [(i.key_length, i.icv_length) for i in Integrity]
    assert sizes == [(16, 12), (20, 12), (32, 16), (48, 24), (64, 32)]
    assert Integrity("sha1").display == "SHA96"
    with pytest.raises(ValueError):
        Encryption("aes-cbc-512")


# ---------------------------------------------------------------- Diffie-Hellman


@pytest.mark.parametrize("group", list(DhGroup))
def test_both_sides_agree(group):
    rng = RandomSource(group.value)
    initiator, responder = generate_key_pair(group, rng), generate_key_pair(group, rng)
    assert len(initiator.public_bytes()) == group.public_length
    secret = initiator.shared_secret(responder.public_bytes())
    assert secret == responder.shared_secret(initiator.public_bytes())
    assert len(secret) == (group.public_length // 2 if group.value in (19, 20, 21) else group.public_length)
    assert initiator.public_bytes() != responder.public_bytes()


@pytest.mark.parametrize("group", [DhGroup.MODP_2048, DhGroup.ECP_256, DhGroup.ECP_521, DhGroup(24)])
def test_keys_are_deterministic_only_with_a_seed(group):
    assert generate_key_pair(group, RandomSource(42)).public_bytes() == (
        generate_key_pair(group, RandomSource(42)).public_bytes()
    )
    assert generate_key_pair(group, RandomSource(42)).public_bytes() != (
        generate_key_pair(group, RandomSource(43)).public_bytes()
    )
    assert generate_key_pair(group, RandomSource()).public_bytes() != (
        generate_key_pair(group, RandomSource()).public_bytes()
    )


def test_rfc5903_p256_vector():
    """RFC 5903 §8.1: KE data is x || y, and g^ir is the x coordinate only."""
    i = 0xC88F01F510D9AC3F70A292DAA2316DE544E9AAB8AFE84049C62A9C57862D1433
    r = 0xC6EF9C5D78AE012A011164ACB397CE2088685D8F06BF9BE0B283AB46476BEE53
    initiator = generate_key_pair(DhGroup.ECP_256, _FixedDraw(i - 1))
    responder = generate_key_pair(DhGroup.ECP_256, _FixedDraw(r - 1))
    assert initiator.public_bytes().hex().upper() == (
        "DAD0B65394221CF9B051E1FECA5787D098DFE637FC90B9EF945D0C3772581180"
        "5271A0461CDB8252D61F1C456FA3E59AB1F45B33ACCF5F58389E0577B8990BB3"
    )
    assert responder.public_bytes().hex().upper() == (
        "D12DFB5289C8D4F81208B70270398C342296970A0BCCB74C736FC7554494BF63"
        "56FBF3CA366CC23E8157854C13C58D6AAC23F046ADA30F8353E74F33039872AB"
    )
    expected = "D6840F6B42F6EDAFD13116E0E12565202FEF8E9ECE7DCE03812464D04B9442DE"
    assert initiator.shared_secret(responder.public_bytes()).hex().upper() == expected
    assert responder.shared_secret(initiator.public_bytes()).hex().upper() == expected


@pytest.mark.parametrize(
    ("group", "curve"),
    [(DhGroup.ECP_256, ec.SECP256R1()), (DhGroup.ECP_384, ec.SECP384R1()), (DhGroup.ECP_521, ec.SECP521R1())],
)
def test_curve_order_constants(group, curve):
    """The largest private value (order - 1) is accepted and gives -G: the order constant is right."""
    order = ike._CURVES[group].order
    largest = generate_key_pair(group, _FixedDraw(order - 2)).public_bytes()
    generator = ec.derive_private_key(1, curve).public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )[1:]
    half = len(generator) // 2
    assert largest[:half] == generator[:half] and largest[half:] != generator[half:]


def _pi_fixed_point(bits: int) -> int:
    """floor(pi * 2^bits) via Machin's formula in integers (independent of the constants under test)."""
    guard = 64
    one = 1 << (bits + guard)

    def arctan_inverse(x: int) -> int:
        total = term = one // x
        n, sign = 1, -1
        while term:
            term //= x * x
            n += 2
            total += sign * (term // n)
            sign = -sign
        return total

    return (4 * (4 * arctan_inverse(5) - arctan_inverse(239))) >> guard


@pytest.mark.parametrize(
    ("group", "bits", "k"),
    [
        (DhGroup.MODP_768, 768, 149686),
        (DhGroup.MODP_1024, 1024, 129093),
        (DhGroup.MODP_1536, 1536, 741804),
        (DhGroup.MODP_2048, 2048, 124476),
        (DhGroup.MODP_3072, 3072, 1690314),
        (DhGroup.MODP_4096, 4096, 240904),
    ],
)
def test_oakley_primes_match_their_defining_formula(group, bits, k):
    """RFC 2409/3526: p = 2^N - 2^(N-64) - 1 + 2^64 * (floor(2^(N-130) pi) + k), generator 2."""
    params = ike._MODP[group]
    assert params.p == 2**bits - 2 ** (bits - 64) - 1 + 2**64 * (_pi_fixed_point(bits - 130) + k)
    assert params.g == 2 and params.q is None
    assert pow(3, params.p - 1, params.p) == 1  # Fermat witness: a typo would not be prime


def test_rfc5114_group_24_is_consistent():
    params = ike._MODP[DhGroup.MODP_2048_256]
    assert params.p.bit_length() == 2048 and params.q is not None and params.q.bit_length() == 256
    assert (params.p - 1) % params.q == 0
    assert pow(params.g, params.q, params.p) == 1 and params.g != 1
    assert pow(3, params.p - 1, params.p) == 1 and pow(3, params.q - 1, params.q) == 1


def _modp_p(group: DhGroup) -> int:
    return ike._MODP[group].p


@pytest.mark.parametrize("group", [DhGroup.MODP_1024, DhGroup.MODP_2048, DhGroup.MODP_2048_256])
def test_invalid_modp_values_rejected(group):
    key = generate_key_pair(group, RandomSource(1))
    p, length = _modp_p(group), group.public_length
    for y in (0, 1, p - 1, p, 2**(8 * length) - 1):
        with pytest.raises(InvalidPublicValue):
            key.shared_secret(y.to_bytes(length, "big"))
    with pytest.raises(InvalidPublicValue):
        key.shared_secret(b"\x02" * (length - 1))
    with pytest.raises(InvalidPublicValue):
        key.shared_secret(b"\x02" * (length + 1))


def test_group_24_rejects_values_outside_the_subgroup():
    key = generate_key_pair(DhGroup.MODP_2048_256, RandomSource(1))
    p, q = _modp_p(DhGroup.MODP_2048_256), ike._MODP[DhGroup.MODP_2048_256].q
    assert pow(2, q, p) != 1
    with pytest.raises(InvalidPublicValue, match="subgroup"):
        key.shared_secret((2).to_bytes(256, "big"))


@pytest.mark.parametrize("group", [DhGroup.ECP_256, DhGroup.ECP_384, DhGroup.ECP_521])
def test_invalid_ecp_values_rejected(group):
    key = generate_key_pair(group, RandomSource(1))
    good = generate_key_pair(group, RandomSource(2)).public_bytes()
    off_curve = good[:-1] + bytes([good[-1] ^ 1])
    for bad in (off_curve, b"\x00" * group.public_length, good[:-1], good + b"\x00", b""):
        with pytest.raises(InvalidPublicValue):
            key.shared_secret(bad)


def test_public_value_of_another_group_is_rejected():
    key = generate_key_pair(DhGroup.ECP_256, RandomSource(1))
    with pytest.raises(InvalidPublicValue):
        key.shared_secret(generate_key_pair(DhGroup.ECP_384, RandomSource(1)).public_bytes())


# ---------------------------------------------------------------- shared-key AUTH (RFC 7296 §2.15)


def _reconnect_octets(sk_pi: bytes, session_id: str = "rIUHKccDRiUtFTATwq") -> bytes:
    body = id_payload_body(IdType.ID_KEY_ID, session_id.encode())
    return signed_octets(b"IKE_SA_INIT request octets", b"N" * 32, Prf.SHA512, sk_pi, body)


def test_id_payload_body_and_signed_octets_layout():
    body = id_payload_body(IdType.ID_KEY_ID, b"*$AnyConnectClient$*")
    assert body == b"\x0b\x00\x00\x00*$AnyConnectClient$*"
    assert id_payload_body(IdType.ID_IPV4_ADDR, bytes([10, 106, 45, 225]))[:4] == b"\x01\x00\x00\x00"
    octets = signed_octets(b"MSG", b"NONCE", Prf.SHA256, b"skpi", body)
    assert octets == b"MSG" + b"NONCE" + _hmac(Prf.SHA256, b"skpi", body)


def test_psk_auth_formula_by_hand():
    octets = _reconnect_octets(b"p" * 64)
    token = b"\x42" * 32
    pad_key = _hmac(Prf.SHA512, token, b"Key Pad for IKEv2")
    assert len(b"Key Pad for IKEv2") == 17
    assert psk_auth(Prf.SHA512, token, octets) == _hmac(Prf.SHA512, pad_key, octets)


def test_verify_psk_auth_accepts_right_token_and_rejects_wrong_one():
    rng = RandomSource(5)
    token, octets = rng.session_token(), _reconnect_octets(rng.token_bytes(64))
    auth = psk_auth(Prf.SHA512, token, octets)
    assert verify_psk_auth(Prf.SHA512, token, octets, auth)
    assert not verify_psk_auth(Prf.SHA512, rng.session_token(), octets, auth)
    assert not verify_psk_auth(Prf.SHA512, token, octets + b"x", auth)
    assert not verify_psk_auth(Prf.SHA512, token, octets, auth[:-1])
    assert not verify_psk_auth(Prf.SHA384, token, octets, auth)


TOKEN = st.binary(min_size=SESSION_TOKEN_BYTES, max_size=SESSION_TOKEN_BYTES)


@settings(max_examples=50)
@given(token=TOKEN, other=TOKEN, octets=st.binary())
def test_property_auth_verifies_only_with_the_same_token(token, other, octets):
    """Session tokens are all 32 octets: HMAC pads a shorter key with zeros, so b"\\x00" and
    b"\\x00\\x00" would be one key (hypothesis found it) - no token is shorter than another."""
    auth = psk_auth(Prf.SHA256, token, octets)
    assert verify_psk_auth(Prf.SHA256, token, octets, auth)
    assert verify_psk_auth(Prf.SHA256, other, octets, auth) == (other == token)


def test_full_reconnect_auth_round_trip_with_real_key_exchange():
    """Client and gateway derive SK_pi independently from a real group 19 exchange and agree on AUTH."""
    rng = RandomSource(2025)
    client, gateway = generate_key_pair(DhGroup.ECP_256, rng), generate_key_pair(DhGroup.ECP_256, rng)
    ni, nr, spi_i, spi_r = rng.nonce(), rng.nonce(), rng.spi64(), rng.spi64()
    token = rng.session_token()
    sides = []
    for mine, theirs in ((client, gateway), (gateway, client)):
        g_ir = mine.shared_secret(theirs.public_bytes())
        keys = derive_ike_keys(Prf.SHA512, ni, nr, g_ir, spi_i, spi_r, 32, 64)
        sides.append(_reconnect_octets(keys.sk_pi))
    client_auth = psk_auth(Prf.SHA512, token, sides[0])
    assert verify_psk_auth(Prf.SHA512, token, sides[1], client_auth)
