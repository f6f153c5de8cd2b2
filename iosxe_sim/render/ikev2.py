"""`show crypto ikev2 sa [detailed]` and the IKE SA lines shared with `show crypto ikev2 session`.

Decisions where the sources disagree (the seed prints only `show crypto ikev2 session detailed`,
and its web copy collapsed runs of blanks and dropped trailing ones):
- Headers ` IPv4 Crypto IKEv2  SA ` / ` IPv4 Crypto IKEv2 Session `: leading blank (kept in every
  sample's IPv6 header; the genie files strip the first line), trailing blank as in the 17.x
  samples show_crypto_ikev2_sa__01, show_crypto_ikev2_sa_detailed__03, show_crypto_ikev2_session__02.
  The IPv6 header is always printed after the IPv4 SAs, each header followed by a blank line.
- Tunnel table grid `%-10s%-22s%-22s%-21s%s`, header ending `Status `, rows ending `READY  `.
- The brief form carries `CE id:` and `Local spi:` lines, as 17.x does (show_crypto_ikev2_sa__02/__03).
- Message-id columns: `%-15d` then `%-10d` (17.x detailed samples __02/__03/__05; __01/__06 come
  from an older release that pads the right column to 9).
- `Local spi:` precedes `Status Description:` in `sa detailed` (all samples); `session detailed`
  has the opposite order (the seed and show_crypto_ikev2_session_detailed__01).
- Line order of the detailed body follows the seed: `Remote EAP id:` after `Remote id:`,
  `Assigned host addr:` between the SGT line and `Initiator of SA`, `PEER TYPE:` last; optional
  lines appear only when the SA has the value (no EAP id and no PEER TYPE after a reconnect, as
  in the seed's second capture).
- NAT-T lines are verbatim from 17.x captures: `not detected  ` (two trailing blanks),
  `detected  outside` (two blanks), `detected inside` (one blank).
"""

from __future__ import annotations

from collections.abc import Sequence

from iosxe_sim.engine.interrupt import interruptible
from iosxe_sim.engine.state import IkeSa, NatTraversal
from iosxe_sim.render.common import identity_text, ike_active_seconds, vrf_text

IPV4_SA_HEADER = " IPv4 Crypto IKEv2  SA \n\n"
IPV6_SA_HEADER = " IPv6 Crypto IKEv2  SA \n\n"

# "Tunnel-id Local                 Remote                fvrf/ivrf            Status "
_GRID = "%-10s%-22s%-22s%-21s%s\n"
TABLE_HEADER = _GRID % ("Tunnel-id", "Local", "Remote", "fvrf/ivrf", "Status ")

_NAT_T_LINES = {
    # "      NAT-T is not detected  "
    NatTraversal.NOT_DETECTED: "      NAT-T is not detected  \n",
    # "      NAT-T is detected  outside"
    NatTraversal.OUTSIDE: "      NAT-T is detected  outside\n",
    # "      NAT-T is detected inside"
    NatTraversal.INSIDE: "      NAT-T is detected inside\n",
}


def render_ikev2_sa(sas: Sequence[IkeSa], now: float, *, headers: bool = True) -> str:
    """`show crypto ikev2 sa`; headers=False for the `remote`/`local` filtered forms."""
    blocks = [
        TABLE_HEADER + tunnel_row(sa) + summary_lines(sa, now) + spi_line(sa) + "\n" for sa in interruptible(sas)
    ]
    return _framed(blocks, headers)


def render_ikev2_sa_detailed(sas: Sequence[IkeSa], now: float, *, headers: bool = True) -> str:
    """`show crypto ikev2 sa detailed`; headers=False for the `remote`/`local` filtered forms."""
    blocks = [
        TABLE_HEADER
        + tunnel_row(sa)
        + summary_lines(sa, now)
        + spi_line(sa)
        + status_description_line(sa)
        + detail_lines(sa)
        + "\n"
        for sa in interruptible(sas)
    ]
    return _framed(blocks, headers)


def _framed(blocks: list[str], headers: bool) -> str:
    if not headers:
        return "".join(blocks)
    return IPV4_SA_HEADER + "".join(blocks) + IPV6_SA_HEADER


def tunnel_row(sa: IkeSa) -> str:
    # "1         66.66.66.1/500        66.66.66.2/500        none/none            READY  "
    return _GRID % (
        sa.tunnel_id,
        "%s/%d" % (sa.local_addr, sa.local_port),
        "%s/%d" % (sa.remote_addr, sa.remote_port),
        "%s/%s" % (vrf_text(sa.fvrf, "none"), vrf_text(sa.ivrf, "none")),
        sa.status.value + "  ",
    )


def summary_lines(sa: IkeSa, now: float) -> str:
    """The Encr, Life/Active Time and CE id lines."""
    algorithms = sa.algorithms
    integrity = "None" if algorithms.integrity is None else algorithms.integrity.display
    return (
        # "      Encr: AES-CBC, keysize: 128, PRF: SHA1, Hash: SHA96, DH Grp:16, Auth sign: PSK, Auth verify: PSK"
        "      Encr: %s, keysize: %d, PRF: %s, Hash: %s, DH Grp:%d, Auth sign: %s, Auth verify: %s\n"
        % (
            algorithms.encryption.cipher,
            algorithms.encryption.key_bits,
            algorithms.prf.name,
            integrity,
            algorithms.dh_group,
            algorithms.auth_sign.value,
            algorithms.auth_verify.value,
        )
        # "      Life/Active Time: 86400/735 sec"
        + "      Life/Active Time: %d/%d sec\n" % (sa.lifetime, ike_active_seconds(sa, now))
        # "      CE id: 1016, Session-id: 16"
        + "      CE id: %d, Session-id: %d\n" % (sa.ce_id, sa.session_id)
    )


def spi_line(sa: IkeSa) -> str:
    # "      Local spi: 4CF87E32B25302C0       Remote spi: 96254131FD306002"
    return "      Local spi: %016X       Remote spi: %016X\n" % (sa.local_spi, sa.remote_spi)


def status_description_line(sa: IkeSa) -> str:
    # "      Status Description: Negotiation done"
    return "      Status Description: %s\n" % sa.status_description


def detail_lines(sa: IkeSa) -> str:
    """From `Local id:` to `PEER TYPE:`, common to `sa detailed` and `session detailed`."""
    ids = sa.msg_ids
    lines = [
        # "      Local id: 10.106.45.225"
        "      Local id: %s\n" % identity_text(sa.local_id),
        # "      Remote id: *$AnyConnectClient$*"
        "      Remote id: %s\n" % identity_text(sa.remote_id),
    ]
    if sa.remote_eap_id is not None:
        # "      Remote EAP id: user1"
        lines.append("      Remote EAP id: %s\n" % sa.remote_eap_id)
    lines += [
        # "      Local req msg id:  0              Remote req msg id:  40        "
        "      Local req msg id:  %-15dRemote req msg id:  %-10d\n" % (ids.local_req, ids.remote_req),
        # "      Local next msg id: 0              Remote next msg id: 40        "
        "      Local next msg id: %-15dRemote next msg id: %-10d\n" % (ids.local_next, ids.remote_next),
        # "      Local req queued:  0              Remote req queued:  40        "
        "      Local req queued:  %-15dRemote req queued:  %-10d\n" % (ids.local_queued, ids.remote_queued),
        # "      Local window:      5              Remote window:      5         "
        "      Local window:      %-15dRemote window:      %-10d\n" % (ids.local_window, ids.remote_window),
        # "      DPD configured for 45 seconds, retry 2"
        "      DPD configured for %d seconds, retry %d\n" % (sa.dpd_interval, sa.dpd_retry),
        # "      Fragmentation not  configured."
        "      Fragmentation not  configured.\n",
    ]
    if sa.dynamic_route_update:
        # "      Dynamic Route Update: enabled"
        lines.append("      Dynamic Route Update: enabled\n")
    lines += [
        # "      Extended Authentication not configured."
        "      Extended Authentication not configured.\n",
        _NAT_T_LINES[sa.nat_t],
        # "      Cisco Trust Security SGT is disabled"
        "      Cisco Trust Security SGT is disabled\n",
    ]
    if sa.assigned_host_addr is not None:
        # "      Assigned host addr: 192.168.20.5"
        lines.append("      Assigned host addr: %s\n" % sa.assigned_host_addr)
    # "      Initiator of SA : No"
    lines.append("      Initiator of SA : %s\n" % ("Yes" if sa.initiator else "No"))
    if sa.peer_type is not None:
        # "      PEER TYPE: AnyConnect"
        lines.append("      PEER TYPE: %s\n" % sa.peer_type.value)
    return "".join(lines)
