"""Every example in examples/ runs: CLI scripts replay without errors, configs lint as documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from iosxe_sim.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SCRIPTS = sorted(EXAMPLES.glob("*.txt"))


@pytest.mark.parametrize("script", SCRIPTS, ids=[p.name for p in SCRIPTS])
def test_script_replays_without_errors(script: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(script), "--seed", "1", "--startup", str(tmp_path / "startup")]) == 0
    transcript = capsys.readouterr().out
    for problem in ("% Invalid", "% Incomplete", "% Ambiguous", "% Unknown", "% Internal error"):
        assert problem not in transcript


def test_seed_reconnect_transcript(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["run", str(EXAMPLES / "seed-reconnect.txt"), "--seed", "1", "--startup", str(tmp_path / "s")])
    transcript = capsys.readouterr().out
    after = transcript.split("lab client pc1 resume", 1)[1]
    assert "Capabilities:DN connid:1 lifetime:23:59:45" in transcript
    assert "Inbound:  #pkts dec'ed 15 drop 0 life (KB/Sec)" in transcript
    assert "Capabilities:DNR connid:1 lifetime:23:59:57" in after
    assert "Auth verify: PSK" in after and "host 192.168.20.5" in after
    assert "Success reconnect connection: 1" in after
    assert "Using IKE ID '" in after and "for reconnect" in after


@pytest.mark.parametrize(
    ("config", "errors"), [("seed-gateway.cfg", 0), ("seed-fragment.cfg", 2), ("c8000v-headend.cfg", 0)]
)
def test_configs_lint_as_documented(config: str, errors: int, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(EXAMPLES / config)]) == (1 if errors else 0)
    assert capsys.readouterr().out.splitlines()[-1].startswith(f"{errors} errors")


def test_a_real_looking_running_config_round_trips() -> None:
    from iosxe_sim.config.loader import load_config
    from iosxe_sim.config.nvgen import render_running_config
    from iosxe_sim.parser.grammar import default_grammar
    from iosxe_sim.parser.match import default_matcher

    grammar, matcher = default_grammar(), default_matcher()
    loaded = load_config((EXAMPLES / "c8000v-headend.cfg").read_text(), grammar, matcher)
    rendered = render_running_config(loaded.config, grammar)
    assert "no service pad\n" in rendered and "logging buffered 51200 warnings\n" in rendered
    assert load_config(rendered, grammar, matcher).config == loaded.config
