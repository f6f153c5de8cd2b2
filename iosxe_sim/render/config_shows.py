"""`show crypto ikev2 profile`, `show crypto ikev2 authorization policy`, `show ip local pool`.

`show crypto ikev2 profile` follows the one real capture we know of (genieparser's
ShowCryptoIkev2Profile golden output, an older release without reconnect or AnyConnect lines);
the `Reconnect:` and `AnyConnect profile:` lines and the Ref Count rule (IPsec profiles naming the
profile plus its active sessions) are EMULATOR-DEFINED. The DPD line shows the DPD sessions get:
with `reconnect` and no `dpd`, the 45/2 on-demand default (docs/emulator-decisions.md.2).

`show crypto ikev2 authorization policy` and `show ip local pool` are EMULATOR-DEFINED: no public
capture exists. They follow IOS conventions: a `Label: value` block per object with one-blank
indents, and for pools the classic `Pool Begin End Free In use` table, plus, for one named pool,
its available and in-use addresses (in-use ones with the holding interface, e.g. `Vi1`).
"""

from __future__ import annotations

from collections.abc import Sequence
from ipaddress import IPv4Address

from iosxe_sim.config.views import AuthorizationPolicy, Dpd, Ikev2Profile, PoolRange

_POOL_ROW = " %-24s %-15s %-15s %5d %7d\n"


def _or_none(value: object) -> str:
    return "none" if value in (None, "", ()) else str(value)


def render_ikev2_profile(profile: Ikev2Profile, ref_count: int, dpd: Dpd | None) -> str:
    """One profile's block (the command prints one per profile, in config order)."""
    identities = [
        "%s %s" % (match.kind, match.value) if match.value else match.kind for match in profile.matches
    ]
    group = profile.aaa_group.get("anyconnect-eap") or next(iter(profile.aaa_group.values()), None)
    users = [v if v is not None else "cached" for v in profile.aaa_user.values()]
    lines = [
        # "IKEv2 profile: ikev2_prof"
        "IKEv2 profile: %s\n" % profile.name,
        # " Shutdown : No"
        " Shutdown : %s\n" % ("Yes" if profile.shutdown else "No"),
        # " Ref Count: 5"
        " Ref Count: %d\n" % ref_count,
        " Match criteria:\n",
        # "  Fvrf: global"
        "  Fvrf: global\n",
        "  Local address/interface: none\n",
        "  Identities:\n",
        *("   %s\n" % identity for identity in identities),
        "  Certificate maps: none\n",
        # " Local identity: none"
        " Local identity: %s\n" % _or_none(profile.identity_local),
        " Remote identity: none\n",
        # " Local authentication method: pre-share"
        " Local authentication method: %s\n" % _or_none(profile.auth_local),
        # " Remote authentication method(s): pre-share"
        " Remote authentication method(s): %s\n" % _or_none(" ".join(profile.auth_remote)),
        " EAP options: none\n",
        # " Keyring: ikev2_key"
        " Keyring: %s\n" % _or_none(profile.keyring),
        # " Trustpoint(s): none"
        " Trustpoint(s): %s\n" % _or_none(" ".join(profile.trustpoints)),
        # " Lifetime: 86400 seconds"
        " Lifetime: %d seconds\n" % profile.lifetime,
        # " DPD: interval 10, retry-interval 2, periodic"
        (" DPD: interval %d, retry-interval %d, %s\n" % (dpd.interval, dpd.retry, dpd.mode))
        if dpd
        else " DPD: disabled\n",
        " NAT-keepalive: disabled\n",
        " Ivrf: none\n",
        # " Virtual-template: none"
        " Virtual-template: %s\n" % _or_none(profile.virtual_template),
        " mode auto: none\n",
        # " AAA AnyConnect EAP authentication mlist: none"
        " AAA AnyConnect EAP authentication mlist: %s\n"
        % _or_none(profile.aaa_authentication.get("anyconnect-eap")),
        " AAA EAP authentication mlist: %s\n" % _or_none(profile.aaa_authentication.get("eap")),
        " AAA authentication mlist: none\n",
        " AAA Accounting: none\n",
        # " AAA group authorization: none"
        " AAA group authorization: %s\n" % _or_none(group[0] if group else None),
        " AAA user authorization: %s\n" % _or_none(" ".join(users)),
        " AnyConnect profile: %s\n" % _or_none(profile.anyconnect_profile),
        (" Reconnect: enabled, timeout %d seconds\n" % profile.reconnect_timeout)
        if profile.reconnect_timeout is not None
        else " Reconnect: disabled\n",
    ]
    return "".join(lines) + "\n"


def render_authorization_policy(policy: AuthorizationPolicy) -> str:
    lines = [
        "IKEv2 Authorization policy: %s\n" % policy.name,
        " Address pool: %s\n" % _or_none(policy.pool),
        " Netmask: %s\n" % _or_none(policy.netmask),
        " DNS: %s\n" % _or_none(" ".join(policy.dns)),
        " Default domain: %s\n" % _or_none(policy.def_domain),
        " Route set access-list: %s\n" % _or_none(policy.route_acl),
        " Session lifetime: %s\n"
        % ("%d seconds" % policy.session_lifetime if policy.session_lifetime else "none"),
    ]
    return "".join(lines) + "\n"


def _pool_header() -> str:
    # " Pool                     Begin           End             Free  In use"
    return " %-24s %-15s %-15s %5s %7s\n" % ("Pool", "Begin", "End", "Free", "In use")


def render_ip_local_pools(
    pools: dict[str, list[PoolRange]], in_use: dict[IPv4Address, str], name: str | None = None
) -> str:
    """All pools (one row per range), or one pool with its available and in-use addresses.

    `in_use` maps every allocated address to its holder's interface name.
    """
    chosen = {name: pools[name]} if name is not None else pools
    lines = [_pool_header()]
    for pool_name, ranges in chosen.items():
        for pool_range in ranges:
            used = sum(1 for a in in_use if pool_range.start <= a <= pool_range.end)
            lines.append(
                _POOL_ROW % (pool_name, pool_range.start, pool_range.end, pool_range.size - used, used)
            )
    if name is not None:
        lines += _address_lists(chosen[name], in_use)
    return "".join(lines)


LISTED_FREE = 1024  # emulator-defined bound on the free addresses listed


def _address_lists(ranges: Sequence[PoolRange], in_use: dict[IPv4Address, str]) -> list[str]:
    """Free addresses one per line (at most LISTED_FREE: a /8 pool must not print 16M lines), then
    the addresses in use with their interface."""
    free, more = [], 0
    for pool_range in ranges:
        size = max(pool_range.size, 0)
        shown = min(size, LISTED_FREE - len(free) + len(in_use))
        for value in range(int(pool_range.start), int(pool_range.start) + shown):
            if IPv4Address(value) not in in_use and len(free) < LISTED_FREE:
                free.append(" %s\n" % IPv4Address(value))
        more += size - sum(1 for a in in_use if pool_range.start <= a <= pool_range.end)
    more -= len(free)
    if more > 0:
        free.append(f" ... {more} more\n")
    used = [
        " %-15s %s\n" % (address, _short_interface(holder))
        for address, holder in sorted(in_use.items())
        if any(r.start <= address <= r.end for r in ranges)
    ]
    return ["Available addresses:\n", *free, "Inuse addresses:\n", *used]


def _short_interface(name: str) -> str:
    return name.replace("Virtual-Access", "Vi", 1)
