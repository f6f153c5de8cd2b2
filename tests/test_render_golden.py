"""Golden files: every renderer over the seed's states, compared byte for byte with tests/golden/.

States: the seed's first connect (before_reconnect), the client asleep after DPD removed its SAs
(client_asleep: no active session, one inactive), the seed's reconnect (after_reconnect), and the
reconnected user next to a second user (two_users). `pytest --update-golden` rewrites the files.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from oracle_states import second_user_at, seed_after_reconnect, seed_before_reconnect

from iosxe_sim.engine.state import CryptoSession, Ikev2Stats, ReconnectStats, count_ike_sas
from iosxe_sim.render.crypto_session import render_crypto_session, render_crypto_session_detail
from iosxe_sim.render.ikev2 import render_ikev2_sa, render_ikev2_sa_detailed
from iosxe_sim.render.ikev2_session import render_ikev2_session, render_ikev2_session_detailed
from iosxe_sim.render.ikev2_stats import render_ikev2_stats, render_ikev2_stats_reconnect
from iosxe_sim.render.ipsec import render_crypto_ipsec_sa


@dataclass
class GatewayView:
    sessions: list[CryptoSession]
    now: float
    reconnect: ReconnectStats
    inactive: int
    stats: Ikev2Stats


def _views() -> dict[str, GatewayView]:
    before, at_before = seed_before_reconnect()
    after, at_after = seed_after_reconnect()
    return {
        "before_reconnect": GatewayView(
            [before], at_before, ReconnectStats(), 0, Ikev2Stats(incoming_requests=1, incoming_accepted=1)
        ),
        "client_asleep": GatewayView(
            [], at_after - 60, ReconnectStats(), 1, Ikev2Stats(incoming_requests=1, incoming_accepted=1)
        ),
        "after_reconnect": GatewayView(
            [after],
            at_after,
            ReconnectStats(success=1),
            0,
            Ikev2Stats(incoming_requests=2, incoming_accepted=2),
        ),
        "two_users": GatewayView(
            [after, second_user_at(at_after)],
            at_after,
            ReconnectStats(success=1),
            0,
            Ikev2Stats(incoming_requests=4, incoming_accepted=3, incoming_rejected=1),
        ),
    }


COMMANDS: dict[str, Callable[[GatewayView], str]] = {
    "show_crypto_session": lambda v: render_crypto_session(v.sessions),
    "show_crypto_session_detail": lambda v: render_crypto_session_detail(v.sessions, v.now),
    "show_crypto_ikev2_sa": lambda v: render_ikev2_sa([s.ike_sa for s in v.sessions], v.now),
    "show_crypto_ikev2_sa_detailed": lambda v: render_ikev2_sa_detailed(
        [s.ike_sa for s in v.sessions], v.now
    ),
    "show_crypto_ikev2_session": lambda v: render_ikev2_session(v.sessions, v.now),
    "show_crypto_ikev2_session_detailed": lambda v: render_ikev2_session_detailed(v.sessions, v.now),
    "show_crypto_ipsec_sa": lambda v: render_crypto_ipsec_sa(v.sessions, v.now),
    "show_crypto_ikev2_stats": lambda v: render_ikev2_stats(
        v.stats, count_ike_sas(s.ike_sa for s in v.sessions)
    ),
    "show_crypto_ikev2_stats_reconnect": lambda v: render_ikev2_stats_reconnect(
        v.reconnect, len(v.sessions), v.inactive
    ),
}


@pytest.mark.parametrize("state", sorted(_views()))
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_golden(command: str, state: str, golden: Callable[[str, str], None]) -> None:
    golden(f"{command}/{state}.txt", COMMANDS[command](_views()[state]))
