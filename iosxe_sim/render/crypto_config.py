"""`show crypto ikev2 proposal`, `show crypto ikev2 policy`, `show crypto ipsec profile`.

Config-derived, with real samples (tests/data/ios-outputs). Decisions:
- Proposals: the 17.x header ` IKEv2 proposal: NAME` (leading blank, show_crypto_ikev2_proposal__02;
  its built-in `default` ends in a blank, the configured one after it does not), no PQC line (not
  modelled), PRF = the configured `prf` list, else the integrity list under PRF names (SHA96 ->
  SHA1, as in __01). IOS's built-in `default` proposal comes first unless the config replaces it.
- Policies: show_crypto_ikev2_policy__01, whose built-in `default` prints `Match fvrf : any` while
  configured policies print `Match fvrf  : ...` (two blanks) - both kept. One `Proposal` line per
  proposal. Each policy ends with a blank line.
- IPsec profiles: TAB-indented as in show_crypto_ipsec_profile__02/__03 (17.x's `Dualstack (Y/N): N`
  and its blank line from __02), with the
  `Security association lifetime: KB kilobytes/S seconds` line of __01/__03 (the seed's
  `show crypto session detail` counts kilobytes down, so volume rekey is on). IOS's `default`
  profile comes first.
"""

from __future__ import annotations

from collections.abc import Sequence

from iosxe_sim.config.views import ConfigView, IpsecProfile, Policy, Proposal, TransformSet
from iosxe_sim.engine.ikev2_crypto import DhGroup, Encryption, Integrity, Prf
from iosxe_sim.engine.negotiation import DEFAULT_PROPOSAL, DEFAULT_TRANSFORM_SET

_GROUP_NAMES = {
    DhGroup.MODP_768: "DH_GROUP_768_MODP",
    DhGroup.MODP_1024: "DH_GROUP_1024_MODP",
    DhGroup.MODP_1536: "DH_GROUP_1536_MODP",
    DhGroup.MODP_2048: "DH_GROUP_2048_MODP",
    DhGroup.MODP_3072: "DH_GROUP_3072_MODP",
    DhGroup.MODP_4096: "DH_GROUP_4096_MODP",
    DhGroup.ECP_256: "DH_GROUP_256_ECP",
    DhGroup.ECP_384: "DH_GROUP_384_ECP",
    DhGroup.ECP_521: "DH_GROUP_521_ECP",
    DhGroup.MODP_2048_256: "DH_GROUP_2048_256_MODP",
}
DEFAULT_POLICY = Policy("default", 0, (("default", 0),), "any")
DEFAULT_IPSEC_PROFILE = IpsecProfile("default", 0, ("default",), None, 3600, 4608000, {})


def _names(keywords: tuple[str, ...], kind: type[Encryption | Integrity | Prf]) -> list[str]:
    names = []
    for keyword in keywords:
        try:
            member = kind(keyword)
        except ValueError:
            continue
        names.append(member.display if isinstance(member, (Encryption, Integrity)) else member.name)
    return names


def proposals_shown(view: ConfigView) -> list[Proposal]:
    """The built-in `default` (or its configured replacement) first, then the others."""
    configured = dict(view.proposals)
    first = configured.pop("default", DEFAULT_PROPOSAL)
    return [first, *configured.values()]


def render_ikev2_proposals(proposals: Sequence[Proposal]) -> str:
    lines = []
    for proposal in proposals:
        groups = " ".join(
            "%s/Group %d" % (_GROUP_NAMES[DhGroup(g)], g)
            for g in proposal.groups
            if g in DhGroup._value2member_map_
        )
        lines += [
            # " IKEv2 proposal: default " (IOS's default, built-in or modified: trailing blank, __02)
            " IKEv2 proposal: %s%s\n" % (proposal.name, " " if proposal.name == DEFAULT_PROPOSAL.name else ""),
            # "     Encryption : AES-CBC-256"
            "     Encryption : %s\n" % " ".join(_names(proposal.encryption, Encryption)),
            # "     Integrity  : SHA512 SHA384"
            "     Integrity  : %s\n" % " ".join(_names(proposal.integrity, Integrity)),
            # "     PRF        : SHA512 SHA384"
            "     PRF        : %s\n" % " ".join(_names(proposal.prf or proposal.integrity, Prf)),
            # "     DH Group   : DH_GROUP_256_ECP/Group 19 DH_GROUP_2048_MODP/Group 14"
            "     DH Group   : %s\n" % groups,
        ]
    return "".join(lines) + "\n"


def policies_shown(view: ConfigView) -> list[Policy]:
    """Configured policies; IOS's built-in `default` when none is configured."""
    return list(view.policies.values()) or [DEFAULT_POLICY]


def render_ikev2_policies(policies: Sequence[Policy]) -> str:
    lines = []
    for policy in policies:
        # " IKEv2 policy : default"
        lines.append(" IKEv2 policy : %s\n" % policy.name)
        if policy is DEFAULT_POLICY:
            # "      Match fvrf : any"
            lines.append("      Match fvrf : any\n")
        else:
            # "      Match fvrf  : global"
            lines.append("      Match fvrf  : %s\n" % (policy.fvrf or "global"))
        # "      Match address local : any"
        lines.append("      Match address local : any\n")
        for name, _ in policy.proposals:
            # "      Proposal    : default"
            lines.append("      Proposal    : %s\n" % name)
        lines.append("\n")
    return "".join(lines)


def ipsec_profiles_shown(view: ConfigView) -> list[IpsecProfile]:
    configured = dict(view.ipsec_profiles)
    first = configured.pop("default", DEFAULT_IPSEC_PROFILE)
    return [first, *configured.values()]


def transform_text(transform_set: TransformSet) -> str:
    """`esp-256-aes esp-sha384-hmac` for `esp-aes 256 esp-sha384-hmac` (show_crypto_ipsec_profile__02)."""
    cipher = transform_set.cipher
    if transform_set.keysize and transform_set.keysize != 128:
        cipher = "esp-%d-%s" % (transform_set.keysize, cipher.removeprefix("esp-"))
    return " ".join(part for part in (cipher, transform_set.hmac) if part)


def render_ipsec_profiles(profiles: Sequence[IpsecProfile], transform_sets: dict[str, TransformSet]) -> str:
    blocks = []
    for profile in profiles:
        lines = ["IPSEC profile %s\n" % profile.name]
        if profile.ikev2_profile:
            # "\tIKEv2 Profile: PROF1"
            lines.append("\tIKEv2 Profile: %s\n" % profile.ikev2_profile)
        lines += [
            # "\tSecurity association lifetime: 4608000 kilobytes/3600 seconds"
            "\tSecurity association lifetime: %d kilobytes/%d seconds\n"
            % (profile.lifetime_kilobytes, profile.lifetime_seconds),
            # "\tDualstack (Y/N): N" and a blank line (17.x, show_crypto_ipsec_profile__02)
            "\tDualstack (Y/N): N\n",
            "\n",
            "\tResponder-Only (Y/N): %s\n" % ("Y" if profile.responder_only else "N"),
            # "\tPFS (Y/N): Y" then "\t\tInherit (Y/N): N" and "\t\tDH group: group21"
            "\tPFS (Y/N): %s\n" % ("N" if profile.pfs is None else "Y"),
            *(["\t\tInherit (Y/N): N\n", "\t\tDH group: %s\n" % profile.pfs] if profile.pfs else []),
            "\tMixed-mode : Disabled\n",
            "\tTransform sets={\n",
        ]
        for name in profile.transform_sets:
            found = transform_sets.get(name, DEFAULT_TRANSFORM_SET if name == "default" else None)
            if found is not None:
                # "\t\tIPSEC_TS:  { esp-aes esp-sha256-hmac  } ,"
                lines.append("\t\t%s:  { %s  } ,\n" % (name, transform_text(found)))
        lines.append("\t}\n")
        blocks.append("".join(lines))
    return "\n".join(blocks) + "\n"
