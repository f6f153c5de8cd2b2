"""The gateway's receiving side of IKE: octets in, decisions from what they decode, octets out.

IKE_SA_INIT is answered from the decoded SA, KE, Nonce and NAT_DETECTION payloads. IKE_AUTH runs
in one of two shapes (emulator-defined message flow, docs/wire.md): a first connect is five
exchanges - identity, AnyConnect-EAP init, credentials, complete/ack, final AUTH - and a reconnect
one, the client's AUTH keyed by its session token. A message that does not decode or verify is
dropped and counted (`IKEv2 packets dropped at dispatch`), never answered with a guess.
"""

from __future__ import annotations

import hmac
import struct
from collections import OrderedDict
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from ipaddress import IPv4Address, IPv4Network
from typing import TYPE_CHECKING

from iosxe_sim.engine.establish import Grant, Handshake
from iosxe_sim.engine.gateway_config import GatewaySettings
from iosxe_sim.engine.handshake import SaInitRequest, SaInitResponse, initiator_eap_auth, responder_auth
from iosxe_sim.engine.ikev2_auth import IdType
from iosxe_sim.engine.ikev2_crypto import DhGroup, InvalidPublicValue
from iosxe_sim.engine.messages import (
    FRAGMENTATION_SUPPORTED,
    GATEWAY_VENDOR_IDS,
    chosen_ike_sa,
    decode_ike_offer,
    encode_sa_init,
    encode_sa_init_error,
    esp_choice_proposal,
    esp_offer_from,
    nat_notifies,
    proposal_number,
)
from iosxe_sim.engine.negotiation import EspOffer, InvalidKe
from iosxe_sim.engine.sessions import Endpoint
from iosxe_sim.engine.signing import Signer, responder_octets
from iosxe_sim.engine.state import IkeIdentity
from iosxe_sim.engine.wire import anyconnect
from iosxe_sim.engine.wire.codec import (
    HEADER_LENGTH,
    Exchange,
    Header,
    Payload,
    PayloadType,
    WireError,
    decode_header,
    decode_payloads,
    encode_message,
    flags_for,
)
from iosxe_sim.engine.wire.ip import NAT_T_PORT, NON_ESP_MARKER, nat_detection_hash
from iosxe_sim.engine.wire.payloads import (
    AuthMethod,
    CfgAttr,
    CfgAttribute,
    CfgType,
    EapCode,
    EapMessage,
    Notify,
    NotifyPayload,
    Proposal,
    Protocol,
    Selector,
    decode_auth,
    decode_eap,
    decode_id,
    decode_ke,
    decode_notify,
    decode_sa,
    encode_attributes,
    encode_auth,
    encode_cp,
    encode_eap,
    encode_id,
    encode_notify,
    encode_sa,
    encode_ts,
    ip4_attr,
    payload,
    subnet_attr,
)
from iosxe_sim.engine.wire.protect import IkeSaWire

if TYPE_CHECKING:
    from iosxe_sim.engine.gateway import Gateway

PENDING_LIMIT = 1024  # half-open IKE SAs kept waiting for IKE_AUTH (resource bound)
ANY = Selector(IPv4Address("0.0.0.0"), IPv4Address("255.255.255.255"))
_SA_INIT_TAIL = [FRAGMENTATION_SUPPORTED, *(payload(PayloadType.VENDOR_ID, vid) for vid in GATEWAY_VENDOR_IDS)]


class Stage(Enum):
    IDENTITY = "identity"
    EAP_INIT = "waiting for the AnyConnect init"
    CREDENTIALS = "waiting for user and password"
    ACK = "waiting for the ack of complete"
    FINAL_AUTH = "waiting for the final AUTH"


@dataclass
class Negotiation:
    """An IKE SA between IKE_SA_INIT and the end of IKE_AUTH."""

    shake: Handshake
    settings: GatewaySettings
    stage: Stage = Stage.IDENTITY
    next_id: int = 1
    identity: str = ""
    idi_body: bytes = b""
    esp: EspOffer | None = None
    esp_proposals: tuple[Proposal, ...] = ()
    peer_child_spi: int = 0
    grant: Grant | None = None


def refusal_payloads(reason: str, notify: Notify = Notify.AUTHENTICATION_FAILED) -> list[Payload]:
    """The error, plus the emulator's reason code (docs/wire.md) so the client can tell its user."""
    return [
        payload(PayloadType.NOTIFY, encode_notify(NotifyPayload(notify))),
        payload(PayloadType.NOTIFY, encode_notify(NotifyPayload(Notify.IOSXE_SIM_REFUSAL_REASON, data=reason.encode()))),
    ]


class Responder:
    def __init__(self, gateway: Gateway) -> None:
        self.gateway = gateway
        self.pending: OrderedDict[int, Negotiation] = OrderedDict()

    # -- the Receiver of the gateway's port ------------------------------------------------------
    def receive(self, source: Endpoint, port: int | None, data: bytes) -> bytes | None:
        if port is None or (port == NAT_T_PORT and not data.startswith(NON_ESP_MARKER)):
            return self.gateway.peers.receive_esp(source, port, data)
        marked = port == NAT_T_PORT
        try:
            answer = self._ike(source, port, data[4:] if marked else data)
        except WireError:
            self.gateway.ikev2_stats.dropped_at_dispatch += 1
            return None
        if answer is None:
            return None
        return NON_ESP_MARKER + answer if marked else answer

    def _ike(self, source: Endpoint, port: int, message: bytes) -> bytes | None:
        header = decode_header(message)
        if header.is_response:
            raise WireError("a response nobody asked for")
        if header.exchange == Exchange.IKE_SA_INIT:
            return self._sa_init(source, port, header, message)
        own_spi = header.spi_r if header.from_initiator else header.spi_i
        if header.exchange == Exchange.IKE_AUTH:
            negotiation = self.pending.get(own_spi)
            if negotiation is None:
                return invalid_ike_spi(header)
            return self._auth(own_spi, negotiation, message)
        session = self.gateway.table.active.get(own_spi)
        if session is None:
            return invalid_ike_spi(header)
        return self.gateway.peers.request_from_peer(session, message)

    # -- IKE_SA_INIT -----------------------------------------------------------------------------
    def _sa_init(self, source: Endpoint, port: int, header: Header, message: bytes) -> bytes | None:
        if header.spi_r != 0 or header.message_id != 0:
            raise WireError("IKE_SA_INIT with a responder SPI or a message id")
        payloads, _ = decode_payloads(header.next_payload, message, HEADER_LENGTH)
        kinds = {p.kind: p.body for p in reversed(payloads)}
        if not {PayloadType.SA, PayloadType.KE, PayloadType.NONCE} <= kinds.keys():
            raise WireError("IKE_SA_INIT without SA, KE and Nonce")
        proposals, offer = decode_ike_offer(kinds[PayloadType.SA])
        group_number, ke_data = decode_ke(kinds[PayloadType.KE])
        nonce = kinds[PayloadType.NONCE]
        if not 16 <= len(nonce) <= 256:
            raise WireError(f"nonce of {len(nonce)} octets")  # RFC 7296 §3.9
        notifies = [decode_notify(p.body) for p in payloads if p.kind == PayloadType.NOTIFY]
        seen = nat_detection_hash(header.spi_i, 0, source.address, source.port)
        behind_nat = any(
            n.kind == Notify.NAT_DETECTION_SOURCE_IP and n.data != seen for n in notifies
        )
        group = DhGroup(group_number) if group_number in DhGroup._value2member_map_ else None
        request = SaInitRequest(header.spi_i, proposals, group or DhGroup.ECP_256, ke_data, nonce, message)
        try:
            result = self.gateway.ike_sa_init(source, request, offer, group is not None)
        except InvalidPublicValue as exc:
            raise WireError(str(exc)) from exc
        if isinstance(result, InvalidKe):
            wanted = NotifyPayload(Notify.INVALID_KE_PAYLOAD, data=struct.pack("!H", int(result.group)))
            return encode_sa_init_error(header.spi_i, wanted)
        if not isinstance(result, tuple):
            return encode_sa_init_error(header.spi_i, NotifyPayload(Notify.NO_PROPOSAL_CHOSEN))
        response, keys, settings, local = result
        choice = response.choice
        number = proposal_number(proposals, Protocol.IKE, choice.encryption)
        extra = nat_notifies(header.spi_i, response.spi_r, (local, port), (source.address, source.port))
        extra += _SA_INIT_TAIL
        raw = encode_sa_init(
            header.spi_i, response.spi_r, True, chosen_ike_sa(number, choice), choice.group,
            response.ke_data, response.nonce, extra,
        )
        response = SaInitResponse(response.spi_r, choice, response.ke_data, response.nonce, raw)
        wire = IkeSaWire.from_keys(header.spi_i, response.spi_r, False, choice.encryption, choice.integrity, keys)
        self.gateway.keylog.add_ike(header.spi_i, response.spi_r, choice.encryption, choice.integrity, keys)
        self.pending[response.spi_r] = Negotiation(Handshake(source, behind_nat, request, response, keys, wire), settings)
        while len(self.pending) > PENDING_LIMIT:
            self.pending.popitem(last=False)
        return raw

    # -- IKE_AUTH --------------------------------------------------------------------------------
    def _auth(self, spi: int, n: Negotiation, message: bytes) -> bytes:
        header, payloads = n.shake.wire.open(message)
        if header.message_id != n.next_id:
            raise WireError(f"message id {header.message_id}, expected {n.next_id}", Notify.INVALID_MESSAGE_ID)
        n.next_id += 1
        found = {p.kind: p.body for p in reversed(payloads)}
        answer = self._step(spi, n, found)
        return n.shake.wire.seal(Exchange.IKE_AUTH, header.message_id, True, answer, self.gateway.rng.token_bytes(n.shake.wire.iv_length))

    def _step(self, spi: int, n: Negotiation, found: dict[int, bytes]) -> list[Payload]:
        if n.stage is Stage.IDENTITY:
            return self._identity(spi, n, found)
        if PayloadType.EAP in found and n.stage is not Stage.FINAL_AUTH:
            return self._eap(spi, n, decode_eap(found[PayloadType.EAP]))
        if n.stage is Stage.FINAL_AUTH and PayloadType.AUTH in found:
            return self._final_auth(spi, n, found[PayloadType.AUTH])
        raise WireError(f"IKE_AUTH {n.stage.value}: payloads {sorted(found)}")

    def _identity(self, spi: int, n: Negotiation, found: dict[int, bytes]) -> list[Payload]:
        if PayloadType.IDI not in found or PayloadType.SA not in found:
            raise WireError("first IKE_AUTH without IDi and SA")
        id_type, data = decode_id(found[PayloadType.IDI])
        n.idi_body = found[PayloadType.IDI]
        n.esp_proposals = decode_sa(found[PayloadType.SA])
        esp = esp_offer_from(n.esp_proposals)
        if esp is None:
            del self.pending[spi]
            return [payload(PayloadType.NOTIFY, encode_notify(NotifyPayload(Notify.NO_PROPOSAL_CHOSEN)))]
        n.esp, n.peer_child_spi = esp
        if PayloadType.AUTH in found:
            return self._reconnect(spi, n, id_type, data, found[PayloadType.AUTH])
        n.identity = data.decode("utf-8", "replace")
        known = IdType(id_type) if id_type in IdType._value2member_map_ else IdType.ID_KEY_ID
        checked = self.gateway.check_identity(n.shake, n.settings, IkeIdentity(known, n.identity))
        if checked is not None and not isinstance(checked, Signer):  # a Refusal
            del self.pending[spi]
            return refusal_payloads(checked.reason.value)
        n.stage = Stage.EAP_INIT
        idr = self._idr(n)  # RFC 7296 §2.16: IDr, [CERT,] AUTH (the responder's signature), EAP
        return [idr, *self._signed(n, checked, idr), _eap(EapCode.REQUEST, 1, anyconnect.hello())]

    def _reconnect(self, spi: int, n: Negotiation, id_type: int, data: bytes, auth_body: bytes) -> list[Payload]:
        del self.pending[spi]
        method, auth = decode_auth(auth_body)
        session_id = data.decode("ascii", "replace") if id_type == IdType.ID_KEY_ID else ""
        assert n.esp is not None
        result = self.gateway.ike_auth_reconnect(
            n.shake, n.settings, session_id, auth if method == AuthMethod.SHARED_KEY else b"", n.esp, n.peer_child_spi
        )
        if not isinstance(result, Grant):
            return refusal_payloads(result.reason.value)
        assert result.token is not None
        return self._established(n, result, result.token, self.gateway.reconnect_signer(n.settings, result))

    def _eap(self, spi: int, n: Negotiation, eap: EapMessage) -> list[Payload]:
        if eap.code != EapCode.RESPONSE:
            raise WireError("the client sent an EAP message that is not a Response")
        kind, fields = anyconnect.parse(eap.data)
        if n.stage is Stage.EAP_INIT and kind == "init":
            n.stage = Stage.CREDENTIALS
            return [_eap(EapCode.REQUEST, 2, anyconnect.auth_request())]
        if n.stage is Stage.CREDENTIALS and kind == "auth-reply":
            assert n.esp is not None
            result = self.gateway.ike_auth_eap(
                n.shake, n.settings, n.identity, fields.get("username", ""), fields.get("password", ""),
                n.esp, n.peer_child_spi,
            )
            if not isinstance(result, Grant):
                del self.pending[spi]
                return [_eap(EapCode.FAILURE, 3), *refusal_payloads(result.reason.value)]
            n.grant = result
            n.stage = Stage.ACK
            return [_eap(EapCode.REQUEST, 3, anyconnect.complete())]
        if n.stage is Stage.ACK and kind == "ack":
            n.stage = Stage.FINAL_AUTH
            return [_eap(EapCode.SUCCESS, 4)]
        raise WireError(f"AnyConnect {kind!r} while {n.stage.value}")

    def _final_auth(self, spi: int, n: Negotiation, auth_body: bytes) -> list[Payload]:
        del self.pending[spi]
        method, auth = decode_auth(auth_body)
        shake = n.shake
        expected = initiator_eap_auth(shake.request, shake.response, shake.keys, n.idi_body)
        assert n.grant is not None
        if method != AuthMethod.SHARED_KEY or not hmac.compare_digest(expected, auth):
            self.gateway.abandon(n.grant)
            return refusal_payloads("final AUTH does not verify")
        return self._established(n, n.grant, shake.keys.sk_pr)

    # -- answers ---------------------------------------------------------------------------------
    def _idr(self, n: Negotiation) -> Payload:
        local = n.settings.local_address()
        return payload(PayloadType.IDR, encode_id(IdType.ID_IPV4_ADDR, local.packed))

    @staticmethod
    def _signed(n: Negotiation, signer: Signer | None, idr: Payload) -> list[Payload]:
        """CERT and the RSA-signed AUTH (one signature per IKE_AUTH); nothing without a signer."""
        if signer is None:
            return []
        return signer.payloads(responder_octets(n.shake.request, n.shake.response, n.shake.keys, idr.body))

    def _established(self, n: Negotiation, grant: Grant, key: bytes, signer: Signer | None = None) -> list[Payload]:
        """The last IKE_AUTH response. After EAP the AUTH is keyed by SK_pr (RFC 7296 §2.16); in a
        reconnect it is the gateway's signature when its profile signs, else keyed by the token."""
        idr = self._idr(n)
        if signer is not None:
            signed = self._signed(n, signer, idr)
        else:
            auth = responder_auth(key, n.shake.request, n.shake.response, n.shake.keys, idr.body)
            signed = [payload(PayloadType.AUTH, encode_auth(AuthMethod.SHARED_KEY, auth))]
        number = proposal_number(n.esp_proposals, Protocol.ESP, grant.esp.encryption)
        chosen = esp_choice_proposal(number, grant.esp.encryption, grant.esp.integrity, grant.gateway_child_spi)
        host = Selector(grant.assigned, grant.assigned)
        return [
            idr,
            *signed,
            payload(PayloadType.CP, cfg_reply(grant)),
            payload(PayloadType.SA, encode_sa((chosen,))),
            payload(PayloadType.TSI, encode_ts((host,))),
            payload(PayloadType.TSR, encode_ts((ANY,))),
        ]


def cfg_reply(grant: Grant) -> bytes:
    """The CFG_REPLY body: the address, the policy's DNS, domain and split-tunnel subnets, the
    reconnect session id and token, the client profile. What all sessions of a policy share is
    encoded once (`_policy_attributes`, `_profile_attribute`)."""
    session = ()
    if grant.session_id is not None and grant.token is not None:
        session = (
            CfgAttr(CfgAttribute.RECONNECT_SESSION_ID, grant.session_id.encode("ascii")),
            CfgAttr(CfgAttribute.RECONNECT_SESSION_TOKEN, grant.token),
        )
    return b"".join((
        encode_cp(CfgType.CFG_REPLY, (ip4_attr(CfgAttribute.INTERNAL_IP4_ADDRESS, grant.assigned),)),
        _policy_attributes(grant.dns, grant.def_domain, grant.split_networks),
        encode_attributes(session),
        b"" if grant.profile_xml is None else _profile_attribute(grant.profile_xml),
    ))


@lru_cache(maxsize=64)
def _policy_attributes(dns: tuple[str, ...], domain: str | None, networks: tuple[IPv4Network, ...]) -> bytes:
    attrs = [ip4_attr(CfgAttribute.INTERNAL_IP4_DNS, IPv4Address(d)) for d in dns]
    if domain:
        attrs.append(CfgAttr(CfgAttribute.INTERNAL_DNS_DOMAIN, domain.encode()))
    attrs += [subnet_attr(net) for net in networks]
    return encode_attributes(tuple(attrs))


@lru_cache(maxsize=16)
def _profile_attribute(xml: bytes) -> bytes:
    return encode_attributes((CfgAttr(CfgAttribute.ANYCONNECT_PROFILE, xml),))


def _eap(code: EapCode, identifier: int, data: bytes = b"") -> Payload:
    return payload(PayloadType.EAP, encode_eap(EapMessage(code, identifier, data)))


def invalid_ike_spi(header: Header) -> bytes:
    """RFC 7296 §2.21.4: an unprotected INVALID_IKE_SPI, echoing the offending SPIs."""
    return encode_message(
        header.spi_i, header.spi_r, Exchange.INFORMATIONAL, flags_for(False, True), header.message_id,
        [payload(PayloadType.NOTIFY, encode_notify(NotifyPayload(Notify.INVALID_IKE_SPI)))],
    )
