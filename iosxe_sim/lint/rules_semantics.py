"""Semantic rules: blocks that parse but cannot work as configured (authentication, proposals,
profile selection, address pools, transform sets)."""

from __future__ import annotations

from collections.abc import Iterator

from iosxe_sim.config import guards
from iosxe_sim.config.loader import LoadResult
from iosxe_sim.config.views import ConfigView, Ikev2Profile, PoolRange, Proposal
from iosxe_sim.lint.diagnostic import Severity
from iosxe_sim.lint.registry import Finding, rule
from iosxe_sim.lint.rules_syntax import rejections

SIGNATURE_METHODS = ("rsa-sig", "ecdsa-sig")
CBC_CIPHERS = frozenset({"des", "3des", "aes-cbc-128", "aes-cbc-192", "aes-cbc-256"})
GCM_CIPHERS = frozenset({"aes-gcm-128", "aes-gcm-256"})
AEAD_ESP = frozenset({"esp-gcm", "esp-gmac"})
# Emulator-defined threshold (documented in docs/lint-rules.md): each connected client holds one
# address, and with `reconnect` an inactive session keeps its address until its timeout expires.
MIN_POOL_ADDRESSES = 4
_MATCH_IDENTITY = ("ikev2.profile.match_identity", "ikev2.profile.match_certificate")
_MATCH_QUALIFIERS = ("ikev2.profile.match_address_local", "ikev2.profile.match_fvrf")


def _in_profile(profile: Ikev2Profile) -> tuple[tuple[int, str], ...]:
    return ((profile.line, f"in IKEv2 profile {profile.name}"),)


@rule(
    "auth/anyconnect-eap-aaa",
    Severity.ERROR,
    "`authentication remote anyconnect-eap` without `aaa authentication anyconnect-eap LIST`",
    "Add `aaa authentication anyconnect-eap LIST` to the profile, LIST being an "
    "`aaa authentication login LIST ...` method list that checks the users' passwords.",
)
def anyconnect_eap_aaa(view: ConfigView, result: LoadResult) -> Iterator[Finding]:
    for profile in view.profiles.values():
        if "anyconnect-eap" in profile.auth_remote and "anyconnect-eap" not in profile.aaa_authentication:
            yield Finding(
                profile.lines["authentication_remote:anyconnect-eap"],
                f"IKEv2 profile {profile.name} authenticates clients with AnyConnect-EAP but names no "
                "AAA list to check them against",
                related=_in_profile(profile),
            )


@rule(
    "auth/trustpoint",
    Severity.ERROR,
    "Certificate authentication (`rsa-sig`, `ecdsa-sig`) without `pki trustpoint`",
    "Add `pki trustpoint NAME` to the profile, NAME being an enrolled `crypto pki trustpoint`.",
)
def signature_trustpoint(view: ConfigView, result: LoadResult) -> Iterator[Finding]:
    for profile in view.profiles.values():
        if profile.trustpoints:
            continue
        uses = [
            (profile.lines[f"authentication_remote:{m}"], f"authentication remote {m}")
            for m in profile.auth_remote
            if m in SIGNATURE_METHODS
        ]
        if profile.auth_local in SIGNATURE_METHODS:
            uses.insert(
                0, (profile.lines["authentication_local"], f"authentication local {profile.auth_local}")
            )
        for line, what in uses:
            yield Finding(
                line,
                f"`{what}` needs a certificate, but IKEv2 profile {profile.name} has no `pki trustpoint`",
                related=_in_profile(profile),
            )


def _proposal_problems(p: Proposal) -> Iterator[tuple[int, str]]:
    cbc = [c for c in p.encryption if c in CBC_CIPHERS]
    gcm = [c for c in p.encryption if c in GCM_CIPHERS]
    encryption_line = p.lines.get("encryption", p.line)
    if not p.encryption:
        yield p.line, "has no `encryption`"
    if cbc and gcm:
        yield encryption_line, f"mixes CBC ({', '.join(cbc)}) and GCM ({', '.join(gcm)}) ciphers"
    if cbc and not p.integrity:
        yield encryption_line, f"uses a CBC cipher ({', '.join(cbc)}) but has no `integrity`"
    if gcm and p.integrity and not cbc:
        yield p.lines["integrity"], f"uses a GCM cipher ({', '.join(gcm)}), which must not have `integrity`"
    if gcm and not p.prf:
        yield encryption_line, f"uses a GCM cipher ({', '.join(gcm)}) but has no `prf`"
    if not p.groups:
        yield p.line, "has no Diffie-Hellman `group`"


@rule(
    "proposal/incomplete",
    Severity.ERROR,
    "Incomplete IKEv2 proposal (IOS-XE will not use it)",
    "A proposal is complete with a CBC cipher + `integrity` + `group`, or a GCM cipher + `prf` + `group` "
    "(no `integrity`); put CBC and GCM ciphers in separate proposals.",
)
def proposal_incomplete(view: ConfigView, result: LoadResult) -> Iterator[Finding]:
    for p in view.proposals.values():
        for line, problem in _proposal_problems(p):
            yield Finding(
                line,
                f"IKEv2 proposal {p.name} {problem}",
                related=((p.line, f"proposal {p.name}"),) if line != p.line else (),
            )


@rule(
    "profile/no-match",
    Severity.ERROR,
    "IKEv2 profile without a `match identity` or `match certificate`",
    "Add a match statement, e.g. `match identity remote key-id *$AnyConnectClient$*` for Secure Client; "
    "IOS-XE never selects a profile that matches no peer.",
)
def profile_no_match(view: ConfigView, result: LoadResult) -> Iterator[Finding]:
    for profile in view.profiles.values():
        if not any(st.handler in _MATCH_IDENTITY for st in profile.statements):
            yield Finding(
                profile.line,
                f"IKEv2 profile {profile.name} has no `match identity` or "
                "`match certificate`, so no peer can ever use it",
                token=profile.name,
            )


@rule(
    "profile/duplicate-match",
    Severity.WARNING,
    "Two IKEv2 profiles match the same peer identity",
    "Make the matches distinct (a different identity, `match address local`, or `match fvrf`); only one "
    "of the profiles can ever be chosen for that peer.",
)
def duplicate_match(view: ConfigView, result: LoadResult) -> Iterator[Finding]:
    seen: dict[tuple[str, tuple[str, ...]], tuple[Ikev2Profile, int]] = {}
    for profile in view.profiles.values():
        if profile.shutdown:
            continue
        qualifiers = tuple(sorted(st.text for st in profile.statements if st.handler in _MATCH_QUALIFIERS))
        for st in profile.statements:
            if st.handler not in _MATCH_IDENTITY:
                continue
            key = (st.text, qualifiers)
            if key in seen:
                other, line = seen[key]
                yield Finding(
                    st.line,
                    f"IKEv2 profile {profile.name} matches the same peers as profile "
                    f"{other.name} (`{st.text}`)",
                    related=((line, f"the same match in {other.name}"),),
                )
            else:
                seen[key] = (profile, st.line)


def _ranges(view: ConfigView) -> list[tuple[str, PoolRange]]:
    return [(name, r) for name, ranges in view.pools.items() for r in ranges]


@rule(
    "pool/range",
    Severity.ERROR,
    "`ip local pool` whose first address is above its last",
    "Write the range low to high: `ip local pool NAME FIRST LAST`.",
)
def pool_range(view: ConfigView, result: LoadResult) -> Iterator[Finding]:
    for report in rejections(result, guards.INVALID_RANGE):  # refused as the console refuses it
        yield Finding(report.line, report.message.removeprefix(guards.INVALID_RANGE))


@rule(
    "pool/overlap",
    Severity.ERROR,
    "Two `ip local pool` ranges overlap",
    "Give every pool (and every range of one pool) its own addresses, or two clients may get the same one.",
)
def pool_overlap(view: ConfigView, result: LoadResult) -> Iterator[Finding]:
    ranges = sorted(
        (r for r in _ranges(view) if r[1].start <= r[1].end), key=lambda r: (r[1].start, r[1].line)
    )
    reach: tuple[str, PoolRange] | None = None  # the range reaching furthest so far
    for name, r in ranges:
        if reach is not None and r.start <= reach[1].end:
            (first_name, first), (second_name, second) = sorted(((name, r), reach), key=lambda x: x[1].line)
            yield Finding(
                second.line,
                f"pool {second_name} ({second.start}-{second.end}) overlaps pool "
                f"{first_name} ({first.start}-{first.end})",
                related=((first.line, f"pool {first_name}"),),
            )
        if reach is None or r.end > reach[1].end:
            reach = (name, r)


@rule(
    "pool/small",
    Severity.WARNING,
    f"Address pool with fewer than {MIN_POOL_ADDRESSES} addresses",
    f"Each connected client holds one pool address, and with `reconnect` an inactive session keeps its "
    f"address until its reconnect timeout expires: size the pool for the peak of both ({MIN_POOL_ADDRESSES} "
    "addresses is this rule's floor).",
)
def pool_small(view: ConfigView, result: LoadResult) -> Iterator[Finding]:
    for name, ranges in view.pools.items():
        size = sum(r.size for r in ranges if r.start <= r.end)
        if 0 < size < MIN_POOL_ADDRESSES:
            yield Finding(ranges[0].line, f"pool {name} has only {size} address{'es' if size != 1 else ''}")


@rule(
    "transform-set/gcm-hmac",
    Severity.ERROR,
    "Transform set combining GCM/GMAC with an HMAC",
    "GCM and GMAC authenticate by themselves: drop the `esp-...-hmac` transform, or use esp-aes with it.",
)
def gcm_hmac(view: ConfigView, result: LoadResult) -> Iterator[Finding]:
    for ts in view.transform_sets.values():
        if ts.cipher in AEAD_ESP and ts.hmac is not None:
            yield Finding(
                ts.line, f"transform set {ts.name} combines {ts.cipher} with {ts.hmac}", token=ts.hmac
            )


@rule(
    "syntax/hostname",
    Severity.ERROR,
    "`hostname` IOS refuses: over 63 characters, or characters other than letters, digits, hyphens",
    "Use at most 63 letters, digits, hyphens or underscores, starting with a letter or digit: `hostname VPN-GW1`.",
)
def hostname(view: ConfigView, result: LoadResult) -> Iterator[Finding]:
    for report in rejections(result, guards.HOSTNAME_REFUSED):  # refused as the console refuses it
        yield Finding(report.line, report.message.removeprefix("% "))
