"""Output pipes: IOS's regular-expression dialect, on a matcher that cannot hang."""

from __future__ import annotations

import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from iosxe_sim.commands.pipes import IosRegex, apply_filter, compile_ios

ROOT = Path(__file__).resolve().parent.parent
HANG_GUARD_S = 120  # not a timing: Python's backtracking `re` needs ~2**40 steps here, i.e. hours


@pytest.mark.parametrize(
    "pattern, line, found",
    [
        ("crypto", "crypto ikev2 profile P", True),
        ("^crypto", " crypto", False),
        ("P$", "crypto ikev2 profile P", True),
        ("profile .$", "crypto ikev2 profile P", True),
        ("[0-9]+ on-demand", " dpd 10 2 on-demand", True),
        ("[^ ]$", "trailing ", False),
        ("host(name)?", "hostnam", True),
        ("a|z", "xyz", True),
        ("\\.", "10", False),
        ("\\.", "10.1", True),
        ("_65000_", "router bgp 65000", True),
        ("_65000_", "65000", True),
        ("_65000_", "as-path (65000,1)", True),
        ("_65000_", "rd 165000", False),
        ("_65000_", "rd 65000:1", False),
    ],
)
def test_ios_dialect(pattern: str, line: str, found: bool) -> None:
    assert IosRegex(pattern).search(line) is found


def test_agrees_with_python_re_outside_the_underscore() -> None:
    rng = random.Random(7)
    patterns = ["a*b", "(ab)+c", "^(ab|a)*$", "a(b|c)*d", "(|a)b", "c.*d", "[a-c]+d", "(a*)*b", "^a|b$", "x?y"]
    for pattern in patterns:
        ours, python = IosRegex(pattern), re.compile(pattern)
        for _ in range(300):
            line = "".join(rng.choice("abcdxy.") for _ in range(rng.randint(0, 9)))
            assert ours.search(line) == bool(python.search(line)), (pattern, line)


@pytest.mark.parametrize("pattern", ["(", "a)", "*a", "[ab", "a\\"])
def test_bad_patterns_are_re_errors(pattern: str) -> None:
    with pytest.raises(re.error):
        compile_ios(pattern)


def test_catastrophic_pattern_is_linear() -> None:
    """`(a|a)*b` makes a backtracking engine try 2**n ways over n a's; the automaton builds at most
    one transition per (state set, character): two here, whatever the line's length."""
    line = "a" * 4000 + "cb"
    regex = IosRegex("(a|a)*b")
    assert regex.search(line)
    assert len(regex.transitions) <= 4


def test_catastrophic_pipe_returns() -> None:
    """The whole filter in a fresh process, guarded against a hang (the engine `re` would hang)."""
    code = (
        "from iosxe_sim.commands.pipes import apply_filter\n"
        "line = 'a' * 40 + 'cb'\n"
        "print(apply_filter(line + '\\nother\\n', 'include', '(a|a)*b'), end='')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=HANG_GUARD_S, check=True
    )
    assert result.stdout == "a" * 40 + "cb\n"


def test_filters() -> None:
    output = "interface Gi1\n ip address 10.0.0.1 255.0.0.0\ninterface Gi2\n shutdown\nend\n"
    assert apply_filter(output, "include", "^interface") == "interface Gi1\ninterface Gi2\n"
    assert apply_filter(output, "exclude", "^ ") == "interface Gi1\ninterface Gi2\nend\n"
    assert apply_filter(output, "begin", "Gi2") == "interface Gi2\n shutdown\nend\n"
    assert apply_filter(output, "section", "Gi2") == "interface Gi2\n shutdown\n"
    assert apply_filter(output, "count", "Gi") == "Number of lines which match regexp = 2\n"
