"""Dangling references between the other blocks: authorization policy -> pool and ACL, IPsec
profile -> transform set and IKEv2 profile, interface -> IPsec profile and interface, IKEv2 policy
-> proposal. Each finding names the referring line and the block it sits in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from iosxe_sim.config.loader import LoadResult
from iosxe_sim.config.views import AuthorizationPolicy, ConfigView, Interface, IpsecProfile
from iosxe_sim.lint.diagnostic import Severity
from iosxe_sim.lint.registry import Dangling, rule
from iosxe_sim.lint.rules_refs import Reference, dangling

_NUMBERED_ACL = re.compile(r"access-list\s+(\d+)\s", re.IGNORECASE)


def _in_policy(policy: AuthorizationPolicy) -> tuple[int, str, str]:
    return policy.line, "in authorization policy", policy.name


def _in_ipsec_profile(profile: IpsecProfile) -> tuple[int, str, str]:
    return profile.line, "in IPsec profile", profile.name


def _in_interface(interface: Interface) -> tuple[int, str, str]:
    return interface.line, "in interface", interface.name


@rule(
    "ref/pool",
    Severity.ERROR,
    "An authorization policy's `pool` is not defined",
    "Define the pool: `ip local pool NAME FIRST-ADDRESS LAST-ADDRESS`, or correct the name.",
)
def pool(view: ConfigView, result: LoadResult) -> Iterator[Dangling]:
    refs = (
        Reference(policy.lines["pool"], policy.pool, _in_policy(policy))
        for policy in view.authorization_policies.values()
        if policy.pool is not None
    )
    yield from dangling(refs, view.pools, "IP pool '{name}' is not defined (no `ip local pool {name} ...`)")


@rule(
    "ref/acl",
    Severity.ERROR,
    "`route set access-list` names an undefined access list",
    "Define the split-tunnel list: `ip access-list standard NAME` with `permit` entries for the "
    "networks the client should route into the tunnel.",
)
def acl(view: ConfigView, result: LoadResult) -> Iterator[Dangling]:
    numbered = {m[1] for v in result.config.verbatim if (m := _NUMBERED_ACL.match(v.lines[0].lstrip()))}
    refs = (
        Reference(policy.lines["route_acl"], policy.route_acl, _in_policy(policy))
        for policy in view.authorization_policies.values()
        if policy.route_acl is not None
    )
    yield from dangling(refs, view.access_lists.keys() | numbered, "access list '{name}' is not defined")


@rule(
    "ref/transform-set",
    Severity.ERROR,
    "An IPsec profile's `set transform-set` names an undefined transform set",
    "Define `crypto ipsec transform-set NAME esp-... ` or correct the name.",
)
def transform_set(view: ConfigView, result: LoadResult) -> Iterator[Dangling]:
    refs = (
        Reference(profile.lines["transform_set"], name, _in_ipsec_profile(profile))
        for profile in view.ipsec_profiles.values()
        for name in profile.transform_sets
    )
    yield from dangling(
        refs, view.transform_sets, "transform set '{name}' is not defined", smart_defaults=True
    )


@rule(
    "ref/ikev2-profile",
    Severity.ERROR,
    "An IPsec profile's `set ikev2-profile` names an undefined IKEv2 profile",
    "Define `crypto ikev2 profile NAME` or correct the name.",
)
def ikev2_profile(view: ConfigView, result: LoadResult) -> Iterator[Dangling]:
    refs = (
        Reference(profile.lines["ikev2_profile"], profile.ikev2_profile, _in_ipsec_profile(profile))
        for profile in view.ipsec_profiles.values()
        if profile.ikev2_profile is not None
    )
    yield from dangling(refs, view.profiles, "IKEv2 profile '{name}' is not defined")


@rule(
    "ref/ipsec-profile",
    Severity.ERROR,
    "`tunnel protection ipsec profile` names an undefined IPsec profile",
    "Define `crypto ipsec profile NAME` with `set transform-set` and `set ikev2-profile`, or correct the name.",
)
def ipsec_profile(view: ConfigView, result: LoadResult) -> Iterator[Dangling]:
    refs = (
        Reference(iface.lines["tunnel_protection"], iface.protection_profile, _in_interface(iface))
        for iface in view.interfaces.values()
        if iface.protection_profile is not None
    )
    yield from dangling(
        refs, view.ipsec_profiles, "IPsec profile '{name}' is not defined", smart_defaults=True
    )


@rule(
    "ref/proposal",
    Severity.ERROR,
    "An IKEv2 policy's `proposal` names an undefined proposal",
    "Define `crypto ikev2 proposal NAME` (encryption, integrity or prf, group) or correct the name.",
)
def proposal(view: ConfigView, result: LoadResult) -> Iterator[Dangling]:
    refs = (
        Reference(line, name, (policy.line, "in IKEv2 policy", policy.name))
        for policy in view.policies.values()
        for name, line in policy.proposals
    )
    yield from dangling(refs, view.proposals, "IKEv2 proposal '{name}' is not defined", smart_defaults=True)


@rule(
    "ref/interface",
    Severity.ERROR,
    "`ip unnumbered` names an undefined interface",
    "Configure the interface whose address the tunnel borrows (`interface NAME` with `ip address`), "
    "or correct the name.",
)
def interface(view: ConfigView, result: LoadResult) -> Iterator[Dangling]:
    refs = (
        Reference(iface.lines["ip_unnumbered"], iface.unnumbered, _in_interface(iface))
        for iface in view.interfaces.values()
        if iface.unnumbered is not None
    )
    yield from dangling(refs, view.interfaces, "interface {name} is not defined (no `interface {name}`)")
