"""Regular expressions of lab checks, bounded so that no pattern can hang `lab check`.

Python's ``re`` backtracks, and some patterns take exponential time (``(.*.*)*Z`` on a line without
a ``Z``). Two guards:

1. When a lab is loaded, a pattern is refused if it repeats, without bound, a group whose every
   element is itself a repetition (``(a*)*``, ``(.*.*)*``, ``(\\w+\\s?)+``): the shape of nearly every
   catastrophic pattern. A literal character inside the group (``(?: .*\\n)*``) anchors each
   round, so such groups are accepted. Patterns are also limited in length.
2. When a check runs, the search has a time budget (SEARCH_SECONDS) and the text searched a size
   bound; a search that runs out of time fails its check with a message instead of hanging. The
   budget is a SIGALRM timer, which CPython's regex engine honours between steps; it is set on the
   main thread only (signals cannot be delivered elsewhere), where the console and the grader run.
"""

from __future__ import annotations

import re
import re._constants as sre
import re._parser as sre_parse
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

MAX_PATTERN = 1000  # characters
MAX_SEARCHED = 8 << 20  # characters of text one check searches
SEARCH_SECONDS = 2.0
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT)
_ANCHORS = (sre.LITERAL, sre.NOT_LITERAL)


class PatternTimeout(Exception):
    """A check's regular expression ran out of its time budget."""


def problem(pattern: str) -> str | None:
    """Why a check's pattern is refused, or None when it is fine."""
    if len(pattern) > MAX_PATTERN:
        return f"longer than {MAX_PATTERN} characters"
    try:
        parsed = sre_parse.parse(pattern)
    except (re.error, RecursionError, OverflowError) as exc:
        return f"not a regular expression: {exc}"
    if _nested(parsed, outer=False):
        return (
            "a repeated group made only of repetitions (like (a*)* or (.*.*)*) can take forever to "
            "search; anchor each round with a literal character or drop the outer repetition"
        )
    return None


def _nested(items: sre_parse.SubPattern | list, outer: bool) -> bool:
    """Whether an unbounded repetition of repetitions occurs (``outer``: we are inside one whose
    body has no literal anchor)."""
    for op, av in items:
        if op in _REPEATS:
            _, high, body = av
            unbounded = high == sre.MAXREPEAT
            if unbounded and outer:
                return True
            if _nested(body, outer or (unbounded and not _anchored(body))):
                return True
        elif op is sre.SUBPATTERN:
            if _nested(av[-1], outer):
                return True
        elif op is sre.BRANCH:
            if any(_nested(branch, outer) for branch in av[1]):
                return True
        elif op in (sre.ASSERT, sre.ASSERT_NOT) and _nested(av[1], outer):
            return True
    return False


def _anchored(body: sre_parse.SubPattern) -> bool:
    """A group body with a literal (or a group holding one) at its top level."""
    for op, av in body:
        if op in _ANCHORS:
            return True
        if op is sre.SUBPATTERN and _anchored(av[-1]):
            return True
    return False


def count(pattern: str, text: str) -> int:
    """How many times the pattern matches (``^``/``$`` at every line), within the bounds."""
    with _budget():
        return len(re.findall(pattern, text[:MAX_SEARCHED], re.MULTILINE))


def search(pattern: str, text: str) -> bool:
    with _budget():
        return re.search(pattern, text[:MAX_SEARCHED]) is not None


@contextmanager
def _budget() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expired(signum: int, frame: object) -> None:
        raise PatternTimeout(f"the regular expression took longer than {SEARCH_SECONDS:g} s")

    previous = signal.signal(signal.SIGALRM, expired)
    running, _ = signal.setitimer(signal.ITIMER_REAL, SEARCH_SECONDS)
    if running:  # someone else's timer: leave it alone (the load-time check still guards)
        signal.setitimer(signal.ITIMER_REAL, running)
        signal.signal(signal.SIGALRM, previous)
        yield
        return
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
