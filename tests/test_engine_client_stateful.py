"""Random event sequences against the invariants of the gateway and the reconnect statistics.

Whatever the clients do (connect, wrong passwords, sleep, resume, roam, outages, faults, user
disconnects) and whatever the administrator clears, the statistics agree with the events and the
session databases, no address is handed out twice and none leaks.
"""

from __future__ import annotations

from collections import Counter
from ipaddress import IPv4Address

from engine_fixtures import PASSWORD, configure, gateway_of, make_client, make_device
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from iosxe_sim.engine.client import Fault, SecureClient
from iosxe_sim.engine.events import Event, ReconnectFailed, ReconnectSucceeded

CLIENTS = 3
DURATIONS = st.sampled_from([1, 15, 30, 45, 57, 60, 120, 600, 901])


class GatewayMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.device = make_device()
        configure(self.device, "crypto ikev2 profile AnyConnect-EAP", "reconnect timeout 600")
        self.gateway = gateway_of(self.device)
        self.clients = [make_client(self.device, f"c{n}") for n in range(CLIENTS)]
        self.attempts: Counter[str] = Counter()
        self.gateway.events.subscribe(self._count)

    def _count(self, event: Event) -> None:
        if isinstance(event, ReconnectSucceeded):
            self.attempts["success"] += 1
        elif isinstance(event, ReconnectFailed):
            self.attempts["failed"] += 1

    def client(self, index: int) -> SecureClient:
        return self.clients[index % CLIENTS]

    # -- client events -----------------------------------------------------------------------------
    @rule(index=st.integers(0, CLIENTS - 1), good=st.booleans())
    def connect(self, index: int, good: bool) -> None:
        client = self.client(index)
        if client.awake and client.tunnel is None:
            client.connect("test", PASSWORD if good else "nope")

    @rule(index=st.integers(0, CLIENTS - 1))
    def disconnect(self, index: int) -> None:
        if self.client(index).awake and self.client(index).tunnel is not None:
            self.client(index).disconnect()

    @rule(index=st.integers(0, CLIENTS - 1))
    def sleep_or_resume(self, index: int) -> None:
        client = self.client(index)
        if client.awake:
            client.sleep()
        else:
            client.resume()

    @rule(index=st.integers(0, CLIENTS - 1), packets=st.integers(0, 50))
    def traffic(self, index: int, packets: int) -> None:
        self.client(index).send_traffic(packets, 500)

    @rule(index=st.integers(0, CLIENTS - 1), new_address=st.booleans())
    def roam(self, index: int, new_address: bool) -> None:
        address = IPv4Address(f"203.0.113.{10 + index}") if new_address else None
        self.client(index).change_network(address=address)

    @rule(index=st.integers(0, CLIENTS - 1), seconds=DURATIONS)
    def outage(self, index: int, seconds: int) -> None:
        self.client(index).outage(seconds)

    @rule(
        index=st.integers(0, CLIENTS - 1),
        fault=st.sampled_from([None, Fault.WRONG_TOKEN, Fault.UNKNOWN_SESSION_ID]),
    )
    def reconnect(self, index: int, fault: Fault | None) -> None:
        client = self.client(index)
        has_session = client.awake and client.tunnel is not None and client.tunnel.session_id is not None
        if has_session and (fault is None or client.network_up):  # faults are refused while the network is down
            client.reconnect(fault)

    # -- time and the administrator ----------------------------------------------------------------
    @rule(seconds=DURATIONS)
    def advance(self, seconds: int) -> None:
        self.device.clock.advance(seconds)

    @rule()
    def clear_sessions(self) -> None:
        assert self.device.execute("clear crypto session") == ""

    @precondition(lambda self: self.gateway.reconnect_stats.total_incoming > 0)
    @rule()
    def clear_stats(self) -> None:
        assert self.device.execute("clear crypto ikev2 stats reconnect") == ""
        self.attempts.clear()

    # -- invariants ----------------------------------------------------------------------------------
    @invariant()
    def statistics_agree_with_events_and_databases(self) -> None:
        lines = self.device.execute("show crypto ikev2 stats reconnect").splitlines()
        values = [int(line.rsplit(":", 1)[1]) for line in lines[:5]]
        table = self.gateway.table
        capable_active = sum(s.record.session_id is not None for s in table.active.values())
        assert values == [
            self.attempts["success"] + self.attempts["failed"],
            self.attempts["success"],
            self.attempts["failed"],
            capable_active,
            len(table.inactive),
        ]
        assert values[1] + values[2] == values[0]

    @invariant()
    def addresses_are_unique_and_never_leak(self) -> None:
        table = self.gateway.table
        records = [s.record for s in table.active.values()] + [s.record for s in table.inactive.values()]
        addresses = [r.address for r in records]
        assert len(addresses) == len(set(addresses))
        assert {lease.address for lease in self.gateway.pools.leases()} == set(addresses)
        numbers = [r.va_number for r in records]
        assert len(numbers) == len(set(numbers)) and set(numbers) == table.va_numbers.taken
        tunnels = [s.crypto.ike_sa.tunnel_id for s in table.active.values()]
        assert len(tunnels) == len(set(tunnels)) and set(tunnels) == table.tunnel_ids.taken
        assert all(spi == s.crypto.ike_sa.local_spi for spi, s in table.active.items())
        for session_id, inactive in table.inactive.items():
            assert inactive.record.session_id == session_id
            assert table.active_by_session_id(session_id) is None

    @invariant()
    def clients_and_gateway_agree_on_addresses(self) -> None:
        for client in self.clients:
            tunnel = client.tunnel
            session = None if tunnel is None else self.gateway.table.active.get(tunnel.spi_r)
            if session is not None and tunnel is not None:
                assert session.record.address == tunnel.assigned
                assert session.crypto.ike_sa.remote_spi == tunnel.spi_i

    @invariant()
    def shows_render(self) -> None:
        detail = self.device.execute("show crypto session detail")
        assert detail.count("Interface: ") == len(self.gateway.table.active)
        pool = self.device.execute("show ip local pool").splitlines()[1].split()
        assert int(pool[-1]) == len(self.gateway.pools)


TestGatewayMachine = GatewayMachine.TestCase
TestGatewayMachine.settings = settings(
    max_examples=40, stateful_step_count=30, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
