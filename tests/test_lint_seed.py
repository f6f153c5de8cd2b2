"""The seed configurations and generated head-end configs through the linter."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from iosxe_sim.lint import Severity, lint_text

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def _errors(path: Path) -> list[tuple[str, int, str]]:
    diagnostics = lint_text(path.read_text(encoding="utf-8"), str(path))
    return [(d.rule, d.line, d.source.strip()) for d in diagnostics if d.severity is Severity.ERROR]


def test_seed_fragment_has_exactly_the_two_dangling_references() -> None:
    assert _errors(EXAMPLES / "seed-fragment.cfg") == [
        ("ref/trustpoint", 33, "pki trustpoint IKEv2-TP"),
        ("ref/interface", 57, "ip unnumbered GigabitEthernet1"),
    ]


def test_completed_seed_has_no_errors() -> None:
    assert _errors(EXAMPLES / "seed-gateway.cfg") == []


@pytest.mark.parametrize("profile", ["acl", "headend", "many-first-words"])
@pytest.mark.parametrize("seed", [1, 7])
def test_generated_benchmark_configs_have_no_errors(seed: int, profile: str) -> None:
    spec = importlib.util.spec_from_file_location("gen_config", ROOT / "bench" / "gen_config.py")
    assert spec is not None and spec.loader is not None
    gen_config = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen_config)
    diagnostics = lint_text(gen_config.generate(3000, seed, profile), "gen.cfg")
    assert [d for d in diagnostics if d.severity is Severity.ERROR] == []
    assert {d.rule for d in diagnostics} <= {"info/unmodelled"}
