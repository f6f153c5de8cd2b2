"""The SA payload shortcuts equal what they stand for: the client's ESP offer encoded once with
its SPI put in place, and the responder's IKE choice decoded once per octets."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from iosxe_sim.engine.ikev2_crypto import Encryption, Integrity
from iosxe_sim.engine.messages import (
    choice_from,
    choice_from_sa,
    chosen_ike_sa,
    esp_offer_sa,
    esp_proposals,
)
from iosxe_sim.engine.negotiation import ANYCONNECT_IKE_OFFER, EspOffer, IkeChoice
from iosxe_sim.engine.wire.payloads import decode_sa, encode_sa

AES = [e for e in Encryption if e.cipher.startswith("AES")]


@given(
    st.lists(st.sampled_from(AES), min_size=1, max_size=4, unique=True),
    st.lists(st.sampled_from(list(Integrity)), max_size=3, unique=True),
    st.integers(0, 2**32 - 1),
)
def test_esp_offer_sa_is_the_encoded_offer_with_the_spi(
    encryption: list[Encryption], integrity: list[Integrity], spi: int
) -> None:
    offer = EspOffer(tuple(encryption), tuple(integrity))
    assert esp_offer_sa(offer, spi) == encode_sa(esp_proposals(offer, spi))


def test_choice_from_sa_decodes_the_responders_choice() -> None:
    offer = ANYCONNECT_IKE_OFFER
    choice = IkeChoice("", offer.encryption[0], offer.integrity[0], offer.prf[0], offer.groups[0])
    body = chosen_ike_sa(1, choice)
    assert choice_from_sa(body) == choice_from(decode_sa(body)[0])
    assert choice_from_sa(body) == (choice.encryption, choice.integrity, choice.prf, choice.group)
