"""``show ip interface brief``, ``show ip interface`` and ``show interfaces``: configured interfaces
and the Virtual-Access interfaces that sessions clone from their Virtual-Template.

The counters are the emulator's (no traffic crosses a GigabitEthernet here): zero on physical
interfaces, the crypto session's packet counts on a Virtual-Access.
"""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Interface


@dataclass(frozen=True)
class InterfaceState:
    name: str
    address: str | None  # A.B.C.D/M, its own or (unnumbered) its donor's
    unnumbered: str | None  # the donor interface of `ip unnumbered`
    shutdown: bool
    protocol_up: bool
    hardware: str  # "vNIC", "Virtual Access interface", "Loopback" ...
    mac: str | None  # 0050.56bf.1234 on Ethernet-like interfaces
    mtu: int
    packets_in: int = 0
    packets_out: int = 0
    bytes_in: int = 0
    bytes_out: int = 0

    @property
    def status(self) -> str:
        return "administratively down" if self.shutdown else "up"

    @property
    def protocol(self) -> str:
        return "up" if self.protocol_up and not self.shutdown else "down"


def render_ip_interface_brief(interfaces: list[InterfaceState]) -> str:
    # Interface              IP-Address      OK? Method Status                Protocol
    # GigabitEthernet1       10.106.45.225   YES NVRAM  up                    up
    rows = ["Interface              IP-Address      OK? Method Status                Protocol"]
    for state in interfaces:
        address = str(IPv4Interface(state.address).ip) if state.address else "unassigned"
        method = "NVRAM" if state.address and not state.unnumbered else "unset"
        rows.append("%-22s %-15s YES %-6s %-21s %s" % (state.name, address, method, state.status, state.protocol))
    return "\n".join(rows) + "\n"


def render_ip_interface(interfaces: list[InterfaceState]) -> str:
    blocks = []
    for state in interfaces:
        lines = [f"{state.name} is {state.status}, line protocol is {state.protocol}"]
        if state.unnumbered and state.address:
            lines.append(f"  Interface is unnumbered. Using address of {state.unnumbered} "
                         f"({IPv4Interface(state.address).ip})")
        elif state.address:
            lines.append(f"  Internet address is {state.address}")
            lines.append(f"  Broadcast address is {IPv4Interface(state.address).network.broadcast_address}")
        else:
            lines.append("  Internet protocol processing disabled")
            blocks.append("\n".join(lines))
            continue
        lines += [
            "  Address determined by non-volatile memory",
            f"  MTU is {state.mtu} bytes",
            "  Helper address is not set",
            "  Directed broadcast forwarding is disabled",
            "  Outgoing Common access list is not set ",
            "  Outgoing access list is not set",
            "  Inbound Common access list is not set ",
            "  Inbound  access list is not set",
            "  Proxy ARP is enabled",
            "  Local Proxy ARP is disabled",
            "  Security level is default",
            "  Split horizon is enabled",
            "  ICMP redirects are always sent",
            "  ICMP unreachables are always sent",
            "  ICMP mask replies are never sent",
            "  IP fast switching is enabled",
            "  IP Flow switching is disabled",
            "  IP CEF switching is enabled",
            "  IP CEF switching turbo vector",
            "  IP Null turbo vector",
            "  Associated unicast routing topologies:",
            "        Topology \"base\", operation state is UP",
            "  IP multicast fast switching is enabled",
            "  IP multicast distributed fast switching is disabled",
            "  IP route-cache flags are Fast, CEF",
            "  Router Discovery is disabled",
            "  IP output packet accounting is disabled",
            "  IP access violation accounting is disabled",
            "  TCP/IP header compression is disabled",
            "  RTP/IP header compression is disabled",
            "  Probe proxy name replies are disabled",
            "  Policy routing is disabled",
            "  Network address translation is disabled",
            "  BGP Policy Mapping is disabled",
            "  Input features: MCI Check",
            "  IPv4 WCCP Redirect outbound is disabled",
            "  IPv4 WCCP Redirect inbound is disabled",
            "  IPv4 WCCP Redirect exclude is disabled",
        ]
        blocks.append("\n".join(lines))
    return "".join(block + "\n" for block in blocks)


def render_interfaces(interfaces: list[InterfaceState]) -> str:
    return "".join(_interface(state) for state in interfaces)


def _interface(state: InterfaceState) -> str:
    # GigabitEthernet1 is up, line protocol is up
    #   Hardware is vNIC, address is 0050.56bf.6a2c (bia 0050.56bf.6a2c)
    hardware = f"  Hardware is {state.hardware}"
    if state.mac:
        hardware += f", address is {state.mac} (bia {state.mac})"
    lines = [f"{state.name} is {state.status}, line protocol is {state.protocol} ", hardware]
    if state.unnumbered and state.address:
        lines.append(f"  Interface is unnumbered. Using address of {state.unnumbered} "
                     f"({IPv4Interface(state.address).ip})")
    elif state.address:
        lines.append(f"  Internet address is {state.address}")
    bandwidth = 1000000 if state.mac else 100000
    lines += [
        f"  MTU {state.mtu} bytes, BW {bandwidth} Kbit/sec, DLY {10 if state.mac else 50000} usec, ",
        "     reliability 255/255, txload 1/255, rxload 1/255",
        f"  Encapsulation {'ARPA' if state.mac else 'TUNNEL'}, loopback not set",
        "  Keepalive set (10 sec)" if state.mac else "  Keepalive not set",
    ]
    if state.mac:
        lines += [
            "  Full Duplex, 1000Mbps, link type is auto, media type is Virtual",
            "  output flow-control is unsupported, input flow-control is unsupported",
            "  ARP type: ARPA, ARP Timeout 04:00:00",
        ]
    lines += [
        "  Last input never, output never, output hang never",
        '  Last clearing of "show interface" counters never',
        "  Input queue: 0/375/0/0 (size/max/drops/flushes); Total output drops: 0",
        "  Queueing strategy: fifo",
        "  Output queue: 0/40 (size/max)",
        "  5 minute input rate 0 bits/sec, 0 packets/sec",
        "  5 minute output rate 0 bits/sec, 0 packets/sec",
        f"     {state.packets_in} packets input, {state.bytes_in} bytes, 0 no buffer",
        "     Received 0 broadcasts (0 IP multicasts)",
        "     0 runts, 0 giants, 0 throttles ",
        "     0 input errors, 0 CRC, 0 frame, 0 overrun, 0 ignored",
        f"     {state.packets_out} packets output, {state.bytes_out} bytes, 0 underruns",
        "     Output 0 broadcasts (0 IP multicasts)",
        "     0 output errors, 0 collisions, 0 interface resets",
        "     0 unknown protocol drops",
        "     0 output buffer failures, 0 output buffers swapped out",
    ]
    return "\n".join(lines) + "\n"
