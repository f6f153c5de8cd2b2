"""Fuzzing the console (DESIGN.md §10): random command sequences and random bytes never crash the
device, never reach its last-resort "% Internal error" guard, and never print a traceback."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iosxe_sim.device import Device

COMMANDS = [
    "lab client pc1", "lab client pc2 user test password wrong", "lab client pc1 connect",
    "lab client pc2 connect", "lab client pc1 sleep", "lab client pc1 resume", "lab client pc1 traffic 20",
    "lab client pc1 roam", "lab client pc1 roam port 40000", "lab client pc1 outage 100",
    "lab client pc1 disconnect", "lab client pc1 reconnect wrong-token", "lab client pc1 reconnect stale-session",
    "lab client pc1 reconnect unknown-session", "lab clock advance 30s", "lab clock advance 20m",
    "lab clock advance 2h", "lab show clients", "lab show client pc1 log", "show crypto session detail",
    "show crypto ikev2 sa detailed", "show crypto ikev2 session detailed", "show crypto ikev2 stats reconnect",
    "show crypto ikev2 stats", "show crypto ipsec sa", "show ip local pool", "show crypto ikev2 profile",
    "clear crypto session", "clear crypto ikev2 sa", "clear crypto ikev2 stats reconnect", "debug crypto ikev2",
    "undebug all", "configure terminal", "crypto ikev2 profile AnyConnect-EAP", "no reconnect",
    "reconnect timeout 600", "dpd 10 2 periodic", "exit", "end", "no ip local pool ACPPOOL",
    "ip local pool ACPPOOL 192.168.20.5 192.168.20.6", "username test password 0 other",
    "no crypto ikev2 profile AnyConnect-EAP", "show running-config | section ikev2", "show run | count .",
    "do show crypto session", "write memory", "disable", "enable", "show history", "?", "show ?", "lab ?",
]
line = st.one_of(
    st.sampled_from(COMMANDS),
    st.binary(max_size=80).map(lambda b: b.decode("utf-8", errors="surrogateescape")),
    st.lists(st.sampled_from(["lab", "client", "pc1", "show", "crypto", "|", "?", "no", "9" * 12, "-1", "x"]),
             max_size=8).map(" ".join),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(line, max_size=25))
def test_random_command_sequences_never_crash(lines: list[str]) -> None:
    device = Device(seed=3)
    for text in lines:
        output = device.execute(text) + "".join(device.pending_log())
        assert "% Internal error" not in output, (text, output)
        assert "Traceback" not in output


@settings(max_examples=8, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_on_stdin_never_print_a_traceback(data: bytes) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "iosxe_sim", "run", "-", "--seed", "1", "--startup", "/nonexistent/startup"],
        input=data, capture_output=True, timeout=60, check=False,
    )
    assert result.returncode in (0, 2), result.stderr
    assert b"Traceback" not in result.stderr + result.stdout
    assert b"% Internal error" not in result.stdout
