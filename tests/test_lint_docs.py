"""docs/lint-rules.md is generated from the rule registry and must be up to date."""

from __future__ import annotations

from pathlib import Path

from iosxe_sim.lint import RULES
from iosxe_sim.lint.rules_doc import render

DOC = Path(__file__).resolve().parent.parent / "docs" / "lint-rules.md"


def test_rules_doc_is_up_to_date() -> None:
    assert DOC.read_text(encoding="utf-8") == render(), (
        "docs/lint-rules.md is stale: run `python -m iosxe_sim.lint.rules_doc > docs/lint-rules.md`"
    )


def test_rules_doc_lists_every_rule_once() -> None:
    text = render()
    for rule_id in RULES:
        assert text.count(f"| `{rule_id}` |") == 1
