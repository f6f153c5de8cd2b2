"""Short crypto tables: `show crypto session brief|summary`, `show crypto ipsec transform-set`,
`show crypto ikev2 count`.

- `session brief`: a public IOS-XE capture (a DMVPN lab README, router R18) gives the legend with
  its trailing blank, `ivrf = (none)` and the grid `%-16s%-13s%-16s%-25s%-9s%s`; the interface is
  IOS's short name (`Vi1`), the status letters those of the legend (UA = UP-ACTIVE).
- `session summary`: no public sample exists; EMULATOR-DEFINED (a total and one line per status).
- `ipsec transform-set`: public captures (several IOS/IOS-XE lab write-ups) print IOS's built-in
  `default` first, each set as `Transform set NAME: { TRANSFORMS  } ` (trailing blank) then
  `   will negotiate = { Tunnel,  }, ` and a line of three blanks.
- `ikev2 count`: show_crypto_ikev2_count__01.txt, four-space indent, six lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from iosxe_sim.config.views import TransformSet
from iosxe_sim.engine.state import CryptoSession, SessionStatus
from iosxe_sim.render.common import elapsed_seconds, hh_mm_ss, identity_text, vrf_text
from iosxe_sim.render.crypto_config import transform_text

_BRIEF_LEGEND = (
    # "Status: A- Active, U - Up, D - Down, I - Idle, S - Standby, N - Negotiating "
    "Status: A- Active, U - Up, D - Down, I - Idle, S - Standby, N - Negotiating \n"
    "        K - No IKE\n"
)
_BRIEF_ROW = "%-16s%-13s%-16s%-25s%-9s%s\n"
_STATUS_LETTERS = {
    SessionStatus.UP_ACTIVE: "UA",
    SessionStatus.UP_IDLE: "UI",
    SessionStatus.UP_NO_IKE: "UK",
    SessionStatus.DOWN_NEGOTIATING: "DN",
    SessionStatus.DOWN: "D",
}
_SHORT_NAMES = {
    "Virtual-Access": "Vi",
    "Virtual-Template": "Vt",
    "GigabitEthernet": "Gi",
    "Tunnel": "Tu",
    "Loopback": "Lo",
}


def short_interface(name: str) -> str:
    """IOS's short interface name: `Virtual-Access1` -> `Vi1`."""
    for long, short in _SHORT_NAMES.items():
        if name.startswith(long):
            return short + name[len(long):]
    return name


def render_crypto_session_brief(sessions: Sequence[CryptoSession], now: float) -> str:
    lines = [_BRIEF_LEGEND]
    by_ivrf: dict[str | None, list[CryptoSession]] = {}
    for session in sessions:
        by_ivrf.setdefault(session.ike_sa.ivrf, []).append(session)
    for ivrf, members in (by_ivrf or {None: []}).items():
        # "ivrf = (none)"
        lines.append("ivrf = %s\n" % vrf_text(ivrf, "(none)"))
        lines.append(_BRIEF_ROW % ("Peer", "I/F", "Username", "Group/Phase1_id", "Uptime", "Status"))
        for session in members:
            # "10.255.0.46     Tu0                          R14                      00:10:53 UA"
            lines.append(_BRIEF_ROW % (
                session.peer_addr, short_interface(session.interface), session.username or "",
                identity_text(session.ike_sa.remote_id), hh_mm_ss(elapsed_seconds(now, session.created_at)),
                _STATUS_LETTERS[session.status],
            ))
    return "".join(lines) + "\n"


def render_crypto_session_summary(sessions: Sequence[CryptoSession], inactive: int) -> str:
    """EMULATOR-DEFINED: session totals by status, and the reconnect sessions held inactive."""
    counts = {status: 0 for status in SessionStatus}
    for session in sessions:
        counts[session.status] += 1
    lines = ["Total crypto sessions: %d\n" % len(sessions)]
    lines += ["  %-17s: %d\n" % (status.value, count) for status, count in counts.items()]
    lines.append("Inactive reconnect sessions: %d\n" % inactive)
    return "".join(lines) + "\n"


def render_transform_sets(transform_sets: Iterable[TransformSet]) -> str:
    lines = []
    for transform_set in transform_sets:
        mode = "Tunnel" if transform_set.mode == "tunnel" else "Transport"
        lines += [
            # "Transform set default: { esp-aes esp-sha-hmac  } "
            "Transform set %s: { %s  } \n" % (transform_set.name, transform_text(transform_set)),
            # "   will negotiate = { Transport,  }, "
            "   will negotiate = { %s,  }, \n" % mode,
            "   \n",
        ]
    return "".join(lines)


@dataclass(frozen=True)
class Ikev2Count:
    negotiating: int
    sessions: int
    active: int
    created: int
    deleted: int
    marked_for_deletion: int = 0


def render_ikev2_count(count: Ikev2Count) -> str:
    return (
        # "    0 Negotiating SAs"
        "    %d Negotiating SAs\n" % count.negotiating
        + "    %d Session%s\n" % (count.sessions, "" if count.sessions == 1 else "s")
        + "    %d Active SAs\n" % count.active
        + "    %d Created SAs\n" % count.created
        + "    %d Deleted SAs\n" % count.deleted
        + "    %d Marked for Deletion SAs\n" % count.marked_for_deletion
    )
