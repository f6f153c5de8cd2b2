"""Session.interrupt(): a transport-free Ctrl-C that stops long commands at consistent points."""

from __future__ import annotations

import pytest

from iosxe_sim.commands.pipes import apply_filter
from iosxe_sim.device import Device
from iosxe_sim.engine.interrupt import CancelToken, Interrupted, cancellable, checkpoint
from iosxe_sim.render.crypto_session import render_crypto_session_detail
from iosxe_sim.render.ikev2 import render_ikev2_sa
from iosxe_sim.render.ikev2_session import render_ikev2_session
from iosxe_sim.render.ipsec import render_crypto_ipsec_sa


def _connected(clients: int) -> Device:
    device = Device(seed=3)
    device.realtime = False
    for number in range(clients):
        device.execute(f"lab client c{number} address 10.0.0.{number + 1}")
        assert "connected" in device.execute(f"lab client c{number} connect")
    return device


def test_an_interrupt_stops_the_clock_advance_between_two_timers_and_says_so() -> None:
    device = _connected(2)
    device.execute("configure terminal")
    device.execute("hostname KEPT")
    device.execute("end")
    device.clock.call_at(3600, device.console.interrupt)  # Ctrl-C one virtual hour into the advance
    output = device.execute("lab clock advance 720h")
    assert output.startswith("Clock advanced 3600 of 2592000 seconds (interrupted): now 02:00:00 UTC")
    assert device.clock.now == 3600
    assert device.name == "KEPT" and device.console.mode == "exec"
    assert len(device.gateway.table.sessions()) == 2
    assert device.execute("lab clock advance 1h").startswith("Clock advanced 3600 seconds: now 03:00:00")


def test_an_interrupt_while_nothing_runs_is_forgotten() -> None:
    device = _connected(1)
    device.console.interrupt()
    assert device.execute("lab clock advance 1h").startswith("Clock advanced 3600 seconds:")


def test_interrupt_is_only_the_line_it_is_sent_to() -> None:
    device = _connected(1)
    other = device.open_session("vty 0", user="admin")
    device.clock.call_at(60, other.interrupt)  # another line's Ctrl-C does not stop the console
    assert device.execute("lab clock advance 1h").startswith("Clock advanced 3600 seconds:")


@pytest.mark.parametrize("render", [
    lambda sessions, sas: render_crypto_session_detail(sessions, 0),
    lambda sessions, sas: render_ikev2_session(sessions, 0),
    lambda sessions, sas: render_crypto_ipsec_sa(sessions, 0),
    lambda sessions, sas: render_ikev2_sa(sas, 0),
])
def test_renderers_over_many_sessions_stop_at_an_interrupt(render) -> None:
    device = _connected(2)
    sessions = device.gateway.crypto_sessions()
    sas = [session.ike_sa for session in sessions]
    assert render(sessions, sas)  # renders without a token
    token = CancelToken()
    token.request()
    with cancellable(token), pytest.raises(Interrupted):
        render(sessions, sas)


def test_pipes_stop_at_an_interrupt() -> None:
    token = CancelToken()
    with cancellable(token):
        assert apply_filter("a\nb\n", "include", "a") == "a\n"
        token.request()
        with pytest.raises(Interrupted):
            apply_filter("a\nb\n", "include", "a")


def test_checkpoint_outside_a_command_never_stops() -> None:
    checkpoint()
