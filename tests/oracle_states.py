"""Hand-built engine states of the seed's captures, shared by the renderer tests.

Each builder returns the session and the virtual time (`now`) at which the seed took its capture.
Values the seed prints are copied from it; values it does not print (conn ids, byte counts) are
chosen so that the printed ones follow (e.g. 2100 octets -> 2 KB used -> 4607998 KB left).
"""

from __future__ import annotations

from ipaddress import IPv4Address

from iosxe_sim.engine.ikev2_crypto import Encryption, Integrity
from iosxe_sim.engine.state import (
    AuthMethod,
    ChildSa,
    CryptoSession,
    IkeAlgorithms,
    IkeIdentity,
    IkeSa,
    MessageIds,
    NatTraversal,
    PeerType,
    TrafficSelector,
)

GATEWAY = IPv4Address("10.106.45.225")
CLIENT = IPv4Address("10.106.69.69")
ASSIGNED = IPv4Address("192.168.20.5")
SESSION_ID_TEXT = "rIUHKccDRiUtFTATwq"
SESSION_ID_HEX = "724955484B63634452695574465441547771"
PROFILE = "AnyConnect-EAP"

FIRST_CONNECT_AT = 1000.0
RECONNECT_AT = 5000.0


def _child(spi_in: int, spi_out: int, conn_id: int, created_at: float, packets: int) -> ChildSa:
    return ChildSa(
        local_selector=TrafficSelector.any(),
        remote_selector=TrafficSelector.host(ASSIGNED),
        spi_in=spi_in,
        spi_out=spi_out,
        conn_id_in=conn_id + 1,
        conn_id_out=conn_id,
        created_at=created_at,
        encryption=Encryption.AES_CBC_256,
        integrity=Integrity.SHA384,
        packets_encrypted=packets,
        packets_decrypted=packets,
    )


def seed_before_reconnect() -> tuple[CryptoSession, float]:
    """`show crypto session detail` of the seed's first connect: Uptime 00:00:15."""
    child = _child(0x2E14CBAF, 0xD5590D3, 2001, FIRST_CONNECT_AT, packets=15)
    child.bytes_decrypted = 2100
    child.bytes_encrypted = 900
    sa = IkeSa(
        tunnel_id=1,
        local_addr=GATEWAY,
        local_port=4500,
        remote_addr=CLIENT,
        remote_port=63516,
        created_at=FIRST_CONNECT_AT,
        ce_id=1016,
        session_id=16,
        local_spi=0x67C3394ED1EAADE7,
        remote_spi=0xEBFE2587F20EA7C2,
        local_id=IkeIdentity.address(GATEWAY),
        remote_id=IkeIdentity.key_id("*$AnyConnectClient$*"),
        algorithms=IkeAlgorithms(),
        remote_eap_id="user1",
        msg_ids=MessageIds(remote_req=26, remote_next=26, remote_queued=26, local_window=5, remote_window=1),
        dpd_interval=45,
        dpd_retry=2,
        nat_t=NatTraversal.OUTSIDE,
        assigned_host_addr=ASSIGNED,
        peer_type=PeerType.ANYCONNECT,
        child_sas=[child],
    )
    session = CryptoSession("Virtual-Access1", sa, FIRST_CONNECT_AT, profile=PROFILE, username="user1")
    return session, FIRST_CONNECT_AT + 15


def seed_after_reconnect() -> tuple[CryptoSession, float]:
    """The seed's capture after the reconnect: Uptime 00:00:03, lifetime 23:59:57, IPsec .../3596.

    3.5 s of virtual time: the uptime and IKE lifetime count whole seconds, the IPsec SA its
    truncated remainder (render/common.py), which is how the seed's three numbers agree.
    """
    child = _child(0x38ADBE12, 0xE3E00C0E, 2003, RECONNECT_AT, packets=22)
    child.bytes_decrypted = 1000
    child.bytes_encrypted = 1000
    sa = IkeSa(
        tunnel_id=1,
        local_addr=GATEWAY,
        local_port=4500,
        remote_addr=CLIENT,
        remote_port=54626,
        created_at=RECONNECT_AT,
        ce_id=1017,
        session_id=17,
        local_spi=0x33F57D418CFAFEBD,
        remote_spi=0xF2586DF08F2A8308,
        local_id=IkeIdentity.address(GATEWAY),
        remote_id=IkeIdentity.reconnect_session_id(SESSION_ID_TEXT),
        algorithms=IkeAlgorithms(auth_verify=AuthMethod.PSK),
        msg_ids=MessageIds(remote_req=8, remote_next=8, remote_queued=8, local_window=5, remote_window=1),
        dpd_interval=45,
        dpd_retry=2,
        nat_t=NatTraversal.OUTSIDE,
        assigned_host_addr=ASSIGNED,
        child_sas=[child],
    )
    session = CryptoSession("Virtual-Access2", sa, RECONNECT_AT, profile=PROFILE, username="user1")
    return session, RECONNECT_AT + 3.5


def second_user_at(now: float) -> CryptoSession:
    """A second, first-connect user (user2) next to the reconnected user1, for multi-session layouts."""
    address = IPv4Address("192.168.20.6")
    created = now - 7322.0
    child = ChildSa(
        local_selector=TrafficSelector.any(),
        remote_selector=TrafficSelector.host(address),
        spi_in=0x0A1B2C3D,
        spi_out=0xC0FFEE01,
        conn_id_in=2006,
        conn_id_out=2005,
        created_at=now - 122.25,
        packets_encrypted=4711,
        packets_decrypted=5120,
        bytes_encrypted=733_184,
        bytes_decrypted=1_048_577,
        drops_in=3,
    )
    sa = IkeSa(
        tunnel_id=2,
        local_addr=GATEWAY,
        local_port=4500,
        remote_addr=IPv4Address("198.51.100.23"),
        remote_port=4500,
        created_at=created,
        ce_id=1018,
        session_id=18,
        local_spi=0x0123456789ABCDEF,
        remote_spi=0x00000000C0DE0001,
        local_id=IkeIdentity.address(GATEWAY),
        remote_id=IkeIdentity.key_id("*$AnyConnectClient$*"),
        remote_eap_id="user2",
        msg_ids=MessageIds(
            remote_req=412, remote_next=412, remote_queued=412, local_window=5, remote_window=1
        ),
        dpd_interval=45,
        dpd_retry=2,
        nat_t=NatTraversal.OUTSIDE,
        assigned_host_addr=address,
        peer_type=PeerType.ANYCONNECT,
        child_sas=[child],
    )
    return CryptoSession("Virtual-Access3", sa, created, profile=PROFILE, username="user2")
