"""PKI rules: a profile that signs (`authentication local rsa-sig`) needs a trustpoint holding a
router certificate, or every connect fails at IKE_AUTH (the gateway cannot build its AUTH)."""

from __future__ import annotations

from collections.abc import Iterator

from iosxe_sim.config.loader import LoadResult
from iosxe_sim.config.views import ConfigView
from iosxe_sim.lint.diagnostic import Severity
from iosxe_sim.lint.registry import Finding, rule


@rule(
    "auth/trustpoint-certificate",
    Severity.ERROR,
    "`authentication local rsa-sig` with a trustpoint that holds no router certificate",
    "Enroll the trustpoint (`crypto pki enroll NAME`, or paste its certificates under `crypto pki "
    "certificate chain NAME`: the router certificate and its CA's), with the key pair its "
    "`rsakeypair` names.",
)
def trustpoint_without_certificate(view: ConfigView, result: LoadResult) -> Iterator[Finding]:
    for profile in view.profiles.values():
        if profile.auth_local != "rsa-sig":
            continue
        for name in profile.trustpoints:
            trustpoint = view.pki.get(name)
            if trustpoint is None or any(c.kind != "ca" for c in trustpoint.chain):
                continue  # an undefined trustpoint is ref/trustpoint's finding
            how = "has no enrollment" if trustpoint.enrollment is None else f"is not enrolled ({trustpoint.enrollment})"
            yield Finding(
                profile.lines[f"pki_trustpoint:{name}"],
                f"IKEv2 profile {profile.name} signs with trustpoint {name}, which holds no router "
                f"certificate: it {how}, so every connect fails at IKE_AUTH",
                related=((trustpoint.line, f"crypto pki trustpoint {name}"),),
            )
