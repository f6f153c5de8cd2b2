"""Garbage-collector settings of the long-running entry points (``shell``, ``run``, ``serve``).

A gateway keeps every session's state (tens of objects each) for as long as the session lives,
and every handshake allocates thousands of short-lived objects. With CPython's default
first-generation threshold (a collection every 700 allocations) the temporaries of a handshake in
flight survive a young collection, are promoted, and make the old generation look as if it grew;
each apparent 25 % growth triggers a full collection over every live session. In a 10,000-client
storm that was a fifth to a third of the CPU time (`bench/bench_engine.py`, the `gc` columns).
A first-generation threshold of 10,000 lets a handshake's temporaries die young (memory held by
not-yet-collected young cycles stays well under a megabyte), and freezing the heap after boot
keeps full collections from rescanning the booted configuration, grammar and modules.
"""

from __future__ import annotations

import gc

YOUNG_THRESHOLD = 10_000  # allocations between first-generation collections (CPython: 700)


def settle_after_boot() -> None:
    """Call once the device is booted, before it serves: freeze what boot built, widen gen 0."""
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)
