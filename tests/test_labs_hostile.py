"""Hostile and oversized labs (issue 12): regular expressions that would backtrack forever, DART
logs that wrap, journals that would grow without end."""

from __future__ import annotations

from pathlib import Path

import pytest

from iosxe_sim.engine import dart
from iosxe_sim.engine.dart import DartEntry
from iosxe_sim.labs import journal, patterns
from iosxe_sim.labs.checks import evaluate
from iosxe_sim.labs.loader import LabSource, parse_lab
from iosxe_sim.labs.model import Lab
from iosxe_sim.labs.runtime import LabSession
from iosxe_sim.labs.validate import LabError

HEADER = '[lab]\ntitle = "T"\nlevel = "beginner"\ndescription = "D"\n[[client]]\nname = "pc1"\n'


def lab_of(text: str) -> Lab:
    return parse_lab(HEADER + text, LabSource("t", Path("."), Path("lab.toml"), "lab.toml"))


def show_check(match: str) -> str:
    return (
        '[[objective]]\ntitle = "O"\n[[objective.check]]\nkind = "show"\n'
        f'command = "show running-config"\nmatch = \'{match}\'\n'
    )


@pytest.mark.parametrize("pattern", [r"(.*.*)*Z", r"(a*)*b", r"(\w+\s?)+$", r"x((ab)+)*"])
def test_catastrophic_patterns_are_refused_when_the_lab_loads(pattern: str) -> None:
    with pytest.raises(LabError, match=r"objective\[1\]\.check\[1\]\.match: a repeated group made only"):
        lab_of(show_check(pattern))


@pytest.mark.parametrize("pattern", [r"^crypto ikev2 profile \S+\n(?: .*\n)*? keyring", r"(ab*)+c", r"^ \S+$"])
def test_ordinary_patterns_load(pattern: str) -> None:
    assert lab_of(show_check(pattern)).objectives[0].checks[0].get("match") == pattern


def test_an_overlong_pattern_is_refused() -> None:
    with pytest.raises(LabError, match="longer than 1000 characters"):
        lab_of(show_check("a" * 1001))


def test_a_slow_pattern_that_passes_the_load_check_fails_its_check_instead_of_hanging(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """(.|.)* is exponential on a line without the final character; the search budget stops it."""
    monkeypatch.setattr(patterns, "SEARCH_SECONDS", 0.2)
    session = LabSession(lab_of(show_check(r"(.|.)*\x00")))
    [result] = evaluate(session)
    assert not result.passed
    assert result.checks[0].detail == "the regular expression took longer than 0.2 s"
    assert patterns.count("hostname", session.device.running_config()) == 1  # the timer is gone


def test_dart_entries_are_journalled_once_each_when_the_client_log_wraps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dart, "DART_HISTORY", 8)
    session = LabSession(lab_of('[[objective]]\ntitle = "O"\n[[objective.check]]\nkind = "lint"\n'))

    def journalled() -> list[DartEntry]:
        return [entry.item for entry in session.journal.entries if isinstance(entry.item, DartEntry)]

    for cycle in range(6):
        session.device.execute("lab client pc1 connect")
        session.device.execute("lab client pc1 disconnect")
        if cycle == 0:
            per_cycle = len(journalled())
    assert len(session.device.clients["pc1"].client.dart.entries) == 8 < per_cycle * 6
    assert len(journalled()) == per_cycle * 6
    assert len({id(entry) for entry in journalled()}) == per_cycle * 6


def test_dart_entries_sit_between_the_gateway_events_they_accompany() -> None:
    session = LabSession(lab_of('[[objective]]\ntitle = "O"\n[[objective.check]]\nkind = "lint"\n'))
    for line in ("lab client pc1 connect", "lab client pc1 sleep", "lab clock advance 2m", "lab client pc1 resume"):
        session.device.execute(line)
    order = [
        getattr(entry.item, "description", type(entry.item).__name__).splitlines()[0]
        for entry in session.journal.timeline()
    ]
    assert order.index("SessionUp") < order.index(dart.ESTABLISHED)
    resumed = order.index(dart.RESUMING)
    assert resumed < order.index("ReconnectSucceeded", resumed)
    assert order.index(dart.ESTABLISHED, resumed) > order.index("ReconnectSucceeded", resumed)


def test_the_journal_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(journal, "JOURNAL_LIMIT", 40)
    session = LabSession(lab_of('[[objective]]\ntitle = "O"\n[[objective.check]]\nkind = "lint"\n'))
    for _ in range(10):
        session.device.execute("lab client pc1 connect")
        session.device.execute("lab client pc1 disconnect")
    assert len(session.journal.entries) == 40
    assert session.journal.entries[-1].seq > 40
