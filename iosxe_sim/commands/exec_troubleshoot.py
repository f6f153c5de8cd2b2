"""Routes, one interface's configuration (running or derived) and the buffered log."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network
from typing import TYPE_CHECKING

from iosxe_sim.commands.registry import exec_handler
from iosxe_sim.config.model import Block
from iosxe_sim.config.nvgen import block_lines
from iosxe_sim.parser.match import Args, ios_caret
from iosxe_sim.render.interface_config import render_interface_config, virtual_access_lines
from iosxe_sim.render.logging import render_logging
from iosxe_sim.render.routes import Route, render_ip_route, render_route_entry

if TYPE_CHECKING:
    from iosxe_sim.device import Device
    from iosxe_sim.session import Session


def routes(device: Device) -> list[Route]:
    """Connected and local routes of addressed interfaces that are up, static routes, and the
    /32 a FlexVPN server installs on each client's Virtual-Access."""
    found: list[Route] = []
    for interface in device.view().interfaces.values():
        if interface.address and interface.mask and not interface.shutdown:
            network = IPv4Network(f"{interface.address}/{interface.mask}", strict=False)
            found.append(Route("C", network, interface.name))
            found.append(Route("L", IPv4Network(f"{interface.address}/32"), interface.name))
    for statement in device.config.statements("global.ip_route"):
        args = statement.args
        network = IPv4Network(f"{args['prefix']}/{args['mask']}", strict=False)
        hop = IPv4Address(str(args["nexthop"])) if "nexthop" in args else None
        found.append(Route("S", network, str(args["interface"]) if "interface" in args else None, hop,
                           int(str(args.get("distance", 1)))))
    for session in device.gateway.crypto_sessions():
        if session.assigned_addr is not None:
            found.append(Route("S", IPv4Network(f"{session.assigned_addr}/32"), session.interface))
    return found


@exec_handler("show.ip_route")
def show_ip_route(session: Session, args: Args) -> str:
    table = routes(session.device)
    if "address" in args:
        return render_route_entry(table, IPv4Address(str(args["address"])))
    if "static" in args:
        table = [r for r in table if r.code == "S"]
    return render_ip_route(table)


def _interface_block(device: Device, name: str) -> Block | None:
    return next((b for b in device.config.blocks("interface") if b.name == name), None)


def _no_such_interface(session: Session) -> str:
    """IOS puts the caret under an interface the router does not have."""
    typed = session.history[-1] if session.history else ""
    command = typed.split("|")[0].rstrip()
    return ios_caret(len(session.prompt) + len(command) - len(command.split()[-1]))


@exec_handler("show.running_config_interface")
def show_running_config_interface(session: Session, args: Args) -> str:
    block = _interface_block(session.device, str(args["ifname"]))
    if block is None:
        return _no_such_interface(session)
    return render_interface_config(block_lines(block, session.device.grammar), derived=False)


@exec_handler("show.derived_config")
def show_derived_config(session: Session, args: Args) -> str:
    device = session.device
    name = str(args["ifname"])
    crypto = next((s for s in device.gateway.crypto_sessions() if s.interface == name), None)
    if crypto is None:
        block = _interface_block(device, name)
        if block is None:
            return _no_such_interface(session)
        return render_interface_config(block_lines(block, device.grammar), derived=True)
    profile = device.view().profiles.get(crypto.profile or "")
    template = None
    if profile is not None and profile.virtual_template is not None:
        template = _interface_block(device, f"Virtual-Template{profile.virtual_template}")
    lines = block_lines(template, device.grammar) if template is not None else []
    sa = crypto.ike_sa
    return render_interface_config(virtual_access_lines(name, lines, sa.local_addr, sa.remote_addr), derived=True)


@exec_handler("show.logging")
def show_logging(session: Session, args: Args) -> str:
    device = session.device
    return render_logging(device.log_buffer, device.buffered_logging())
