"""`show crypto ikev2 stats` (17.x layout) and `show crypto ikev2 stats reconnect`.

`stats` follows show_crypto_ikev2_stats__01.txt (17.x), its only sample. Its column widths fit one
rule: a number in the middle of a line is `%-8d` plus a blank, a number ending a line `%-8d`
(that is how `Manual: 4294967290 Dynamic:` keeps its single blank). Lines for features the emulator
lacks (cookie challenge, revoked certificates, init queue, strength enforcement, quantum
resistance, PPK) print IOS's zeros. `stats reconnect` is the sample's five lines and its two
trailing blank lines (the only sample; the seed agrees on the labels).
"""

from __future__ import annotations

from iosxe_sim.engine.state import Ikev2SaCounts, Ikev2Stats, ReconnectStats

_RULE = "-" * 80 + "\n"

# SA Strength Enforcement Rejects - incoming:        0 outgoing:        4
STRENGTH_REJECTS_LINE = "SA Strength Enforcement Rejects - incoming: %8d outgoing: %8d\n"
# "Sessions with Quantum Resistance: 1        Manual: 4294967290 Dynamic: 7       "
QUANTUM_RESISTANCE_LINE = "Sessions with Quantum Resistance: %-8d Manual: %-8d Dynamic: %-8d\n"

# Lines of features the emulator does not model; IOS prints these values when they are unused.
_UNMODELLED_TAIL = (
    # "Incoming Requests dropped as LOW Q limit reached : 0       "
    "Incoming Requests dropped as LOW Q limit reached : 0       \n"
    # "Incoming IKEV2 Cookie Challenged Requests: 0       "
    "Incoming IKEV2 Cookie Challenged Requests: 0       \n"
    # "    accepted: 0        rejected: 0        rejected no cookie: 0       "
    "    accepted: 0        rejected: 0        rejected no cookie: 0       \n"
    # "Total Deleted sessions of Cert Revoked Peers: 0       "
    "Total Deleted sessions of Cert Revoked Peers: 0       \n"
    # "Total init sa request rejected due to queue limit : 0       "
    "Total init sa request rejected due to queue limit : 0       \n"
    + STRENGTH_REJECTS_LINE % (0, 0)
    + QUANTUM_RESISTANCE_LINE % (0, 0, 0)
    # "PPK Identity Mismatch: 0        "
    + "PPK Identity Mismatch: 0        \n"
    # "PPK Retrieve Failure    -    ALL:      0        With PPK Required:    0       "
    "PPK Retrieve Failure    -    ALL:      0        With PPK Required:    0       \n"
    # "PPK Authentication Failure - ALL:      0        With PPK Required:    0 "
    "PPK Authentication Failure - ALL:      0        With PPK Required:    0 \n"
)


def render_ikev2_stats(stats: Ikev2Stats, counts: Ikev2SaCounts) -> str:
    """`show crypto ikev2 stats`; `counts` are the SAs alive now (see state.count_ike_sas)."""
    incoming_total = counts.incoming_active + counts.incoming_negotiating
    outgoing_total = counts.outgoing_active + counts.outgoing_negotiating
    rejected_total = stats.rejected_resource_low + stats.rejected_sa_limit
    return (
        _RULE
        # "                          Crypto IKEv2 SA Statistics"
        + "                          Crypto IKEv2 SA Statistics\n"
        + _RULE
        # System Resource Limit:   0        Max IKEv2 SAs: 0        Max in nego(in/out): 40/400
        + "System Resource Limit:   %-8d Max IKEv2 SAs: %-8d Max in nego(in/out): %d/%d\n"
        % (
            stats.system_resource_limit,
            stats.max_sa,
            stats.max_in_negotiation_in,
            stats.max_in_negotiation_out,
        )
        # "Total incoming IKEv2 SA Count:    0        active:        0        negotiating: 0     "
        + "Total incoming IKEv2 SA Count:    %-8d active:        %-8d negotiating: %-6d\n"
        % (incoming_total, counts.incoming_active, counts.incoming_negotiating)
        # "Total outgoing IKEv2 SA Count:    1        active:        1        negotiating: 0     "
        + "Total outgoing IKEv2 SA Count:    %-8d active:        %-8d negotiating: %-6d\n"
        % (outgoing_total, counts.outgoing_active, counts.outgoing_negotiating)
        # "Incoming IKEv2 Requests: 13       accepted:      13       rejected:    0       "
        + "Incoming IKEv2 Requests: %-8d accepted:      %-8d rejected:    %-8d\n"
        % (stats.incoming_requests, stats.incoming_accepted, stats.incoming_rejected)
        # "Outgoing IKEv2 Requests: 14       accepted:      14       rejected:    0       "
        + "Outgoing IKEv2 Requests: %-8d accepted:      %-8d rejected:    %-8d\n"
        % (stats.outgoing_requests, stats.outgoing_accepted, stats.outgoing_rejected)
        # "Rejected IKEv2 Requests: 0        rsrc low:      0        SA limit:    0       "
        + "Rejected IKEv2 Requests: %-8d rsrc low:      %-8d SA limit:    %-8d\n"
        % (rejected_total, stats.rejected_resource_low, stats.rejected_sa_limit)
        # "IKEv2 packets dropped at dispatch: 0       "
        + "IKEv2 packets dropped at dispatch: %-8d\n" % stats.dropped_at_dispatch
        + _UNMODELLED_TAIL
    )


def render_ikev2_stats_reconnect(stats: ReconnectStats, active_capable: int, inactive_capable: int) -> str:
    """`show crypto ikev2 stats reconnect`; the two counts are the gateway's session DB sizes."""
    return (
        # Total incoming reconnect connection: 10
        "Total incoming reconnect connection: %d\n" % stats.total_incoming
        # Success reconnect connection: 10
        + "Success reconnect connection: %d\n" % stats.success
        # Failed reconnect connection: 0
        + "Failed reconnect connection: %d\n" % stats.failed
        # Reconnect capable active session count: 4
        + "Reconnect capable active session count: %d\n" % active_capable
        # Reconnect capable inactive session count: 6
        + "Reconnect capable inactive session count: %d\n" % inactive_capable
        + "\n\n"
    )
