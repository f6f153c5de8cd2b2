"""State queries of `kind = "state"` checks: one value read from the device, gateway or a client.

Names and documentation are in ``vocabulary.QUERIES``; a test keeps the two tables in step.
"""

from __future__ import annotations

from collections.abc import Callable
from ipaddress import IPv4Address

from iosxe_sim.config import guards
from iosxe_sim.config.views import Dpd, Ikev2Profile
from iosxe_sim.engine.client_profile import ClientProfileError, parse_client_profile
from iosxe_sim.engine.client_protocol import ANYCONNECT_KEY_ID
from iosxe_sim.engine.gateway_config import Refused, settings_from
from iosxe_sim.engine.ikev2_auth import IdType
from iosxe_sim.engine.liveness import DPD_RETRANSMISSIONS
from iosxe_sim.engine.state import IkeIdentity
from iosxe_sim.labs.model import Check
from iosxe_sim.labs.runtime import LabSession
from iosxe_sim.lint import Severity

Value = str | int | bool


class QueryError(LookupError):
    """The query cannot be answered (an unknown client); the check fails with this message."""


def _profile(session: LabSession, check: Check) -> Ikev2Profile | None:
    peer = check.get("selected-for")
    if peer is not None:
        return _selected(session, str(peer))
    return session.device.view().profiles.get(str(check.get("profile")))


def _selected(session: LabSession, peer: str) -> Ikev2Profile | None:
    """The profile the gateway selects for a client's AnyConnect connect (its KEY_ID from its
    source address), or for a peer presenting an IPv4 address as its identity."""
    device = session.device
    if peer in device.clients:
        address = device.clients[peer].client.endpoint.address
        identity = IkeIdentity(IdType.ID_KEY_ID, ANYCONNECT_KEY_ID)
    else:
        address = IPv4Address(peer)
        identity = IkeIdentity.address(address)
    try:
        return device.gateway_settings().select_profile(identity, address)
    except Refused:
        return None


def _needs_profile(session: LabSession, check: Check) -> Ikev2Profile:
    profile = _profile(session, check)
    if profile is None:
        if check.get("selected-for") is not None:
            raise QueryError(f"no IKEv2 profile matches {check.get('selected-for')}")
        raise QueryError(f"no IKEv2 profile {check.get('profile')} is configured")
    return profile


def _dpd(session: LabSession, check: Check) -> Dpd | None:
    return session.device.gateway_settings().effective_dpd(_needs_profile(session, check))


def _dpd_text(session: LabSession, check: Check) -> str:
    dpd = _dpd(session, check)
    return f"{dpd.interval} {dpd.retry} {dpd.mode}" if dpd else ""


def _client(session: LabSession, check: Check):
    name = str(check.get("client"))
    lab = session.device.clients.get(name)
    if lab is None:
        raise QueryError(f"no client {name}")
    return lab


def _lint_count(session: LabSession, severity: Severity) -> int:
    return sum(1 for d in session.lint() if d.severity is severity)


def _pre_shared_key(session: LabSession, check: Check) -> bool:
    profile = _needs_profile(session, check)
    return profile.keyring is not None or any(guards.uses_psk(statement) for statement in profile.statements)


def _client_behavior_of_profile(session: LabSession, check: Check) -> str:
    device = session.device
    settings = settings_from(device.view(), device.config, device.bootflash)
    xml = settings.client_profile_xml(_needs_profile(session, check))
    if xml is None:
        return "none"
    try:
        return parse_client_profile(xml).auto_reconnect_behavior.value
    except ClientProfileError:
        return "none"


def _dead_after(session: LabSession, check: Check) -> int:
    """One request and DPD_RETRANSMISSIONS retransmissions `retry` apart, then a last wait."""
    dpd = _dpd(session, check)
    return dpd.interval + (DPD_RETRANSMISSIONS + 1) * dpd.retry if dpd else 0


def _aaa_usable(session: LabSession, check: Check) -> bool:
    settings = session.device.gateway_settings()
    name = _needs_profile(session, check).aaa_authentication.get("anyconnect-eap")
    methods = settings.login_methods.get(name or "", ())
    return bool(set(methods) & {"local", "none"})


def _split(session: LabSession, check: Check) -> str:
    tunnel = _client(session, check).client.tunnel
    return ", ".join(str(network) for network in tunnel.split_networks) if tunnel else ""


def _stats(session: LabSession) -> tuple[int, int, int, int, int]:
    stats = session.device.gateway.reconnect_stats
    active, inactive = session.device.gateway.reconnect_capable_counts()
    return stats.total_incoming, stats.success, stats.failed, active, inactive


QUERIES: dict[str, Callable[[LabSession, Check], Value]] = {
    "reconnect.total": lambda s, c: _stats(s)[0],
    "reconnect.success": lambda s, c: _stats(s)[1],
    "reconnect.failed": lambda s, c: _stats(s)[2],
    "reconnect.capable-active": lambda s, c: _stats(s)[3],
    "reconnect.capable-inactive": lambda s, c: _stats(s)[4],
    "sessions": lambda s, c: len(s.device.gateway.crypto_sessions()),
    "lint.errors": lambda s, c: _lint_count(s, Severity.ERROR),
    "lint.warnings": lambda s, c: _lint_count(s, Severity.WARNING),
    "profile.exists": lambda s, c: _profile(s, c) is not None,
    "profile.reconnect": lambda s, c: _needs_profile(s, c).reconnect,
    "profile.reconnect-timeout": lambda s, c: _needs_profile(s, c).reconnect_timeout or 0,
    "profile.pre-shared-key": _pre_shared_key,
    "profile.client-behavior": _client_behavior_of_profile,
    "profile.name": lambda s, c: _needs_profile(s, c).name,
    "profile.keyring": lambda s, c: _needs_profile(s, c).keyring or "",
    "profile.auth-local": lambda s, c: _needs_profile(s, c).auth_local or "",
    "profile.auth-remote": lambda s, c: ", ".join(_needs_profile(s, c).auth_remote),
    "profile.dpd": _dpd_text,
    "profile.dpd-interval": lambda s, c: d.interval if (d := _dpd(s, c)) else 0,
    "profile.dpd-dead-after": _dead_after,
    "profile.aaa-usable": _aaa_usable,
    "client.state": lambda s, c: _client(s, c).state,
    "client.session-id": lambda s, c: (t.session_id or "") if (t := _client(s, c).client.tunnel) else "",
    "client.assigned": lambda s, c: str(t.assigned) if (t := _client(s, c).client.tunnel) else "",
    "client.source": lambda s, c: str(_client(s, c).client.endpoint.address),
    "client.port": lambda s, c: _client(s, c).client.endpoint.port,
    "client.behavior": lambda s, c: _client(s, c).client.profile.auto_reconnect_behavior.value,
    "client.split-networks": _split,
}


def query(session: LabSession, check: Check) -> Value:
    return QUERIES[str(check.get("query"))](session, check)
