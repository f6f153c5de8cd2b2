"""Advice (warnings): weak algorithms, ESP without integrity, and DPD that fights reconnect."""

from __future__ import annotations

from collections.abc import Iterator

from iosxe_sim.config.loader import LoadResult
from iosxe_sim.config.views import ConfigView
from iosxe_sim.lint.diagnostic import Severity
from iosxe_sim.lint.registry import Finding, rule
from iosxe_sim.lint.rules_semantics import AEAD_ESP

WEAK_IKE_CIPHERS = ("des", "3des")
WEAK_HASHES = ("md5", "sha1")
WEAK_DH_GROUPS = (1, 2, 5, 24)  # 768/1024/1536-bit MODP, and 2048-bit MODP with a 224/256-bit subgroup
WEAK_ESP = ("esp-des", "esp-3des", "esp-md5-hmac", "esp-sha-hmac")
NO_ENCRYPTION_ESP = ("esp-null", "esp-gmac")
WEAK_PFS = ("group1", "group2", "group5", "group24")


def _weak(line: int, what: str, weak: list[str]) -> Finding:
    return Finding(line, f"weak {what}: {', '.join(weak)}", token=weak[0])


@rule(
    "crypto/weak",
    Severity.WARNING,
    "Weak algorithm (DES, 3DES, MD5, SHA-1, DH groups 1, 2, 5, 24, ESP without encryption)",
    "Prefer aes-gcm-256 (or aes-cbc-256 with sha256 or better), DH groups 19, 20, 21 (or 14-16), and "
    "esp-gcm 256 or esp-aes 256 with esp-sha256-hmac or better for IPsec.",
)
def weak(view: ConfigView, result: LoadResult) -> Iterator[Finding]:
    for p in view.proposals.values():
        checks = (
            ("encryption", "IKEv2 encryption", [c for c in p.encryption if c in WEAK_IKE_CIPHERS]),
            ("integrity", "IKEv2 integrity", [h for h in p.integrity if h in WEAK_HASHES]),
            ("prf", "IKEv2 prf", [h for h in p.prf if h in WEAK_HASHES]),
            ("group", "Diffie-Hellman group", [str(g) for g in p.groups if g in WEAK_DH_GROUPS]),
        )
        for field, what, found in checks:
            if found:
                yield _weak(p.lines[field], f"{what} in proposal {p.name}", found)
    for ts in view.transform_sets.values():
        found = [t for t in (ts.cipher, ts.hmac) if t in WEAK_ESP]
        if found:
            yield _weak(ts.line, f"ESP transform in transform set {ts.name}", found)
        if ts.cipher in NO_ENCRYPTION_ESP:
            yield Finding(
                ts.line,
                f"transform set {ts.name} uses {ts.cipher}: traffic is not encrypted",
                token=ts.cipher,
            )
    for block in result.config.blocks("ipsec.profile"):
        pfs = block.first("ipsec.profile.pfs")
        if pfs is not None and pfs.args.get("group") in WEAK_PFS:
            yield _weak(pfs.line, f"PFS group in IPsec profile {block.name}", [str(pfs.args["group"])])


@rule(
    "crypto/esp-no-integrity",
    Severity.WARNING,
    "ESP cipher without an HMAC (no integrity protection)",
    "Add an HMAC to the transform set (esp-sha256-hmac or better), or use esp-gcm, which authenticates by itself.",
)
def esp_no_integrity(view: ConfigView, result: LoadResult) -> Iterator[Finding]:
    for ts in view.transform_sets.values():
        if ts.cipher not in AEAD_ESP and ts.hmac is None:
            yield Finding(
                ts.line,
                f"transform set {ts.name} ({ts.cipher}) has no HMAC: ESP packets are not integrity-protected",
                token=ts.cipher,
            )


@rule(
    "reconnect/dpd-periodic",
    Severity.WARNING,
    "Periodic DPD on a profile with `reconnect`",
    "Use `dpd INTERVAL RETRY on-demand`: with reconnect the gateway should probe only when the client has "
    "gone quiet, so that a sleeping client's session moves to the inactive (reconnect) state.",
)
def dpd_periodic(view: ConfigView, result: LoadResult) -> Iterator[Finding]:
    for profile in view.profiles.values():
        if profile.reconnect and profile.dpd is not None and profile.dpd.mode == "periodic":
            yield Finding(
                profile.lines["dpd"],
                f"IKEv2 profile {profile.name} has `reconnect` but periodic DPD",
                token="periodic",
                related=((profile.lines["reconnect"], "reconnect is enabled here"),),
            )
