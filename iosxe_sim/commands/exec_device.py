"""What a router says about itself: ``show version``, ``show users``, ``show privilege``,
``show ip interface [brief]``, ``show interfaces``, ``show hosts`` and ``show inventory``.

These are what automation clients read first (NAPALM ``get_facts``, Netmiko's ``SSHDetect``, genie,
ntc-templates), so their shapes follow real C8000V output (genieparser's golden samples); the
values come from the running-config, the clock and the sessions.
"""

from __future__ import annotations

import hashlib
from ipaddress import IPv4Interface
from typing import TYPE_CHECKING

from iosxe_sim import __version__
from iosxe_sim.commands.registry import exec_handler
from iosxe_sim.parser.match import Args, ios_caret
from iosxe_sim.render.common import hh_mm_ss
from iosxe_sim.render.interfaces import (
    InterfaceState,
    render_interfaces,
    render_ip_interface,
    render_ip_interface_brief,
)

if TYPE_CHECKING:
    from iosxe_sim.device import Device
    from iosxe_sim.session import Session

IOS_VERSION = "17.16.1a"  # the seed's release; the first line of `show version` pads it: 17.16.01a
IOS_VERSION_PADDED = "17.16.01a"
ETHERNET_MTU, TUNNEL_MTU = 1500, 1438
CONSOLE_TTY = 0


def serial_number(device: Device) -> str:
    """The chassis serial: the one ``license udi pid C8000V sn ...`` names, or one stable for the
    seed, shaped like a C8000V's (``9E42BIFKVLR``)."""
    for statement in device.config.statements("global.license"):
        words = str(statement.args["license"]).split()
        if words[:1] == ["udi"] and "sn" in words[:-1]:
            return words[words.index("sn") + 1]
    digest = hashlib.sha256(f"iosxe-sim:{device.seed}".encode()).hexdigest().upper()
    return "9" + digest[:10]


def _uptime(seconds: float) -> str:
    minutes = int(seconds) // 60
    weeks, minutes = divmod(minutes, 7 * 1440)
    days, minutes = divmod(minutes, 1440)
    hours, minutes = divmod(minutes, 60)
    parts = [f"{weeks} week{'s' * (weeks != 1)}"] if weeks else []
    parts += [f"{days} day{'s' * (days != 1)}"] if days else []
    parts += [f"{hours} hour{'s' * (hours != 1)}"] if hours else []
    return ", ".join(parts + [f"{minutes} minute{'s' * (minutes != 1)}"])


@exec_handler("show.version")
def show_version(session: Session, args: Args) -> str:
    # Cisco IOS XE Software, Version 17.16.01a   (the shape of genieparser's C8000V golden output)
    device = session.device
    gigabit = sum(1 for name in device.view().interfaces if name.startswith("GigabitEthernet"))
    return (
        f"Cisco IOS XE Software, Version {IOS_VERSION_PADDED}\n"
        f"Cisco IOS Software [IOSXE], Virtual XE Software (X86_64_LINUX_IOSD-UNIVERSALK9-M), "
        f"Version {IOS_VERSION}, RELEASE SOFTWARE (fc1)\n"
        "Technical Support: http://www.cisco.com/techsupport\n"
        "Copyright (c) 1986-2025 by Cisco Systems, Inc.\n"
        f"Compiled by iosxe-sim {__version__} (an emulator, not Cisco software)\n"
        "\n"
        "\n"
        "Cisco IOS-XE software, Copyright (c) 2005-2025 by cisco Systems, Inc.\n"
        "All rights reserved.  Certain components of Cisco IOS-XE software are\n"
        'licensed under the GNU General Public License ("GPL") Version 2.0.\n'
        "\n"
        "\n"
        "ROM: IOS-XE ROMMON\n"
        "\n"
        f"{device.name} uptime is {_uptime(device.clock.now)}\n"
        f"Uptime for this control processor is {_uptime(device.clock.now)}\n"
        "System returned to ROM by reload\n"
        'System image file is "bootflash:packages.conf"\n'
        "Last reload reason: reload\n"
        "\n"
        "\n"
        "License Level: \n"
        "License Type: Perpetual\n"
        "Next reload license Level: \n"
        "\n"
        "The current throughput level is 2000 kbps \n"
        "\n"
        "\n"
        "Smart Licensing Status: Smart Licensing Using Policy\n"
        "\n"
        "cisco C8000V (VXE) processor (revision VXE) with 2028465K/3075K bytes of memory.\n"
        f"Processor board ID {serial_number(device)}\n"
        "Router operating mode: Autonomous\n"
        f"{gigabit} Gigabit Ethernet interface{'s' * (gigabit != 1)}\n"
        "32768K bytes of non-volatile configuration memory.\n"
        "3965316K bytes of physical memory.\n"
        "11526144K bytes of virtual hard disk at bootflash:.\n"
        "\n"
        "Configuration register is 0x2102\n"
        "\n"
    )


@exec_handler("show.users")
def show_users(session: Session, args: Args) -> str:
    #     Line       User       Host(s)              Idle       Location
    # *  1 vty 0     test       idle                 00:00:00 127.0.0.1
    device = session.device
    rows = ["    Line       User       Host(s)              Idle       Location"]
    for line in device.sessions:
        if line.is_console and line is not session and not line.history:
            continue  # nobody has used the console
        tty = CONSOLE_TTY if line.is_console else int(line.line.split()[-1]) + 1  # a C8000V has no aux line
        idle = hh_mm_ss(max(0, int(device.clock.now - line.last_input)))
        star = "*" if line is session else " "
        rows.append(f"{star}{tty:>3} {line.line:<10}{line.user or '':<11}{'idle':<21}{idle} {line.peer or '  '}")
    rows += ["", "  Interface    User               Mode         Idle     Peer Address", ""]
    return "\n".join(rows) + "\n"


@exec_handler("show.privilege")
def show_privilege(session: Session, args: Args) -> str:
    return f"Current privilege level is {session.privilege}\n"


def interface_states(device: Device) -> list[InterfaceState]:
    """The configured interfaces in config order, then one Virtual-Access per crypto session."""
    view = device.view()
    own = {name: f"{i.address}/{IPv4Interface(f'0.0.0.0/{i.mask}').network.prefixlen}"
           for name, i in view.interfaces.items() if i.address and i.mask}
    states = []
    for name, interface in view.interfaces.items():
        donor = interface.unnumbered
        hardware, mac, mtu = _hardware(name, device)
        protocol_up = not name.startswith("Virtual-Template")  # a template carries no traffic itself
        states.append(InterfaceState(name, own.get(donor) if donor else own.get(name), donor,
                                     interface.shutdown, protocol_up, hardware, mac, mtu))
    for crypto in sorted(device.gateway.crypto_sessions(), key=lambda s: _number(s.interface)):
        profile = view.profiles.get(crypto.profile or "")
        template = view.interfaces.get(f"Virtual-Template{profile.virtual_template}") if profile else None
        donor = template.unnumbered if template else None
        children = crypto.ike_sa.child_sas
        states.append(InterfaceState(
            crypto.interface, own.get(donor) if donor else None, donor, False, True,
            "Virtual Access interface", None, TUNNEL_MTU,
            packets_in=sum(c.packets_decrypted for c in children),
            packets_out=sum(c.packets_encrypted for c in children),
            bytes_in=sum(c.flow_bytes_decrypted for c in children),
            bytes_out=sum(c.flow_bytes_encrypted for c in children),
        ))
    return states


def _number(name: str) -> int:
    digits = "".join(char for char in name if char.isdigit())
    return int(digits) if digits else 0


def _hardware(name: str, device: Device) -> tuple[str, str | None, int]:
    if name.startswith(("GigabitEthernet", "TenGigabitEthernet")):
        digest = hashlib.sha256(f"{serial_number(device)}:{name}".encode()).hexdigest()
        return "vNIC", f"0050.56{digest[:2]}.{digest[2:6]}", ETHERNET_MTU
    if name.startswith("Loopback"):
        return "Loopback", None, 1514
    if name.startswith("Virtual-Template"):
        return "Virtual Template interface", None, TUNNEL_MTU
    return "Tunnel", None, TUNNEL_MTU


def _selected(session: Session, args: Args) -> list[InterfaceState] | None:
    states = interface_states(session.device)
    if "ifname" not in args:
        return states
    chosen = [state for state in states if state.name.lower() == str(args["ifname"]).lower()]
    return chosen or None


@exec_handler("show.ip_interface")
def show_ip_interface(session: Session, args: Args) -> str:
    states = interface_states(session.device)
    return render_ip_interface_brief(states) if "brief" in args else render_ip_interface(states)


@exec_handler("show.interfaces")
def show_interfaces(session: Session, args: Args) -> str:
    states = _selected(session, args)
    if states is None:  # IOS refuses an interface that does not exist, the caret under its name
        typed = (session.history[-1] if session.history else "").split(" |")[0].rstrip()
        column = len(session.prompt) + len(typed) - len(typed.split()[-1]) if typed.split() else 0
        return ios_caret(column)
    return render_interfaces(states)


@exec_handler("show.hosts")
def show_hosts(session: Session, args: Args) -> str:
    # Default domain is not set
    # Name/address lookup uses domain service
    return (
        "Default domain is not set\n"
        "Name/address lookup uses domain service\n"
        "Name servers are 255.255.255.255\n"
        "\n"
        "Codes: UN - unknown, EX - expired, OK - OK, ?? - revalidate\n"
        "       temp - temporary, perm - permanent\n"
        "       NA - Not Applicable None - Not defined\n"
        "\n"
        "Host                      Port  Flags      Age Type   Address(es)\n"
    )


@exec_handler("show.inventory")
def show_inventory(session: Session, args: Args) -> str:
    # NAME: "Chassis", DESCR: "Cisco C8000V Chassis"
    # PID: C8000V            , VID: V00  , SN: 9E42BIFKVLR
    serial = serial_number(session.device)
    return (
        'NAME: "Chassis", DESCR: "Cisco C8000V Chassis"\n'
        f"PID: C8000V            , VID: V00  , SN: {serial}\n"
        "\n"
        'NAME: "module R0", DESCR: "Cisco C8000V Route Processor"\n'
        "PID: C8000V            , VID: V00  , SN: \n"
        "\n"
        'NAME: "module F0", DESCR: "Cisco C8000V Embedded Services Processor"\n'
        "PID: C8000V            , VID:      , SN: \n"
        "\n"
        "\n"
    )
