"""Compact storage of a big lint run: packed source lines, diagnostics made on demand, name search."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iosxe_sim.lint import lint_text
from iosxe_sim.lint.diagnostic import FileResult, Severity
from iosxe_sim.lint.engine import find_token, lint_source
from iosxe_sim.lint.storage import PACKED_LINES, PackedLines, SourceLines

_WORD = re.compile(r"\S+")


def test_packed_lines_read_back_across_pieces_and_in_any_order() -> None:
    lines = [f" line {n} \u00e9" if n % 3 else "" for n in range(2 * PACKED_LINES + 5)]
    packed = PackedLines(lines)
    assert len(packed) == len(lines)
    for number in (0, PACKED_LINES - 1, PACKED_LINES, 2 * PACKED_LINES + 4, 7, 2 * PACKED_LINES):
        assert packed[number] == lines[number]
    assert list(packed) == lines
    for outside in (-1, len(lines)):
        with pytest.raises(IndexError):
            packed[outside]


def test_released_source_lines_hand_over_their_text() -> None:
    source = SourceLines("a\r\nb")
    assert list(source) == ["a", "b"]
    assert source.release() == "a\r\nb"
    assert len(source) == 1 and source[0] == ""


def test_diagnostics_made_on_demand_are_the_listed_ones() -> None:
    text = "".join(f"crypto ipsec profile P{n}\n set transform-set T{n}\nbogus {n}\n" for n in range(50))
    made = lint_source(text, "x.cfg")
    listed = lint_text(text, "x.cfg")
    assert list(made) == listed and len(made) == 100
    assert made[3:7] == listed[3:7] and made[-1] == listed[-1]
    assert FileResult("x.cfg", made).counts() == FileResult("x.cfg", tuple(listed)).counts()
    assert made.severity_counts()[Severity.ERROR.value] == 100


def _words_only(text: str, token: str) -> tuple[int, int] | None:
    """find_token's contract, the slow way: the last word equal to the token, then equal ignoring
    case, then the last word."""
    words = list(_WORD.finditer(text))
    for same in (str.__eq__, lambda a, b: a.casefold() == b.casefold()):
        for word in reversed(words):
            if same(word.group(), token):
                return word.span()
    return words[-1].span() if words else None


@given(st.text(alphabet="aAb \t\u00a0\x1cx", max_size=20), st.text(alphabet="aAb x\x1c", max_size=4))
def test_find_token_finds_the_last_whole_word(text: str, token: str) -> None:
    assert find_token(text, token) == _words_only(text, token)
