"""The crypto commands engineers type next: IKE SA filters, counts and stats tables, session
brief/summary, transform sets, and the clear commands that go with them."""

from __future__ import annotations

from ipaddress import IPv4Address
from typing import TYPE_CHECKING

from iosxe_sim.commands.registry import exec_handler
from iosxe_sim.engine.negotiation import DEFAULT_TRANSFORM_SET
from iosxe_sim.engine.state import Ikev2SaStatus, NatTraversal
from iosxe_sim.parser.match import Args
from iosxe_sim.render.crypto_tables import (
    Ikev2Count,
    render_crypto_session_brief,
    render_crypto_session_summary,
    render_ikev2_count,
    render_transform_sets,
)
from iosxe_sim.render.ikev2_stats_tables import (
    render_stats_exchange,
    render_stats_ext_service,
    render_stats_psh,
    render_stats_timeout,
)

if TYPE_CHECKING:
    from iosxe_sim.session import Session


@exec_handler("show.crypto_session_brief")
def show_crypto_session_brief(session: Session, args: Args) -> str:
    device = session.device
    return render_crypto_session_brief(device.gateway.crypto_sessions(), device.clock.now)


@exec_handler("show.crypto_session_summary")
def show_crypto_session_summary(session: Session, args: Args) -> str:
    gateway = session.device.gateway
    return render_crypto_session_summary(gateway.crypto_sessions(), len(gateway.table.inactive))


@exec_handler("show.crypto_ipsec_transform_set")
def show_crypto_ipsec_transform_set(session: Session, args: Args) -> str:
    configured = dict(session.device.view().transform_sets)
    shown = [configured.pop("default", DEFAULT_TRANSFORM_SET), *configured.values()]
    return render_transform_sets(t for t in shown if args.get("tset", t.name) == t.name)


@exec_handler("show.crypto_ikev2_count")
def show_crypto_ikev2_count(session: Session, args: Args) -> str:
    device = session.device
    sas = device.gateway.ike_sas()
    return render_ikev2_count(Ikev2Count(
        negotiating=sum(sa.status is Ikev2SaStatus.IN_NEG for sa in sas),
        sessions=len(device.gateway.crypto_sessions()),
        active=sum(sa.status is Ikev2SaStatus.READY for sa in sas),
        created=device.tallies.created,
        deleted=device.tallies.deleted,
        marked_for_deletion=sum(sa.status is Ikev2SaStatus.DELETE for sa in sas),
    ))


@exec_handler("show.crypto_ikev2_stats_table")
def show_crypto_ikev2_stats_table(session: Session, args: Args) -> str:
    device = session.device
    table = args["table"]
    if table == "exchange":
        plain = sum(sa.nat_t is NatTraversal.NOT_DETECTED for sa in device.gateway.ike_sas())
        return render_stats_exchange(device.tallies, plain)
    if table == "timeout":
        return render_stats_timeout(device.tallies)
    if table == "ext-service":
        return render_stats_ext_service(device.tallies)
    return render_stats_psh(device.tallies)


@exec_handler("clear.crypto_ikev2_stats")
def clear_crypto_ikev2_stats(session: Session, args: Args) -> str:
    """`clear crypto ikev2 stats`: the exchange/notify, timeout and service counters restart."""
    session.device.tallies.clear()
    return ""


@exec_handler("clear.crypto_sa")
def clear_crypto_sa(session: Session, args: Args) -> str:
    """`clear crypto sa [peer A.B.C.D]`: the IPsec SAs go, and a remote-access Virtual-Access
    cannot live without its only child SA, so the session ends (DECISION, docs/emulator-decisions.md)."""
    session.device.gateway.clear_ike_sas(IPv4Address(str(args["peer"])) if "peer" in args else None)
    return ""
