"""`show crypto session detail` over 10,000 sessions: correctness of the count only (timing is a bench)."""

from __future__ import annotations

from ipaddress import IPv4Address

from iosxe_sim.engine.state import (
    ChildSa,
    CryptoSession,
    IkeIdentity,
    IkeSa,
    NatTraversal,
    TrafficSelector,
)
from iosxe_sim.render.crypto_session import render_crypto_session_detail

SESSIONS = 10_000
GATEWAY = IPv4Address("10.106.45.225")


def _session(index: int) -> CryptoSession:
    assigned = IPv4Address("10.0.0.0") + index + 1
    child = ChildSa(
        TrafficSelector.any(),
        TrafficSelector.host(assigned),
        spi_in=0x10000000 + index,
        spi_out=0x20000000 + index,
        conn_id_in=2000 + 2 * index + 2,
        conn_id_out=2000 + 2 * index + 1,
        created_at=float(index % 3600),
        packets_encrypted=index,
        packets_decrypted=index,
    )
    sa = IkeSa(
        tunnel_id=index + 1,
        local_addr=GATEWAY,
        local_port=4500,
        remote_addr=IPv4Address("100.64.0.0") + index,
        remote_port=49152 + index % 16384,
        created_at=float(index % 3600),
        ce_id=1000 + index,
        session_id=index + 1,
        local_spi=index + 1,
        remote_spi=(index + 1) << 32,
        local_id=IkeIdentity.address(GATEWAY),
        remote_id=IkeIdentity.key_id("*$AnyConnectClient$*"),
        dpd_interval=45,
        dpd_retry=2,
        nat_t=NatTraversal.OUTSIDE,
        assigned_host_addr=assigned,
        child_sas=[child],
    )
    return CryptoSession("Virtual-Access%d" % (index + 1), sa, float(index % 3600), profile="AnyConnect-EAP")


def test_ten_thousand_sessions_render_completely() -> None:
    sessions = [_session(i) for i in range(SESSIONS)]
    lines = render_crypto_session_detail(sessions, 3600.0).split("\n")
    interfaces = [line for line in lines if line.startswith("Interface: ")]
    assert len(interfaces) == SESSIONS
    assert interfaces[0] == "Interface: Virtual-Access1"
    assert interfaces[-1] == "Interface: Virtual-Access10000"
    assert sum(line.startswith("        Inbound:  #pkts dec'ed ") for line in lines) == SESSIONS
    assert lines[-3:] == [
        "        Outbound: #pkts enc'ed 9999 drop 0 life (KB/Sec) 4608000/2799",  # created 801 s ago
        "",
        "",
    ]
    assert len(lines) == 7 + 15 * SESSIONS + 1
