"""Virtual clock: seconds since boot and a timer queue that fires only when the clock is advanced.

Tests and labs drive time explicitly (`advance`), so nothing in the engine ever sleeps. Timers due at
the same instant fire in the order they were scheduled.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from iosxe_sim.engine.interrupt import checkpoint

# The seed's DART logs are dated 13 March 2025; a fixed boot time keeps `show clock` deterministic.
DEFAULT_BOOT_TIME = datetime(2025, 3, 13, 1, 0, 0, tzinfo=UTC)


def _spent() -> None:
    """The callback of a timer that has fired or been cancelled."""


class Timer:
    """A scheduled callback (with its arguments); `cancel()` is idempotent and harmless after the
    timer has fired.

    A timer lets go of its callback once it is cancelled or has fired: the callbacks are bound to
    sessions that hold their own timers, and such a cycle would keep a dead session alive until a
    full garbage collection. Passing the session as an argument rather than closing over it in a
    lambda saves the closure's objects (a gateway keeps a few timers per session).
    """

    __slots__ = ("_clock", "_state", "args", "callback", "when")

    def __init__(
        self, when: float, callback: Callable[..., object], clock: VirtualClock, args: tuple[object, ...] = ()
    ) -> None:
        self.when = when
        self.callback = callback
        self.args = args
        self._clock = clock
        self._state = "pending"

    @property
    def pending(self) -> bool:
        return self._state == "pending"

    def cancel(self) -> None:
        if self._state == "pending":
            self._state = "cancelled"
            self.callback, self.args = _spent, ()
            self._clock._note_cancelled()

    def _fire(self) -> None:
        self._state = "fired"
        callback, args = self.callback, self.args
        self.callback, self.args = _spent, ()
        callback(*args)


class VirtualClock:
    """Seconds since boot (`now`) plus a heap of timers ordered by (time, scheduling order)."""

    def __init__(self, boot_time: datetime = DEFAULT_BOOT_TIME) -> None:
        self.boot_time = boot_time
        self._now = 0.0
        self._heap: list[tuple[float, int, Timer]] = []
        self._sequence = itertools.count()
        self._cancelled = 0
        self._advancing = False
        self._stamp = (-1.0, boot_time, boot_time)  # (now, boot time, datetime_now()) last asked

    @property
    def now(self) -> float:
        return self._now

    def datetime_now(self) -> datetime:
        """Wall-clock time of the simulated device (boot time plus virtual uptime), worked out
        once per instant (a storm stamps thousands of log entries at one instant)."""
        if self._stamp[0] != self._now or self._stamp[1] is not self.boot_time:
            self._stamp = (self._now, self.boot_time, self.boot_time + timedelta(seconds=self._now))
        return self._stamp[2]

    def call_at(self, when: float, callback: Callable[..., object], *args: object) -> Timer:
        """Schedule `callback(*args)` at absolute time `when`; a time in the past means "now"."""
        if not math.isfinite(when):
            raise ValueError(f"timer time must be finite, got {when!r}")
        when = max(when, self._now)
        timer = Timer(when, callback, self, args)
        heapq.heappush(self._heap, (when, next(self._sequence), timer))
        return timer

    def call_later(self, delay: float, callback: Callable[..., object], *args: object) -> Timer:
        if not math.isfinite(delay) or delay < 0:
            raise ValueError(f"timer delay must be a finite non-negative number, got {delay!r}")
        return self.call_at(self._now + delay, callback, *args)

    def advance(self, seconds: float) -> None:
        """Move time forward, firing every timer due up to and including the new time.

        While a callback runs, `now` is that timer's time. Timers the callbacks schedule fire too if
        they fall inside the window. Advancing from inside a callback is refused: it would let
        time run past the outer window and then step backwards. An interrupt (Ctrl-C) stops the
        advance between two timers: ``now`` stays at the last timer fired, and Interrupted is raised.
        """
        if not math.isfinite(seconds) or seconds < 0:
            raise ValueError(f"can only advance by a finite non-negative number, got {seconds!r}")
        if self._advancing:
            raise RuntimeError("VirtualClock.advance() called from inside a timer callback")
        target = self._now + seconds
        self._advancing = True
        try:
            while self._heap and self._heap[0][0] <= target:
                checkpoint()
                when, _, timer = heapq.heappop(self._heap)
                if not timer.pending:
                    self._cancelled -= 1
                    continue
                self._now = when
                timer._fire()
            self._now = target
        finally:
            self._advancing = False

    def pending_timers(self) -> int:
        return len(self._heap) - self._cancelled

    def _note_cancelled(self) -> None:
        """Cancelled timers stay in the heap until popped; rebuild once they are the majority.

        DPD timers are re-armed on every packet, so without this the heap would grow with traffic.
        """
        self._cancelled += 1
        if self._cancelled > 64 and self._cancelled * 2 > len(self._heap):
            self._heap = [entry for entry in self._heap if entry[2].pending]
            heapq.heapify(self._heap)
            self._cancelled = 0
