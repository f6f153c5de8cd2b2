"""Dangling references from IKEv2 profiles (and `aaa new-model`): a name used on one line and
defined nowhere. Each finding names the referring line (where the caret goes) and its profile.

IOS-XE's IKEv2 smart defaults exist without being configured (``SMART_DEFAULTS``), so a reference
to ``default`` in those families is never dangling. :func:`dangling` is the check every reference
rule shares (rules_refs_blocks too): a rule lists its references, the helper reports the undefined.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Iterator
from typing import NamedTuple

from iosxe_sim.config.loader import LoadResult
from iosxe_sim.config.model import Block, Statement
from iosxe_sim.config.views import ConfigView, Ikev2Profile
from iosxe_sim.lint.diagnostic import Severity
from iosxe_sim.lint.registry import Dangling, Finding, rule

# crypto ikev2 authorization policy|proposal|policy and crypto ipsec transform-set|profile
SMART_DEFAULTS = "default"
_ACCOUNTING_LIST = re.compile(r"aaa\s+accounting\s+network\s+(\S+)", re.IGNORECASE)
_PROFILE = "ikev2.profile."


def _profile_statements(profile: Ikev2Profile, name: str) -> list[Statement]:
    return [s for s in profile.statements if s.handler == _PROFILE + name]


class Reference(NamedTuple):
    """A name used on ``line``, inside the block ``where`` describes: (its line, "in KIND", its name)."""

    line: int
    name: str
    where: tuple[int, str, str]


def dangling(
    refs: Iterable[Reference], defined: Container[str], message: str, *, smart_defaults: bool = False
) -> Iterator[Dangling]:
    """A finding (``message`` formatted with ``{name}``) for each reference to a name not in ``defined``;
    with ``smart_defaults`` the name ``default`` is defined too."""
    for ref in refs:
        if ref.name not in defined and not (smart_defaults and ref.name == SMART_DEFAULTS):
            where_line, where, where_name = ref.where
            yield Dangling(ref.line, ref.name, message, where_line, where, where_name)


def _in_profile(profile: Ikev2Profile) -> tuple[int, str, str]:
    return profile.line, "in IKEv2 profile", profile.name


@rule(
    "ref/authorization-policy",
    Severity.ERROR,
    "`aaa authorization group|user ... list LIST NAME` names an undefined authorization policy",
    "Define `crypto ikev2 authorization policy NAME` (pool, dns, split-tunnel ACL ...) or correct the name. "
    "Checked when LIST is a local method list (or undefined); a RADIUS list resolves NAME on the server.",
)
def authorization_policy(view: ConfigView, result: LoadResult) -> Iterator[Dangling]:
    remote_lists = {
        str(st.args["list"])
        for st in result.config.statements("aaa.authorization")
        if st.args.get("service") == "network" and "local" not in st.args.get("methods", ())
    }
    refs = (
        Reference(st.line, str(st.args["policy"]), _in_profile(profile))
        for profile in view.profiles.values()
        for kind in ("aaa_authorization_group", "aaa_authorization_user")
        for st in _profile_statements(profile, kind)
        if "policy" in st.args and str(st.args["list"]) not in remote_lists
    )
    yield from dangling(
        refs,
        view.authorization_policies,
        "authorization policy '{name}' is not defined (no `crypto ikev2 authorization policy {name}`)",
        smart_defaults=True,
    )


def _profile_list_refs(profile: Ikev2Profile) -> Iterator[tuple[Statement, str, str]]:
    """(statement, list name, kind of list it must be) for every AAA method list a profile names."""
    for st in _profile_statements(profile, "aaa_authentication"):
        yield st, str(st.args["list"]), "login"
    for kind in ("aaa_authorization_group", "aaa_authorization_user"):
        for st in _profile_statements(profile, kind):
            if "list" in st.args:
                yield st, str(st.args["list"]), "network"
    for st in _profile_statements(profile, "aaa_accounting"):
        yield st, str(st.args["list"]), "accounting"
    for st in _profile_statements(profile, "keyring"):
        if "list" in st.args:
            yield st, str(st.args["list"]), "network"


_UNDEFINED_LIST = {
    "login": "AAA method list '{name}' is not defined (no `aaa authentication login {name} ...`)",
    "network": "AAA method list '{name}' is not defined (no `aaa authorization network {name} ...`)",
    "accounting": "AAA method list '{name}' is not defined (no `aaa accounting network {name} ...`)",
}


@rule(
    "ref/aaa-list",
    Severity.ERROR,
    "An IKEv2 profile names an AAA method list that is not defined",
    "Define the list: `aaa authentication login LIST local` for `aaa authentication anyconnect-eap|eap LIST`, "
    "`aaa authorization network LIST local` for `aaa authorization ... list LIST` and `keyring aaa LIST`, "
    "`aaa accounting network LIST ...` for `aaa accounting ... LIST`.",
)
def aaa_list(view: ConfigView, result: LoadResult) -> Iterator[Dangling]:
    accounting = {str(st.args["list"]) for st in result.config.statements("aaa.accounting")}
    accounting |= {m[1] for v in result.config.verbatim if (m := _ACCOUNTING_LIST.match(v.lines[0].lstrip()))}
    defined = {
        "login": view.login_lists.keys(),
        "network": view.network_lists.keys(),
        "accounting": accounting,
    }
    for profile in view.profiles.values():
        for st, name, kind in _profile_list_refs(profile):
            ref = Reference(st.line, name, _in_profile(profile))
            yield from dangling([ref], defined[kind], _UNDEFINED_LIST[kind])


@rule(
    "ref/aaa-new-model",
    Severity.ERROR,
    "AAA commands without `aaa new-model`",
    "Add `aaa new-model` before the other `aaa` commands; without it IOS-XE has no AAA method lists.",
)
def aaa_new_model(view: ConfigView, result: LoadResult) -> Iterator[Finding]:
    if view.aaa_new_model is not None:
        return
    for item in result.config.items:
        if isinstance(item, Statement) and item.handler.startswith("aaa.") and not item.negated:
            yield Finding(item.line, f"`{item.text}` needs `aaa new-model`, which is not configured")
        elif isinstance(item, Block) and item.handler == "ikev2.profile":
            for st in item.children:
                if isinstance(st, Statement) and st.handler.startswith(_PROFILE + "aaa_") and not st.negated:
                    yield Finding(
                        st.line,
                        f"`{st.text}` needs `aaa new-model`, which is not configured",
                        related=((item.line, f"in IKEv2 profile {item.name}"),),
                    )


@rule(
    "ref/trustpoint",
    Severity.ERROR,
    "`pki trustpoint` names an undefined trustpoint",
    "Define it with `crypto pki trustpoint NAME` (enrollment, subject-name, rsakeypair) and enroll it, "
    "or correct the name.",
)
def trustpoint(view: ConfigView, result: LoadResult) -> Iterator[Dangling]:
    refs = (
        Reference(profile.lines[f"pki_trustpoint:{name}"], name, _in_profile(profile))
        for profile in view.profiles.values()
        for name in profile.trustpoints
    )
    yield from dangling(
        refs, view.trustpoints, "PKI trustpoint '{name}' is not defined (no `crypto pki trustpoint {name}`)"
    )


@rule(
    "ref/virtual-template",
    Severity.ERROR,
    "`virtual-template N` without `interface Virtual-Template N type tunnel`",
    "Define `interface Virtual-TemplateN type tunnel` with `ip unnumbered`, `tunnel mode ipsec ipv4` and "
    "`tunnel protection ipsec profile`.",
)
def virtual_template(view: ConfigView, result: LoadResult) -> Iterator[Finding]:
    for profile in view.profiles.values():
        if profile.virtual_template is None:
            continue
        name = f"Virtual-Template{profile.virtual_template}"
        interface = view.interfaces.get(name)
        if interface is None:
            message = f"interface {name} is not defined (no `interface {name} type tunnel`)"
        elif not interface.tunnel_type:
            message = f"interface {name} (line {interface.line}) is not `type tunnel`"
        else:
            continue
        line, where, name = _in_profile(profile)
        yield Finding(
            profile.lines["virtual_template"],
            message,
            token=str(profile.virtual_template),
            related=((line, f"{where} {name}"),),
        )


@rule(
    "ref/anyconnect-profile",
    Severity.ERROR,
    "`anyconnect profile NAME` without `crypto vpn anyconnect profile NAME`",
    "Add `crypto vpn anyconnect profile NAME bootflash:FILE.xml` (the client profile the gateway pushes).",
)
def anyconnect_profile(view: ConfigView, result: LoadResult) -> Iterator[Dangling]:
    refs = (
        Reference(profile.lines["anyconnect_profile"], profile.anyconnect_profile, _in_profile(profile))
        for profile in view.profiles.values()
        if profile.anyconnect_profile is not None
    )
    yield from dangling(
        refs,
        view.anyconnect_profiles,
        "AnyConnect profile '{name}' is not defined (no `crypto vpn anyconnect profile {name} ...`)",
    )


@rule(
    "ref/keyring",
    Severity.ERROR,
    "`keyring local NAME` names an undefined keyring",
    "Define `crypto ikev2 keyring NAME` with its peers, or correct the name.",
)
def keyring(view: ConfigView, result: LoadResult) -> Iterator[Dangling]:
    refs = (
        Reference(st.line, str(st.args["keyring"]), _in_profile(profile))
        for profile in view.profiles.values()
        for st in _profile_statements(profile, "keyring")
        if "keyring" in st.args
    )
    yield from dangling(refs, view.keyrings, "IKEv2 keyring '{name}' is not defined")
