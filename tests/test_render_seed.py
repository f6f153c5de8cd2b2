"""Our output against the seed's own captures (17.16).

The seed's web copy collapsed runs of blanks, dropped indentation and trailing blanks and wrapped
two long lines, so whole outputs are compared with each line's whitespace normalised. Lines the
seed shows intact are also asserted literally. Where the seed contradicts itself (its second
captures were pasted from different moments), the expected text says so and follows the state.
"""

from __future__ import annotations

from oracle_states import seed_after_reconnect, seed_before_reconnect

from iosxe_sim.engine.state import ReconnectStats
from iosxe_sim.render.crypto_session import render_crypto_session_detail
from iosxe_sim.render.ikev2_session import render_ikev2_session_detailed
from iosxe_sim.render.ikev2_stats import render_ikev2_stats_reconnect

LEGEND = """\
Crypto session current status
Code: C - IKE Configuration mode, D - Dead Peer Detection
K - Keepalives, N - NAT-traversal, T - cTCP encapsulation
X - IKE Extended Authentication, F - IKE Fragmentation
R - IKE Auto Reconnect
"""

SESSION_DETAIL_BEFORE = (
    LEGEND
    + """\
Interface: Virtual-Access1
Profile: AnyConnect-EAP
Uptime: 00:00:15
Session status: UP-ACTIVE
Peer: 10.106.69.69 port 63516 fvrf: (none) ivrf: (none)
Phase1_id: *$AnyConnectClient$*
Desc: (none)
Session ID: 16
IKEv2 SA: local 10.106.45.225/4500 remote 10.106.69.69/63516 Active
Capabilities:DN connid:1 lifetime:23:59:45
IPSEC FLOW: permit ip 0.0.0.0/0.0.0.0 host 192.168.20.5
Active SAs: 2, origin: crypto map
Inbound: #pkts dec'ed 15 drop 0 life (KB/Sec) 4607998/3585
Outbound: #pkts enc'ed 15 drop 0 life (KB/Sec) 4608000/3585
"""
)  # the seed splits `Capabilities:DN` and `connid:1 lifetime:23:59:45` over two lines

SESSION_DETAIL_AFTER = (
    LEGEND
    + """\
Interface: Virtual-Access2
Profile: AnyConnect-EAP
Uptime: 00:00:03
Session status: UP-ACTIVE
Peer: 10.106.69.69 port 54626 fvrf: (none) ivrf: (none)
Phase1_id: 724955484B63634452695574465441547771
Desc: (none)
Session ID: 17
IKEv2 SA: local 10.106.45.225/4500 remote 10.106.69.69/54626 Active
Capabilities:DNR connid:1 lifetime:23:59:57
IPSEC FLOW: permit ip 0.0.0.0/0.0.0.0 host 192.168.20.5
Active SAs: 2, origin: crypto map
Inbound: #pkts dec'ed 22 drop 0 life (KB/Sec) 4608000/3596
Outbound: #pkts enc'ed 22 drop 0 life (KB/Sec) 4608000/3596
"""
)  # the seed prints `host 10.10.10.1` here but `Assigned host addr: 192.168.20.5` in its IKEv2 capture

IKEV2_COMMON_HEAD = """\
IPv4 Crypto IKEv2 Session
Session-id:{sid}, Status:UP-ACTIVE, IKE count:1, CHILD count:1
Tunnel-id Local Remote fvrf/ivrf Status
1 10.106.45.225/4500 10.106.69.69/{port} none/none READY
Encr: AES-CBC, keysize: 256, PRF: SHA512, Hash: SHA512, DH Grp:19, Auth sign: RSA, Auth verify: {verify}
Life/Active Time: 86400/{active} sec
CE id: {ce}, Session-id: {sid}
Status Description: Negotiation done
Local spi: {lspi} Remote spi: {rspi}
Local id: 10.106.45.225
Remote id: {rid}
"""

IKEV2_MSG_IDS = """\
Local req msg id: 0 Remote req msg id: {m}
Local next msg id: 0 Remote next msg id: {m}
Local req queued: 0 Remote req queued: {m}
Local window: 5 Remote window: 1
DPD configured for 45 seconds, retry 2
Fragmentation not configured.
Extended Authentication not configured.
NAT-T is detected outside
Cisco Trust Security SGT is disabled
Assigned host addr: 192.168.20.5
Initiator of SA : No
"""

IKEV2_CHILD = """\
Child sa: local selector 0.0.0.0/0 - 255.255.255.255/65535
remote selector 192.168.20.5/0 - 192.168.20.5/65535
ESP spi in/out: {esp}
AH spi in/out: 0x0/0x0
CPI in/out: 0x0/0x0
Encr: AES-CBC, keysize: 256, esp_hmac: SHA384
ah_hmac: None, comp: IPCOMP_NONE, mode tunnel
"""

# The seed wraps the Encr line before `AnyConnect-EAP` (first capture) and before `Auth verify:`
# (second capture); both are one line here.
IKEV2_DETAILED_BEFORE = (
    IKEV2_COMMON_HEAD.format(
        sid=16,
        port=63516,
        verify="AnyConnect-EAP",
        active=620,
        ce=1016,
        lspi="67C3394ED1EAADE7",
        rspi="EBFE2587F20EA7C2",
        rid="*$AnyConnectClient$*",
    )
    + "Remote EAP id: user1\n"
    + IKEV2_MSG_IDS.format(m=26)
    + "PEER TYPE: AnyConnect\n"
    + IKEV2_CHILD.format(esp="0x2E14CBAF/0xD5590D3")
)

# The seed's second capture heads the session `Session-id:39` above `Session-id: 17`; one state
# prints one number. It has no `Remote EAP id:` and no `PEER TYPE:` line.
IKEV2_DETAILED_AFTER = (
    IKEV2_COMMON_HEAD.format(
        sid=17,
        port=54626,
        verify="PSK",
        active=202,
        ce=1017,
        lspi="33F57D418CFAFEBD",
        rspi="F2586DF08F2A8308",
        rid="724955484B63634452695574465441547771",
    )
    + IKEV2_MSG_IDS.format(m=8)
    + IKEV2_CHILD.format(esp="0x38ADBE12/0xE3E00C0E")
)


def normalised(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def test_session_detail_before_reconnect_matches_seed() -> None:
    session, now = seed_before_reconnect()
    assert normalised(render_crypto_session_detail([session], now)) == normalised(SESSION_DETAIL_BEFORE)


def test_session_detail_after_reconnect_matches_seed() -> None:
    session, now = seed_after_reconnect()
    assert normalised(render_crypto_session_detail([session], now)) == normalised(SESSION_DETAIL_AFTER)


def test_session_detail_seed_lines_literally() -> None:
    session, now = seed_before_reconnect()
    lines = render_crypto_session_detail([session], now).splitlines()
    assert "R - IKE Auto Reconnect" in lines
    assert "          Capabilities:DN connid:1 lifetime:23:59:45" in lines
    assert "        Inbound:  #pkts dec'ed 15 drop 0 life (KB/Sec) 4607998/3585" in lines
    assert "        Outbound: #pkts enc'ed 15 drop 0 life (KB/Sec) 4608000/3585" in lines
    assert "  IPSEC FLOW: permit ip 0.0.0.0/0.0.0.0 host 192.168.20.5 " in lines
    assert "      Phase1_id: *$AnyConnectClient$*" in lines
    assert "Uptime: 00:00:15" in lines


def test_session_detail_after_reconnect_seed_lines_literally() -> None:
    session, now = seed_after_reconnect()
    lines = render_crypto_session_detail([session], now).splitlines()
    assert "      Phase1_id: 724955484B63634452695574465441547771" in lines
    assert "          Capabilities:DNR connid:1 lifetime:23:59:57" in lines
    assert "        Inbound:  #pkts dec'ed 22 drop 0 life (KB/Sec) 4608000/3596" in lines
    assert "        Outbound: #pkts enc'ed 22 drop 0 life (KB/Sec) 4608000/3596" in lines
    assert "Uptime: 00:00:03" in lines


def test_ikev2_session_detailed_before_reconnect_matches_seed() -> None:
    session, _ = seed_before_reconnect()
    out = normalised(render_ikev2_session_detailed([session], session.created_at + 620))
    assert out[-1] == "IPv6 Crypto IKEv2 Session"  # the seed's capture stops before it
    assert out[:-1] == normalised(IKEV2_DETAILED_BEFORE)


def test_ikev2_session_detailed_after_reconnect_matches_seed() -> None:
    session, _ = seed_after_reconnect()
    out = normalised(render_ikev2_session_detailed([session], session.created_at + 202))
    assert out[:-1] == normalised(IKEV2_DETAILED_AFTER)


def test_ikev2_session_detailed_seed_lines_literally() -> None:
    session, now = seed_before_reconnect()
    lines = render_ikev2_session_detailed([session], now).splitlines()
    assert "      DPD configured for 45 seconds, retry 2" in lines
    assert "      Fragmentation not  configured." in lines
    assert "      NAT-T is detected  outside" in lines
    assert "      Assigned host addr: 192.168.20.5" in lines
    assert "      PEER TYPE: AnyConnect" in lines
    assert "      Remote EAP id: user1" in lines
    assert "          remote selector 192.168.20.5/0 - 192.168.20.5/65535" in lines
    assert "          Encr: AES-CBC, keysize: 256, esp_hmac: SHA384" in lines
    assert "          ah_hmac: None, comp: IPCOMP_NONE, mode tunnel" in lines


def test_stats_reconnect_before_and_after_match_seed() -> None:
    assert render_ikev2_stats_reconnect(ReconnectStats(), 1, 0).splitlines()[:5] == [
        "Total incoming reconnect connection: 0",
        "Success reconnect connection: 0",
        "Failed reconnect connection: 0",
        "Reconnect capable active session count: 1",
        "Reconnect capable inactive session count: 0",
    ]
    assert render_ikev2_stats_reconnect(ReconnectStats(success=1), 1, 0).splitlines()[:5] == [
        "Total incoming reconnect connection: 1",
        "Success reconnect connection: 1",
        "Failed reconnect connection: 0",
        "Reconnect capable active session count: 1",
        "Reconnect capable inactive session count: 0",
    ]
