"""Dangling references between the other blocks: authorization policy -> pool and ACL, IPsec
profile -> transform set and IKEv2 profile, interface -> IPsec profile and interface, IKEv2 policy
-> proposal. Each finding names the referring line and the block it sits in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from iosxe_sim.config.loader import LoadResult
from iosxe_sim.config.views import ConfigView
from iosxe_sim.lint.diagnostic import Severity
from iosxe_sim.lint.registry import Finding, rule
from iosxe_sim.lint.rules_refs import SMART_DEFAULTS

_NUMBERED_ACL = re.compile(r"access-list\s+(\d+)\s", re.IGNORECASE)


@rule(
    "ref/pool",
    Severity.ERROR,
    "An authorization policy's `pool` is not defined",
    "Define the pool: `ip local pool NAME FIRST-ADDRESS LAST-ADDRESS`, or correct the name.",
)
def pool(view: ConfigView, result: LoadResult) -> Iterator[Finding]:
    for policy in view.authorization_policies.values():
        if policy.pool is not None and policy.pool not in view.pools:
            yield Finding(
                policy.lines["pool"],
                f"IP pool '{policy.pool}' is not defined (no `ip local pool {policy.pool} ...`)",
                token=policy.pool,
                related=((policy.line, f"in authorization policy {policy.name}"),),
            )


@rule(
    "ref/acl",
    Severity.ERROR,
    "`route set access-list` names an undefined access list",
    "Define the split-tunnel list: `ip access-list standard NAME` with `permit` entries for the "
    "networks the client should route into the tunnel.",
)
def acl(view: ConfigView, result: LoadResult) -> Iterator[Finding]:
    numbered = {m[1] for v in result.config.verbatim if (m := _NUMBERED_ACL.match(v.lines[0].lstrip()))}
    for policy in view.authorization_policies.values():
        name = policy.route_acl
        if name is not None and name not in view.access_lists and name not in numbered:
            yield Finding(
                policy.lines["route_acl"],
                f"access list '{name}' is not defined",
                token=name,
                related=((policy.line, f"in authorization policy {policy.name}"),),
            )


@rule(
    "ref/transform-set",
    Severity.ERROR,
    "An IPsec profile's `set transform-set` names an undefined transform set",
    "Define `crypto ipsec transform-set NAME esp-... ` or correct the name.",
)
def transform_set(view: ConfigView, result: LoadResult) -> Iterator[Finding]:
    for profile in view.ipsec_profiles.values():
        for name in profile.transform_sets:
            if name != SMART_DEFAULTS and name not in view.transform_sets:
                yield Finding(
                    profile.lines["transform_set"],
                    f"transform set '{name}' is not defined",
                    token=name,
                    related=((profile.line, f"in IPsec profile {profile.name}"),),
                )


@rule(
    "ref/ikev2-profile",
    Severity.ERROR,
    "An IPsec profile's `set ikev2-profile` names an undefined IKEv2 profile",
    "Define `crypto ikev2 profile NAME` or correct the name.",
)
def ikev2_profile(view: ConfigView, result: LoadResult) -> Iterator[Finding]:
    for profile in view.ipsec_profiles.values():
        name = profile.ikev2_profile
        if name is not None and name not in view.profiles:
            yield Finding(
                profile.lines["ikev2_profile"],
                f"IKEv2 profile '{name}' is not defined",
                token=name,
                related=((profile.line, f"in IPsec profile {profile.name}"),),
            )


@rule(
    "ref/ipsec-profile",
    Severity.ERROR,
    "`tunnel protection ipsec profile` names an undefined IPsec profile",
    "Define `crypto ipsec profile NAME` with `set transform-set` and `set ikev2-profile`, or correct the name.",
)
def ipsec_profile(view: ConfigView, result: LoadResult) -> Iterator[Finding]:
    for interface in view.interfaces.values():
        name = interface.protection_profile
        if name is not None and name != SMART_DEFAULTS and name not in view.ipsec_profiles:
            yield Finding(
                interface.lines["tunnel_protection"],
                f"IPsec profile '{name}' is not defined",
                token=name,
                related=((interface.line, f"in interface {interface.name}"),),
            )


@rule(
    "ref/proposal",
    Severity.ERROR,
    "An IKEv2 policy's `proposal` names an undefined proposal",
    "Define `crypto ikev2 proposal NAME` (encryption, integrity or prf, group) or correct the name.",
)
def proposal(view: ConfigView, result: LoadResult) -> Iterator[Finding]:
    for policy in view.policies.values():
        for name, line in policy.proposals:
            if name != SMART_DEFAULTS and name not in view.proposals:
                yield Finding(
                    line,
                    f"IKEv2 proposal '{name}' is not defined",
                    token=name,
                    related=((policy.line, f"in IKEv2 policy {policy.name}"),),
                )


@rule(
    "ref/interface",
    Severity.ERROR,
    "`ip unnumbered` names an undefined interface",
    "Configure the interface whose address the tunnel borrows (`interface NAME` with `ip address`), "
    "or correct the name.",
)
def interface(view: ConfigView, result: LoadResult) -> Iterator[Finding]:
    for iface in view.interfaces.values():
        name = iface.unnumbered
        if name is not None and name not in view.interfaces:
            yield Finding(
                iface.lines["ip_unnumbered"],
                f"interface {name} is not defined (no `interface {name}`)",
                token=name,
                related=((iface.line, f"in interface {iface.name}"),),
            )
