"""Formatting shared by the show-command renderers: IOS time spellings, lifetimes, ids, selectors.

Lifetime arithmetic (DECISION, fitted to the seed): the IKE SA's remaining lifetime is the lifetime
minus the *whole* seconds elapsed, while the IPsec SA's remaining seconds are the remaining time
*truncated*. With fractional virtual time these differ by one second, which is exactly what the
seed's after-reconnect capture shows (Uptime 00:00:03, `lifetime:23:59:57`, `.../3596`); at whole
seconds (the seed's first capture: 00:00:15, 23:59:45, 3585) both rules agree.
"""

from __future__ import annotations

import math
from ipaddress import IPv4Network, summarize_address_range

from iosxe_sim.engine.state import ChildSa, IkeIdentity, IkeSa, TrafficSelector

_MINUTE = 60
_HOUR = 3600
_DAY = 86400
_WEEK = 7 * _DAY
_YEAR = 365 * _DAY


def elapsed_seconds(now: float, since: float) -> int:
    """Whole seconds from `since` to `now` (never negative)."""
    return max(0, math.floor(now - since))


def hh_mm_ss(seconds: int) -> str:
    # connid:1 lifetime:23:59:45
    return "%02d:%02d:%02d" % (seconds // _HOUR, seconds % _HOUR // _MINUTE, seconds % _MINUTE)


def ios_uptime(seconds: int) -> str:
    """IOS's compact duration: hh:mm:ss below a day, then 3d18h, 7w0d, 1y2w."""
    if seconds < _DAY:
        return hh_mm_ss(seconds)
    if seconds < _WEEK:
        return "%dd%02dh" % (seconds // _DAY, seconds % _DAY // _HOUR)
    if seconds < _YEAR:
        return "%dw%dd" % (seconds // _WEEK, seconds % _WEEK // _DAY)
    return "%dy%dw" % (seconds // _YEAR, seconds % _YEAR // _WEEK)


def ike_active_seconds(sa: IkeSa, now: float) -> int:
    return elapsed_seconds(now, sa.created_at)


def ike_remaining_seconds(sa: IkeSa, now: float) -> int:
    return max(0, sa.lifetime - elapsed_seconds(now, sa.created_at))


def ipsec_remaining_seconds(child: ChildSa, now: float) -> int:
    return max(0, math.floor(child.lifetime_seconds - (now - child.created_at)))


def ipsec_remaining_kb(child: ChildSa, octets: int) -> int:
    return max(0, child.lifetime_kb - octets // 1024)


def vrf_text(vrf: str | None, absent: str) -> str:
    """`none` in the IKEv2 tables, `(none)` in `show crypto session` and `show crypto ipsec sa`."""
    return absent if vrf is None else vrf


def identity_text(identity: IkeIdentity) -> str:
    if identity.is_session_id:
        return identity.value.encode("ascii").hex().upper()
    return identity.value


def hex_spi(spi: int) -> str:
    # ESP spi in/out: 0x2E14CBAF/0xD5590D3   (no zero padding)
    return "0x%X" % spi


def selector_text(selector: TrafficSelector) -> str:
    # Child sa: local selector  0.0.0.0/0 - 255.255.255.255/65535
    return "%s/%d - %s/%d" % (selector.start, selector.start_port, selector.end, selector.end_port)


def selector_network(selector: TrafficSelector) -> IPv4Network:
    """The selector's address range as one network; ranges must be CIDR-aligned."""
    networks = list(summarize_address_range(selector.start, selector.end))
    if len(networks) != 1:
        raise ValueError(f"selector {selector.start}-{selector.end} is not one CIDR block")
    return networks[0]


def flow_endpoint(selector: TrafficSelector) -> str:
    """`host 192.168.20.5` or `0.0.0.0/0.0.0.0`, as in `IPSEC FLOW: permit ip ...`."""
    network = selector_network(selector)
    if network.prefixlen == 32:
        return "host %s" % network.network_address
    return "%s/%s" % (network.network_address, network.netmask)


def protocol_text(protocol: int) -> str:
    return "ip" if protocol == 0 else str(protocol)
