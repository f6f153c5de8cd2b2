"""An IKEv2 profile with no authentication method at all: IOS-XE accepts it, but no IKE_AUTH can
complete with it (it names neither how the gateway proves itself nor how it checks the peer).
A profile that gives only one side is left to the rules about that side."""

from __future__ import annotations

from collections.abc import Iterator

from iosxe_sim.config.loader import LoadResult
from iosxe_sim.config.views import ConfigView
from iosxe_sim.lint.diagnostic import Severity
from iosxe_sim.lint.registry import Finding, rule


@rule(
    "auth/no-method",
    Severity.ERROR,
    "IKEv2 profile without any `authentication local` or `authentication remote` method",
    "Add both methods to the profile: `authentication local rsa-sig` (with `pki trustpoint`) "
    "for the gateway and `authentication remote anyconnect-eap aggregate` (or another method) "
    "for the peer.",
)
def missing_method(view: ConfigView, result: LoadResult) -> Iterator[Finding]:
    for profile in view.profiles.values():
        if not profile.auth_local and not profile.auth_remote:
            yield Finding(
                profile.line,
                f"IKEv2 profile {profile.name} has no authentication method: no peer can "
                "authenticate with it",
            )
