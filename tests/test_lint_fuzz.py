"""No input makes the linter raise (DESIGN.md §10): random configs built from real config words."""

from __future__ import annotations

import io
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from iosxe_sim.lint import RULES, lint_text
from iosxe_sim.lint.cli import EXIT_CLEAN, EXIT_ERRORS, EXIT_USAGE, run_lint
from iosxe_sim.lint.engine import _KEEP_LINES, SourceLines

CASES = Path(__file__).parent / "lint_cases"
# Every word of the rule cases (real config words, names, numbers in and out of range).
WORDS = sorted({word for path in CASES.glob("*.txt") for word in path.read_text(encoding="utf-8").split()})
line = st.tuples(st.sampled_from(["", " ", "  ", "\t"]), st.lists(st.sampled_from(WORDS), max_size=8)).map(
    lambda t: t[0] + " ".join(t[1])
)
junk = st.text(max_size=40)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(line, line, line, junk), max_size=30))
def test_lint_text_never_raises(lines: list[str]) -> None:
    text = "\n".join(lines)
    count = len(text.splitlines())
    for d in lint_text(text, "fuzz.cfg"):
        assert d.rule in RULES
        assert 1 <= d.line <= max(count, 1)
        assert 0 <= d.column < d.end_column
        assert all(1 <= r.line <= count for r in d.related)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200), st.sampled_from(["text", "json", "sarif"]))
def test_run_lint_on_arbitrary_bytes(data: bytes, fmt: str) -> None:
    out, err = io.StringIO(), io.StringIO()
    status = run_lint(["-"], fmt, out, err, stdin=io.BytesIO(data))
    assert status in (EXIT_CLEAN, EXIT_ERRORS, EXIT_USAGE)
    assert (status == EXIT_USAGE) == bool(err.getvalue())


@given(st.text(alphabet="ab \r\n", max_size=40))
def test_source_lines_cut_from_the_text_are_the_loaders_lines(text: str) -> None:
    assert list(SourceLines(text)) == [line.removesuffix("\r") for line in text.split("\n")]


def test_a_big_config_is_reported_from_its_text_as_a_small_one_from_its_lines() -> None:
    text = "".join(f"crypto ipsec profile P{n}\r\n set transform-set T{n}\n" for n in range(_KEEP_LINES))
    big = lint_text(text, "x.cfg")
    assert len(big) == _KEEP_LINES and big[-1].source == f" set transform-set T{_KEEP_LINES - 1}"
    assert big[0].related[0].source == "crypto ipsec profile P0"
