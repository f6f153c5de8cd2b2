"""Negotiation, the IKE_SA_INIT wire format and the real key exchange behind connects."""

from __future__ import annotations

import hmac
import struct

import pytest
from engine_fixtures import PASSWORD, configure, gateway_of, make_client, make_device

from iosxe_sim.config.views import Proposal, TransformSet
from iosxe_sim.engine import ikev2_crypto
from iosxe_sim.engine.handshake import (
    finish_initiator,
    reconnect_auth,
    respond,
    start_initiator,
    verify_reconnect_auth,
)
from iosxe_sim.engine.ikev2_crypto import DhGroup, Encryption, Integrity, Prf
from iosxe_sim.engine.messages import offer_proposals
from iosxe_sim.engine.negotiation import (
    ANYCONNECT_ESP_OFFER,
    ANYCONNECT_IKE_OFFER,
    DEFAULT_PROPOSAL,
    IkeChoice,
    InvalidKe,
    negotiate_esp,
    negotiate_ike,
)
from iosxe_sim.engine.randomness import RandomSource
from iosxe_sim.engine.state import IpsecMode
from iosxe_sim.engine.wire.codec import decode_payloads

OFFER = ANYCONNECT_IKE_OFFER
PROPOSALS = offer_proposals(OFFER.encryption, OFFER.prf, OFFER.integrity, OFFER.groups)


def proposal(
    encryption: tuple[str, ...], integrity: tuple[str, ...], prf: tuple[str, ...], groups: tuple[int, ...]
) -> Proposal:
    return Proposal("p", 1, encryption, integrity, prf, groups, {})


def test_gateway_order_decides() -> None:
    choice = negotiate_ike([DEFAULT_PROPOSAL], OFFER, DhGroup.ECP_256)
    assert choice == IkeChoice(
        "default", Encryption.AES_CBC_256, Integrity.SHA512, Prf.SHA512, DhGroup.ECP_256
    )
    reordered = proposal(("aes-cbc-128", "aes-cbc-256"), ("sha256", "sha512"), (), (19,))
    assert negotiate_ike([reordered], OFFER, DhGroup.ECP_256) == IkeChoice(
        "p", Encryption.AES_CBC_128, Integrity.SHA256, Prf.SHA256, DhGroup.ECP_256
    )


def test_gcm_needs_a_prf_and_no_integrity() -> None:
    gcm = proposal(("aes-gcm-256",), (), ("sha384",), (19,))
    assert negotiate_ike([gcm], OFFER, DhGroup.ECP_256) == IkeChoice(
        "p", Encryption.AES_GCM_256, None, Prf.SHA384, DhGroup.ECP_256
    )
    incomplete = proposal(("aes-gcm-256",), ("sha384",), (), (19,))
    assert negotiate_ike([incomplete], OFFER, DhGroup.ECP_256) is None


def test_invalid_ke_names_the_wanted_group_and_unknown_groups_fail() -> None:
    assert negotiate_ike(
        [proposal(("aes-cbc-256",), ("sha256",), (), (5, 21))], OFFER, DhGroup.ECP_256
    ) == InvalidKe(DhGroup.ECP_521)
    assert (
        negotiate_ike([proposal(("aes-cbc-256",), ("sha256",), (), (5, 2))], OFFER, DhGroup.ECP_256) is None
    )
    assert negotiate_ike([proposal(("3des",), ("md5",), (), (19,))], OFFER, DhGroup.ECP_256) is None


def test_esp_negotiation() -> None:
    sets = [
        TransformSet("GMAC", 1, "esp-gmac", None, None, "tunnel"),
        TransformSet("BAD", 2, "esp-gcm", 256, "esp-sha-hmac", "tunnel"),
        TransformSet("OLD", 3, "esp-aes", None, "esp-md5-hmac", "tunnel"),
        TransformSet("T", 4, "esp-aes", None, "esp-sha-hmac", "transport"),
    ]
    choice = negotiate_esp(sets, ANYCONNECT_ESP_OFFER)
    assert choice is not None
    assert (choice.transform_set, choice.encryption, choice.integrity, choice.mode) == (
        "T",
        Encryption.AES_CBC_128,
        Integrity.SHA1,
        IpsecMode.TRANSPORT,
    )
    assert negotiate_esp(sets[:3], ANYCONNECT_ESP_OFFER) is None


def test_sa_init_request_is_rfc7296_shaped() -> None:
    half = start_initiator(RandomSource(1), PROPOSALS, DhGroup.ECP_256)
    raw = half.request.raw
    spi_i, spi_r, next_payload, version, exchange, flags, msg_id, length = struct.unpack(
        "!QQBBBBII", raw[:28]
    )
    assert (spi_i, spi_r, next_payload, version, exchange, flags, msg_id) == (
        half.request.spi_i,
        0,
        33,
        0x20,
        34,
        0x08,
        0,
    )
    assert length == len(raw)
    sa_next, _, sa_length = struct.unpack("!BBH", raw[28:32])
    ke_next, _, ke_length = struct.unpack("!BBH", raw[28 + sa_length : 32 + sa_length])
    assert (sa_next, ke_next) == (34, 40)
    assert ke_length == 4 + 4 + 64  # group 19: x || y
    payloads, _ = decode_payloads(next_payload, raw, 28)
    assert [p.kind for p in payloads] == [33, 34, 40, 41]  # SA KE Nonce N(IKEV2_FRAGMENTATION_SUPPORTED)
    assert payloads[2].body == half.request.nonce


@pytest.mark.parametrize("group", [DhGroup.ECP_256, DhGroup.ECP_384, DhGroup.ECP_521, DhGroup.MODP_2048])
def test_both_ends_derive_the_same_keys(group: DhGroup) -> None:
    half = start_initiator(RandomSource(2), PROPOSALS, group)
    choice = IkeChoice("p", Encryption.AES_CBC_256, Integrity.SHA384, Prf.SHA384, group)
    response, gateway_keys = respond(RandomSource(3), half.request, choice)
    client_keys = finish_initiator(half, response)
    assert client_keys == gateway_keys
    assert len(client_keys.sk_ei) == 32 and len(client_keys.sk_ai) == 48 and len(client_keys.sk_pi) == 48


def test_reconnect_auth_verifies_only_with_the_right_token_and_exchange() -> None:
    half = start_initiator(RandomSource(4), PROPOSALS, DhGroup.ECP_256)
    choice = IkeChoice("p", Encryption.AES_CBC_256, Integrity.SHA512, Prf.SHA512, DhGroup.ECP_256)
    response, keys = respond(RandomSource(5), half.request, choice)
    token = b"\x01" * 32
    auth = reconnect_auth(
        half.request, response, finish_initiator(half, response), "rIUHKccDRiUtFTATwq", token
    )
    assert len(auth) == 64
    assert verify_reconnect_auth(half.request, response, keys, "rIUHKccDRiUtFTATwq", token, auth)
    assert not verify_reconnect_auth(half.request, response, keys, "rIUHKccDRiUtFTATwq", b"\x02" * 32, auth)
    assert not verify_reconnect_auth(half.request, response, keys, "rIUHKccDRiUtFTATwR", token, auth)
    other = start_initiator(RandomSource(6), PROPOSALS, DhGroup.ECP_256)
    assert not verify_reconnect_auth(other.request, response, keys, "rIUHKccDRiUtFTATwq", token, auth)


def test_gateway_compares_reconnect_auth_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    device = make_device()
    client = make_client(device)
    client.connect("test", PASSWORD)
    calls: list[int] = []
    original = hmac.compare_digest

    def counting(a: bytes, b: bytes) -> bool:
        calls.append(len(a))
        return original(a, b)

    monkeypatch.setattr(ikev2_crypto.hmac, "compare_digest", counting)
    assert client.reconnect().reconnected
    # ICVs of the IKE_AUTH request and response (HMAC-SHA-512-256: 32 octets) and the gateway's
    # check of the client's AUTH (SHA-512 PRF: 64 octets); the gateway's own AUTH is an RSA
    # signature (rsa-sig) that the client verifies with the certificate's key, not a MAC
    assert calls == [32, 64, 32]


@pytest.mark.parametrize(("group", "expected"), [("14", DhGroup.MODP_2048), ("21", DhGroup.ECP_521)])
def test_other_groups_connect_and_reconnect(group: str, expected: DhGroup) -> None:
    device = make_device()
    configure(device, "crypto ikev2 proposal default", "no group 19 14 21", f"group {group}")
    client = make_client(device)
    assert client.connect("test", PASSWORD).ok
    assert client.reconnect().reconnected
    assert gateway_of(device).ike_sas()[0].algorithms.dh_group is expected


def test_seeded_runs_are_reproducible() -> None:
    outputs = []
    for _ in range(2):
        device = make_device()
        client = make_client(device)
        client.connect("test", PASSWORD)
        device.clock.advance(30)
        client.reconnect()
        outputs.append(device.execute("show crypto ikev2 sa detailed") + client.dart.render())
    assert outputs[0] == outputs[1]
    assert make_device(seed=1).gateway.rng.spi64() != make_device(seed=2).gateway.rng.spi64()  # type: ignore[attr-defined]
