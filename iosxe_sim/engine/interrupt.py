"""Cooperative interruption of long commands (IOS's Ctrl-C / Ctrl-Shift-6), free of any transport.

A terminal line asks a running command to stop by setting its :class:`CancelToken` (from a signal
handler, another thread or an SSH channel's break). Long loops call :func:`checkpoint` at points
where the state is consistent (between two timers of a clock advance, between two sessions of a
show, between two lines of a pipe); it raises :class:`Interrupted` when the token of the command
running in this context has been set. Code outside :func:`cancellable` never stops.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")


class Interrupted(Exception):
    """The command was interrupted; everything it did up to its last checkpoint stays done."""


class CancelToken:
    """A stop request. Setting it is one attribute store: safe from signal handlers and threads."""

    __slots__ = ("requested",)

    def __init__(self) -> None:
        self.requested = False

    def request(self) -> None:
        self.requested = True

    def clear(self) -> None:
        self.requested = False


_current: ContextVar[CancelToken | None] = ContextVar("iosxe_sim_cancel_token", default=None)


@contextmanager
def cancellable(token: CancelToken) -> Iterator[None]:
    """Run the body under ``token``: its checkpoints raise Interrupted once the token is set."""
    reset = _current.set(token)
    try:
        yield
    finally:
        _current.reset(reset)


def checkpoint() -> None:
    """Raise Interrupted if the command running here has been asked to stop."""
    token = _current.get()
    if token is not None and token.requested:
        raise Interrupted


def interruptible(items: Iterable[T]) -> Iterator[T]:
    """The items, with a checkpoint before each (renderers walk thousands of sessions this way)."""
    for item in items:
        checkpoint()
        yield item
