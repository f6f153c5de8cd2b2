"""Typed, read-only views of the running-config for the engine and the linter.

The model stores statements as the grammar defines them; these dataclasses give them names and
types. ``lines`` maps a field name to the source line it came from (0 when typed interactively).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from iosxe_sim.config.model import Block, RunningConfig, Statement

RECONNECT_DEFAULT_TIMEOUT = 1800  # docs/ios-reference-notes.md DECISION: plain `reconnect`
SA_LIFETIME_SECONDS = 3600  # IPsec profile defaults, one int object for every profile
SA_LIFETIME_KILOBYTES = 4608000


class StatementLines(Mapping[str, int]):
    """A block's ``lines`` (field name -> source line), looked up in the block when asked for:
    a view of 300k IPsec profiles keeps no dict per profile. ``handlers`` (shared) maps each field
    name to its statement's handler."""

    __slots__ = ("_block", "_handlers")

    def __init__(self, block: Block, handlers: dict[str, str]) -> None:
        self._block, self._handlers = block, handlers

    def __getitem__(self, name: str) -> int:
        statement = self._block.first(self._handlers[name])
        if statement is None:
            raise KeyError(name)
        return statement.line

    def __iter__(self) -> Iterator[str]:
        return (name for name, handler in self._handlers.items() if self._block.first(handler) is not None)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __repr__(self) -> str:
        return repr(dict(self.items()))


def _firsts(block: Block) -> dict[str, Statement]:
    """Each handler's first statement (not negated) in a block, found in one pass."""
    found: dict[str, Statement] = {}
    for child in block.children:
        if isinstance(child, Statement) and not child.negated:
            found.setdefault(child.handler, child)
    return found


def _args(statement: Statement | None, name: str, default: str | None = None) -> str | None:
    if statement is None:
        return default
    value = statement.args.get(name, default)
    return None if value is None else str(value)


def _int(value: str | None) -> int | None:
    return None if value is None else int(value)


@dataclass(frozen=True, slots=True)
class MatchIdentity:
    kind: str  # key-id | address | fqdn | email | any
    value: str | None
    domain: bool
    line: int
    mask: str | None = None  # `match identity remote address A.B.C.D MASK`


@dataclass(frozen=True, slots=True)
class Dpd:
    interval: int
    retry: int
    mode: str  # on-demand | periodic


@dataclass(frozen=True, slots=True)
class Ikev2Profile:
    name: str
    line: int
    matches: tuple[MatchIdentity, ...]
    identity_local: str | None
    auth_local: str | None
    auth_remote: tuple[str, ...]
    trustpoints: tuple[str, ...]
    aaa_authentication: dict[str, str]  # method -> list
    aaa_group: dict[str, tuple[str, str | None]]  # method -> (list, policy)
    aaa_user: dict[str, str | None]  # method -> list (None = cached)
    virtual_template: int | None
    anyconnect_profile: str | None
    dpd: Dpd | None
    lifetime: int
    reconnect_timeout: int | None  # None: no reconnect
    keyring: str | None
    shutdown: bool
    statements: tuple[Statement, ...]
    lines: dict[str, int] = field(default_factory=dict)

    @property
    def reconnect(self) -> bool:
        return self.reconnect_timeout is not None


def ikev2_profile(block: Block) -> Ikev2Profile:
    s = block.first
    prefix = "ikev2.profile."
    reconnect = s(prefix + "reconnect")
    dpd = s(prefix + "dpd")
    template = s(prefix + "virtual_template")
    lines = {
        name: st.line
        for name in ("reconnect", "dpd", "virtual_template", "anyconnect_profile", "authentication_local",
                     "keyring", "lifetime")
        if (st := s(prefix + name)) is not None
    }
    for st in block.statements(prefix + "authentication_remote"):
        lines[f"authentication_remote:{st.args['method']}"] = st.line
    for st in block.statements(prefix + "pki_trustpoint"):
        lines[f"pki_trustpoint:{st.args['trustpoint']}"] = st.line
    for kind in ("aaa_authentication", "aaa_authorization_group", "aaa_authorization_user"):
        for st in block.statements(prefix + kind):
            lines[f"{kind}:{st.args['method']}"] = st.line
    return Ikev2Profile(
        name=block.name,
        line=block.line,
        matches=tuple(
            MatchIdentity(str(st.args["kind"]), _args(st, "keyid") or _args(st, "address") or _args(st, "fqdn")
                          or _args(st, "email"), "domain" in st.args, st.line, _args(st, "mask"))
            for st in block.statements(prefix + "match_identity")
        ),
        identity_local=_args(s(prefix + "identity_local"), "kind"),
        auth_local=_args(s(prefix + "authentication_local"), "method"),
        auth_remote=tuple(str(st.args["method"]) for st in block.statements(prefix + "authentication_remote")),
        trustpoints=tuple(str(st.args["trustpoint"]) for st in block.statements(prefix + "pki_trustpoint")),
        aaa_authentication={
            str(st.args["method"]): str(st.args["list"]) for st in block.statements(prefix + "aaa_authentication")
        },
        aaa_group={
            str(st.args["method"]): (str(st.args["list"]), _args(st, "policy"))
            for st in block.statements(prefix + "aaa_authorization_group")
        },
        aaa_user={
            str(st.args["method"]): _args(st, "list") for st in block.statements(prefix + "aaa_authorization_user")
        },
        virtual_template=_int(_args(template, "vt")),
        anyconnect_profile=_args(s(prefix + "anyconnect_profile"), "acprofile"),
        dpd=Dpd(int(dpd.args["interval"]), int(dpd.args["retry"]), str(dpd.args["dpdmode"])) if dpd else None,
        lifetime=int(_args(s(prefix + "lifetime"), "lifetime", "86400") or 86400),
        reconnect_timeout=(
            None if reconnect is None else int(_args(reconnect, "seconds", str(RECONNECT_DEFAULT_TIMEOUT)) or 0)
        ),
        keyring=_args(s(prefix + "keyring"), "keyring") or _args(s(prefix + "keyring"), "list"),
        shutdown=s(prefix + "shutdown") is not None,
        statements=tuple(c for c in block.children if isinstance(c, Statement) and not c.negated),
        lines=lines,
    )


@dataclass(frozen=True, slots=True)
class AuthorizationPolicy:
    name: str
    line: int
    pool: str | None
    netmask: str | None
    dns: tuple[str, ...]
    def_domain: str | None
    route_acl: str | None
    session_lifetime: int | None
    lines: Mapping[str, int]


_POLICY_LINES = {n: f"ikev2.author_policy.{n}" for n in ("pool", "route_acl", "def_domain")}


def authorization_policy(block: Block) -> AuthorizationPolicy:
    s = _firsts(block).get
    prefix = "ikev2.author_policy."
    route = s(prefix + "route_acl")
    dns = s(prefix + "dns")
    return AuthorizationPolicy(
        name=block.name,
        line=block.line,
        pool=_args(s(prefix + "pool"), "pool"),
        netmask=_args(s(prefix + "netmask"), "netmask"),
        dns=tuple(v for v in (_args(dns, "dns1"), _args(dns, "dns2")) if v),
        def_domain=_args(s(prefix + "def_domain"), "domain"),
        route_acl=_args(route, "acl") or _args(route, "aclnum"),
        session_lifetime=_int(_args(s(prefix + "session_lifetime"), "lifetime")),
        lines=StatementLines(block, _POLICY_LINES),
    )


@dataclass(frozen=True, slots=True)
class Proposal:
    name: str
    line: int
    encryption: tuple[str, ...]
    integrity: tuple[str, ...]
    prf: tuple[str, ...]
    groups: tuple[int, ...]
    lines: Mapping[str, int]


def proposal(block: Block) -> Proposal:
    def values(name: str) -> tuple[str, ...]:
        st = block.first(f"ikev2.proposal.{name}")
        if st is None:
            return ()
        return tuple(st.args.get("algorithms", ())) or tuple(st.args.get("groups", ()))

    return Proposal(
        block.name, block.line, values("encryption"), values("integrity"), values("prf"),
        tuple(int(g) for g in values("group")),
        {n: st.line for n in ("encryption", "integrity", "prf", "group")
         if (st := block.first(f"ikev2.proposal.{n}")) is not None},
    )


@dataclass(frozen=True, slots=True)
class Policy:
    name: str
    line: int
    proposals: tuple[tuple[str, int], ...]  # (name, line)
    fvrf: str | None


def policy(block: Block) -> Policy:
    fvrf = block.first("ikev2.policy.match_fvrf")
    return Policy(
        block.name, block.line,
        tuple((str(st.args["proposal"]), st.line) for st in block.statements("ikev2.policy.proposal")),
        None if fvrf is None else ("any" if "any" in fvrf.args else str(fvrf.args["fvrf"])),
    )


@dataclass(frozen=True, slots=True)
class TransformSet:
    name: str
    line: int
    cipher: str
    keysize: int | None
    hmac: str | None
    mode: str


def transform_set(block: Block) -> TransformSet:
    args = block.header.args
    mode = block.first("ipsec.transform_set.mode")
    return TransformSet(
        block.name, block.line, str(args["cipher"]), _int(_args(block.header, "keysize")), _args(block.header, "hmac"),
        "tunnel" if mode is None else str(mode.args["mode"]),
    )


@dataclass(frozen=True, slots=True)
class IpsecProfile:
    name: str
    line: int
    transform_sets: tuple[str, ...]
    ikev2_profile: str | None
    lifetime_seconds: int
    lifetime_kilobytes: int
    lines: Mapping[str, int]
    responder_only: bool = False
    pfs: str | None = None  # None: no `set pfs`; "" : `set pfs` without a group; else e.g. "group14"


_IPSEC_LINES = {n: f"ipsec.profile.{n}" for n in ("transform_set", "ikev2_profile")}


def ipsec_profile(block: Block) -> IpsecProfile:
    s = _firsts(block).get
    sets = s("ipsec.profile.transform_set")
    seconds = _args(s("ipsec.profile.sa_lifetime_seconds"), "seconds")
    kilobytes = _args(s("ipsec.profile.sa_lifetime_kilobytes"), "kilobytes")
    return IpsecProfile(
        block.name, block.line,
        tuple(sets.args["transformsets"]) if sets else (),
        _args(s("ipsec.profile.ikev2_profile"), "ikev2profile"),
        int(seconds) if seconds else SA_LIFETIME_SECONDS,
        int(kilobytes) if kilobytes and kilobytes.isdigit() else SA_LIFETIME_KILOBYTES,
        StatementLines(block, _IPSEC_LINES),
        s("ipsec.profile.responder_only") is not None,
        None if (pfs := s("ipsec.profile.pfs")) is None else str(pfs.args.get("group", "")),
    )


@dataclass(frozen=True, slots=True)
class Interface:
    name: str
    line: int
    tunnel_type: bool
    address: str | None
    mask: str | None
    unnumbered: str | None
    tunnel_mode: str | None
    protection_profile: str | None
    shutdown: bool
    lines: Mapping[str, int]


_INTERFACE_LINES = {n: f"interface.{n}" for n in ("ip_unnumbered", "tunnel_protection")}


def interface(block: Block) -> Interface:
    s = _firsts(block).get
    address = s("interface.ip_address")
    return Interface(
        block.name, block.line, "type" in block.header.args,
        _args(address, "address"), _args(address, "mask"),
        _args(s("interface.ip_unnumbered"), "unnumbered"),
        _args(s("interface.tunnel_mode"), "family"),
        _args(s("interface.tunnel_protection"), "ipsecprofile"),
        s("interface.shutdown") is not None,
        StatementLines(block, _INTERFACE_LINES),
    )


@dataclass(frozen=True, slots=True)
class PoolRange:
    start: ipaddress.IPv4Address
    end: ipaddress.IPv4Address
    line: int

    @property
    def size(self) -> int:
        return int(self.end) - int(self.start) + 1


@dataclass(frozen=True, slots=True)
class AccessList:
    name: str
    line: int
    extended: bool
    entries: tuple[Statement, ...]


@dataclass(frozen=True, slots=True)
class User:
    name: str
    kind: str  # password | secret
    encryption: str  # 0, 5, 7, 8, 9
    value: str
    line: int


@dataclass(frozen=True)
class ChainCertificate:
    """One certificate of `crypto pki certificate chain TP`: its hex dump, as stored."""

    kind: str  # "ca", "self-signed", or "" for the router's own certificate
    serial: str
    hex: str
    line: int


@dataclass(frozen=True)
class Trustpoint:
    name: str
    line: int
    enrollment: str | None  # selfsigned | terminal | pkcs12 | url
    subject: str | None
    keypair: str | None  # `rsakeypair LABEL [MODULUS]`: IOS uses the trustpoint's name without it
    modulus: int | None
    chain: tuple[ChainCertificate, ...]

    @property
    def key_label(self) -> str:
        return self.keypair or self.name


def trustpoint(block: Block, chain: Block | None) -> Trustpoint:
    s = block.first
    enrollment = s("pki.enrollment")
    keypair = s("pki.rsakeypair")
    return Trustpoint(
        name=block.name,
        line=block.line,
        enrollment=None if enrollment is None else str(enrollment.args.get("enrollment") or "url"),
        subject=_args(s("pki.subject_name"), "subject"),
        keypair=_args(keypair, "keypair"),
        modulus=_int(_args(keypair, "modulus")),
        chain=() if chain is None else tuple(
            ChainCertificate(str(st.args.get("kind", "")), str(st.args["serial"]), str(st.args.get("hex", "")), st.line)
            for st in chain.statements("pki.certificate")
        ),
    )


@dataclass
class ConfigView:
    """Everything the engine and the linter read, resolved by name."""

    hostname: str
    profiles: dict[str, Ikev2Profile]
    authorization_policies: dict[str, AuthorizationPolicy]
    proposals: dict[str, Proposal]
    policies: dict[str, Policy]
    keyrings: dict[str, int]
    transform_sets: dict[str, TransformSet]
    ipsec_profiles: dict[str, IpsecProfile]
    interfaces: dict[str, Interface]
    pools: dict[str, list[PoolRange]]
    access_lists: dict[str, AccessList]
    users: dict[str, User]
    trustpoints: dict[str, int]
    pki: dict[str, Trustpoint]  # the trustpoints with their settings and certificate chains
    anyconnect_profiles: dict[str, tuple[str, int]]  # name -> (file, line)
    aaa_new_model: int | None  # line, or None when absent
    login_lists: dict[str, int]
    network_lists: dict[str, int]
    enable_secret: Statement | None


def view(config: RunningConfig) -> ConfigView:
    def named(handler: str) -> list[Block]:
        return config.blocks(handler)

    pools: dict[str, list[PoolRange]] = {}
    for st in config.statements("pool.ip_local_pool"):
        start = ipaddress.IPv4Address(str(st.args["start"]))
        end = ipaddress.IPv4Address(str(st.args.get("end", st.args["start"])))
        pools.setdefault(str(st.args["name"]), []).append(PoolRange(start, end, st.line))
    new_model = config.first("aaa.new_model")
    hostname = config.first("global.hostname")
    chains = {b.name: b for b in named("pki.certificate_chain")}
    return ConfigView(
        hostname=str(hostname.args["hostname"]) if hostname else "Router",
        profiles={b.name: ikev2_profile(b) for b in named("ikev2.profile")},
        authorization_policies={b.name: authorization_policy(b) for b in named("ikev2.author_policy")},
        proposals={b.name: proposal(b) for b in named("ikev2.proposal")},
        policies={b.name: policy(b) for b in named("ikev2.policy")},
        keyrings={b.name: b.line for b in named("ikev2.keyring")},
        transform_sets={b.name: transform_set(b) for b in named("ipsec.transform_set")},
        ipsec_profiles={b.name: ipsec_profile(b) for b in named("ipsec.profile")},
        interfaces={b.name: interface(b) for b in named("interface")},
        pools=pools,
        access_lists={
            b.name: AccessList(b.name, b.line, b.handler == "acl.extended",
                               tuple(c for c in b.children if isinstance(c, Statement)))
            for b in config.items if isinstance(b, Block) and b.handler in ("acl.standard", "acl.extended")
        },
        users={
            str(st.args["name"]): User(str(st.args["name"]), str(st.args["kind"]), str(st.args.get("type", "0")),
                                       str(st.args["password"]), st.line)
            for st in config.statements("global.username")
        },
        trustpoints={b.name: b.line for b in named("pki.trustpoint")},
        pki={b.name: trustpoint(b, chains.get(b.name)) for b in named("pki.trustpoint")},
        anyconnect_profiles={
            str(st.args["name"]): (str(st.args["file"]), st.line)
            for st in config.statements("crypto.anyconnect_profile")
        },
        aaa_new_model=new_model.line if new_model else None,
        login_lists={str(st.args["list"]): st.line for st in config.statements("aaa.authentication_login")},
        network_lists={
            str(st.args["list"]): st.line
            for st in config.statements("aaa.authorization") if st.args.get("service") == "network"
        },
        enable_secret=config.first("global.enable_secret"),
    )
