"""`show crypto session` and `show crypto session detail` for IKEv2 sessions.

Decisions where the sources disagree:
- Indents (docs/ios-reference-notes.md) and trailing blanks follow the IOS-XE captures that kept their blanks
  (show_crypto_session_detail__01/__04, show_crypto_session__03/__05); the seed's web copy lost both.
  The status is padded to 14 columns (`UP-ACTIVE` + five blanks; longer statuses get none, as in
  show_crypto_session_detail__08), the Session ID is followed by two blanks, the IKEv2 SA and
  IPSEC FLOW lines by one. __04's second session lacks the flow's blank; we follow the majority.
- The legend ends at `R - IKE Auto Reconnect`, as in the seed (17.16).
- No `Username:` / `Assigned address:` lines: the seed's AnyConnect IKEv2 session prints none (they
  belong to IKEv1 Easy VPN, show_crypto_session__01). The brief form is the detail form without
  Uptime, VRFs, Phase1_id, Desc, Capabilities and counters, as in show_crypto_session__05.
- One IPSEC FLOW per child SA, built from its selectors. The seed's second capture prints
  `host 10.10.10.1` against its own `Assigned host addr: 192.168.20.5`; a consistent state cannot.
- Every session block ends with a blank line. Sessions print in the order given (the exec layer
  filters by interface, peer or user name).
"""

from __future__ import annotations

from collections.abc import Sequence

from iosxe_sim.engine.interrupt import interruptible
from iosxe_sim.engine.state import ChildSa, CryptoSession, IkeSa, Ikev2SaStatus
from iosxe_sim.render.common import (
    elapsed_seconds,
    flow_endpoint,
    hh_mm_ss,
    identity_text,
    ike_remaining_seconds,
    ios_uptime,
    ipsec_remaining_kb,
    ipsec_remaining_seconds,
    protocol_text,
    vrf_text,
)

_HEADER = "Crypto session current status\n\n"

_LEGEND = (
    # Code: C - IKE Configuration mode, D - Dead Peer Detection     (five trailing blanks)
    "Code: C - IKE Configuration mode, D - Dead Peer Detection     \n"
    # K - Keepalives, N - NAT-traversal, T - cTCP encapsulation     (five trailing blanks)
    "K - Keepalives, N - NAT-traversal, T - cTCP encapsulation     \n"
    # X - IKE Extended Authentication, F - IKE Fragmentation
    "X - IKE Extended Authentication, F - IKE Fragmentation\n"
    # R - IKE Auto Reconnect
    "R - IKE Auto Reconnect\n"
    "\n"
)


def render_crypto_session(sessions: Sequence[CryptoSession]) -> str:
    """`show crypto session` (brief)."""
    parts = [_HEADER]
    for session in interruptible(sessions):
        sa = session.ike_sa
        parts.append(_head_lines(session))
        # "Peer: 1.1.1.1 port 500 "
        parts.append("Peer: %s port %d \n" % (sa.remote_addr, sa.remote_port))
        parts.append(_sa_lines(sa))
        for child in sa.child_sas:
            parts.append(_flow_lines(child))
        parts.append("\n")
    return "".join(parts)


def render_crypto_session_detail(sessions: Sequence[CryptoSession], now: float) -> str:
    """`show crypto session detail`; feed one session for `show crypto session interface X detail`."""
    parts = [_HEADER, _LEGEND]
    for session in interruptible(sessions):
        parts.append(_detail_block(session, now))
    return "".join(parts)


def _head_lines(session: CryptoSession, uptime: str | None = None) -> str:
    # Interface: Virtual-Access1
    lines = "Interface: %s\n" % session.interface
    if session.profile is not None:
        # Profile: AnyConnect-EAP
        lines += "Profile: %s\n" % session.profile
    if uptime is not None:
        # Uptime: 00:00:15
        lines += "Uptime: %s\n" % uptime
    # "Session status: UP-ACTIVE     "
    return lines + "Session status: %-14s\n" % session.status.value


def _sa_lines(sa: IkeSa) -> str:
    state = "Active" if sa.status is Ikev2SaStatus.READY else "Inactive"
    return (
        # "  Session ID: 22000  "
        "  Session ID: %d  \n" % sa.session_id
        # "  IKEv2 SA: local 1.1.1.1/4500 remote 17.27.1.11/38452 Active "
        + "  IKEv2 SA: local %s/%d remote %s/%d %s \n"
        % (sa.local_addr, sa.local_port, sa.remote_addr, sa.remote_port, state)
    )


def _flow_lines(child: ChildSa) -> str:
    return (
        # "  IPSEC FLOW: permit ip 0.0.0.0/0.0.0.0 host 7.1.2.40 "
        "  IPSEC FLOW: permit %s %s %s \n"
        % (
            protocol_text(child.remote_selector.protocol),
            flow_endpoint(child.local_selector),
            flow_endpoint(child.remote_selector),
        )
        # "        Active SAs: 2, origin: crypto map"
        + "        Active SAs: 2, origin: crypto map\n"
    )


def _detail_block(session: CryptoSession, now: float) -> str:
    sa = session.ike_sa
    capabilities = "".join(cap.value for cap in sa.capabilities()) or "(none)"
    lines = [
        _head_lines(session, ios_uptime(elapsed_seconds(now, session.created_at))),
        # Peer: 10.106.69.69 port 63516 fvrf: (none) ivrf: (none)
        "Peer: %s port %d fvrf: %s ivrf: %s\n"
        % (sa.remote_addr, sa.remote_port, vrf_text(sa.fvrf, "(none)"), vrf_text(sa.ivrf, "(none)")),
        # "      Phase1_id: *$AnyConnectClient$*"
        "      Phase1_id: %s\n" % identity_text(sa.remote_id),
        # "      Desc: (none)"
        "      Desc: %s\n" % ("(none)" if session.description is None else session.description),
        _sa_lines(sa),
        # "          Capabilities:DN connid:1 lifetime:23:59:45"
        "          Capabilities:%s connid:%d lifetime:%s\n"
        % (capabilities, sa.tunnel_id, hh_mm_ss(ike_remaining_seconds(sa, now))),
    ]
    for child in sa.child_sas:
        seconds = ipsec_remaining_seconds(child, now)
        lines.append(_flow_lines(child))
        # "        Inbound:  #pkts dec'ed 15 drop 0 life (KB/Sec) 4607998/3585"
        lines.append(
            "        Inbound:  #pkts dec'ed %d drop %d life (KB/Sec) %d/%d\n"
            % (
                child.packets_decrypted,
                child.drops_in,
                ipsec_remaining_kb(child, child.bytes_decrypted),
                seconds,
            )
        )
        # "        Outbound: #pkts enc'ed 15 drop 0 life (KB/Sec) 4608000/3585"
        lines.append(
            "        Outbound: #pkts enc'ed %d drop %d life (KB/Sec) %d/%d\n"
            % (
                child.packets_encrypted,
                child.drops_out,
                ipsec_remaining_kb(child, child.bytes_encrypted),
                seconds,
            )
        )
    lines.append("\n")
    return "".join(lines)
