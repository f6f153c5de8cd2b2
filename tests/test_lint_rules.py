"""Every lint rule: a config that triggers it (on the expected line) and a near-identical one that does not."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from iosxe_sim.config.loader import LineReport, LoadResult, Problem
from iosxe_sim.config.model import RunningConfig
from iosxe_sim.lint import RULES, Severity, lint_text
from iosxe_sim.lint.engine import lint_result

CASES_DIR = Path(__file__).parent / "lint_cases"


@dataclass(frozen=True)
class Case:
    rule: str
    bad: str  # triggers ``rule`` on ``line``
    line: int
    good: str  # a near-identical config that does not trigger it
    origin: str


def load_cases(path: Path) -> list[Case]:
    """Cases from a file of ``=== RULE LINE`` / config / ``--- good`` / config sections."""
    cases = []
    for section in path.read_text(encoding="utf-8").split("\n=== ")[1:]:
        head, _, rest = section.partition("\n")
        rule_id, line = head.split()
        bad, _, good = rest.partition("--- good\n")
        cases.append(Case(rule_id, bad, int(line), good.rstrip("\n") + "\n", f"{path.name}:{rule_id}"))
    return cases


CASES = [case for path in sorted(CASES_DIR.glob("*.txt")) for case in load_cases(path)]
CASES.append(Case("syntax/too-long", "hostname " + "x" * 5000 + "\n", 1, "hostname x\n", "inline"))


@pytest.mark.parametrize("case", CASES, ids=[c.origin for c in CASES])
def test_rule_triggers_and_clears(case: Case) -> None:
    found = [d for d in lint_text(case.bad) if d.rule == case.rule]
    assert [d.line for d in found] == [case.line], lint_text(case.bad)
    assert found[0].severity is RULES[case.rule].severity
    assert found[0].hint == RULES[case.rule].hint
    assert not [d for d in lint_text(case.good) if d.rule == case.rule]


def test_every_rule_has_a_case() -> None:
    covered = {c.rule for c in CASES} | {"syntax/rejected"}  # the latter: test_generic_rejection
    assert covered == set(RULES)


def test_generic_rejection_names_both_lines() -> None:
    report = LineReport(3, 1, Problem.REJECTED, "% Some other conflict", " x", related_line=2)
    diagnostics = lint_result(LoadResult(RunningConfig(), [report], ["a", " b", " x"]), ["a", " b", " x"])
    assert [(d.rule, d.line, [r.line for r in d.related]) for d in diagnostics] == [
        ("syntax/rejected", 3, [2])
    ]


@pytest.mark.parametrize(
    "psk",
    [
        "authentication local pre-share",
        "authentication remote pre-share key 0 k",
        "keyring local KR",
        "aaa authorization group psk list L",
        "aaa authorization user psk cached",
    ],
)
@pytest.mark.parametrize("reconnect_first", [True, False])
def test_psk_restriction_names_both_lines(psk: str, reconnect_first: bool) -> None:
    body = [" reconnect timeout 900", " " + psk]
    if not reconnect_first:
        body.reverse()
    text = "\n".join(["aaa new-model", "crypto ikev2 profile P", " match identity remote any", *body])
    [d] = [d for d in lint_text(text) if d.rule == "reconnect/psk"]
    assert (d.line, [r.line for r in d.related]) == (5, [4])
    assert d.source == body[1] and d.related[0].source == body[0]
    assert "line 4" in d.message and "pre-shared key" in d.message


def test_syntax_diagnostics_carry_ios_kind_and_column() -> None:
    text = "crypto ikev2 profile P\n match identity remote any\n reconnect timeout 30\n"
    [d] = [d for d in lint_text(text) if d.rule != "auth/no-method"]
    assert (d.rule, d.column, d.end_column) == ("reconnect/timeout-range", 19, 21)
    assert "600-86400" in d.message and "% Invalid input detected at '^' marker." in d.message
    [d] = lint_text("hostname R1 extra\n")
    assert (d.column, d.end_column, d.message) == (12, 17, "% Invalid input detected at '^' marker.")


def test_unmodelled_is_info_never_error() -> None:
    diagnostics = lint_text(
        "control-plane\nrouter bgp 1\n neighbor 10.0.0.1 remote-as 2\nsnmp-server community x RO\n"
    )
    assert [(d.rule, d.severity, d.line) for d in diagnostics] == [
        ("info/unmodelled", Severity.INFO, 1),
        ("info/unmodelled", Severity.INFO, 2),
        ("info/unmodelled", Severity.INFO, 4),
    ]


def test_reference_diagnostic_points_at_the_name_and_its_block() -> None:
    [d] = [
        d for d in lint_text("crypto ikev2 authorization policy A\n pool MISSING\n") if d.rule == "ref/pool"
    ]
    assert d.source[d.column : d.end_column] == "MISSING"
    assert [(r.line, r.source) for r in d.related] == [(1, "crypto ikev2 authorization policy A")]


def test_rule_ids_are_stable_and_documented_fields_present() -> None:
    for rule in RULES.values():
        assert rule.id == rule.id.lower() and "/" in rule.id and " " not in rule.id
        assert rule.title and rule.hint.endswith((".", ")"))

