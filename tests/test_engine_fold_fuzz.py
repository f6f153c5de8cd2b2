"""Random lab stories, each told twice: with a capture tap on the gateway (every DPD on the wire)
and without (idle keepalives folded). After every step both devices print the same."""

from __future__ import annotations

from engine_fixtures import gateway_of, make_device
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from iosxe_sim.device import Device

CLIENTS = 3
SHOWS = (
    "show crypto ikev2 sa detailed",
    "show crypto session detail",
    "show crypto ikev2 stats reconnect",
    "show ip local pool",
    "lab show clients",
)
DURATIONS = st.sampled_from([1, 29, 30, 31, 45, 57, 90, 600, 3571, 3600, 20000])
PROFILES = st.sampled_from([
    (), ("dpd 10 2 on-demand",), ("dpd 30 2 on-demand",), ("dpd 31 2 on-demand",), ("dpd 60 2 periodic",), ("no dpd",),
    ("lifetime 600",), ("reconnect timeout 600",),
])


def _device(observed: bool) -> Device:
    device = make_device()
    device.realtime = False
    if observed:
        gateway = gateway_of(device)
        gateway.network.taps[gateway.port().interface] = [lambda when, inbound, packet: None]
    for n in range(CLIENTS):
        device.execute(f"lab client c{n} address 10.106.69.{n + 1}")
    return device


class TwiceTold(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.wire, self.folded = _device(True), _device(False)

    def both(self, line: str) -> None:
        said = self.wire.execute(line), self.folded.execute(line)
        assert said[0] == said[1], line

    @initialize(lines=PROFILES)
    def boot(self, lines: tuple[str, ...]) -> None:
        self.configure(lines)
        self.both("lab client c0 connect")

    @rule(lines=PROFILES)
    def configure(self, lines: tuple[str, ...]) -> None:
        for line in ("configure terminal", "crypto ikev2 profile AnyConnect-EAP", *lines, "end"):
            self.both(line)

    @rule(n=st.integers(0, CLIENTS - 1),
          action=st.sampled_from(["connect", "disconnect", "sleep", "resume", "traffic 5", "roam", "outage 60"]))
    def client(self, n: int, action: str) -> None:
        self.both(f"lab client c{n} {action}")

    @rule(seconds=DURATIONS)
    def advance(self, seconds: int) -> None:
        self.both(f"lab clock advance {seconds}")

    @invariant()
    def both_print_the_same(self) -> None:
        for show in SHOWS:
            assert self.wire.execute(show) == self.folded.execute(show), show
        assert gateway_of(self.wire).rng.token_bytes(4) == gateway_of(self.folded).rng.token_bytes(4)


TwiceTold.TestCase.settings = settings(
    max_examples=25, stateful_step_count=15, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
test_folding_never_shows = TwiceTold.TestCase
