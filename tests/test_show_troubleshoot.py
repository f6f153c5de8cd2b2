"""The commands engineers type next: IKE SA filters, counts, stats tables, session brief/summary,
transform sets, routes, interface configs, the buffered log and the clear commands; each from
engine state, compared with the real samples and read back by genie where it has a parser."""

from __future__ import annotations

from collections import Counter
from typing import Any
from unittest import mock

import pytest
from engine_fixtures import make_device
from genie.libs.parser.iosxe import show_crypto, show_derived, show_logging
from genie.metaparser.util import exceptions
from samples import sample

from iosxe_sim.device import Device
from iosxe_sim.engine.tallies import Tallies
from iosxe_sim.render.crypto_tables import Ikev2Count, render_ikev2_count
from iosxe_sim.render.ikev2_stats_tables import (
    render_stats_ext_service,
    render_stats_psh,
    render_stats_timeout,
)


def parse(parser: type, text: str, **kwargs: Any) -> dict[str, Any]:
    return parser(device=mock.Mock()).parse(output=text, **kwargs)


def connected(*names: str) -> Device:
    device = make_device()
    for number, name in enumerate(names, 1):
        device.execute(f"lab client {name} address 10.106.69.{number}")
        assert "connected" in device.execute(f"lab client {name} connect")
    device.pending_log()
    return device


# -- the samples, from tallies holding their numbers ------------------------------------------------
def test_timeout_psh_ext_service_and_count_samples() -> None:
    tallies = Tallies(timeouts=Counter({"PACKET MAXIMUM RETRANS TIMER": 7736}),
                      psh=Counter({"ikev2 psh requested": 99, "ikev2 psh request success": 99,
                                   "ikev2 psh return requested": 92, "ikev2 psh return success": 92}))
    assert render_stats_timeout(tallies) == sample("show_crypto_ikev2_stats_timeout__01.txt")
    assert render_stats_psh(tallies) == sample("show_crypto_ikev2_stats_psh__01.txt")
    services = {"AUTHENTICATION USING EAP": 23986, "START ACCOUNTING": 3990, "STOP ACCOUNTING": 3186,
                "IPSEC POLICY VERIFICATION": 8895, "SA CREATION": 8895, "SA DELETION": 16182,
                "DH PUBKEY GENERATED": 11432, "DH SHARED SECKEY GENERATED": 11432, "SIGNATURE SIGN": 4000,
                "GET ISSUERS": 13054, "GET CERTIFICATES FROM ISSUERS": 6518}
    tallies.services.update({(name, True): count for name, count in services.items()})
    assert render_stats_ext_service(tallies) == sample("show_crypto_ikev2_stats_ext-service__01.txt")
    assert render_ikev2_count(Ikev2Count(0, 1, 1, 126, 125)) == sample("show_crypto_ikev2_count__01.txt")


# -- from engine state, through the console and genie -----------------------------------------------
def test_stats_tables_count_a_session_and_genie_reads_them() -> None:
    device = connected("pc1")
    exchange = parse(show_crypto.ShowCryptoIkev2StatsExchange, device.execute("show crypto ikev2 stats exchange"))
    assert exchange["exchanges"]["ike_sa_init"] == {
        "transmit_request": 0, "transmit_response": 1, "received_request": 1, "received_response": 0}
    assert exchange["exchanges"]["ike_auth"]["received_request"] == 5
    psh = parse(show_crypto.ShowCryptoIkev2StatsPsh, device.execute("show crypto ikev2 stats psh"))
    assert psh["ikev2_stats_psh"]["psh_requested"] == 1
    ext = parse(show_crypto.ShowCryptoIkev2StatsExt, device.execute("show crypto ikev2 stats ext-service"))
    assert ext["ikev2_stats"]["aaa_operation"]["eap_auth"] == {"passed": 1, "failed": 0}
    parse(show_crypto.ShowCryptoIkev2StatsTimeout, device.execute("show crypto ikev2 stats timeout"))
    device.execute("lab client pc1 disconnect")
    count = device.execute("show crypto ikev2 count")
    assert "    1 Created SAs\n    1 Deleted SAs\n" in count and "    0 Sessions\n" in count
    assert device.execute("clear crypto ikev2 stats") == ""
    assert "ikev2 psh requested: 0" in device.execute("show crypto ikev2 stats psh")
    assert "    1 Created SAs" in device.execute("show crypto ikev2 count")  # count is not cleared


def test_ikev2_sa_remote_and_local_filters() -> None:
    device = connected("pc1", "pc2")
    one = device.execute("show crypto ikev2 sa remote 10.106.69.2 detailed")
    assert one.count("READY") == 1 and "10.106.69.2/" in one
    # Pinned genie bug (test_render_oracle.py): `Auth verify: AnyConnect-EAP` loses the Encr line.
    with pytest.raises(exceptions.SchemaMissingKeyError, match="auth_verify"):
        parse(show_crypto.ShowCryptoIkev2SaRemoteDetail, one)
    assert device.execute("show crypto ikev2 sa local 10.106.45.225").count("READY") == 2
    assert device.execute("show crypto ikev2 sa local 10.9.9.9").count("READY") == 0


def test_ipsec_sa_peer_detail_and_genie() -> None:
    device = connected("pc1", "pc2")
    device.execute("lab client pc2 traffic 7")
    text = device.execute("show crypto ipsec sa peer 10.106.69.2 detail")
    assert text.count("interface: ") == 1 and "#pkts encaps failed (send) 0" in text
    assert "#pkts encaps: 7, #pkts encrypt: 7" in text
    # Pinned genie bug (test_render_oracle.py): its `interface:` regex has no `-` (Virtual-Access),
    # and it then uses an unset variable; a Virtual-Access name renamed shows the rest parses.
    with pytest.raises(UnboundLocalError):
        parse(show_crypto.ShowCryptoIpsecSaPeerDetail, text)
    parsed = parse(show_crypto.ShowCryptoIpsecSaPeerDetail, text.replace("Virtual-Access2", "Tunnel2"))
    ident = next(iter(parsed["interface"]["Tunnel2"]["ident"].values()))
    assert ident["pkts_encaps"] == 7 and ident["pkts_no_sa_send"] == 0
    assert "#send errors" in device.execute("show crypto ipsec sa interface Virtual-Access2")


def test_session_brief_and_summary() -> None:
    device = connected("pc1")
    brief = device.execute("show crypto session brief")
    assert brief.splitlines()[3] == "Peer            I/F          Username        Group/Phase1_id          Uptime   Status"
    assert brief.splitlines()[4] == "10.106.69.1     Vi1          test            *$AnyConnectClient$*     00:00:00 UA"
    assert "  UP-ACTIVE        : 1\n" in device.execute("show crypto session summary")


def test_transform_sets() -> None:
    device = make_device()
    assert device.execute("show crypto ipsec transform-set TSET") == (
        "Transform set TSET: { esp-256-aes esp-sha384-hmac  } \n   will negotiate = { Tunnel,  }, \n   \n"
    )
    assert device.execute("show crypto ipsec transform-set").startswith("Transform set default: { esp-aes esp-sha-hmac  } ")


def test_routes_follow_the_sessions() -> None:
    device = connected("pc1")
    table = device.execute("show ip route")
    assert "S        192.168.20.5 is directly connected, Virtual-Access1\n" in table
    assert "Gateway of last resort is 10.106.45.1 to network 0.0.0.0\n" in table
    assert "C        10.106.45.0/24 is directly connected, GigabitEthernet1\n" in table
    assert "via Virtual-Access1" in device.execute("show ip route 192.168.20.5")
    assert "C " not in device.execute("show ip route static").split("Gateway")[1]
    device.execute("lab client pc1 disconnect")
    assert "192.168.20.5" not in device.execute("show ip route")
    assert device.execute("show ip route 192.168.20.5").startswith("Routing entry for 0.0.0.0 0.0.0.0")
    assert make_device("hostname R\n").execute("show ip route 1.1.1.1") == "% Network not in table\n"


def test_derived_and_running_interface_config() -> None:
    device = connected("pc1")
    derived = device.execute("show derived-config interface Virtual-Access1")
    body = derived.split("bytes\n", 1)[1]
    assert f"Derived configuration : {len(body)} bytes\n" in derived
    assert " tunnel destination 10.106.69.1\n" in body and " no tunnel protection ipsec initiate\n" in body
    parsed = parse(show_derived.ShowDerivedConfigInterface, derived)
    assert "Virtual-Access1" in str(parsed)
    running = device.execute("show running-config interface gi1")
    assert running.endswith("!\ninterface GigabitEthernet1\n ip address 10.106.45.225 255.255.255.0\n negotiation auto\nend\n")
    assert device.execute("show running-config interface Loopback7").endswith("% Invalid input detected at '^' marker.\n\n")


def test_logging_buffer_honours_logging_buffered() -> None:
    device = connected("pc1")
    log = device.execute("show logging")
    assert "Log Buffer (4096 bytes):\n\n" in log and "%LINK-3-UPDOWN: Interface Virtual-Access1" in log
    parse(show_logging.ShowLogging, log)
    device.configure("logging buffered 8192 warnings")
    device.execute("lab client pc1 disconnect")
    log = device.execute("show logging")
    assert "Log Buffer (8192 bytes):" in log and "LINEPROTO-5" not in log and "%LINK-5-CHANGED" not in log
    device.configure("no logging buffered")
    assert "Log Buffer" not in device.execute("show logging")
    assert "no logging buffered" in device.running_config()


def test_clear_commands() -> None:
    device = connected("pc1", "pc2")
    assert device.execute("clear crypto sa peer 10.106.69.1") == ""
    assert "Virtual-Access1" not in device.execute("show crypto session")
    assert device.execute("clear crypto ikev2 sa remote 10.106.69.2") == ""
    assert device.execute("show crypto session") == device.execute("show crypto session").split("Interface")[0]
    device = connected("pc1")
    assert device.execute("clear crypto ikev2 sa local 10.106.45.225") == ""
    assert "down" in "".join(device.pending_log())


def test_help_lists_output_modifiers_before_cr_on_show_commands() -> None:
    device = make_device()
    assert device.execute("show clock ?") == "  |     Output modifiers\n  <cr>  <cr>\n\n"
    assert device.execute("show crypto session ?").endswith("  |          Output modifiers\n  <cr>       <cr>\n\n")
    assert device.execute("terminal length 0 ?") == "  <cr>  <cr>\n\n"


def test_unknown_word_lookup_follows_ip_domain_lookup() -> None:
    device = make_device()
    assert device.execute("pc1").startswith('Translating "pc1"...domain server (255.255.255.255)\n% Unknown')
    device.configure("no ip domain lookup")
    assert "no ip domain lookup" in device.running_config()
    assert device.execute("pc1").startswith("% Unknown command")
