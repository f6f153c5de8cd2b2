"""Adversarial harnesses kept as tests: random lab sequences typed at the console with the gateway's
invariants checked after every step, and a scan of every show, debug, log and lab output for
secrets (session tokens, clear-text passwords)."""

from __future__ import annotations

import base64
import re

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from iosxe_sim.device import Device

CLIENTS = ("a", "b", "c")
ADDRESSES = ("10.0.0.1", "10.0.0.2")  # few addresses and ports: roams collide on purpose
PORTS = (40000, 40001)
PLAIN = "Clear-Text-9"


class ConsoleLab(RuleBasedStateMachine):
    """Lab commands in random order at the console; the invariants the issue names hold after each."""

    def __init__(self) -> None:
        super().__init__()
        self.device = Device(seed=11)
        self.device.realtime = False
        for number, name in enumerate(CLIENTS):
            self._type(f"lab client {name} address 10.0.1.{number + 1}")
            self._type(f"lab client {name} connect")

    def _type(self, line: str) -> str:
        output = self.device.execute(line)
        assert "Internal error" not in output and "Traceback" not in output, (line, output)
        return output

    @rule(name=st.sampled_from(CLIENTS), action=st.sampled_from(("connect", "sleep", "resume", "disconnect")))
    def act(self, name: str, action: str) -> None:
        self._type(f"lab client {name} {action}")

    @rule(name=st.sampled_from(CLIENTS), address=st.sampled_from(ADDRESSES), port=st.sampled_from(PORTS))
    def roam(self, name: str, address: str, port: int) -> None:
        self._type(f"lab client {name} roam address {address} port {port}")

    @rule(name=st.sampled_from(CLIENTS))
    def roam_to_a_new_port(self, name: str) -> None:
        self._type(f"lab client {name} roam")

    @rule(name=st.sampled_from(CLIENTS), packets=st.integers(1, 20))
    def traffic(self, name: str, packets: int) -> None:
        self._type(f"lab client {name} traffic {packets}")

    @rule(name=st.sampled_from(CLIENTS), seconds=st.integers(1, 600))
    def outage(self, name: str, seconds: int) -> None:
        self._type(f"lab client {name} outage {seconds}")

    @rule(name=st.sampled_from(CLIENTS), fault=st.sampled_from(("wrong-token", "stale-session", "unknown-session")))
    def fault(self, name: str, fault: str) -> None:
        self._type(f"lab client {name} reconnect {fault}")

    @rule(duration=st.sampled_from(("10s", "45s", "2m", "15m", "1h")))
    def advance(self, duration: str) -> None:
        self._type(f"lab clock advance {duration}")

    @rule(what=st.sampled_from(("clear crypto session", "clear crypto ikev2 stats reconnect")))
    def clear(self, what: str) -> None:
        self._type(what)

    @invariant()
    def counters_are_never_negative(self) -> None:
        for command in ("show crypto ikev2 stats reconnect", "show crypto ikev2 stats", "show ip local pool"):
            assert not re.search(r"(?<![\w.])-\d", self._type(command)), command

    @invariant()
    def active_and_inactive_add_up_to_the_sessions_shown(self) -> None:
        table = self.device.gateway.table
        shown = self._type("show crypto session").count("Interface: ")
        assert shown == len(table.active)
        stats = dict(line.rsplit(":", 1) for line in self._type("show crypto ikev2 stats reconnect").splitlines()
                     if ":" in line)
        capable = sum(s.record.session_id is not None for s in table.active.values())
        assert int(stats["Reconnect capable active session count"]) == capable
        assert int(stats["Reconnect capable inactive session count"]) == len(table.inactive)

    @invariant()
    def no_session_is_in_both_databases(self) -> None:
        table = self.device.gateway.table
        active_ids = {s.record.session_id for s in table.active.values() if s.record.session_id}
        assert not active_ids & set(table.inactive)

    @invariant()
    def no_two_links_on_one_address_and_port(self) -> None:
        peers = self.device.gateway.network.peers
        assert all(getattr(peer, "endpoint", endpoint) == endpoint for endpoint, peer in peers.items())
        connected = [lab.client.endpoint for lab in self.device.clients.values()
                     if lab.client.tunnel is not None and lab.client.awake]
        assert len(connected) == len(set(connected))


TestConsoleLab = ConsoleLab.TestCase
TestConsoleLab.settings = settings(max_examples=60, stateful_step_count=25, deadline=None,
                                   suppress_health_check=[HealthCheck.too_slow])


SHOWS = (
    "show crypto session", "show crypto session detail", "show crypto ikev2 sa", "show crypto ikev2 sa detailed",
    "show crypto ikev2 session", "show crypto ikev2 session detailed", "show crypto ikev2 stats",
    "show crypto ikev2 stats reconnect", "show crypto ikev2 profile", "show crypto ikev2 proposal",
    "show crypto ikev2 policy", "show crypto ikev2 authorization policy", "show crypto ipsec sa",
    "show crypto ipsec profile", "show ip local pool", "show running-config", "show startup-config",
    "show version", "show clock", "show history", "show users", "show debugging", "lab show clients",
)


def _forms(token: bytes) -> list[str]:
    return [token.hex(), token.hex().upper(), base64.b64encode(token).decode().rstrip("="),
            base64.urlsafe_b64encode(token).decode().rstrip("=")]


def test_no_output_ever_shows_a_session_token_or_a_clear_text_secret() -> None:
    device = Device(seed=4)
    device.realtime = False
    seen: list[str] = []

    def typed(line: str) -> None:
        seen.append(device.execute(line) + "".join(device.pending_log()))

    for line in ("terminal length 0", "debug crypto ikev2", "debug crypto ikev2 packet", "configure terminal",
                 f"username alice secret {PLAIN}", f"enable secret {PLAIN}",
                 f"enable algorithm-type sha256 secret {PLAIN}", f"username bob algorithm-type md5 secret {PLAIN}",
                 "end", "write memory"):
        typed(line)
    tokens: list[bytes] = []
    for number, name in enumerate(("pc1", "pc2")):
        typed(f"lab client {name} user alice password {PLAIN} address 10.0.2.{number + 1}")
        typed(f"lab client {name} connect")
        typed(f"lab client {name} traffic 3")
        typed(f"lab client {name} sleep")
        typed("lab clock advance 2m")
        typed(f"lab client {name} resume")
        typed(f"lab client {name} roam")
        typed(f"lab client {name} reconnect wrong-token")
        tunnel = device.clients[name].client.tunnel
        if tunnel is not None and tunnel.token is not None:
            tokens.append(tunnel.token)
    assert tokens, "no session token to look for"
    for line in (*SHOWS, *(f"lab show client {name}" for name in ("pc1", "pc2")),
                 *(f"lab show client {name} log" for name in ("pc1", "pc2"))):
        typed(line)
    typed("lab clock advance 1h")
    everything = "".join(seen)
    assert "Internal error" not in everything
    for token in tokens:
        for form in _forms(token):
            assert form not in everything
    assert PLAIN not in everything  # hashed in the configs, never echoed by the lab commands
