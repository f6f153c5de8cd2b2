"""The Secure Client's side of IKE and ESP on the wire.

`ClientSa` is the client's view of its IKE SA (keys, message ids) and child SA (ESP both ways);
`Initiator` sends octets through the network to the gateway and decodes what comes back. The
reconnect IKE_AUTH carries IDi KEY_ID(session id) and AUTH keyed by the token (RFC 7296 §2.15);
the first connect runs the five AnyConnect-EAP exchanges. The gateway's AUTH is verified too.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from ipaddress import IPv4Address

from iosxe_sim.engine.establish import Grant
from iosxe_sim.engine.events import ConnectFailure, ReconnectFailure
from iosxe_sim.engine.gateway import Gateway, Refusal
from iosxe_sim.engine.gateway_config import Refused
from iosxe_sim.engine.handshake import (
    InitiatorHalf,
    SaInitResponse,
    finish_initiator,
    initiator_eap_auth,
    reconnect_auth,
    responder_auth,
    start_initiator,
)
from iosxe_sim.engine.ikev2_auth import IdType
from iosxe_sim.engine.ikev2_crypto import DhGroup, IkeKeys
from iosxe_sim.engine.messages import choice_from_sa, esp_offer_from, esp_offer_sa, offer_proposals
from iosxe_sim.engine.negotiation import ANYCONNECT_ESP_OFFER, ANYCONNECT_IKE_OFFER, EspChoice, IkeChoice
from iosxe_sim.engine.peers import ANY, esp_pair
from iosxe_sim.engine.randomness import IvStream, RandomSource
from iosxe_sim.engine.sessions import Endpoint
from iosxe_sim.engine.signing import responder_octets, verify_gateway
from iosxe_sim.engine.state import IpsecMode
from iosxe_sim.engine.wire import anyconnect
from iosxe_sim.engine.wire.codec import (
    HEADER_LENGTH,
    Exchange,
    Payload,
    PayloadType,
    WireError,
    decode_header,
    decode_payloads,
)
from iosxe_sim.engine.wire.esp import EspSa
from iosxe_sim.engine.wire.ip import IKE_PORT, NAT_T_PORT, NON_ESP_MARKER, nat_detection_hash
from iosxe_sim.engine.wire.payloads import (
    AuthMethod,
    CfgAttr,
    CfgAttribute,
    CfgType,
    EapCode,
    EapMessage,
    Notify,
    Proposal,
    decode_auth,
    decode_cp,
    decode_ip4,
    decode_notify,
    decode_sa,
    decode_subnet,
    encode_auth,
    encode_cp,
    encode_eap,
    encode_id,
    encode_ts,
    payload,
)
from iosxe_sim.engine.wire.protect import IkeSaWire
from iosxe_sim.pki.certificates import lab_trust_anchors

# DECISION (docs/wire.md): the address a NATed client knows for itself (its home router's LAN).
PRIVATE_CLIENT_ADDRESS = IPv4Address("192.168.1.10")
_REASONS = {r.value: r for r in (*ConnectFailure, *ReconnectFailure)}
IKE_PROPOSALS = offer_proposals(
    ANYCONNECT_IKE_OFFER.encryption, ANYCONNECT_IKE_OFFER.prf, ANYCONNECT_IKE_OFFER.integrity, ANYCONNECT_IKE_OFFER.groups
)
# What a client asks for in every CFG_REQUEST, and its traffic selectors (the gateway narrows TSi).
CFG_REQUEST = payload(PayloadType.CP, encode_cp(CfgType.CFG_REQUEST, tuple(CfgAttr(int(kind)) for kind in (
    CfgAttribute.INTERNAL_IP4_ADDRESS, CfgAttribute.INTERNAL_IP4_DNS, CfgAttribute.INTERNAL_IP4_SUBNET,
    CfgAttribute.INTERNAL_DNS_DOMAIN, CfgAttribute.RECONNECT_SESSION_ID, CfgAttribute.RECONNECT_SESSION_TOKEN,
))))
TS_ANY = (payload(PayloadType.TSI, encode_ts((ANY,))), payload(PayloadType.TSR, encode_ts((ANY,))))


@dataclass
class ClientSa:
    """The client's IKE SA and child SA."""

    wire: IkeSaWire
    keys: IkeKeys = field(repr=False)
    choice: IkeChoice
    port: int  # the gateway's port: 4500 after NAT detection, else 500
    ivs: IvStream = field(repr=False)  # the IVs of our messages on this IKE SA (and its rekeys)
    next_id: int = 1  # our next request's message id
    peer_next: int = 0  # the next request id we expect from the gateway
    esp_out: EspSa | None = field(default=None, repr=False)
    esp_in: dict[int, EspSa] = field(default_factory=dict, repr=False)  # by our SPI
    esp_in_spi: int = 0  # our current inbound SPI
    retiring_in: int | None = None  # our inbound SPI a child rekey replaced, until its Delete
    old_wire: IkeSaWire | None = field(default=None, repr=False)  # a rekeyed SA, until deleted


@dataclass(frozen=True)
class Shaken:
    half: InitiatorHalf
    response: SaInitResponse
    keys: IkeKeys = field(repr=False)
    nat_t: bool = True


def refusal(payloads: list[Payload], fallback: ConnectFailure | ReconnectFailure) -> Refusal | None:
    """The error notify of an answer, with the gateway's reason when it sent one; None if none."""
    notifies = [decode_notify(p.body) for p in payloads if p.kind == PayloadType.NOTIFY]
    errors = [n for n in notifies if n.is_error]
    if not errors:
        return None
    for n in notifies:
        if n.kind == Notify.IOSXE_SIM_REFUSAL_REASON:
            text = n.data.decode("utf-8", "replace")
            return Refusal(_REASONS.get(text, fallback), text)
    name = Notify(errors[0].kind).name if errors[0].kind in Notify._value2member_map_ else str(errors[0].kind)
    return Refusal(fallback, name)


class Initiator:
    """A client's socket to the gateway (its endpoint can change when it roams or resumes)."""

    def __init__(self, gateway: Gateway, rng: RandomSource, behind_nat: bool) -> None:
        self.gateway = gateway
        self.rng = rng
        self.behind_nat = behind_nat
        self.endpoint = Endpoint(IPv4Address("0.0.0.0"), 0)

    def _private(self) -> tuple[IPv4Address, int]:
        return (PRIVATE_CLIENT_ADDRESS if self.behind_nat else self.endpoint.address), self.endpoint.port

    def send(self, port: int | None, data: bytes, esp: bool = False) -> bytes | None:
        """A datagram to the gateway; the answer's octets (the non-ESP marker removed from IKE;
        an ESP answer comes back as it is)."""
        try:
            gateway_port = self.gateway.port()
        except Refused:
            return None
        if esp:
            return self.gateway.network.to_gateway(gateway_port, self.endpoint, port, data)
        marked = port == NAT_T_PORT
        answer = self.gateway.network.to_gateway(gateway_port, self.endpoint, port, NON_ESP_MARKER + data if marked else data)
        if answer is None or not marked:
            return answer
        return answer[4:] if answer.startswith(NON_ESP_MARKER) else answer

    # -- IKE_SA_INIT -----------------------------------------------------------------------------
    def sa_init(self) -> Shaken | Refusal:
        """IKE_SA_INIT with the AnyConnect offer; at most one INVALID_KE_PAYLOAD round trip."""
        try:
            gateway_address = self.gateway.port().address
        except Refused as refused:
            return Refusal(refused.reason, refused.detail)
        group = ANYCONNECT_IKE_OFFER.groups[0]
        for _ in range(2):
            half = start_initiator(self.rng, IKE_PROPOSALS, group, (self._private(), (gateway_address, IKE_PORT)))
            answer = self.send(IKE_PORT, half.request.raw)
            if answer is None:
                return Refusal(ConnectFailure.UNREACHABLE, "no answer to IKE_SA_INIT")
            try:
                header = decode_header(answer)
                payloads, _ = decode_payloads(header.next_payload, answer, HEADER_LENGTH)
            except WireError as error:
                return Refusal(ConnectFailure.NO_PROPOSAL, f"IKE_SA_INIT answer: {error}")
            notifies = [decode_notify(p.body) for p in payloads if p.kind == PayloadType.NOTIFY]
            wanted = [n for n in notifies if n.kind == Notify.INVALID_KE_PAYLOAD and len(n.data) == 2]
            if wanted and int.from_bytes(wanted[0].data, "big") in DhGroup._value2member_map_:
                group = DhGroup(int.from_bytes(wanted[0].data, "big"))
                continue
            found = {p.kind: p.body for p in reversed(payloads)}
            if not {PayloadType.SA, PayloadType.KE, PayloadType.NONCE} <= found.keys():
                return Refusal(ConnectFailure.NO_PROPOSAL, "NO_PROPOSAL_CHOSEN")
            chosen = choice_from_sa(found[PayloadType.SA])
            if chosen is None:
                return Refusal(ConnectFailure.NO_PROPOSAL, "the gateway chose an unusable proposal")
            encryption, integrity, prf, dh = chosen
            ke = found[PayloadType.KE][4:]
            response = SaInitResponse(header.spi_r, IkeChoice("", encryption, integrity, prf, dh), ke, found[PayloadType.NONCE], answer)
            here = nat_detection_hash(half.request.spi_i, header.spi_r, *self._private())
            nat_t = any(n.kind == Notify.NAT_DETECTION_DESTINATION_IP and n.data != here for n in notifies)
            return Shaken(half, response, finish_initiator(half, response), nat_t)
        return Refusal(ConnectFailure.NO_PROPOSAL, "INVALID_KE_PAYLOAD twice")

    # -- IKE_AUTH --------------------------------------------------------------------------------
    def _client_sa(self, shaken: Shaken) -> ClientSa:
        choice = shaken.response.choice
        wire = IkeSaWire.from_keys(
            shaken.half.request.spi_i, shaken.response.spi_r, True, choice.encryption, choice.integrity, shaken.keys
        )
        return ClientSa(wire, shaken.keys, choice, NAT_T_PORT if shaken.nat_t else IKE_PORT, self.rng.iv_stream())

    def exchange(self, sa: ClientSa, exchange: Exchange, payloads: list[Payload]) -> list[Payload] | None:
        """One request/response on the IKE SA; None when nothing (verifiable) came back."""
        message_id = sa.next_id
        data = sa.wire.seal(exchange, message_id, False, payloads, sa.ivs.next(sa.wire.iv_length))
        answer = self.send(sa.port, data)
        if answer is None:
            return None
        try:
            header, reply = sa.wire.open(answer)
        except WireError:
            return None
        if not header.is_response or header.message_id != message_id:
            return None
        sa.next_id += 1
        return reply

    def first_auth(self, shaken: Shaken, identity: str, username: str, password: str) -> tuple[ClientSa, Grant] | Refusal:
        sa = self._client_sa(shaken)
        child_spi = self.rng.spi32()
        idi = payload(PayloadType.IDI, encode_id(IdType.ID_KEY_ID, identity.encode()))
        steps: list[list[Payload]] = [
            [idi, *self._child_request(child_spi)],
            [_eap_response(1, anyconnect.init(str(self.gateway.port().address)))],
            [_eap_response(2, anyconnect.auth_reply(username, password))],
            [_eap_response(3, anyconnect.ack())],
        ]
        for step in steps:
            reply = self.exchange(sa, Exchange.IKE_AUTH, step)
            if reply is None:
                return Refusal(ConnectFailure.UNREACHABLE, "no answer to IKE_AUTH")
            refused = refusal(reply, ConnectFailure.AUTH_METHOD)
            if refused is not None:
                return refused
            if step is steps[0] and (untrusted := self._untrusted_gateway(shaken, reply)) is not None:
                return Refusal(ConnectFailure.GATEWAY_UNTRUSTED, untrusted)
        auth = initiator_eap_auth(shaken.half.request, shaken.response, shaken.keys, idi.body)
        reply = self.exchange(sa, Exchange.IKE_AUTH, [payload(PayloadType.AUTH, encode_auth(AuthMethod.SHARED_KEY, auth))])
        if reply is None:
            return Refusal(ConnectFailure.UNREACHABLE, "no answer to the final IKE_AUTH")
        return self._established(sa, shaken, reply, shaken.keys.sk_pr, child_spi, ConnectFailure.AUTH_METHOD)

    def reconnect_auth(self, shaken: Shaken, session_id: str, token: bytes) -> tuple[ClientSa, Grant] | Refusal:
        sa = self._client_sa(shaken)
        child_spi = self.rng.spi32()
        idi = payload(PayloadType.IDI, encode_id(IdType.ID_KEY_ID, session_id.encode("ascii")))
        auth = reconnect_auth(shaken.half.request, shaken.response, shaken.keys, session_id, token)
        request = [idi, payload(PayloadType.AUTH, encode_auth(AuthMethod.SHARED_KEY, auth)), *self._child_request(child_spi)]
        reply = self.exchange(sa, Exchange.IKE_AUTH, request)
        if reply is None:
            return Refusal(ReconnectFailure.NEGOTIATION, "no answer to IKE_AUTH")
        return self._established(sa, shaken, reply, token, child_spi, ReconnectFailure.AUTH_MISMATCH)

    def _untrusted_gateway(self, shaken: Shaken, reply: list[Payload]) -> str | None:
        """Why the gateway's CERT and signed AUTH do not convince the client (None: they do, or the
        gateway did not sign in this message)."""
        found = {p.kind: p.body for p in reversed(reply)}
        if PayloadType.AUTH not in found or PayloadType.IDR not in found:
            return None
        certs = [p.body for p in reply if p.kind == PayloadType.CERT]
        octets = responder_octets(shaken.half.request, shaken.response, shaken.keys, found[PayloadType.IDR])
        return verify_gateway(certs, found[PayloadType.AUTH], octets, lab_trust_anchors(), self.gateway.clock.datetime_now())

    @staticmethod
    def _child_request(child_spi: int) -> list[Payload]:
        return [CFG_REQUEST, payload(PayloadType.SA, esp_offer_sa(ANYCONNECT_ESP_OFFER, child_spi)), *TS_ANY]

    def _established(
        self, sa: ClientSa, shaken: Shaken, reply: list[Payload], key: bytes, child_spi: int,
        fallback: ConnectFailure | ReconnectFailure,
    ) -> tuple[ClientSa, Grant] | Refusal:
        refused = refusal(reply, fallback)
        if refused is not None:
            return refused
        found = {p.kind: p.body for p in reversed(reply)}
        if not {PayloadType.IDR, PayloadType.AUTH, PayloadType.CP, PayloadType.SA} <= found.keys():
            return Refusal(fallback, "the final IKE_AUTH response is incomplete")
        method, auth = decode_auth(found[PayloadType.AUTH])
        if method == AuthMethod.RSA_SIGNATURE:  # a reconnect to a gateway that signs (rsa-sig)
            untrusted = self._untrusted_gateway(shaken, reply)
            if untrusted is not None:
                return Refusal(fallback, untrusted)
        else:
            expected = responder_auth(key, shaken.half.request, shaken.response, shaken.keys, found[PayloadType.IDR])
            if method != AuthMethod.SHARED_KEY or not hmac.compare_digest(expected, auth):
                return Refusal(fallback, "the gateway's AUTH does not verify")
        proposal = decode_sa(found[PayloadType.SA])[0]
        esp = esp_offer_choice(proposal)
        if esp is None:
            return Refusal(fallback, "the gateway chose an unusable ESP proposal")
        gateway_spi = int.from_bytes(proposal.spi, "big")
        nonces = (shaken.half.request.nonce, shaken.response.nonce)
        esp_in, esp_out = esp_pair(esp.encryption, esp.integrity, sa.choice.prf, shaken.keys.sk_d, nonces, True, child_spi, gateway_spi)
        sa.esp_out, sa.esp_in, sa.esp_in_spi = esp_out, {child_spi: esp_in}, child_spi
        return sa, grant_from(found[PayloadType.CP], esp, gateway_spi, shaken.response.spi_r)


def esp_offer_choice(proposal: Proposal) -> EspChoice | None:
    """The responder's single ESP transform choice."""
    found = esp_offer_from((proposal,))
    if found is None or len(found[0].encryption) != 1 or len(found[0].integrity) > 1:
        return None
    offer = found[0]
    return EspChoice("", offer.encryption[0], offer.integrity[0] if offer.integrity else None, IpsecMode.TUNNEL)


def grant_from(cp_body: bytes, esp: EspChoice, gateway_spi: int, ike_spi: int) -> Grant:
    """What the CFG_REPLY gives the client."""
    _, attrs = decode_cp(cp_body)
    values: dict[int, list[bytes]] = {}
    for attr in attrs:
        values.setdefault(attr.kind, []).append(attr.value)
    address = values.get(CfgAttribute.INTERNAL_IP4_ADDRESS)
    if not address:
        raise WireError("CFG_REPLY without an address")
    session_id = values.get(CfgAttribute.RECONNECT_SESSION_ID)
    token = values.get(CfgAttribute.RECONNECT_SESSION_TOKEN)
    domain = values.get(CfgAttribute.INTERNAL_DNS_DOMAIN)
    profile = values.get(CfgAttribute.ANYCONNECT_PROFILE)
    return Grant(
        decode_ip4(address[0]),
        domain[0].decode("utf-8", "replace") if domain else None,
        tuple(str(decode_ip4(v)) for v in values.get(CfgAttribute.INTERNAL_IP4_DNS, [])),
        tuple(decode_subnet(v) for v in values.get(CfgAttribute.INTERNAL_IP4_SUBNET, [])),
        session_id[0].decode("ascii", "replace") if session_id else None,
        gateway_spi,
        esp,
        ike_spi,
        token[0] if token else None,
        profile[0] if profile else None,
    )


def _eap_response(identifier: int, data: bytes) -> Payload:
    return payload(PayloadType.EAP, encode_eap(EapMessage(EapCode.RESPONSE, identifier, data)))
