"""VirtualClock: ordering, re-entrant scheduling, cancellation, wall-clock view."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iosxe_sim.engine.clock import DEFAULT_BOOT_TIME, VirtualClock


def test_starts_at_zero_and_advances():
    clock = VirtualClock()
    assert clock.now == 0.0
    clock.advance(12.5)
    clock.advance(0.5)
    assert clock.now == 13.0


def test_timers_fire_in_time_then_insertion_order_with_now_at_their_time():
    clock = VirtualClock()
    fired: list[tuple[str, float]] = []
    for name, when in [("c", 5.0), ("a", 1.0), ("b1", 3.0), ("b2", 3.0), ("late", 11.0)]:
        clock.call_at(when, lambda name=name: fired.append((name, clock.now)))
    clock.advance(10)
    assert fired == [("a", 1.0), ("b1", 3.0), ("b2", 3.0), ("c", 5.0)]
    assert clock.now == 10.0
    clock.advance(1)
    assert fired[-1] == ("late", 11.0)


def test_timer_due_exactly_at_window_end_fires():
    clock = VirtualClock()
    fired = []
    clock.call_later(30, lambda: fired.append(clock.now))
    clock.advance(29.999)
    assert fired == []
    clock.advance(0.001)
    assert fired == [pytest.approx(30.0)]


def test_callbacks_schedule_timers_that_fire_inside_the_window_only():
    clock = VirtualClock()
    fired: list[float] = []

    def dpd() -> None:  # re-arms itself every 10 s, like a periodic DPD timer
        fired.append(clock.now)
        clock.call_later(10, dpd)

    clock.call_later(10, dpd)
    clock.advance(35)
    assert fired == [10.0, 20.0, 30.0]
    assert clock.pending_timers() == 1
    clock.advance(5)
    assert fired == [10.0, 20.0, 30.0, 40.0]


def test_zero_delay_from_a_callback_runs_after_timers_already_due_at_that_instant():
    clock = VirtualClock()
    order: list[str] = []
    clock.call_at(2, lambda: (order.append("first"), clock.call_later(0, lambda: order.append("spawned"))))
    clock.call_at(2, lambda: order.append("second"))
    clock.advance(2)
    assert order == ["first", "second", "spawned"]


def test_advance_zero_fires_timers_due_now():
    clock = VirtualClock()
    fired = []
    clock.call_later(0, lambda: fired.append(True))
    clock.advance(0)
    assert fired == [True]


def test_call_at_in_the_past_fires_at_the_current_time():
    clock = VirtualClock()
    clock.advance(100)
    fired = []
    timer = clock.call_at(50, lambda: fired.append(clock.now))
    assert timer.when == 100
    clock.advance(0)
    assert fired == [100.0]


def test_cancel_prevents_firing_and_is_idempotent():
    clock = VirtualClock()
    fired = []
    timer = clock.call_later(5, lambda: fired.append("x"))
    assert timer.pending
    timer.cancel()
    timer.cancel()
    assert not timer.pending
    assert clock.pending_timers() == 0
    clock.advance(10)
    assert fired == []


def test_cancel_after_firing_is_harmless():
    clock = VirtualClock()
    timer = clock.call_later(1, lambda: None)
    clock.advance(1)
    assert not timer.pending
    timer.cancel()
    assert clock.pending_timers() == 0


def test_callback_can_cancel_a_later_timer_in_the_same_window():
    clock = VirtualClock()
    fired = []
    victim = clock.call_at(5, lambda: fired.append("victim"))
    clock.call_at(1, victim.cancel)
    clock.advance(10)
    assert fired == []


def test_cancelled_timers_do_not_accumulate():
    """Re-arming a timer on every packet (DPD) must not grow the heap without bound."""
    clock = VirtualClock()
    timer = clock.call_later(45, lambda: None)
    for _ in range(10_000):
        timer.cancel()
        timer = clock.call_later(45, lambda: None)
    assert clock.pending_timers() == 1
    assert len(clock._heap) < 200


def test_compaction_keeps_order_of_surviving_timers():
    clock = VirtualClock()
    fired: list[int] = []
    timers = [clock.call_at(i, lambda i=i: fired.append(i)) for i in range(1000)]
    for i, timer in enumerate(timers):
        if i % 10:
            timer.cancel()
    clock.advance(1000)
    assert fired == list(range(0, 1000, 10))


@pytest.mark.parametrize("bad", [-1.0, math.nan, math.inf])
def test_rejects_bad_durations(bad):
    clock = VirtualClock()
    with pytest.raises(ValueError):
        clock.advance(bad)
    with pytest.raises(ValueError):
        clock.call_later(bad, lambda: None)


def test_call_at_rejects_non_finite_times():
    with pytest.raises(ValueError):
        VirtualClock().call_at(math.nan, lambda: None)


def test_advance_from_inside_a_callback_is_refused():
    clock = VirtualClock()
    errors = []

    def nested() -> None:
        try:
            clock.advance(100)
        except RuntimeError as exc:
            errors.append(exc)

    clock.call_later(1, nested)
    clock.advance(5)
    assert len(errors) == 1
    assert clock.now == 5.0
    clock.advance(1)  # the clock is usable again afterwards
    assert clock.now == 6.0


def test_exception_in_callback_leaves_clock_usable():
    clock = VirtualClock()

    def boom() -> None:
        raise KeyError("boom")

    clock.call_later(1, boom)
    fired = []
    clock.call_later(2, lambda: fired.append(clock.now))
    with pytest.raises(KeyError):
        clock.advance(5)
    assert clock.now == 1.0
    clock.advance(4)
    assert fired == [2.0]
    assert clock.now == 5.0


def test_datetime_now_follows_virtual_time():
    boot = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    clock = VirtualClock(boot_time=boot)
    clock.advance(3661.5)
    assert clock.datetime_now() == boot + timedelta(hours=1, minutes=1, seconds=1.5)
    assert VirtualClock().boot_time == DEFAULT_BOOT_TIME


delays = st.floats(min_value=0, max_value=100, allow_nan=False)


@given(
    initial=st.lists(delays, max_size=30),
    spawned=st.lists(st.tuples(st.integers(0, 29), delays), max_size=20),
    steps=st.lists(st.floats(min_value=0, max_value=60, allow_nan=False), min_size=1, max_size=5),
)
def test_property_fires_exactly_the_due_timers_in_order(initial, spawned, steps):
    """Whatever is scheduled (also from callbacks), timers fire sorted by (time, creation) and only
    once their time has been reached."""
    clock = VirtualClock()
    fired: list[tuple[float, int]] = []
    created: list[tuple[float, int]] = []
    children: dict[int, list[float]] = {}
    for parent, delay in spawned:
        children.setdefault(parent, []).append(delay)

    def schedule(when: float, parent_index: int | None) -> None:
        ident = len(created)
        created.append((when, ident))

        def callback() -> None:
            assert clock.now == when
            fired.append((when, ident))
            for child_delay in children.pop(ident, []) if parent_index is None else []:
                schedule(clock.now + child_delay, ident)

        clock.call_at(when, callback)

    for delay in initial:
        schedule(delay, None)
    for step in steps:
        clock.advance(step)
        assert all(when <= clock.now for when, _ in fired)
        due = sorted(item for item in created if item[0] <= clock.now)
        assert fired == due
