"""`show crypto ipsec sa [interface Virtual-AccessN]` for our sessions.

Layout from show_crypto_ipsec_sa__01.txt (17.x, FlexVPN Virtual-Access): `interface:` block with
the crypto map tag `<interface>-head-0`, one ident block per child SA, nine-blank `sa timing`
indent and `, initiator : False` on the conn id line. Decisions:
- The output starts with a blank line and each interface block starts with one, as in
  show_crypto_ipsec_sa__03.txt (the genie files strip the first line), and ends with a blank line.
- NAT-T sessions print `in use settings ={Tunnel UDP-Encaps, }` (show_crypto_ipsec_sa_detail__01).
- `flow_id: CSR:<conn id - 2000>` (a C8000V is a CSR-family platform; both CSR samples fit).
- `#send errors` / `#recv errors` are the SA's outbound / inbound drops.
- `plaintext mtu` is derived (emulator-defined, see plaintext_mtu) and reproduces all three
  samples: 1438 (tunnel, SHA1), 1458 (transport, SHA256), 1442 (transport NAT-T, SHA1).
"""

from __future__ import annotations

from collections.abc import Sequence

from iosxe_sim.engine.ikev2_crypto import Encryption, Integrity
from iosxe_sim.engine.interrupt import interruptible
from iosxe_sim.engine.state import ChildSa, CryptoSession, IpsecMode, NatTraversal
from iosxe_sim.render.common import (
    hex_spi,
    ipsec_remaining_kb,
    ipsec_remaining_seconds,
    selector_network,
    vrf_text,
)

_ESP_TRANSFORMS = {
    Encryption.AES_CBC_128: "esp-aes",
    Encryption.AES_CBC_192: "esp-192-aes",
    Encryption.AES_CBC_256: "esp-256-aes",
    Encryption.AES_GCM_128: "esp-gcm",
    Encryption.AES_GCM_256: "esp-256-gcm",
    Encryption.TRIPLE_DES: "esp-3des",
    Encryption.DES: "esp-des",
}
_HMAC_TRANSFORMS = {
    Integrity.MD5: "esp-md5-hmac",
    Integrity.SHA1: "esp-sha-hmac",
    Integrity.SHA256: "esp-sha256-hmac",
    Integrity.SHA384: "esp-sha384-hmac",
    Integrity.SHA512: "esp-sha512-hmac",
}
_CONN_ID_FLOW_OFFSET = 2000  # conn id: 2076, flow_id: CSR:76
_SIBLING_FLAGS = "FFFFFFFF80004048"  # tunnel-protection SAs (Virtual-Access1, Tunnel0 samples)
_OUTER_IPV4 = 20
_UDP_ENCAP = 8
_ESP_HEADER = 8
_ESP_TRAILER = 2


def render_crypto_ipsec_sa(sessions: Sequence[CryptoSession], now: float, detail: bool = False) -> str:
    """`show crypto ipsec sa [detail]`; pass one session for `show crypto ipsec sa interface X`."""
    return "".join(_interface_block(session, now, detail) for session in interruptible(sessions)) + "\n"


def iv_size(encryption: Encryption) -> int:
    if encryption.cipher == "AES-CBC":
        return 16
    return 8  # AES-GCM (RFC 4106), 3DES and DES


def _pad_block(encryption: Encryption) -> int:
    if encryption.cipher == "AES-CBC":
        return 16
    return 4 if encryption.is_aead else 8


def plaintext_mtu(child: ChildSa, udp_encapsulated: bool) -> int:
    """Largest inner packet that fits the path MTU after ESP (emulator-defined, fits the samples).

    The outer header, NAT-T UDP header, ESP header, IV and ICV are subtracted; what is left is
    rounded down to the cipher's padding block, less the two ESP trailer octets. In transport mode
    the original IP header stays in front of ESP and counts as plaintext.
    """
    icv = child.encryption.icv_length
    if child.integrity is not None:
        icv = child.integrity.icv_length
    room = child.path_mtu - _OUTER_IPV4 - _ESP_HEADER - iv_size(child.encryption) - icv
    if udp_encapsulated:
        room -= _UDP_ENCAP
    block = _pad_block(child.encryption)
    mtu = room // block * block - _ESP_TRAILER
    return mtu + _OUTER_IPV4 if child.mode is IpsecMode.TRANSPORT else mtu


def _interface_block(session: CryptoSession, now: float, detail: bool) -> str:
    sa = session.ike_sa
    tag = "%s-head-0" % session.interface
    lines = [
        "\n",
        # interface: Virtual-Access1
        "interface: %s\n" % session.interface,
        # "    Crypto map tag: Virtual-Access1-head-0, local addr 17.17.17.2"
        "    Crypto map tag: %s, local addr %s\n" % (tag, sa.local_addr),
    ]
    udp = sa.nat_t is not NatTraversal.NOT_DETECTED
    for child in sa.child_sas:
        local = selector_network(child.local_selector)
        remote = selector_network(child.remote_selector)
        lines += [
            "\n",
            # "   protected vrf: (none)"
            "   protected vrf: %s\n" % vrf_text(sa.ivrf, "(none)"),
            # "   local  ident (addr/mask/prot/port): (0.0.0.0/0.0.0.0/0/0)"
            "   local  ident (addr/mask/prot/port): (%s/%s/%d/0)\n"
            % (local.network_address, local.netmask, child.local_selector.protocol),
            # "   remote ident (addr/mask/prot/port): (0.0.0.0/0.0.0.0/0/0)"
            "   remote ident (addr/mask/prot/port): (%s/%s/%d/0)\n"
            % (remote.network_address, remote.netmask, child.remote_selector.protocol),
            # "   current_peer 27.27.27.2 port 500"
            "   current_peer %s port %d\n" % (sa.remote_addr, sa.remote_port),
            # "     PERMIT, flags={origin_is_acl,}"
            "     PERMIT, flags={origin_is_acl,}\n",
            _counter_lines(child, detail),
            "\n",
            # "     local crypto endpt.: 17.17.17.2, remote crypto endpt.: 27.27.27.2"
            "     local crypto endpt.: %s, remote crypto endpt.: %s\n" % (sa.local_addr, sa.remote_addr),
            # "     plaintext mtu 1438, path mtu 1500, ip mtu 1500, ip mtu idb GigabitEthernet2"
            "     plaintext mtu %d, path mtu %d, ip mtu %d, ip mtu idb %s\n"
            % (plaintext_mtu(child, udp), child.path_mtu, child.ip_mtu, child.mtu_interface),
            # "     current outbound spi: 0xC5F471E5(3321131493)"
            "     current outbound spi: %s(%d)\n" % (hex_spi(child.spi_out), child.spi_out),
            # "     PFS (Y/N): N, DH group: none"
            "     PFS (Y/N): %s\n"
            % ("N, DH group: none" if child.pfs_group is None else "Y, DH group: group%d" % child.pfs_group),
            "\n",
            # "     inbound esp sas:"
            "     inbound esp sas:\n",
            _esp_sa_lines(child, tag, inbound=True, udp=udp, initiator=sa.initiator, now=now),
            "\n     inbound ah sas:\n\n     inbound pcp sas:\n\n",
            # "     outbound esp sas:"
            "     outbound esp sas:\n",
            _esp_sa_lines(child, tag, inbound=False, udp=udp, initiator=sa.initiator, now=now),
            "\n     outbound ah sas:\n\n     outbound pcp sas:\n",
        ]
    return "".join(lines)


def _counter_lines(child: ChildSa, detail: bool) -> str:
    out, inn = child.packets_encrypted, child.packets_decrypted
    errors = (
        # "    #send errors 0, #recv errors 0"
        "    #send errors %d, #recv errors %d\n" % (child.drops_out, child.drops_in)
        if not detail else _detail_errors(child)
    )
    return (
        # "    #pkts encaps: 5490, #pkts encrypt: 5490, #pkts digest: 5490"
        "    #pkts encaps: %d, #pkts encrypt: %d, #pkts digest: %d\n" % (out, out, out)
        # "    #pkts decaps: 5481, #pkts decrypt: 5481, #pkts verify: 5481"
        + "    #pkts decaps: %d, #pkts decrypt: %d, #pkts verify: %d\n" % (inn, inn, inn)
        + "    #pkts compressed: 0, #pkts decompressed: 0\n"
        + "    #pkts not compressed: 0, #pkts compr. failed: 0\n"
        + "    #pkts not decompressed: 0, #pkts decompress failed: 0\n"
        + errors
    )


def _detail_errors(child: ChildSa) -> str:
    """`detail`'s error counters (show_crypto_ipsec_sa_detail__02): drops out are encaps failures,
    drops in decaps failures; the others count features the emulator does not have."""
    return (
        "    #pkts no sa (send) 0, #pkts invalid sa (rcv) 0\n"
        # "    #pkts encaps failed (send) 0, #pkts decaps failed (rcv) 0"
        + "    #pkts encaps failed (send) %d, #pkts decaps failed (rcv) %d\n" % (child.drops_out, child.drops_in)
        + "    #pkts invalid prot (recv) 0, #pkts verify failed: 0\n"
        + "    #pkts invalid identity (recv) 0, #pkts invalid len (rcv) 0\n"
        + "    #pkts replay rollover (send): 0, #pkts replay rollover (rcv) 0\n"
        + "    ##pkts replay failed (rcv): 0\n"
        + "    #pkts tagged (send): 0, #pkts untagged (rcv): 0\n"
        + "    #pkts not tagged (send): 0, #pkts not untagged (rcv): 0\n"
        + "    #pkts internal err (send): 0, #pkts internal err (recv) 0\n"
    )


def _esp_sa_lines(child: ChildSa, tag: str, *, inbound: bool, udp: bool, initiator: bool, now: float) -> str:
    spi = child.spi_in if inbound else child.spi_out
    conn_id = child.conn_id_in if inbound else child.conn_id_out
    octets = child.bytes_decrypted if inbound else child.bytes_encrypted
    transforms = [_ESP_TRANSFORMS[child.encryption]]
    if child.integrity is not None:
        transforms.append(_HMAC_TRANSFORMS[child.integrity])
    settings = ("Tunnel" if child.mode is IpsecMode.TUNNEL else "Transport") + (" UDP-Encaps" if udp else "")
    return (
        # "      spi: 0x59B12F13(1504784147)"
        "      spi: %s(%d)\n" % (hex_spi(spi), spi)
        # "        transform: esp-aes esp-sha-hmac ,"
        + "        transform: %s ,\n" % " ".join(transforms)
        # "        in use settings ={Tunnel, }"
        + "        in use settings ={%s, }\n" % settings
        # "        conn id: 6316, flow_id: CSR:4316, sibling_flags FFFFFFFF80004048, crypto map: ..."
        + "        conn id: %d, flow_id: CSR:%d, sibling_flags %s, crypto map: %s, initiator : %s\n"
        % (conn_id, conn_id - _CONN_ID_FLOW_OFFSET, _SIBLING_FLAGS, tag, initiator)
        # "         sa timing: remaining key lifetime (k/sec): (4607998/153)"
        + "         sa timing: remaining key lifetime (k/sec): (%d/%d)\n"
        % (ipsec_remaining_kb(child, octets), ipsec_remaining_seconds(child, now))
        # "        IV size: 16 bytes"
        + "        IV size: %d bytes\n" % iv_size(child.encryption)
        + "        replay detection support: Y\n"
        + "        Status: ACTIVE(ACTIVE)\n"
    )
