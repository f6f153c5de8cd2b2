"""Simulation commands (``lab ...``, not IOS): simulated Secure Clients and the virtual clock.

Each action prints one result line; the syslog and debug lines its events cause follow it on the
console. Errors get a ``%`` message, as IOS errors do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from ipaddress import IPv4Address
from typing import TYPE_CHECKING

from iosxe_sim.commands.registry import exec_handler
from iosxe_sim.engine.client import SecureClient
from iosxe_sim.engine.client_protocol import DEFAULT_CLIENT_ADDRESS, ClientError, ConnectResult, Fault
from iosxe_sim.engine.interrupt import Interrupted
from iosxe_sim.parser.match import Args

if TYPE_CHECKING:
    from iosxe_sim.session import Session

DEFAULT_PACKET_SIZE = 100  # bytes, as `SecureClient.send_traffic` defaults
DEFAULT_USER = ("test", "cisco")  # the default device's `username test password 0 cisco`
FAULTS = {
    "wrong-token": Fault.WRONG_TOKEN,
    "stale-session": Fault.EXPIRED_SESSION_ID,
    "unknown-session": Fault.UNKNOWN_SESSION_ID,
}
_DURATION = re.compile(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?")
MAX_ADVANCE = 366 * 86400
MAX_DURATION = 100 * 366 * 86400  # beyond any lab; keeps huge numbers from overflowing a float


@dataclass
class LabClient:
    client: SecureClient
    username: str
    password: str

    @property
    def state(self) -> str:
        client = self.client
        if not client.awake:
            return "asleep"
        if not client.network_up:
            return "offline"
        return "connected" if client.tunnel is not None else "disconnected"


def parse_duration(text: str) -> float | None:
    """``45s``, ``15m``, ``1h30m`` or plain seconds (at most a century); None when it is none of these."""
    if len(text) > 32:  # no valid duration is longer; int() of thousands of digits is slow
        return None
    if text.isascii() and text.isdigit():
        total = int(text)
    else:
        found = _DURATION.fullmatch(text.lower())
        if not found or not any(found.groups()):
            return None
        hours, minutes, seconds = (int(g or 0) for g in found.groups())
        total = hours * 3600 + minutes * 60 + seconds
    return float(total) if total <= MAX_DURATION else None


def _lab_client(session: Session, args: Args) -> LabClient:
    name = str(args["name"])
    if name not in session.device.clients:
        raise ClientError(f"no client {name} (create it with: lab client {name})")
    return session.device.clients[name]


def _run(session: Session, args: Args, action) -> str:
    """Run one client action; ClientError and ValueError become IOS-style % messages."""
    try:
        return action(_lab_client(session, args)) + "\n"
    except (ClientError, ValueError) as exc:
        return f"% {args['name']}: {exc}\n"


def _result(lab: LabClient, result: ConnectResult | None, idle: str) -> str:
    name, tunnel = lab.client.name, lab.client.tunnel
    if result is None:
        return f"{name}: {idle}"
    if not result.ok:
        reason = f" ({result.reason.value})" if result.reason else ""
        return f"% {name}: {result.message}{reason}"
    how = "reconnected (session resumed with its token)" if result.reconnected else "connected"
    if result.fell_back:
        how = "reconnect refused; re-authenticated"
    address = f", address {tunnel.assigned}" if tunnel else ""
    return f"{name}: {how} to {lab.client.host_name} as {lab.username}{address}"


@exec_handler("lab.client")
def create_client(session: Session, args: Args) -> str:
    name = str(args["name"])
    lab = session.device.clients.get(name)
    address = IPv4Address(str(args["address"])) if "address" in args else None
    if lab is None:
        if len(session.device.clients) >= session.device.max_clients:
            return f"% Too many simulated clients: this device holds at most {session.device.max_clients}\n"
        client = SecureClient(session.device.gateway, name, address or DEFAULT_CLIENT_ADDRESS, seed=session.device.seed)
        lab = session.device.clients[name] = LabClient(client, *DEFAULT_USER)
        verb = "created"
    else:
        if address is not None:
            lab.client.change_network(address, lab.client.endpoint.port)
        verb = "updated"
    if "user" in args:
        lab.username, lab.password = str(args["user"]), str(args["password"])
        lab.client.use_credentials(lab.username, lab.password)
    return f"{name}: {verb}, user {lab.username}, source {lab.client.endpoint.address}\n"


@exec_handler("lab.client_action")
def client_action(session: Session, args: Args) -> str:
    action = str(args["action"])

    def act(lab: LabClient) -> str:
        client = lab.client
        if action == "connect":
            if client.tunnel is not None:
                raise ClientError("already connected")
            return _result(lab, client.connect(lab.username, lab.password), "")
        if action == "sleep":
            client.sleep()
            return f"{client.name}: asleep" + ("" if client.tunnel is not None else " (no session kept)")
        if action == "resume":
            return _result(lab, client.resume(), "awake, no session to resume")
        if client.tunnel is None:
            raise ClientError("not connected")
        client.disconnect()
        return f"{client.name}: disconnected"

    return _run(session, args, act)


@exec_handler("lab.client_traffic")
def client_traffic(session: Session, args: Args) -> str:
    packets = int(str(args["packets"]))
    size = int(str(args.get("size", DEFAULT_PACKET_SIZE)))

    def act(lab: LabClient) -> str:
        if lab.client.send_traffic(packets, size):
            return f"{lab.client.name}: {packets} packets of {size} bytes sent and answered"
        return f"% {lab.client.name}: packets dropped (no working tunnel)"

    return _run(session, args, act)


@exec_handler("lab.client_roam")
def client_roam(session: Session, args: Args) -> str:
    address = IPv4Address(str(args["address"])) if "address" in args else None
    port = int(str(args["port"])) if "port" in args else None

    def act(lab: LabClient) -> str:
        result = lab.client.change_network(address, port)
        endpoint = lab.client.endpoint
        moved = f"{lab.client.name}: now at {endpoint.address} port {endpoint.port}"
        return moved if result is None else f"{moved}; " + _result(lab, result, "").split(": ", 1)[1]

    return _run(session, args, act)


@exec_handler("lab.client_outage")
def client_outage(session: Session, args: Args) -> str:
    seconds = int(str(args["seconds"]))

    def act(lab: LabClient) -> str:
        lab.client.outage(seconds)
        return f"{lab.client.name}: network down for {seconds} seconds (advance the clock to see its effect)"

    return _run(session, args, act)


@exec_handler("lab.client_reconnect")
def client_reconnect(session: Session, args: Args) -> str:
    fault = FAULTS[str(args["fault"])]
    return _run(session, args, lambda lab: _result(lab, lab.client.reconnect(fault), ""))


@exec_handler("lab.clock_advance")
def clock_advance(session: Session, args: Args) -> str:
    seconds = parse_duration(str(args["duration"]))
    if seconds is None or seconds > MAX_ADVANCE:
        return f"% Invalid duration {args['duration']!r}: use 45s, 15m, 1h30m or seconds (at most a year)\n"
    clock = session.device.clock
    start = clock.now
    try:
        clock.advance(seconds)
        advanced = f"{int(seconds)} seconds"
    except Interrupted:  # Ctrl-C: time stays where the last timer fired
        advanced = f"{int(clock.now - start)} of {int(seconds)} seconds (interrupted)"
    now = clock.datetime_now()
    return f"Clock advanced {advanced}: now {now:%H:%M:%S} UTC {now:%a %b %d %Y}\n"


@exec_handler("lab.clock_mode")
def clock_mode(session: Session, args: Args) -> str:
    session.device.realtime = args["mode"] == "realtime"
    return f"Clock is now {args['mode']}\n"


@exec_handler("show.lab_clients")
def show_clients(session: Session, args: Args) -> str:
    rows = [f"{'Client':<12}{'State':<14}{'Source':<22}{'Assigned':<16}Session id"]
    for name, lab in sorted(session.device.clients.items()):
        tunnel, endpoint = lab.client.tunnel, lab.client.endpoint
        rows.append(
            f"{name:<12}{lab.state:<14}{f'{endpoint.address}:{endpoint.port}':<22}"
            f"{str(tunnel.assigned) if tunnel else '-':<16}{(tunnel.session_id or '-') if tunnel else '-'}"
        )
    return "\n".join(rows) + "\n"


@exec_handler("show.lab_client")
def show_client(session: Session, args: Args) -> str:
    try:
        lab = _lab_client(session, args)
    except ClientError as exc:
        return f"% {exc}\n"
    client = lab.client
    if "log" in args:
        return client.dart.render()
    profile = client.profile
    tunnel = client.tunnel
    lines = [
        f"Client {client.name}: {lab.state}, user {lab.username}",
        f"  Source: {client.endpoint.address} port {client.endpoint.port}",
        f"  Profile: AutoReconnect {'true' if profile.auto_reconnect else 'false'}, AutoReconnectBehavior "
        + profile.auto_reconnect_behavior.value,
    ]
    if tunnel is not None:
        lines += [f"  Tunnel: address {tunnel.assigned}, session id {tunnel.session_id or '(none)'}"]
    return "\n".join(lines) + "\n"
