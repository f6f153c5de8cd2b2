"""Crypto show and clear commands: engine state (``session.device.gateway``) through the renderers."""

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
    from iosxe_sim.engine.gateway import Gateway
    from iosxe_sim.session import Session


def _gateway(session: Session) -> Gateway:
    return session.device.gateway  # type: ignore[attr-defined, no-any-return]


def _sessions(session: Session, args: Args) -> list[CryptoSession]:
    """Active sessions, filtered by `interface`, `remote` or `username` when given."""
    sessions = _gateway(session).crypto_sessions()
    if "ifname" in args:
        sessions = [s for s in sessions if s.interface == args["ifname"]]
    if "peer" in args:
        sessions = [s for s in sessions if s.peer_addr == IPv4Address(str(args["peer"]))]
    if "user" in args:
        sessions = [s for s in sessions if s.username == args["user"]]
    return sessions


@exec_handler("show.crypto_session")
def show_crypto_session(session: Session, args: Args) -> str:
    sessions = _sessions(session, args)
    if "detail" in args:
        return render_crypto_session_detail(sessions, session.device.clock.now)
    return render_crypto_session(sessions)


@exec_handler("show.crypto_ikev2_sa")
def show_crypto_ikev2_sa(session: Session, args: Args) -> str:
    sas = _gateway(session).ike_sas()
    if "peer" in args:
        sas = [sa for sa in sas if sa.remote_addr == IPv4Address(str(args["peer"]))]
    if "local" in args:
        sas = [sa for sa in sas if sa.local_addr == IPv4Address(str(args["local"]))]
    if "detailed" in args:
        return render_ikev2_sa_detailed(sas, session.device.clock.now)
    return render_ikev2_sa(sas, session.device.clock.now)


@exec_handler("show.crypto_ikev2_session")
def show_crypto_ikev2_session(session: Session, args: Args) -> str:
    sessions = _gateway(session).crypto_sessions()
    if "detailed" in args:
        return render_ikev2_session_detailed(sessions, session.device.clock.now)
    return render_ikev2_session(sessions, session.device.clock.now)


@exec_handler("show.crypto_ikev2_stats")
def show_crypto_ikev2_stats(session: Session, args: Args) -> str:
    gateway = _gateway(session)
    return render_ikev2_stats(gateway.ikev2_stats, count_ike_sas(gateway.ike_sas()))


@exec_handler("show.crypto_ikev2_stats_reconnect")
def show_crypto_ikev2_stats_reconnect(session: Session, args: Args) -> str:
    gateway = _gateway(session)
    return render_ikev2_stats_reconnect(gateway.reconnect_stats, *gateway.reconnect_capable_counts())


@exec_handler("show.crypto_ipsec_sa")
def show_crypto_ipsec_sa(session: Session, args: Args) -> str:
    return render_crypto_ipsec_sa(_sessions(session, args), session.device.clock.now, detail="detail" in args)


@exec_handler("show.crypto_ikev2_profile")
def show_crypto_ikev2_profile(session: Session, args: Args) -> str:
    view = session.device.view()
    settings = settings_from(view, session.device.config, session.device.bootflash)
    sessions = _gateway(session).crypto_sessions()
    blocks = []
    for profile in view.profiles.values():
        if "profile" in args and profile.name != args["profile"]:
            continue
        refs = sum(p.ikev2_profile == profile.name for p in view.ipsec_profiles.values())
        refs += sum(s.profile == profile.name for s in sessions)
        blocks.append(render_ikev2_profile(profile, refs, settings.effective_dpd(profile)))
    return "".join(blocks)


@exec_handler("show.crypto_ikev2_proposal")
def show_crypto_ikev2_proposal(session: Session, args: Args) -> str:
    proposals = [p for p in proposals_shown(session.device.view()) if args.get("proposal", p.name) == p.name]
    return render_ikev2_proposals(proposals) if proposals else ""


@exec_handler("show.crypto_ikev2_policy")
def show_crypto_ikev2_policy(session: Session, args: Args) -> str:
    return render_ikev2_policies(
        [p for p in policies_shown(session.device.view()) if args.get("policy", p.name) == p.name]
    )


@exec_handler("show.crypto_ikev2_authorization_policy")
def show_crypto_ikev2_authorization_policy(session: Session, args: Args) -> str:
    policies = session.device.view().authorization_policies.values()
    return "".join(render_authorization_policy(p) for p in policies if args.get("policy", p.name) == p.name)


@exec_handler("show.crypto_ipsec_profile")
def show_crypto_ipsec_profile(session: Session, args: Args) -> str:
    view = session.device.view()
    profiles = [p for p in ipsec_profiles_shown(view) if args.get("profile", p.name) == p.name]
    return render_ipsec_profiles(profiles, view.transform_sets) if profiles else ""


@exec_handler("show.ip_local_pool")
def show_ip_local_pool(session: Session, args: Args) -> str:
    pools = session.device.view().pools
    name = args.get("pool")
    if name is not None and name not in pools:
        return "%% Pool %s not found\n" % name
    in_use = {lease.address: lease.holder for lease in _gateway(session).pools.leases()}
    return render_ip_local_pools(pools, in_use, None if name is None else str(name))


@exec_handler("clear.crypto_session")
def clear_crypto_session(session: Session, args: Args) -> str:
    remote = IPv4Address(str(args["peer"])) if "peer" in args else None
    _gateway(session).clear_sessions(remote)
    return ""


@exec_handler("clear.crypto_ikev2_sa")
def clear_crypto_ikev2_sa(session: Session, args: Args) -> str:
    """`clear crypto ikev2 sa [remote A.B.C.D|local A.B.C.D]`: the matching IKE SAs are deleted."""
    gateway = _gateway(session)
    if "local" in args:
        local = IPv4Address(str(args["local"]))
        for remote in {sa.remote_addr for sa in gateway.ike_sas() if sa.local_addr == local}:
            gateway.clear_ike_sas(remote)
    else:
        gateway.clear_ike_sas(IPv4Address(str(args["peer"])) if "peer" in args else None)
    return ""


@exec_handler("clear.crypto_ikev2_stats_reconnect")
def clear_crypto_ikev2_stats_reconnect(session: Session, args: Args) -> str:
    _gateway(session).clear_reconnect_stats()
    return ""
