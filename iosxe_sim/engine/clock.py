"""Virtual clock: seconds since boot and a timer queue that fires only when the clock is advanced.

Tests and labs drive time explicitly (`advance`), so nothing in the engine ever sleeps. Timers due at
the same instant fire in the order they were scheduled.

Most timers are *global*: what they do may touch anything. A *local* timer (`call_local`) concerns
one tunnel only (its keepalives, DPD check, rekeys). A local timer may carry a `fold`: when it comes
due, the clock offers it the time of the next global timer (or the end of the advance), and the
fold may do this timer's work and that of its successors before then in one step. That is how a
virtual year of idle keepalives costs a few folds instead of a million timers (docs/architecture.md).
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

    __slots__ = ("_clock", "_state", "args", "callback", "fold", "when")

    def __init__(
        self,
        when: float,
        callback: Callable[..., object],
        clock: VirtualClock,
        args: tuple[object, ...] = (),
        fold: Fold | None = None,
    ) -> None:
        self.when = when
        self.callback = callback
        self.args = args
        self.fold = fold
        self._clock = clock
        self._state = "pending"

    @property
    def pending(self) -> bool:
        return self._state == "pending"

    def cancel(self) -> None:
        if self._state == "pending":
            self._state = "cancelled"
            self.callback, self.args, self.fold = _spent, (), None
            self._clock._note_cancelled()

    def _fire(self, horizon: Callable[[], float]) -> None:
        """Run the callback, or let the fold do the work up to the horizon (asked only then)."""
        self._state = "fired"
        callback, args, fold = self.callback, self.args, self.fold
        self.callback, self.args, self.fold = _spent, (), None
        if fold is None or not fold(horizon()):
            callback(*args)


Fold = Callable[[float], bool]
"""A local timer's shortcut: given the horizon (nothing global happens before it), do the work of
this timer and of the ones it would schedule before the horizon, schedule the next, return True;
or return False and the timer fires as usual."""


class VirtualClock:
    """Seconds since boot (`now`) plus a heap of timers ordered by (time, scheduling order)."""

    def __init__(self, boot_time: datetime = DEFAULT_BOOT_TIME) -> None:
        self.boot_time = boot_time
        self._now = 0.0
        self._heap: list[tuple[float, int, Timer]] = []
        self._global: list[tuple[float, int, Timer]] = []  # the global timers, also in _heap
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
        return self._schedule(when, callback, args, None, is_global=True)

    def call_local(
        self, when: float, callback: Callable[..., object], *args: object, fold: Fold | None = None
    ) -> Timer:
        """A timer that concerns one tunnel only (see the module's docstring)."""
        return self._schedule(when, callback, args, fold, is_global=False)

    def _schedule(
        self, when: float, callback: Callable[..., object], args: tuple[object, ...], fold: Fold | None,
        is_global: bool,
    ) -> Timer:
        if not math.isfinite(when):
            raise ValueError(f"timer time must be finite, got {when!r}")
        when = max(when, self._now)
        timer = Timer(when, callback, self, args, fold)
        entry = (when, next(self._sequence), timer)
        heapq.heappush(self._heap, entry)
        if is_global:
            self._next_global()  # fired entries are always on top: dropping them bounds the heap
            heapq.heappush(self._global, entry)
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
                timer._fire(lambda: min(self._next_global(), target))
            self._now = target
        finally:
            self._advancing = False

    def _next_global(self) -> float:
        """When the next pending global timer is due (fired and cancelled ones leave here lazily)."""
        heap = self._global
        while heap and not heap[0][2].pending:
            heapq.heappop(heap)
        return heap[0][0] if heap else math.inf

    def pending_timers(self) -> int:
        return len(self._heap) - self._cancelled

    def _note_cancelled(self) -> None:
        """Cancelled timers stay in the heap until popped; rebuild once they are the majority.

        DPD timers are re-armed on every packet, so without this the heap would grow with traffic.
        """
        self._cancelled += 1
        if self._cancelled > 64 and self._cancelled * 2 > len(self._heap):
            self._heap = [entry for entry in self._heap if entry[2].pending]
            self._global = [entry for entry in self._global if entry[2].pending]
            heapq.heapify(self._heap)
            heapq.heapify(self._global)
            self._cancelled = 0
