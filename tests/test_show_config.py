"""Config-derived shows (proposal, policy, IPsec/IKEv2 profiles, authorization policy, pools) and
the bootflash commands, through Device.execute; genie reads back the ones it has parsers for."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from engine_fixtures import PASSWORD, configure, make_client, make_device
from genie.libs.parser.iosxe import show_crypto
from genie.metaparser.util import exceptions
from samples import SAMPLES


def parse(parser: type, text: str, **kwargs: Any) -> dict[str, Any]:
    return parser(device=mock.Mock()).parse(output=text, **kwargs)


def test_proposals() -> None:
    device = make_device()
    configure(
        device, "crypto ikev2 proposal ikev2proposal", "encryption aes-cbc-128", "integrity sha1", "group 16"
    )
    text = device.execute("show crypto ikev2 proposal")
    assert text == (
        " IKEv2 proposal: default \n"
        "     Encryption : AES-CBC-256\n"
        "     Integrity  : SHA512 SHA384\n"
        "     PRF        : SHA512 SHA384\n"
        "     DH Group   : DH_GROUP_256_ECP/Group 19 DH_GROUP_2048_MODP/Group 14 DH_GROUP_521_ECP/Group 21\n"
        " IKEv2 proposal: ikev2proposal\n"
        "     Encryption : AES-CBC-128\n"
        "     Integrity  : SHA96\n"
        "     PRF        : SHA1\n"
        "     DH Group   : DH_GROUP_4096_MODP/Group 16\n"
        "\n"
    )
    parsed = parse(show_crypto.ShowCryptoIkev2Proposal, text)["proposal_name"]
    assert parsed["ikev2proposal"] == {
        "encryption": "AES-CBC-128",
        "integrity": "SHA96",
        "prf": "SHA1",
        "dh_group": ["DH_GROUP_4096_MODP/Group 16"],
    }
    sample = (SAMPLES / "show_crypto_ikev2_proposal__01.txt").read_text()
    assert [" ".join(line.split()) for line in text.splitlines()[5:]] == [
        " ".join(line.split()) for line in sample.splitlines()[5:]
    ]
    assert device.execute("show crypto ikev2 proposal ikev2proposal").startswith(
        " IKEv2 proposal: ikev2proposal"
    )
    assert device.execute("show crypto ikev2 proposal nothing") == ""


def test_gcm_proposal_prints_its_prf() -> None:
    device = make_device()
    configure(device, "crypto ikev2 proposal G", "encryption aes-gcm-256", "prf sha384", "group 20")
    text = device.execute("show crypto ikev2 proposal G")
    assert "     PRF        : SHA384\n" in text and "Group 20" in text


def test_policies() -> None:
    device = make_device()
    text = device.execute("show crypto ikev2 policy")
    assert text == (
        " IKEv2 policy : default\n      Match fvrf  : any\n      Match address local : any\n"
        "      Proposal    : default\n\n"
    )
    parsed = parse(show_crypto.ShowCryptoIkev2Policy, text)["policy_name"]["default"]
    assert parsed == {"match_fvrf": "any", "match_address_local": "any", "proposal": "default"}
    configure(device, "no crypto ikev2 policy default")
    builtin = device.execute("show crypto ikev2 policy")
    sample = (SAMPLES / "show_crypto_ikev2_policy__01.txt").read_text()
    assert builtin == "".join(sample.splitlines(keepends=True)[:5])  # IOS's own default, byte for byte


def test_ipsec_profiles() -> None:
    device = make_device()
    text = device.execute("show crypto ipsec profile")
    older = (SAMPLES / "show_crypto_ipsec_profile__03.txt").read_text().splitlines(keepends=True)
    dualstack = (SAMPLES / "show_crypto_ipsec_profile__02.txt").read_text().splitlines(keepends=True)
    # the default profile: __03's lines with 17.x's Dualstack line and its blank (__02) after the lifetime
    assert text.startswith("".join(older[:2] + dualstack[3:5] + older[2:9]))
    assert text.endswith(
        "IPSEC profile AnyConnect-EAP\n\tIKEv2 Profile: AnyConnect-EAP\n"
        "\tSecurity association lifetime: 4608000 kilobytes/3600 seconds\n\tDualstack (Y/N): N\n\n"
        "\tResponder-Only (Y/N): N\n"
        "\tPFS (Y/N): N\n\tMixed-mode : Disabled\n\tTransform sets={\n"
        "\t\tTSET:  { esp-256-aes esp-sha384-hmac  } ,\n\t}\n\n"
    )
    parsed = parse(show_crypto.ShowCryptoIpsecProfile, text)["ipsec_profile_name"]["AnyConnect-EAP"]
    assert "ikev2_profile_name" not in parsed  # pinned genie bug: `IKEv2 Profile: (\w+)$` rejects a `-`
    assert parsed["security_association_lifetime"] == "4608000 kilobytes/3600 seconds"
    assert parsed["tranform_sets"]["TSET"] == {
        "transform_set_name": "esp-256-aes",
        "transform_set_method": "esp-sha384-hmac",
    }
    assert device.execute("show crypto ipsec profile default").count("IPSEC profile") == 1


def test_ikev2_profile() -> None:
    device = make_device()
    make_client(device).connect("test", PASSWORD)
    text = device.execute("show crypto ikev2 profile AnyConnect-EAP")
    assert " DPD: interval 45, retry-interval 2, on-demand\n" in text
    assert "  Identities:\n   key-id *$AnyConnectClient$*\n" in text
    assert text.endswith(" AnyConnect profile: acvpn\n Reconnect: enabled, timeout 900 seconds\n\n")
    # pinned genie bug: its DPD regex ends in \w+, so `on-demand` is not read and the schema fails
    with pytest.raises(exceptions.SchemaMissingKeyError, match="dpd"):
        parse(show_crypto.ShowCryptoIkev2Profile, text, profile_name="AnyConnect-EAP")
    configure(device, "crypto ikev2 profile AnyConnect-EAP", "dpd 30 5 periodic")
    text = device.execute("show crypto ikev2 profile AnyConnect-EAP")
    profile = parse(show_crypto.ShowCryptoIkev2Profile, text, profile_name="AnyConnect-EAP")["ikev2_profile"][
        "AnyConnect-EAP"
    ]
    assert profile["ref_count"] == 2  # one IPsec profile, one session
    assert profile["dpd"] == {"interval": 30, "retry_interval": 5, "type": "periodic"}
    assert profile["aaa_anyconnect_eap_authentication_mlist"] == "a-eap-authen-local"
    assert (profile["virtual_template"], profile["trustpoints"], profile["lifetime"]) == (
        "10",
        "IKEv2-TP",
        86400,
    )
    assert (profile["shutdown"], profile["match_criteria"]["fvrf"]) == ("No", "global")
    assert (profile["aaa_group_authorization"], profile["aaa_user_authorization"]) == (
        "a-eap-author-grp",
        "cached",
    )
    assert device.execute("show crypto ikev2 profile other") == ""
    configure(device, "crypto ikev2 profile AnyConnect-EAP", "no dpd 30 5 periodic", "no reconnect")
    assert " DPD: disabled\n" in device.execute("show crypto ikev2 profile")
    assert " Reconnect: disabled\n" in device.execute("show crypto ikev2 profile")


def test_authorization_policy() -> None:
    device = make_device()
    assert device.execute("show crypto ikev2 authorization policy") == (
        "IKEv2 Authorization policy: ikev2-auth-policy\n Address pool: ACPPOOL\n Netmask: none\n DNS: none\n"
        " Default domain: example.com\n Route set access-list: split_tunnel\n Session lifetime: none\n\n"
    )
    assert device.execute("show crypto ikev2 authorization policy nope") == ""


def test_ip_local_pool() -> None:
    device = make_device()
    first, second = make_client(device, "a"), make_client(device, "b")
    first.connect("test", PASSWORD)
    second.connect("test", PASSWORD)
    first.disconnect()
    assert device.execute("show ip local pool") == (
        " Pool                     Begin           End              Free  In use\n"
        " ACPPOOL                  192.168.20.5    192.168.20.10       5       1\n"
    )
    named = device.execute("show ip local pool ACPPOOL").splitlines()
    assert named[2:] == [
        "Available addresses:",
        " 192.168.20.5",
        " 192.168.20.7",
        " 192.168.20.8",
        " 192.168.20.9",
        " 192.168.20.10",
        "Inuse addresses:",
        " 192.168.20.6    Vi2",
    ]
    assert device.execute("show ip local pool NOPE") == "% Pool NOPE not found\n"


def test_dir_and_more() -> None:
    device = make_device()
    listing = device.execute("dir bootflash:")
    size = len(device.bootflash["acvpn.xml"])
    assert listing.startswith("Directory of bootflash:/\n\n")
    assert f"   12  -rw- {size:16d}  Mar 13 2025 01:00:00 +00:00  acvpn.xml\n" in listing
    assert device.execute("dir") == listing
    assert device.execute("more bootflash:acvpn.xml") == device.bootflash["acvpn.xml"].decode()
    assert "ReconnectAfterResume" in device.execute("more bootflash:acvpn.xml")
    assert device.execute("more bootflash:missing.xml") == (
        "%Error opening bootflash:missing.xml (No such file or directory)\n"
    )


def test_ipsec_profile_shows_pfs_and_responder_only() -> None:
    from iosxe_sim.device import Device

    device = Device(seed=1)
    for line in ("configure terminal", "crypto ipsec profile AnyConnect-EAP", "set pfs group14", "responder-only",
                 "end"):
        device.execute(line)
    output = device.execute("show crypto ipsec profile AnyConnect-EAP")
    assert "\tResponder-Only (Y/N): Y\n\tPFS (Y/N): Y\n\t\tInherit (Y/N): N\n\t\tDH group: group14\n" in output
