"""The simulated Cisco Secure Client: one object per remote user's machine.

It speaks to the gateway through its protocol methods with real key exchange, keeps the session id
and token the gateway issued (the token never leaves this object except as AUTH data), sends DPD
every 30 s while awake (docs/emulator-decisions.md), and follows the AnyConnect profile XML the gateway hands
out on connect: ReconnectAfterResume reconnects on resume; DisconnectOnSuspend (the schema default)
drops the session on sleep and stays down. A reconnect after suspend comes from a new source port
(a new socket: the seed's peer port changes from 63516 to 54626). A refused reconnect falls back to
full authentication with the credentials the user gave (docs/emulator-decisions.md; the real client would
prompt for them).
"""

from __future__ import annotations

from functools import lru_cache
from ipaddress import IPv4Address

from iosxe_sim.engine import dart
from iosxe_sim.engine.client_profile import (
    AutoReconnectBehavior,
    ClientProfile,
    ClientProfileError,
    parse_client_profile,
)
from iosxe_sim.engine.client_protocol import (
    ANYCONNECT_KEY_ID,
    CLIENT_DPD_INTERVAL,
    DEFAULT_CLIENT_ADDRESS,
    ClientError,
    ConnectResult,
    Fault,
    Trigger,
    Tunnel,
    derived_seed,
)
from iosxe_sim.engine.client_requests import answer_gateway
from iosxe_sim.engine.clock import Timer
from iosxe_sim.engine.dart import DartLog, DartSource, DartType
from iosxe_sim.engine.establish import Grant
from iosxe_sim.engine.events import ConnectFailure, ReconnectFailure
from iosxe_sim.engine.gateway import Gateway, Refusal
from iosxe_sim.engine.gateway_config import Refused
from iosxe_sim.engine.initiator import ClientSa, Initiator
from iosxe_sim.engine.randomness import RandomSource
from iosxe_sim.engine.sessions import Endpoint
from iosxe_sim.engine.wire.codec import Exchange, PayloadType, WireError
from iosxe_sim.engine.wire.ip import NAT_T_PORT
from iosxe_sim.engine.wire.payloads import Protocol, encode_delete, payload
from iosxe_sim.engine.wire.traffic import echo_request

INSIDE_HOST = IPv4Address("198.51.100.10")  # DECISION (docs/wire.md): the host a client pings

__all__ = ["ClientError", "ConnectResult", "Fault", "SecureClient", "Trigger", "Tunnel"]


class SecureClient:
    def __init__(
        self,
        gateway: Gateway,
        name: str = "client1",
        address: IPv4Address = DEFAULT_CLIENT_ADDRESS,
        port: int | None = None,
        behind_nat: bool = True,
        seed: int | None = None,
    ) -> None:
        self.gateway = gateway
        self.name = name
        self.clock = gateway.clock
        self.rng = RandomSource(derived_seed(seed, name))
        self.initiator = Initiator(gateway, self.rng, behind_nat)
        self.endpoint = Endpoint(address, 0)  # until it holds a source of its own
        if port is not None:
            self._check_free(Endpoint(address, port))
        self._move(self._free_endpoint(address) if port is None else Endpoint(address, port))
        self.behind_nat = behind_nat
        self.profile = ClientProfile()  # schema defaults until a gateway sends one
        self.dart = DartLog()
        self.tunnel: Tunnel | None = None
        self.awake = True
        self.network_up = True
        self.retired_session_ids: list[str] = []
        self._credentials: tuple[str, str] | None = None
        self._dpd_timer: Timer | None = None
        self._pending: Trigger | None = None  # a reconnect waiting for the network
        self._dpd_unanswered = False  # a DPD went out while the network was down
        self._outage_until = 0.0

    # -- what the user sees --------------------------------------------------------------------
    @property
    def host_name(self) -> str:
        return self.profile.hosts[0].host_name if self.profile.hosts else str(self.gateway_address())

    def gateway_address(self) -> IPv4Address | str:
        try:
            return self.gateway.settings().local_address()
        except Refused:
            return "the secure gateway"

    # -- user actions --------------------------------------------------------------------------
    def connect(self, username: str, password: str) -> ConnectResult:
        if not self.awake:
            raise ClientError("the client is asleep")
        if self.tunnel is not None:
            raise ClientError("the client is already connected")
        self._check_free(self.endpoint)
        self._credentials = (username, password)
        return self._full_connect()

    def use_credentials(self, username: str, password: str) -> None:
        """What the user enters at the next login (a fallback full authentication uses them too)."""
        self._credentials = (username, password)

    def disconnect(self) -> None:
        if not self.awake:
            raise ClientError("the client is asleep")
        if self.tunnel is None:
            raise ClientError("the client is not connected")
        if self.network_up:
            self._send_delete(self.tunnel.sa)
        self._drop(dart.DISCONNECTED % self.host_name, DartSource.UI)

    def send_traffic(
        self, packets: int = 10, octets: int = 100, replies: bool = True, reply_octets: int | None = None
    ) -> bool:
        """Send `packets` of `octets` through the tunnel, each answered (by default with as many
        octets) unless `replies` is False; False when they go nowhere."""
        if packets < 0 or octets < 0 or (reply_octets or 0) < 0:
            raise ValueError("packet and octet counts must be non-negative")
        if self.tunnel is None or not self.awake or not self.network_up:
            return False
        back = (octets if reply_octets is None else reply_octets) if replies else 0
        for _ in range(packets):
            tunnel = self.tunnel
            if tunnel is None or not self._send_packet(tunnel, octets, back):
                self._lost_sa()
                return False
        return True

    def sleep(self) -> None:
        if not self.awake:
            raise ClientError("the client is already asleep")
        if self.tunnel is not None and self._drops_on_suspend():
            if self.network_up:
                self._send_delete(self.tunnel.sa)
            self._drop(dart.SUSPEND_DISCONNECT, DartSource.AGENT)
        self.awake = False
        self._stop_dpd()

    def resume(self) -> ConnectResult | None:
        if self.awake:
            raise ClientError("the client is awake")
        self.awake = True
        self._log(dart.RESUMING)
        if self.tunnel is None:
            return None
        return self._reconnect(Trigger.RESUME)

    def change_network(
        self, address: IPv4Address | None = None, port: int | None = None
    ) -> ConnectResult | None:
        """Roaming: a new source address and/or port (a new free port by default). An address and
        port another client's tunnel holds is refused, as a NAT never gives one to two hosts."""
        address = address or self.endpoint.address
        if port is None:
            self._move(self._free_endpoint(address))
        else:
            self._check_free(Endpoint(address, port))
            self._move(Endpoint(address, port))
        if self.tunnel is None or not self.awake:
            return None
        return self._reconnect(Trigger.NETWORK_CHANGE)

    def outage(self, seconds: float) -> None:
        """The path to the gateway is down for `seconds` (both directions); overlapping outages
        last until the later one ends."""
        if seconds <= 0:
            raise ValueError("an outage lasts a positive number of seconds")
        self.network_up = False
        self._outage_until = max(self._outage_until, self.clock.now + seconds)
        self.clock.call_at(self._outage_until, self._network_restored)

    def reconnect(self, fault: Fault | None = None) -> ConnectResult:
        """A user-requested (or deliberately faulty) reconnect with the current session id."""
        if not self.awake:
            raise ClientError("the client is asleep")
        if self.tunnel is None or self.tunnel.session_id is None:
            raise ClientError("there is no session to reconnect")
        if fault is Fault.EXPIRED_SESSION_ID and not self.retired_session_ids:
            raise ClientError("this client holds no earlier session id")
        if fault is not None and not self.network_up:
            raise ClientError("the network is down: a faulty reconnect is sent at once or not at all")
        return self._reconnect(Trigger.USER, fault)

    # -- Receiver: what the gateway sends us -----------------------------------------------------
    def receive(self, source: Endpoint, port: int | None, data: bytes) -> bytes | None:
        """A datagram from the gateway: an IKE request on our SA (DPD, rekey, Delete) gets its answer."""
        tunnel = self.tunnel
        if not self.awake or not self.network_up or tunnel is None:
            return None
        marked = port == NAT_T_PORT
        if marked and not data.startswith(b"\x00\x00\x00\x00"):
            return None  # ESP arrives only as answers to ours
        answer = answer_gateway(tunnel.sa, self.rng, data[4:] if marked else data)
        if answer.deleted:
            self._drop(dart.GATEWAY_TERMINATED, DartSource.AGENT)
        if answer.data is None:
            return None
        return b"\x00\x00\x00\x00" + answer.data if marked else answer.data

    # -- connects ------------------------------------------------------------------------------------
    def _full_connect(self) -> ConnectResult:
        if not self.network_up:
            return self._failed(ConnectFailure.UNREACHABLE, "no route to the secure gateway")
        assert self._credentials is not None
        shaken = self.initiator.sa_init()
        if isinstance(shaken, Refusal):
            return self._failed(shaken.reason, shaken.detail)
        username, password = self._credentials
        granted = self.initiator.first_auth(shaken, ANYCONNECT_KEY_ID, username, password)
        if isinstance(granted, Refusal):
            return self._failed(granted.reason, granted.detail)
        sa, grant = granted
        self._retire_current()
        self._open(sa, grant, grant.session_id, grant.token)
        return ConnectResult(True, dart.CONNECTED % self.host_name)

    def _reconnect(self, trigger: Trigger, fault: Fault | None = None) -> ConnectResult:
        tunnel = self.tunnel
        assert tunnel is not None
        if tunnel.session_id is None or tunnel.token is None or not self._auto_reconnect(trigger):
            self._drop(dart.DISCONNECTED % self.host_name, DartSource.UI)
            return ConnectResult(False, dart.DISCONNECTED % self.host_name)
        if not self.network_up:
            self._pending = trigger
            return ConnectResult(False, dart.RECONNECTING % self.host_name)
        self._stop_dpd()
        if trigger is Trigger.RESUME:
            self._move(self._free_endpoint(self.endpoint.address))  # a new socket after suspend
        self._log(trigger.value, kind=DartType.WARNING)
        self._log(dart.USER_MESSAGE % (dart.RECONNECTING % self.host_name), DartSource.UI)
        session_id, token = self._faulty(tunnel.session_id, tunnel.token, fault)
        self._log(dart.USING_IKE_ID % session_id)
        shaken = self.initiator.sa_init()
        if isinstance(shaken, Refusal):
            self._drop(dart.DISCONNECTED % self.host_name, DartSource.UI)
            return self._failed(shaken.reason, shaken.detail)
        grant = self.initiator.reconnect_auth(shaken, session_id, token)
        if isinstance(grant, Refusal):
            self._log(dart.RECONNECT_FAILED % grant.detail, kind=DartType.ERROR)
            self.tunnel = None
            self._retire(tunnel.session_id)
            result = self._full_connect()
            return ConnectResult(result.ok, result.message, grant.reason, fell_back=True)
        self._open(*grant, tunnel.session_id, tunnel.token)  # a reconnect keeps id and token
        return ConnectResult(True, dart.CONNECTED % self.host_name, reconnected=True)

    def _faulty(self, session_id: str, token: bytes, fault: Fault | None) -> tuple[str, bytes]:
        if fault is Fault.WRONG_TOKEN:
            return session_id, bytes(b ^ 0x5A for b in token)
        if fault is Fault.UNKNOWN_SESSION_ID:
            return self.rng.session_id(), token
        if fault is Fault.EXPIRED_SESSION_ID:
            return self.retired_session_ids[-1], token  # reconnect() checked there is one
        return session_id, token

    # -- helpers -------------------------------------------------------------------------------------
    def _open(self, sa: ClientSa, grant: Grant, session_id: str | None, token: bytes | None) -> None:
        """Bring up the tunnel ``grant`` describes and follow the profile the gateway sent with it."""
        self.tunnel = Tunnel(
            sa,
            grant.assigned,
            session_id,
            grant.def_domain,
            grant.dns,
            grant.split_networks,
            token,
        )
        self._apply_profile(grant.profile_xml)
        self._established()

    def _auto_reconnect(self, trigger: Trigger) -> bool:
        if trigger is Trigger.USER:
            return True
        if not self.profile.auto_reconnect:
            return False
        return trigger is not Trigger.RESUME or not self._drops_on_suspend()

    def _drops_on_suspend(self) -> bool:
        behavior = self.profile.auto_reconnect_behavior
        return not self.profile.auto_reconnect or behavior is AutoReconnectBehavior.DISCONNECT_ON_SUSPEND

    def _apply_profile(self, xml: bytes | None) -> None:
        if xml is None:
            return
        try:
            self.profile = _parsed_profile(xml)
        except ClientProfileError as error:
            self._log(dart.PROFILE_REJECTED % error, kind=DartType.WARNING)

    def _established(self) -> None:
        self._log(dart.ESTABLISHED)
        self._log(dart.preference_settings(self.profile))
        self._log(dart.USER_MESSAGE % (dart.CONNECTED % self.host_name), DartSource.UI)
        self._start_dpd()

    def _failed(self, reason: ConnectFailure | ReconnectFailure, detail: str) -> ConnectResult:
        text = (
            dart.LOGIN_FAILED
            if reason in (ConnectFailure.BAD_PASSWORD, ConnectFailure.UNKNOWN_USER)
            else dart.CONNECT_FAILED % (self.host_name, detail)
        )
        self._log(dart.USER_MESSAGE % text, DartSource.UI, DartType.ERROR)
        return ConnectResult(False, text, reason)

    def _drop(self, message: str, source: DartSource) -> None:
        if self.tunnel is not None:
            self._retire(self.tunnel.session_id)
        self.tunnel = None
        self._pending = None
        self._stop_dpd()
        self._log(message if source is DartSource.AGENT else dart.USER_MESSAGE % message, source)

    def _retire_current(self) -> None:
        if self.tunnel is not None:
            self._retire(self.tunnel.session_id)

    def _retire(self, session_id: str | None) -> None:
        if session_id is not None and session_id not in self.retired_session_ids:
            self.retired_session_ids.append(session_id)

    def _check_free(self, endpoint: Endpoint) -> None:
        """The gateway keys its links by address and port: two clients on one would mix up. Each
        client holds its source address/port, connected or not, as a NAT mapping would."""
        holder = self.gateway.network.peers.get(endpoint)
        if holder is not None and holder is not self:
            name = getattr(holder, "name", "another client")
            raise ClientError(f"{endpoint.address} port {endpoint.port} is in use by client {name}")

    def _free_endpoint(self, address: IPv4Address) -> Endpoint:
        """A new ephemeral source port at ``address`` that no other client's tunnel uses."""
        while True:
            endpoint = Endpoint(address, self.rng.port())
            if self.gateway.network.peers.get(endpoint) in (None, self):
                return endpoint

    def _move(self, endpoint: Endpoint) -> None:
        """A new source address/port (as the gateway sees it): the old one reaches us no more."""
        self.gateway.network.detach(self.endpoint, self)
        self.endpoint = self.initiator.endpoint = endpoint
        self.gateway.network.attach(endpoint, self)

    def _send_delete(self, sa: ClientSa) -> None:
        """INFORMATIONAL with Delete(IKE): the gateway ends the session (RFC 7296 §1.4.1)."""
        delete = payload(PayloadType.DELETE, encode_delete(Protocol.IKE, ()))
        self.initiator.exchange(sa, Exchange.INFORMATIONAL, [delete])

    def _dpd_answered(self, sa: ClientSa) -> bool:
        return self.initiator.exchange(sa, Exchange.INFORMATIONAL, []) is not None

    def _send_packet(self, tunnel: Tunnel, octets: int, reply_octets: int) -> bool:
        """One ICMP echo through the tunnel (ESP-in-UDP behind NAT); False if the gateway says
        it knows no such SA (INVALID_SPI)."""
        sa = tunnel.sa
        assert sa.esp_out is not None
        host = tunnel.split_networks[0].network_address + 1 if tunnel.split_networks else INSIDE_HOST
        inner = echo_request(tunnel.assigned, host, sa.esp_out.sequence + 1, octets, reply_octets)
        packet = sa.esp_out.seal(inner, self.rng.token_bytes(8 if sa.esp_out.encryption.is_aead else 16))
        answer = self.initiator.send(sa.port if sa.port == NAT_T_PORT else None, packet, esp=True)
        if answer is None:
            return True
        if answer[:4] == b"\x00\x00\x00\x00" or len(answer) < 8:
            return False  # an IKE notify (INVALID_SPI) rather than ESP: our SA is gone
        inbound = sa.esp_in.get(int.from_bytes(answer[:4], "big"))
        if inbound is not None:
            try:
                inbound.open(answer)
            except WireError:
                pass  # a reply that does not verify is dropped, as a real stack drops it
        return True

    def _lost_sa(self) -> None:
        """The gateway no longer knows our IKE SA (it answered a request with INVALID_IKE_SPI)."""
        if self.tunnel is not None:
            self._reconnect(Trigger.LOST_SA)

    def _log(
        self, text: str, source: DartSource = DartSource.AGENT, kind: DartType = DartType.INFORMATION
    ) -> None:
        self.dart.add(self.clock.datetime_now(), source, text, kind)

    # -- timers ----------------------------------------------------------------------------------------
    def _start_dpd(self) -> None:
        self._stop_dpd()
        self._arm_dpd(self.clock.now + CLIENT_DPD_INTERVAL)

    def _arm_dpd(self, when: float) -> None:
        self._dpd_timer = self.clock.call_local(when, self._dpd_tick, fold=self._fold_dpd)

    def _fold_dpd(self, horizon: float) -> bool:
        """This DPD and the next ones before `horizon` answered in one step, when the gateway
        agrees nobody could tell (Gateway.absorb_keepalives): a virtual year of an idle session
        costs a few of these rather than a million exchanges."""
        tunnel = self.tunnel
        if tunnel is None or not self.awake or not self.network_up:
            return False
        sa = tunnel.sa
        gateway_spi = sa.wire.spi_r if sa.wire.initiator else sa.wire.spi_i
        count = self.gateway.absorb_keepalives(gateway_spi, sa.next_id, CLIENT_DPD_INTERVAL, horizon)
        if not count:
            return False
        sa.next_id += count
        sa.ivs.skip(count)
        self._arm_dpd(self.clock.now + count * CLIENT_DPD_INTERVAL)
        return True

    def _stop_dpd(self) -> None:
        if self._dpd_timer is not None:
            self._dpd_timer.cancel()
            self._dpd_timer = None

    def _dpd_tick(self) -> None:
        self._dpd_timer = None
        if self.tunnel is None or not self.awake:
            return
        if not self.network_up:
            self._dpd_unanswered = True  # retransmitted when the network is back
        elif not self._dpd_answered(self.tunnel.sa):
            self._lost_sa()
            return
        if self.tunnel is not None and self._dpd_timer is None:
            self._start_dpd()

    def _network_restored(self) -> None:
        if self.network_up or self.clock.now < self._outage_until:
            return  # an earlier outage's timer, or a later outage still running
        self.network_up = True
        pending, self._pending = self._pending, None
        unanswered, self._dpd_unanswered = self._dpd_unanswered, False
        if not self.awake or self.tunnel is None:
            return
        if pending is not None:
            self._reconnect(pending)
        elif unanswered and not self._dpd_answered(self.tunnel.sa):
            self._lost_sa()


@lru_cache(maxsize=64)
def _parsed_profile(xml: bytes) -> ClientProfile:
    """Every client of a gateway gets the same few profiles: parse each once (read-only after)."""
    return parse_client_profile(xml)
