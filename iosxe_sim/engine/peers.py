"""The gateway talking to established peers: DPD, rekeys, deletes, their INFORMATIONAL and ESP.

Gateway-initiated exchanges use the gateway's own message-id counter (RFC 7296 §2.2) and count as
answered only when a response with that id verifies. ESP from a peer is opened with the child SA's
inbound keys; a packet that fails (ICV, padding, replay) is dropped and counted in the child SA's
`drop` / `#recv errors`. An ESP SPI the gateway does not know is answered with an unprotected
INVALID_SPI notify (IOS's invalid-SPI recovery), so the client learns its SA is gone.
"""

from __future__ import annotations

from ipaddress import IPv4Address
from typing import TYPE_CHECKING

from iosxe_sim.engine.ikev2_crypto import (
    Encryption,
    Integrity,
    Prf,
    derive_child_keys,
    derive_rekeyed_ike_keys,
    generate_key_pair,
)
from iosxe_sim.engine.liveness import count_local_exchange
from iosxe_sim.engine.messages import chosen_ike_proposal, esp_choice_proposal
from iosxe_sim.engine.negotiation import IkeChoice
from iosxe_sim.engine.sessions import ActiveSession, Endpoint
from iosxe_sim.engine.state import ChildSa
from iosxe_sim.engine.wire.codec import Exchange, Payload, PayloadType, WireError, encode_message, flags_for
from iosxe_sim.engine.wire.esp import EspSa
from iosxe_sim.engine.wire.ip import NAT_T_PORT, NON_ESP_MARKER
from iosxe_sim.engine.wire.payloads import (
    Notify,
    NotifyPayload,
    Protocol,
    Selector,
    decode_delete,
    decode_ke,
    decode_sa,
    encode_delete,
    encode_ke,
    encode_notify,
    encode_sa,
    encode_ts,
    payload,
)
from iosxe_sim.engine.wire.protect import IkeSaWire
from iosxe_sim.engine.wire.traffic import inside_reply

if TYPE_CHECKING:
    from iosxe_sim.engine.gateway import Gateway

ANY = Selector(IPv4Address("0.0.0.0"), IPv4Address("255.255.255.255"))


def esp_pair(
    encryption: Encryption, integrity: Integrity | None, prf: Prf, sk_d: bytes, nonces: tuple[bytes, bytes],
    we_initiated: bool, spi_in: int, spi_out: int,
) -> tuple[EspSa, EspSa]:
    """(inbound, outbound) ESP SAs from KEYMAT = prf+(SK_d, Ni | Nr) (RFC 7296 §2.17): the keys
    of the exchange initiator's outbound direction come first."""
    integ_len = 0 if integrity is None else integrity.key_length
    keys = derive_child_keys(prf, sk_d, *nonces, encryption.key_length, integ_len)
    i2r = (keys.encr_i2r, keys.integ_i2r)
    r2i = (keys.encr_r2i, keys.integ_r2i)
    inbound, outbound = (r2i, i2r) if we_initiated else (i2r, r2i)
    return EspSa(spi_in, encryption, integrity, *inbound), EspSa(spi_out, encryption, integrity, *outbound)


class PeerChannel:
    def __init__(self, gateway: Gateway) -> None:
        self.gateway = gateway
        self._esp_index: dict[int, tuple[ActiveSession, ChildSa]] = {}

    # -- gateway -> peer ------------------------------------------------------------------------
    def _request(self, session: ActiveSession, exchange: Exchange, payloads: list[Payload]) -> list[Payload] | None:
        ids = session.crypto.ike_sa.msg_ids
        message_id = ids.local_next
        wire = session.wire
        data = wire.seal(exchange, message_id, False, payloads, session.ivs.next(wire.iv_length))
        port = session.crypto.ike_sa.local_port
        marked = port == NAT_T_PORT
        try:
            gateway_port = self.gateway.port()
        except Exception:  # noqa: BLE001 - no usable interface: nothing leaves the box
            return None
        answer = self.gateway.network.to_peer(gateway_port, session.endpoint, port, NON_ESP_MARKER + data if marked else data)
        if answer is None:
            return None
        try:
            header, reply = wire.open(answer[4:] if marked else answer)
        except WireError:
            self.gateway.ikev2_stats.dropped_at_dispatch += 1
            return None
        if not header.is_response or header.message_id != message_id or header.exchange != exchange:
            return None
        count_local_exchange(session)
        return reply

    def dpd(self, session: ActiveSession) -> bool:
        """An empty INFORMATIONAL request (RFC 7296 §1.4): answered or not."""
        return self._request(session, Exchange.INFORMATIONAL, []) is not None

    def delete(self, session: ActiveSession) -> None:
        self._request(session, Exchange.INFORMATIONAL, [payload(PayloadType.DELETE, encode_delete(Protocol.IKE, ()))])

    def rekey_child(self, session: ActiveSession, old: ChildSa, new_spi: int) -> tuple[int, EspSa, EspSa] | None:
        """CREATE_CHILD_SA with N(REKEY_SA) (RFC 7296 §1.3.3), then the old pair's Delete."""
        algorithms = session.crypto.ike_sa.algorithms
        ni = self.gateway.rng.nonce()
        host = Selector(old.remote_selector.start, old.remote_selector.end)
        answer = self._request(session, Exchange.CREATE_CHILD_SA, [
            payload(PayloadType.NOTIFY, encode_notify(NotifyPayload(Notify.REKEY_SA, Protocol.ESP, old.spi_in.to_bytes(4, "big")))),
            payload(PayloadType.SA, encode_sa((esp_choice_proposal(1, old.encryption, old.integrity, new_spi),))),
            payload(PayloadType.NONCE, ni),
            payload(PayloadType.TSI, encode_ts((ANY,))),
            payload(PayloadType.TSR, encode_ts((host,))),
        ])
        found = {p.kind: p.body for p in answer or ()}
        if PayloadType.SA not in found or PayloadType.NONCE not in found:
            return None
        try:
            proposals = decode_sa(found[PayloadType.SA])
        except WireError:
            return None
        if len(proposals) != 1 or len(proposals[0].spi) != 4:
            return None
        peer_spi = int.from_bytes(proposals[0].spi, "big")
        esp_in, esp_out = esp_pair(
            old.encryption, old.integrity, algorithms.prf, session.keys.sk_d, (ni, found[PayloadType.NONCE]),
            True, new_spi, peer_spi,
        )
        sa = session.crypto.ike_sa
        self.gateway.keylog.add_child(sa.local_addr, sa.remote_addr, esp_in, esp_out)
        self._request(session, Exchange.INFORMATIONAL, [
            payload(PayloadType.DELETE, encode_delete(Protocol.ESP, (old.spi_in.to_bytes(4, "big"),)))
        ])
        return peer_spi, esp_in, esp_out

    def rekey_ike(self, session: ActiveSession, new_spi: int) -> int | None:
        """CREATE_CHILD_SA with an IKE proposal and a new KE (RFC 7296 §1.3.2, keys §2.18); the
        gateway becomes the new SA's initiator. The old SA is deleted under its own keys."""
        a = session.crypto.ike_sa.algorithms
        rng = self.gateway.rng
        key_pair = generate_key_pair(a.dh_group, rng)
        ni = rng.nonce()
        choice = IkeChoice("", a.encryption, a.integrity, a.prf, a.dh_group)
        answer = self._request(session, Exchange.CREATE_CHILD_SA, [
            payload(PayloadType.SA, encode_sa((chosen_ike_proposal(1, choice, new_spi.to_bytes(8, "big")),))),
            payload(PayloadType.NONCE, ni),
            payload(PayloadType.KE, encode_ke(int(a.dh_group), key_pair.public_bytes())),
        ])
        found = {p.kind: p.body for p in answer or ()}
        if not {PayloadType.SA, PayloadType.NONCE, PayloadType.KE} <= found.keys():
            return None
        try:
            proposals = decode_sa(found[PayloadType.SA])
            group, ke_data = decode_ke(found[PayloadType.KE])
            shared = key_pair.shared_secret(ke_data)
        except ValueError:
            return None
        if len(proposals) != 1 or len(proposals[0].spi) != 8 or group != a.dh_group:
            return None
        peer_spi = int.from_bytes(proposals[0].spi, "big")
        integ_len = 0 if a.integrity is None else a.integrity.key_length
        keys = derive_rekeyed_ike_keys(
            a.prf, session.keys.sk_d, shared, ni, found[PayloadType.NONCE], new_spi, peer_spi,
            a.encryption.key_length, integ_len,
        )
        self.delete(session)
        self.gateway.keylog.add_ike(new_spi, peer_spi, a.encryption, a.integrity, keys)
        session.keys = keys
        session.wire = IkeSaWire.from_keys(new_spi, peer_spi, True, a.encryption, a.integrity, keys)
        return peer_spi

    # -- peer -> gateway ------------------------------------------------------------------------
    def request_from_peer(self, session: ActiveSession, message: bytes) -> bytes:
        header, payloads = session.wire.open(message)
        ids = session.crypto.ike_sa.msg_ids
        if header.message_id != ids.remote_next:
            raise WireError(f"message id {header.message_id}, expected {ids.remote_next}", Notify.INVALID_MESSAGE_ID)
        iv = session.ivs.next(session.wire.iv_length)
        wire = session.wire
        if header.exchange != Exchange.INFORMATIONAL:
            refused = [payload(PayloadType.NOTIFY, encode_notify(NotifyPayload(35)))]  # NO_ADDITIONAL_SAS
            return wire.seal(header.exchange, header.message_id, True, refused, iv)
        deletes = [decode_delete(p.body) for p in payloads if p.kind == PayloadType.DELETE]
        if any(protocol == Protocol.IKE for protocol, _ in deletes):
            self.gateway.receive_delete(session.local_spi)
        else:
            self.gateway.receive_dpd(session.local_spi)
        return wire.seal(Exchange.INFORMATIONAL, header.message_id, True, [], iv)

    def receive_esp(self, source: Endpoint, port: int | None, packet: bytes) -> bytes | None:
        if len(packet) < 8:
            self.gateway.ikev2_stats.dropped_at_dispatch += 1
            return None
        spi = int.from_bytes(packet[:4], "big")
        found = self._child(spi)
        if found is None:
            if port is None:
                return None
            notify = NotifyPayload(Notify.INVALID_SPI, Protocol.ESP, packet[:4])
            return NON_ESP_MARKER + encode_message(
                0, 0, Exchange.INFORMATIONAL, flags_for(False, False), 0,
                [payload(PayloadType.NOTIFY, encode_notify(notify))],
            )
        session, child = found
        assert child.esp_in is not None and child.esp_out is not None
        try:
            inner = child.esp_in.open(packet)
        except WireError:
            child.drops_in += 1
            return None
        reply = inside_reply(inner)
        out = None
        if reply is not None:
            out = child.esp_out.seal(reply, self.gateway.rng.token_bytes(8 if child.encryption.is_aead else 16))
        self.gateway.counted_traffic(session, child, len(inner), None if reply is None else len(reply))
        return out

    def _child(self, spi: int) -> tuple[ActiveSession, ChildSa] | None:
        found = self._esp_index.get(spi)
        if found is not None and self._live(*found, spi):
            return found
        self._esp_index = {
            child.spi_in: (session, child)
            for session in self.gateway.table.active.values()
            for child in session.crypto.ike_sa.child_sas
        }
        found = self._esp_index.get(spi)
        return found if found is not None and self._live(*found, spi) else None

    def _live(self, session: ActiveSession, child: ChildSa, spi: int) -> bool:
        return (
            self.gateway.table.active.get(session.local_spi) is session
            and any(c is child for c in session.crypto.ike_sa.child_sas)
            and child.spi_in == spi
        )
