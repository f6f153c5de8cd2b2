"""The Secure Client answering the gateway: DPD, Delete, and CREATE_CHILD_SA rekeys (RFC 7296 §1.3-1.4).

A child rekey brings a new ESP pair (the old inbound SA stays until the gateway deletes it, so a
reply already on its way still decrypts); an IKE rekey makes the gateway the new SA's initiator,
the old SA answering only the Delete that retires it.
"""

from __future__ import annotations

from dataclasses import dataclass

from iosxe_sim.engine.ikev2_crypto import DhGroup, derive_rekeyed_ike_keys, generate_key_pair
from iosxe_sim.engine.initiator import ClientSa, esp_offer_choice
from iosxe_sim.engine.messages import chosen_ike_proposal, esp_choice_proposal
from iosxe_sim.engine.peers import esp_pair
from iosxe_sim.engine.randomness import RandomSource
from iosxe_sim.engine.wire.codec import Exchange, Payload, PayloadType, WireError
from iosxe_sim.engine.wire.payloads import (
    Protocol,
    decode_delete,
    decode_ke,
    decode_sa,
    decode_ts,
    encode_delete,
    encode_ke,
    encode_sa,
    encode_ts,
    payload,
)
from iosxe_sim.engine.wire.protect import IkeSaWire


@dataclass
class Answer:
    data: bytes | None
    deleted: bool = False  # the gateway deleted the IKE SA


def answer_gateway(sa: ClientSa, rng: RandomSource, message: bytes) -> Answer:
    try:
        header, payloads = sa.wire.open(message)
    except WireError:
        return _old_sa(sa, message)
    if header.is_response or header.message_id != sa.peer_next:
        return Answer(None)
    sa.peer_next += 1
    wire = sa.wire  # an IKE rekey is answered under the keys it was asked with
    iv = sa.ivs.next(wire.iv_length)
    try:
        reply, deleted = _reply(sa, rng, header.exchange, payloads)
    except (WireError, ValueError):
        reply, deleted = [], False
    return Answer(wire.seal(header.exchange, header.message_id, True, reply, iv), deleted)


def _old_sa(sa: ClientSa, message: bytes) -> Answer:
    """The Delete of the IKE SA a rekey replaced: answered under the old keys, then forgotten."""
    old = sa.old_wire
    if old is None:
        return Answer(None)
    try:
        header, _ = old.open(message)
    except WireError:
        return Answer(None)
    if header.is_response:
        return Answer(None)
    sa.old_wire = None
    return Answer(old.seal(header.exchange, header.message_id, True, [], sa.ivs.next(old.iv_length)))


def _reply(sa: ClientSa, rng: RandomSource, exchange: int, payloads: list[Payload]) -> tuple[list[Payload], bool]:
    found = {p.kind: p.body for p in reversed(payloads)}
    if exchange == Exchange.INFORMATIONAL:
        deletes = [decode_delete(p.body) for p in payloads if p.kind == PayloadType.DELETE]
        if any(protocol == Protocol.IKE for protocol, _ in deletes):
            return [], True
        if any(protocol == Protocol.ESP for protocol, _ in deletes) and sa.retiring_in is not None:
            ours = sa.retiring_in
            sa.esp_in.pop(ours, None)
            sa.retiring_in = None
            return [payload(PayloadType.DELETE, encode_delete(Protocol.ESP, (ours.to_bytes(4, "big"),)))], False
        return [], False
    if exchange != Exchange.CREATE_CHILD_SA or PayloadType.SA not in found or PayloadType.NONCE not in found:
        raise WireError("not a request this client answers")
    proposal = decode_sa(found[PayloadType.SA])[0]
    if proposal.protocol == Protocol.ESP:
        return _rekey_child(sa, rng, proposal, found), False
    return _rekey_ike(sa, rng, proposal, found), False


def _rekey_child(sa: ClientSa, rng: RandomSource, proposal, found: dict[int, bytes]) -> list[Payload]:
    esp = esp_offer_choice(proposal)
    if esp is None or len(proposal.spi) != 4:
        raise WireError("unusable ESP proposal in a rekey")
    gateway_spi = int.from_bytes(proposal.spi, "big")
    our_spi = rng.spi32()
    nr = rng.nonce()
    esp_in, esp_out = esp_pair(
        esp.encryption, esp.integrity, sa.choice.prf, sa.keys.sk_d, (found[PayloadType.NONCE], nr), False,
        our_spi, gateway_spi,
    )
    sa.retiring_in = sa.esp_in_spi
    sa.esp_out, sa.esp_in[our_spi], sa.esp_in_spi = esp_out, esp_in, our_spi
    selectors = (decode_ts(found[PayloadType.TSI]), decode_ts(found[PayloadType.TSR]))
    return [
        payload(PayloadType.SA, encode_sa((esp_choice_proposal(proposal.number, esp.encryption, esp.integrity, our_spi),))),
        payload(PayloadType.NONCE, nr),
        payload(PayloadType.TSI, encode_ts(selectors[0])),
        payload(PayloadType.TSR, encode_ts(selectors[1])),
    ]


def _rekey_ike(sa: ClientSa, rng: RandomSource, proposal, found: dict[int, bytes]) -> list[Payload]:
    if len(proposal.spi) != 8 or PayloadType.KE not in found:
        raise WireError("an IKE rekey without an SPI or a KE payload")
    group, ke_data = decode_ke(found[PayloadType.KE])
    choice = sa.choice
    if group != choice.group:
        raise WireError("an IKE rekey for another DH group")
    key_pair = generate_key_pair(DhGroup(group), rng)
    shared = key_pair.shared_secret(ke_data)
    gateway_spi = int.from_bytes(proposal.spi, "big")
    our_spi = rng.spi64()
    nr = rng.nonce()
    integ_len = 0 if choice.integrity is None else choice.integrity.key_length
    keys = derive_rekeyed_ike_keys(
        choice.prf, sa.keys.sk_d, shared, found[PayloadType.NONCE], nr, gateway_spi, our_spi,
        choice.encryption.key_length, integ_len,
    )
    answer = [
        payload(PayloadType.SA, encode_sa((chosen_ike_proposal(proposal.number, choice, our_spi.to_bytes(8, "big")),))),
        payload(PayloadType.NONCE, nr),
        payload(PayloadType.KE, encode_ke(group, key_pair.public_bytes())),
    ]
    sa.old_wire = sa.wire
    sa.wire = IkeSaWire.from_keys(gateway_spi, our_spi, False, choice.encryption, choice.integrity, keys)
    sa.keys = keys
    sa.next_id = sa.peer_next = 0
    return answer
