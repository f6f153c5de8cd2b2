"""Crypto show and clear commands: engine state (``device.gateway``) through the renderers."""

from __future__ import annotations

from ipaddress import IPv4Address
from typing import TYPE_CHECKING

from iosxe_sim.commands.registry import exec_handler
from iosxe_sim.engine.gateway_config import settings_from
from iosxe_sim.engine.state import CryptoSession, count_ike_sas
from iosxe_sim.parser.match import Args
from iosxe_sim.render.config_shows import (
    render_authorization_policy,
    render_ikev2_profile,
    render_ip_local_pools,
)
from iosxe_sim.render.crypto_config import (
    ipsec_profiles_shown,
    policies_shown,
    proposals_shown,
    render_ikev2_policies,
    render_ikev2_proposals,
    render_ipsec_profiles,
)
from iosxe_sim.render.crypto_session import render_crypto_session, render_crypto_session_detail
from iosxe_sim.render.ikev2 import render_ikev2_sa, render_ikev2_sa_detailed
from iosxe_sim.render.ikev2_session import render_ikev2_session, render_ikev2_session_detailed
from iosxe_sim.render.ikev2_stats import render_ikev2_stats, render_ikev2_stats_reconnect
from iosxe_sim.render.ipsec import render_crypto_ipsec_sa

if TYPE_CHECKING:
    from iosxe_sim.device import Device
    from iosxe_sim.engine.gateway import Gateway


def _gateway(device: Device) -> Gateway:
    return device.gateway  # type: ignore[attr-defined, no-any-return]


def _sessions(device: Device, args: Args) -> list[CryptoSession]:
    """Active sessions, filtered by `interface`, `remote` or `username` when given."""
    sessions = _gateway(device).crypto_sessions()
    if "ifname" in args:
        sessions = [s for s in sessions if s.interface == args["ifname"]]
    if "peer" in args:
        sessions = [s for s in sessions if s.peer_addr == IPv4Address(str(args["peer"]))]
    if "user" in args:
        sessions = [s for s in sessions if s.username == args["user"]]
    return sessions


@exec_handler("show.crypto_session")
def show_crypto_session(device: Device, args: Args) -> str:
    sessions = _sessions(device, args)
    if "detail" in args:
        return render_crypto_session_detail(sessions, device.clock.now)
    return render_crypto_session(sessions)


@exec_handler("show.crypto_ikev2_sa")
def show_crypto_ikev2_sa(device: Device, args: Args) -> str:
    sas = _gateway(device).ike_sas()
    if "detailed" in args:
        return render_ikev2_sa_detailed(sas, device.clock.now)
    return render_ikev2_sa(sas, device.clock.now)


@exec_handler("show.crypto_ikev2_session")
def show_crypto_ikev2_session(device: Device, args: Args) -> str:
    sessions = _gateway(device).crypto_sessions()
    if "detailed" in args:
        return render_ikev2_session_detailed(sessions, device.clock.now)
    return render_ikev2_session(sessions, device.clock.now)


@exec_handler("show.crypto_ikev2_stats")
def show_crypto_ikev2_stats(device: Device, args: Args) -> str:
    gateway = _gateway(device)
    return render_ikev2_stats(gateway.ikev2_stats, count_ike_sas(gateway.ike_sas()))


@exec_handler("show.crypto_ikev2_stats_reconnect")
def show_crypto_ikev2_stats_reconnect(device: Device, args: Args) -> str:
    gateway = _gateway(device)
    return render_ikev2_stats_reconnect(gateway.reconnect_stats, *gateway.reconnect_capable_counts())


@exec_handler("show.crypto_ipsec_sa")
def show_crypto_ipsec_sa(device: Device, args: Args) -> str:
    return render_crypto_ipsec_sa(_sessions(device, args), device.clock.now)


@exec_handler("show.crypto_ikev2_profile")
def show_crypto_ikev2_profile(device: Device, args: Args) -> str:
    view = device.view()
    settings = settings_from(view, device.config, device.bootflash)
    sessions = _gateway(device).crypto_sessions()
    blocks = []
    for profile in view.profiles.values():
        if "profile" in args and profile.name != args["profile"]:
            continue
        refs = sum(p.ikev2_profile == profile.name for p in view.ipsec_profiles.values())
        refs += sum(s.profile == profile.name for s in sessions)
        blocks.append(render_ikev2_profile(profile, refs, settings.effective_dpd(profile)))
    return "".join(blocks)


@exec_handler("show.crypto_ikev2_proposal")
def show_crypto_ikev2_proposal(device: Device, args: Args) -> str:
    proposals = [p for p in proposals_shown(device.view()) if args.get("proposal", p.name) == p.name]
    return render_ikev2_proposals(proposals) if proposals else ""


@exec_handler("show.crypto_ikev2_policy")
def show_crypto_ikev2_policy(device: Device, args: Args) -> str:
    return render_ikev2_policies(
        [p for p in policies_shown(device.view()) if args.get("policy", p.name) == p.name]
    )


@exec_handler("show.crypto_ikev2_authorization_policy")
def show_crypto_ikev2_authorization_policy(device: Device, args: Args) -> str:
    policies = device.view().authorization_policies.values()
    return "".join(render_authorization_policy(p) for p in policies if args.get("policy", p.name) == p.name)


@exec_handler("show.crypto_ipsec_profile")
def show_crypto_ipsec_profile(device: Device, args: Args) -> str:
    view = device.view()
    profiles = [p for p in ipsec_profiles_shown(view) if args.get("profile", p.name) == p.name]
    return render_ipsec_profiles(profiles, view.transform_sets) if profiles else ""


@exec_handler("show.ip_local_pool")
def show_ip_local_pool(device: Device, args: Args) -> str:
    pools = device.view().pools
    name = args.get("pool")
    if name is not None and name not in pools:
        return "%% Pool %s not found\n" % name
    in_use = {lease.address: lease.holder for lease in _gateway(device).pools.leases()}
    return render_ip_local_pools(pools, in_use, None if name is None else str(name))


@exec_handler("clear.crypto_session")
def clear_crypto_session(device: Device, args: Args) -> str:
    remote = IPv4Address(str(args["peer"])) if "peer" in args else None
    _gateway(device).clear_sessions(remote)
    return ""


@exec_handler("clear.crypto_ikev2_sa")
def clear_crypto_ikev2_sa(device: Device, args: Args) -> str:
    _gateway(device).clear_ike_sas()
    return ""


@exec_handler("clear.crypto_ikev2_stats_reconnect")
def clear_crypto_ikev2_stats_reconnect(device: Device, args: Args) -> str:
    _gateway(device).clear_reconnect_stats()
    return ""
