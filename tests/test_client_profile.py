"""AnyConnect profile XML parsing: the seed's profile, schema defaults, refusals, and fuzzing."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iosxe_sim.engine.client_profile import (
    MAX_PROFILE_SIZE,
    AutoReconnectBehavior,
    ClientProfile,
    ClientProfileError,
    HostEntry,
    parse_client_profile,
)

BOOTFLASH = Path(__file__).resolve().parent.parent / "examples" / "default-device" / "bootflash"
SEED_PROFILE = (BOOTFLASH / "acvpn.xml").read_bytes()
NS = 'xmlns="http://schemas.xmlsoap.org/encoding/"'


def _profile(body: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<AnyConnectProfile {NS}>{body}</AnyConnectProfile>'


def _init(body: str) -> str:
    return _profile(f"<ClientInitialization>{body}</ClientInitialization>")


def test_seed_profile_reconnects_after_resume():
    profile = parse_client_profile(SEED_PROFILE)
    assert profile.auto_reconnect is True
    assert profile.auto_reconnect_behavior is AutoReconnectBehavior.RECONNECT_AFTER_RESUME
    assert profile.hosts == (
        HostEntry(
            host_name="IKEv2_Gateway",
            host_address="flexvpn-c8kv.example.com",
            primary_protocol="IPsec",
            standard_authentication_only=True,
            auth_method_during_ike_negotiation="EAP-AnyConnect",
        ),
    )


def test_seed_profile_preferences_for_the_dart_dump():
    preferences = parse_client_profile(SEED_PROFILE).preferences
    assert preferences["AutoReconnect"] == "true"
    assert preferences["AutoReconnectBehavior"] == "ReconnectAfterResume"
    assert preferences["IPProtocolSupport"] == "IPv4,IPv6"
    assert preferences["CertificateStore"] == "All"
    assert preferences["PPPExclusion"] == "Disable" and preferences["PPPExclusionServerIP"] == ""
    assert preferences["AutoServerSelectionSuspendTime"] == "4"
    assert preferences["RetainVpnOnLogoff"] == "false"
    names = list(preferences)
    assert names[0] == "UseStartBeforeLogon" and names[-1] == "AllowManualHostInput"
    assert names.index("AutoReconnect") + 1 == names.index("AutoReconnectBehavior")
    assert "HostName" not in preferences  # ServerList is not a preference


def test_disconnect_variant_differs_only_in_behavior():
    disconnect = parse_client_profile((BOOTFLASH / "acvpn-disconnect.xml").read_text())
    seed = parse_client_profile(SEED_PROFILE)
    assert disconnect.auto_reconnect_behavior is AutoReconnectBehavior.DISCONNECT_ON_SUSPEND
    assert disconnect.auto_reconnect is True
    assert disconnect.hosts == seed.hosts
    assert {k: v for k, v in disconnect.preferences.items() if k != "AutoReconnectBehavior"} == {
        k: v for k, v in seed.preferences.items() if k != "AutoReconnectBehavior"
    }


def test_str_and_bytes_give_the_same_profile():
    assert parse_client_profile(SEED_PROFILE.decode()) == parse_client_profile(SEED_PROFILE)


def test_schema_defaults_for_an_empty_profile():
    profile = parse_client_profile(_profile(""))
    assert profile == ClientProfile()
    assert profile.auto_reconnect is True
    assert profile.auto_reconnect_behavior is AutoReconnectBehavior.DISCONNECT_ON_SUSPEND


def test_auto_reconnect_without_behavior_defaults_to_disconnect_on_suspend():
    profile = parse_client_profile(_init("<AutoReconnect>false</AutoReconnect>"))
    assert profile.auto_reconnect is False
    assert profile.auto_reconnect_behavior is AutoReconnectBehavior.DISCONNECT_ON_SUSPEND


def test_mixed_content_on_one_line():
    body = (
        '<AutoReconnect UserControllable="false">true<AutoReconnectBehavior UserControllable="false">'
        "ReconnectAfterResume</AutoReconnectBehavior></AutoReconnect>"
    )
    profile = parse_client_profile(_init(body))
    assert profile.auto_reconnect_behavior is AutoReconnectBehavior.RECONNECT_AFTER_RESUME


def test_host_entry_defaults():
    body = "<ServerList><HostEntry><HostName>gw</HostName></HostEntry>" \
        "<HostEntry><HostName>gw2</HostName><PrimaryProtocol>IPsec</PrimaryProtocol></HostEntry></ServerList>"
    first, second = parse_client_profile(_profile(body)).hosts
    assert first == HostEntry("gw", None, "SSL", False, "EAP-AnyConnect")
    assert second.primary_protocol == "IPsec" and second.standard_authentication_only is False


@pytest.mark.parametrize(
    ("text", "fragment", "line"),
    [
        ('<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "b">]>\n<AnyConnectProfile/>', "DOCTYPE", 2),
        ("<AnyConnectProfile><a></AnyConnectProfile>", "not well-formed", 1),
        ("", "not well-formed", 1),
        ("<Other xmlns='http://schemas.xmlsoap.org/encoding/'/>", "root element is Other", 1),
        ("<AnyConnectProfile/>", "AnyConnectProfile without a namespace", 1),
        (_init("\n\n<AutoReconnect>yes</AutoReconnect>"), "true or false", 4),
        (
            _init("<AutoReconnect>true<AutoReconnectBehavior>x</AutoReconnectBehavior></AutoReconnect>"),
            "must be ReconnectAfterResume or DisconnectOnSuspend, not 'x'",
            2,
        ),
        (_profile("<ServerList><HostEntry><HostAddress/></HostEntry></ServerList>"), "HostName", 2),
        (b'<?xml version="1.0" encoding="shift_jis"?><a/>', "cannot decode", None),
        (b'<?xml version="1.0" encoding="no-such"?><a/>', "cannot decode", None),
        ("<AnyConnectProfile>\ud800</AnyConnectProfile>", "cannot decode", None),
        (b"\xff\xfe\x00garbage", "not well-formed", 1),
        (12, "text or bytes", None),
    ],
)
def test_refusals_are_typed_and_located(text, fragment, line):
    with pytest.raises(ClientProfileError) as caught:
        parse_client_profile(text)
    assert fragment in str(caught.value)
    assert caught.value.line == line


def test_billion_laughs_is_refused_quickly():
    entities = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    text = f'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY l0 "lol">{entities}]><p>&l9;</p>'
    with pytest.raises(ClientProfileError, match="DOCTYPE"):
        parse_client_profile(text)


def test_external_entity_is_refused():
    text = '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]><p>&x;</p>'
    with pytest.raises(ClientProfileError, match="DOCTYPE"):
        parse_client_profile(text)


def test_oversized_input_is_refused():
    with pytest.raises(ClientProfileError, match="larger"):
        parse_client_profile(b" " * (MAX_PROFILE_SIZE + 1))


def test_deep_nesting_does_not_crash():
    depth = 50_000
    body = "<ClientInitialization>" + "<x>" * depth + "</x>" * depth + "</ClientInitialization>"
    assert parse_client_profile(_profile(body)).preferences["x"] == ""


def test_other_namespaces_are_ignored():
    profile = parse_client_profile(_init('<o:AutoReconnect xmlns:o="urn:other">false</o:AutoReconnect>'))
    assert profile.auto_reconnect is True and profile.preferences == {}


# ---------------------------------------------------------------- fuzzing: only ClientProfileError may escape


def _parse_or_refuse(data: str | bytes) -> None:
    try:
        result = parse_client_profile(data)
    except ClientProfileError as exc:
        assert str(exc)
    else:
        assert isinstance(result, ClientProfile)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_fuzz_random_bytes(data):
    _parse_or_refuse(data)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=2000))
def test_fuzz_random_text(text):
    _parse_or_refuse(text)


_MARKUP = st.sampled_from(
    [
        "<", ">", "</", "/>", "&", "&amp;", "&#0;", "&#x110000;", "]]>", "<!DOCTYPE a>", "<!--", "-->",
        "<?pi?>", "<![CDATA[", '"', "'", "=", "xmlns:a='x'", "a:", "\x00", "\ufffe", "\ud800", "true",
        "false", "<AutoReconnect>", "</AutoReconnect>", "<HostEntry>", "</HostEntry>", "ReconnectAfterResume",
    ]
)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_fuzz_mutated_seed_profile(data):
    text = SEED_PROFILE.decode()
    for _ in range(data.draw(st.integers(1, 4))):
        start = data.draw(st.integers(0, len(text)))
        end = data.draw(st.integers(start, min(len(text), start + 40)))
        insert = data.draw(st.one_of(_MARKUP, st.text(max_size=10)))
        text = text[:start] + insert + text[end:]
    _parse_or_refuse(text)
    _parse_or_refuse(text.encode("utf-8", "surrogatepass"))
