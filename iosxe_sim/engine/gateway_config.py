"""What the gateway reads from the running-config, resolved per connect.

The gateway takes a fresh :class:`GatewaySettings` for every IKE_SA_INIT, so a config change
applies to the next connect (and, for DPD and reconnect timeouts, to the next dead peer). This
module answers the gateway's questions: which IKEv2 proposals apply, which profile an identity
selects, whether AAA accepts a user, what the authorization policy hands out, and which
Virtual-Template / IPsec profile / transform sets a profile's sessions use.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from ipaddress import IPv4Address, IPv4Network

from iosxe_sim.config import passwords
from iosxe_sim.config.model import RunningConfig
from iosxe_sim.config.views import (
    AuthorizationPolicy,
    ConfigView,
    Dpd,
    Ikev2Profile,
    Interface,
    IpsecProfile,
    MatchIdentity,
    Proposal,
    TransformSet,
)
from iosxe_sim.engine.events import ConnectFailure
from iosxe_sim.engine.ikev2_crypto import DhGroup
from iosxe_sim.engine.negotiation import (
    DEFAULT_PROPOSAL,
    DEFAULT_TRANSFORM_SET,
    EspChoice,
    EspOffer,
    IkeChoice,
    IkeOffer,
    InvalidKe,
    negotiate_esp,
    negotiate_ike,
)
from iosxe_sim.engine.signing import Signer
from iosxe_sim.engine.state import IkeIdentity
from iosxe_sim.pki.keys import KeyStore
from iosxe_sim.pki.trustpoints import resolve

ANYCONNECT_METHOD = "anyconnect-eap"
_UNKNOWN = object()
# DECISION (docs/emulator-decisions.md): with `reconnect` and no `dpd`, DPD is 45 s / retry 2, on demand.
RECONNECT_DEFAULT_DPD = Dpd(45, 2, "on-demand")


class Refused(Exception):
    """A connect step failed; `reason` is what the events and the client report."""

    def __init__(self, reason: ConnectFailure, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Authorization:
    """What the authorization policy gives a session (kept for reconnects: no AAA query then)."""

    policy: str | None
    pool: str | None
    def_domain: str | None
    dns: tuple[str, ...]
    split_networks: tuple[IPv4Network, ...]


@dataclass(frozen=True)
class ChildSettings:
    """Where a profile's sessions live: Virtual-Template, its IPsec profile and transform sets."""

    template: Interface
    mtu_interface: str
    transform_sets: list[TransformSet]
    lifetime_seconds: int
    lifetime_kb: int


@dataclass(frozen=True)
class GatewaySettings:
    view: ConfigView
    login_methods: Mapping[str, tuple[str, ...]]  # aaa authentication login LIST methods
    network_methods: Mapping[str, tuple[str, ...]]  # aaa authorization network LIST methods
    bootflash: Mapping[str, bytes]
    keys: KeyStore | None = None  # the router's RSA key pairs (private-config)

    # -- addresses and proposals ------------------------------------------------------------
    def local_address(self) -> IPv4Address:
        """The gateway's IKE address: the first addressed, not shut down, non-tunnel interface."""
        return self.local_interface()[1]

    @cached_property
    def _local_interface(self) -> tuple[str, IPv4Address] | Refused:
        try:
            return self._find_local_interface()
        except Refused as refused:
            return refused

    def local_interface(self) -> tuple[str, IPv4Address]:
        """The interface IKE and ESP use (its name is where `monitor capture` sees them); settings
        are rebuilt when the config changes, so the answer is kept."""
        found = self._local_interface
        if isinstance(found, Refused):
            raise Refused(found.reason, found.detail)
        return found

    def _find_local_interface(self) -> tuple[str, IPv4Address]:
        for interface in self.view.interfaces.values():
            if interface.address and not interface.shutdown and not interface.tunnel_type:
                return interface.name, IPv4Address(interface.address)
        raise Refused(ConnectFailure.NO_LOCAL_ADDRESS, "no interface with an IPv4 address")

    @cached_property
    def _ike_proposals(self) -> list[Proposal]:
        """Proposals of the policies that match (fvrf global/any), or IOS's default policy."""
        proposals = dict(self.view.proposals)
        proposals.setdefault("default", DEFAULT_PROPOSAL)
        policies = [p for p in self.view.policies.values() if p.fvrf in (None, "any")]
        names = (
            [name for policy in policies for name, _ in policy.proposals]
            if self.view.policies
            else ["default"]
        )
        return [proposals[name] for name in names if name in proposals]

    def negotiated_ike(self, offer: IkeOffer, ke_group: DhGroup | None) -> IkeChoice | InvalidKe | None:
        """`negotiate_ike` with these proposals; clients of one make send one offer, so the
        answers are kept (these settings live until the config changes)."""
        key = (offer, ke_group)
        known = self._ike_choices.get(key, _UNKNOWN)
        if known is _UNKNOWN:
            known = self._ike_choices[key] = negotiate_ike(self._ike_proposals, offer, ke_group)
        return known  # type: ignore[return-value]

    @cached_property
    def _ike_choices(self) -> dict[tuple[IkeOffer, DhGroup | None], IkeChoice | InvalidKe | None]:
        return {}

    # -- profile selection ------------------------------------------------------------------
    def signer(self, profile: Ikev2Profile) -> Signer | None:
        """What `authentication local rsa-sig` signs with: the profile's (first) trustpoint's key
        and chain; raises Refused when it has none (IOS cannot build its AUTH payload then).
        None for the other local methods."""
        if profile.auth_local != "rsa-sig":
            return None
        found = self._signers.get(profile.name)
        if found is None:
            found = self._signers[profile.name] = self._make_signer(profile)
        if isinstance(found, Refused):
            raise found
        return found

    @cached_property
    def _signers(self) -> dict[str, Signer | Refused]:
        return {}

    def _make_signer(self, profile: Ikev2Profile) -> Signer | Refused:
        names = profile.trustpoints or tuple(self.view.pki)  # IOS tries every trustpoint without one
        for name in names:
            trustpoint = self.view.pki.get(name)
            if trustpoint is None:
                continue
            resolved = resolve(trustpoint, self.keys or KeyStore())
            router, key = resolved.router_certificate, resolved.key
            if resolved.signing_problem() is None and router is not None and key is not None:
                chain = (router.der, *(ca.der for ca in resolved.ca_certificates))
                return Signer(name, key.private_key, chain)
            return Refused(ConnectFailure.NO_CERTIFICATE, f"{name}: {resolved.signing_problem()}")
        return Refused(ConnectFailure.NO_CERTIFICATE, f"{' '.join(names) or 'none'}: no such trustpoint")

    def select_profile(self, identity: IkeIdentity, peer: IPv4Address) -> Ikev2Profile:
        """First profile whose `match identity remote` fits; a specific match beats `any`."""
        fallback = None
        for profile in self.view.profiles.values():
            if profile.shutdown:
                continue
            for match in profile.matches:
                if match.kind == "any":
                    fallback = fallback or profile
                elif _identity_matches(match, identity, peer):
                    return profile
        if fallback is not None:
            return fallback
        raise Refused(ConnectFailure.NO_PROFILE, f"no IKEv2 profile matches identity {identity.value}")

    def profile(self, name: str) -> Ikev2Profile | None:
        found = self.view.profiles.get(name)
        return None if found is None or found.shutdown else found

    # -- AAA ---------------------------------------------------------------------------------
    def authenticate(self, profile: Ikev2Profile, username: str, password: str) -> None:
        """EAP-AnyConnect aggregate auth through the profile's AAA list; raises Refused."""
        if ANYCONNECT_METHOD not in profile.auth_remote:
            raise Refused(ConnectFailure.AUTH_METHOD, f"profile {profile.name} has no anyconnect-eap")
        list_name = profile.aaa_authentication.get(ANYCONNECT_METHOD)
        if self.view.aaa_new_model is None or list_name is None:
            raise Refused(ConnectFailure.NO_AAA, "aaa new-model and an anyconnect-eap list are required")
        methods = self.login_methods.get(list_name)
        if methods is None:
            raise Refused(ConnectFailure.NO_AAA, f"AAA method list {list_name} is not defined")
        for method in methods:
            if method == "none":
                return
            if method == "local":
                user = self.view.users.get(username)
                if user is None:
                    raise Refused(ConnectFailure.UNKNOWN_USER, f"user {username} not in the local database")
                check = passwords.verify_login if user.kind == "password" else passwords.verify
                if not check(password, user.encryption, user.value):
                    raise Refused(ConnectFailure.BAD_PASSWORD, f"wrong password for user {username}")
                return
        raise Refused(ConnectFailure.AAA_SERVER, f"AAA list {list_name}: no method answered")

    def authorize(self, profile: Ikev2Profile) -> Authorization:
        """`aaa authorization group anyconnect-eap list LIST POLICY` resolved to its attributes."""
        group = profile.aaa_group.get(ANYCONNECT_METHOD)
        if group is None:
            raise Refused(ConnectFailure.AUTHORIZATION, f"profile {profile.name} has no group authorization")
        list_name, policy_name = group
        methods = self.network_methods.get(list_name)
        if methods is None or not {"local", "none"} & set(methods):
            raise Refused(ConnectFailure.AUTHORIZATION, f"authorization list {list_name} is not usable")
        policy = self.view.authorization_policies.get(policy_name or "default")
        if policy is None:
            raise Refused(ConnectFailure.AUTHORIZATION, f"authorization policy {policy_name} not found")
        known = self._authorizations.get(policy.name)
        if known is None:
            known = Authorization(policy.name, policy.pool, policy.def_domain, policy.dns, self._split(policy))
            self._authorizations[policy.name] = known
        return known

    @cached_property
    def _authorizations(self) -> dict[str, Authorization]:
        """Resolved policies: the same for every connect until the config changes."""
        return {}

    def _split(self, policy: AuthorizationPolicy) -> tuple[IPv4Network, ...]:
        acl = self.view.access_lists.get(policy.route_acl or "")
        if acl is None or acl.extended:
            return ()
        networks = []
        for entry in acl.entries:
            if entry.args.get("action") != "permit":
                continue
            if "host" in entry.args:
                networks.append(IPv4Network(f"{entry.args['host']}/32"))
            elif "address" in entry.args:
                wildcard = str(entry.args.get("wildcard", "0.0.0.0"))
                networks.append(IPv4Network(f"{entry.args['address']}/{wildcard}", strict=False))
        return tuple(networks)

    # -- child SA ------------------------------------------------------------------------------
    def child_choice(self, profile: Ikev2Profile, offer: EspOffer) -> tuple[ChildSettings, EspChoice]:
        """A profile's child settings and the transform set it picks from `offer` (raises
        Refused); kept per profile and offer, as the IKE choice is."""
        key = (profile.name, offer)
        known = self._child_choices.get(key)
        if known is not None and known[0] is profile:
            return known[1]
        child = self.child_settings(profile)
        esp = negotiate_esp(child.transform_sets, offer)
        if esp is None:
            raise Refused(ConnectFailure.NO_TRANSFORM, f"no transform set of {child.template.name} fits the offer")
        self._child_choices[key] = (profile, (child, esp))
        return child, esp

    @cached_property
    def _child_choices(self) -> dict[tuple[str, EspOffer], tuple[Ikev2Profile, tuple[ChildSettings, EspChoice]]]:
        return {}

    def child_settings(self, profile: Ikev2Profile) -> ChildSettings:
        if profile.virtual_template is None:
            raise Refused(ConnectFailure.NO_TEMPLATE, f"profile {profile.name} has no virtual-template")
        name = f"Virtual-Template{profile.virtual_template}"
        template = self.view.interfaces.get(name)
        if template is None or template.shutdown:
            raise Refused(ConnectFailure.NO_TEMPLATE, f"{name} does not exist or is shut down")
        ipsec = self.view.ipsec_profiles.get(template.protection_profile or "")
        if ipsec is None:
            raise Refused(ConnectFailure.NO_TEMPLATE, f"{name} has no usable tunnel protection")
        return ChildSettings(
            template,
            template.unnumbered or self._mtu_interface(),
            self._transform_sets(ipsec),
            ipsec.lifetime_seconds,
            ipsec.lifetime_kilobytes,
        )

    def _transform_sets(self, ipsec: IpsecProfile) -> list[TransformSet]:
        if not ipsec.transform_sets:
            return [DEFAULT_TRANSFORM_SET]
        return [self.view.transform_sets[n] for n in ipsec.transform_sets if n in self.view.transform_sets]

    def _mtu_interface(self) -> str:
        for interface in self.view.interfaces.values():
            if interface.address and not interface.tunnel_type:
                return interface.name
        return "GigabitEthernet1"

    def effective_dpd(self, profile: Ikev2Profile) -> Dpd | None:
        if profile.dpd is not None:
            return profile.dpd
        return RECONNECT_DEFAULT_DPD if profile.reconnect else None

    def client_profile_xml(self, profile: Ikev2Profile) -> bytes | None:
        """The AnyConnect profile file named by `anyconnect profile NAME`, from bootflash."""
        entry = self.view.anyconnect_profiles.get(profile.anyconnect_profile or "")
        if entry is None:
            return None
        return self.bootflash.get(entry[0].partition(":")[2] or entry[0])


def _identity_matches(match: MatchIdentity, identity: IkeIdentity, peer: IPv4Address) -> bool:
    if match.kind == "key-id":
        return not identity.is_session_id and identity.value == match.value
    if match.kind == "address" and match.value:
        try:
            network = ipaddress.IPv4Network(f"{match.value}/{match.mask or 32}", strict=False)
        except ValueError:  # a mask that is no netmask matches nothing
            return False
        return peer in network
    return False


def settings_from(
    view: ConfigView, config: RunningConfig, bootflash: Mapping[str, bytes], keys: KeyStore | None = None
) -> GatewaySettings:
    login = {
        str(st.args["list"]): _methods(st.args["methods"])
        for st in config.statements("aaa.authentication_login")
    }
    network = {
        str(st.args["list"]): _methods(st.args["methods"])
        for st in config.statements("aaa.authorization")
        if st.args.get("service") == "network"
    }
    return GatewaySettings(view, login, network, bootflash, keys)


def _methods(value: object) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, tuple) else (str(value),)
