"""`show ip route [static|A.B.C.D]`: connected, local, static and FlexVPN per-client routes.

The legend and layout are IOS-XE 17's (public captures of CSR1000v/C8000V routers, e.g. Microsoft's
Azure ExpressRoute CSR example and several lab write-ups): routes grouped under their classful
network (`10.0.0.0/8 is variably subnetted, 2 subnets, 2 masks`), code column of 9 (`S*    ` for a
default route outside any group). A FlexVPN server installs each client's assigned address as a
static /32 on its Virtual-Access (`S        192.168.20.5 is directly connected, Virtual-Access1`,
Cisco FlexVPN configuration guide). The per-address form (`Routing entry for ...`) follows IOS's
layout; EMULATOR-DEFINED where no capture shows the exact case.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network

_LEGEND = (
    "Codes: L - local, C - connected, S - static, R - RIP, M - mobile, B - BGP\n"
    "       D - EIGRP, EX - EIGRP external, O - OSPF, IA - OSPF inter area \n"
    "       N1 - OSPF NSSA external type 1, N2 - OSPF NSSA external type 2\n"
    "       E1 - OSPF external type 1, E2 - OSPF external type 2, m - OMP\n"
    "       n - NAT, Ni - NAT inside, No - NAT outside, Nd - NAT DIA\n"
    "       i - IS-IS, su - IS-IS summary, L1 - IS-IS level-1, L2 - IS-IS level-2\n"
    "       ia - IS-IS inter area, * - candidate default, U - per-user static route\n"
    "       H - NHRP, G - NHRP registered, g - NHRP registration summary\n"
    "       o - ODR, P - periodic downloaded static route, l - LISP\n"
    "       a - application route\n"
    "       + - replicated route, % - next hop override, p - overrides from PfR\n"
    "       & - replicated local route overrides by connected\n"
    "\n"
)
_KNOWN_VIA = {"C": "connected", "L": "connected", "S": "static"}


@dataclass(frozen=True)
class Route:
    code: str  # C, L or S
    network: IPv4Network
    interface: str | None = None
    next_hop: IPv4Address | None = None
    distance: int = 1

    @property
    def directly_connected(self) -> bool:
        return self.next_hop is None


def _classful(network: IPv4Network) -> IPv4Network:
    first = network.network_address.packed[0]
    length = 8 if first < 128 else 16 if first < 192 else 24
    return IPv4Network((network.network_address, min(length, network.prefixlen)), strict=False)


def render_ip_route(routes: Sequence[Route]) -> str:
    default = next((r for r in routes if r.network.prefixlen == 0 and r.next_hop), None)
    lines = [_LEGEND]
    if default is not None:
        lines.append("Gateway of last resort is %s to network 0.0.0.0\n\n" % default.next_hop)
    else:
        lines.append("Gateway of last resort is not set\n\n")
    groups: dict[IPv4Network, list[Route]] = {}
    for route in sorted(routes, key=lambda r: (r.network.network_address, r.network.prefixlen)):
        groups.setdefault(_classful(route.network), []).append(route)
    for major, members in groups.items():
        if len(members) == 1 and members[0].network == major:
            lines.append(_one(members[0], "    "))
            continue
        masks = {r.network.prefixlen for r in members}
        if len(masks) == 1:
            # "      192.168.20.0/32 is subnetted, 1 subnets"
            lines.append("      %s/%d is subnetted, %d subnets\n" % (major.network_address, masks.pop(), len(members)))
        else:
            # "      10.0.0.0/8 is variably subnetted, 2 subnets, 2 masks"
            lines.append("      %s is variably subnetted, %d subnets, %d masks\n"
                         % (major, len(members), len({r.network.prefixlen for r in members})))
        single_mask = len({r.network.prefixlen for r in members}) == 1
        lines += [_one(route, "", address_only=single_mask) for route in members]
    return "".join(lines)


def _one(route: Route, gap: str, address_only: bool = False) -> str:
    code = route.code + ("*" if route.network.prefixlen == 0 else "")
    shown = str(route.network.network_address) if address_only else str(route.network)
    width = 6 if gap else 9
    if route.directly_connected:
        return "%-*s%s is directly connected, %s\n" % (width, code, shown, route.interface)
    via = "%s, %s" % (route.next_hop, route.interface) if route.interface else str(route.next_hop)
    return "%-*s%s [%d/0] via %s\n" % (width, code, shown, route.distance, via)


def render_route_entry(routes: Sequence[Route], address: IPv4Address) -> str:
    """`show ip route A.B.C.D`: the longest match, or `% Network not in table`."""
    matches = [r for r in routes if address in r.network]
    if not matches:
        return "% Network not in table\n"
    best = max(matches, key=lambda r: r.network.prefixlen)
    network = best.network
    if network.prefixlen == 0:
        lines = ["Routing entry for 0.0.0.0 0.0.0.0, supernet\n"]
    else:
        lines = ["Routing entry for %s\n" % network]
    via = _KNOWN_VIA[best.code]
    distance = 0 if best.code in "CL" else best.distance
    if best.directly_connected:
        lines.append('  Known via "%s", distance %d, metric 0 (connected%s)\n'
                     % (via, distance, ", via interface" if best.code in "CL" else ""))
    else:
        default = ", candidate default path" if network.prefixlen == 0 else ""
        lines.append('  Known via "%s", distance %d, metric 0%s\n' % (via, distance, default))
    lines.append("  Routing Descriptor Blocks:\n")
    if best.directly_connected:
        lines.append("  * directly connected, via %s\n" % best.interface)
    else:
        lines.append("  * %s%s\n" % (best.next_hop, ", via %s" % best.interface if best.interface else ""))
    lines.append("      Route metric is 0, traffic share count is 1\n")
    return "".join(lines)
