"""The six built-in labs: a student session that solves each, and attempts that do not.

Each solved session's running-config must also pass `--config` grading (where the lab has a
[grading] replay), and the lab's starting configuration must not.
"""

from __future__ import annotations

import pytest

from iosxe_sim.labs.grader import Grade, grade_config, grade_script, grade_start
from iosxe_sim.labs.loader import builtin_labs, load_lab

SOLUTIONS = {
    "reconnect-after-resume": """
configure terminal
crypto ikev2 profile AnyConnect-EAP
 reconnect timeout 900
end
lab client pc1 disconnect
lab client pc1 connect
lab client pc1 sleep
lab clock advance 10m
lab client pc1 resume
""",
    "roaming-client": """
lab client pc1 roam port 50000
lab client pc1 roam address 198.51.100.7
lab client pc1 traffic 10
""",
    "reconnect-window": """
lab clock advance 25m
configure terminal
crypto ikev2 profile AnyConnect-EAP
 reconnect timeout 1500
end
lab client pc1 sleep
lab clock advance 20m
lab client pc1 resume
""",
    "psk-restriction": """
configure terminal
crypto ikev2 profile AnyConnect-EAP
 no authentication local pre-share
 no keyring local SITE-KEYS
 authentication local rsa-sig
 reconnect timeout 900
crypto ikev2 profile SITE-TO-SITE
 match identity remote address 203.0.113.10 255.255.255.255
 authentication local pre-share
 authentication remote pre-share
 keyring local SITE-KEYS
end
lab client pc1 connect
lab client pc1 sleep
lab clock advance 5m
lab client pc1 resume
""",
    "suspend-behavior": """
lab clock advance 7m
configure terminal
crypto vpn anyconnect profile acvpn bootflash:acvpn-resume.xml
end
lab client pc1 connect
lab client pc1 sleep
lab clock advance 5m
lab client pc1 resume
""",
    "broken-head-end": """
configure terminal
crypto ikev2 profile AnyConnect-EAP
 virtual-template 10
 no pki trustpoint IKEv2-TRUST
 pki trustpoint IKEv2-TP
crypto ikev2 authorization policy ikev2-auth-policy
 pool ACPPOOL
 route set access-list split_tunnel
end
lab client pc1 connect
""",
    "dpd-tuning": """
configure terminal
crypto ikev2 profile AnyConnect-EAP
 dpd 10 2 on-demand
end
lab client pc1 disconnect
lab client pc1 connect
lab client pc1 sleep
lab clock advance 5m
lab client pc1 resume
lab answer 3 b
""",
    "capture-refused-reconnect": """
monitor capture CAP interface GigabitEthernet1 both
monitor capture CAP match any
monitor capture CAP start
lab clock advance 20m
monitor capture CAP stop
lab capture CAP export bootflash:lunch.pcap
lab answer 2 b
configure terminal
crypto ikev2 profile AnyConnect-EAP
reconnect timeout 1200
end
lab client pc1 sleep
lab clock advance 15m
lab client pc1 resume
""",
    "reconnect-skips-aaa": """
configure terminal
crypto ikev2 profile AnyConnect-EAP
 reconnect timeout 900
end
lab client pc1 disconnect
lab client pc1 connect
debug crypto ikev2
lab clock advance 10m
lab answer 4 PSK
lab answer 5 JPglOUshVvUTGBGQmt
""",
}

# Plausible wrong attempts: (lab, script, the objective ids that must fail).
ATTEMPTS = [
    pytest.param(
        "capture-refused-reconnect",
        """
lab clock advance 20m
lab answer 2 a
configure terminal
crypto ikev2 profile AnyConnect-EAP
reconnect timeout 3600
end
""",
        {"capture", "why", "fix"},  # no capture, a wrong reason, a window past the policy
        id="guess-without-a-capture",
    ),
    pytest.param(
        "reconnect-after-resume",
        """
configure terminal
crypto ikev2 profile AnyConnect-EAP
 reconnect timeout 900
end
lab client pc1 sleep
lab clock advance 10m
lab client pc1 resume
""",
        {"resume-with-token", "verify"},
        id="reconnect-without-reconnecting-the-client",
    ),
    pytest.param(
        "reconnect-after-resume",
        """
configure terminal
crypto ikev2 profile AnyConnect-EAP
 reconnect timeout 900
end
lab client pc1 disconnect
lab client pc1 connect
lab client pc1 sleep
lab clock advance 3m
lab client pc1 resume
""",
        {"resume-with-token"},
        id="sleep-too-short",
    ),
    pytest.param(
        "roaming-client", "lab client pc1 roam port 50000\n", {"new-network", "one-sa"}, id="port-only"
    ),
    pytest.param(
        "roaming-client",
        """
lab client pc1 disconnect
lab client pc1 roam address 198.51.100.7
lab client pc1 connect
lab client pc1 traffic 5
""",
        {"new-port", "new-network"},
        id="reconnected-by-hand",
    ),
    pytest.param(
        "reconnect-window",
        """
configure terminal
crypto ikev2 profile AnyConnect-EAP
 reconnect timeout 86400
end
lab client pc1 sleep
lab clock advance 20m
lab client pc1 resume
""",
        {"see-failure", "tune-timeout", "resume-after-20"},
        id="window-too-wide",
    ),
    pytest.param(
        "reconnect-window",
        """
lab client pc1 sleep
lab clock advance 20m
configure terminal
crypto ikev2 profile AnyConnect-EAP
 reconnect timeout 1800
end
lab client pc1 resume
""",
        {"resume-after-20"},
        id="tuned-too-late",
    ),
    pytest.param(
        "psk-restriction",
        """
configure terminal
crypto ikev2 profile AnyConnect-EAP
 no authentication local pre-share
 authentication local rsa-sig
 reconnect timeout 900
end
""",
        {"reconnect-without-psk", "branch-profile", "lint-clean", "client-reconnects"},
        id="keyring-left",
    ),
    pytest.param(
        "suspend-behavior",
        """
configure terminal
crypto vpn anyconnect profile acvpn bootflash:acvpn-resume.xml
end
lab client pc1 sleep
lab clock advance 5m
lab client pc1 resume
""",
        {"client-profile", "resume"},
        id="client-never-fetched-the-profile",
    ),
    pytest.param(
        "broken-head-end",
        """
configure terminal
crypto ikev2 profile AnyConnect-EAP
 virtual-template 10
crypto ikev2 authorization policy ikev2-auth-policy
 pool ACPPOOL
 route set access-list split_tunnel
end
lab client pc1 connect
""",
        {"trustpoint", "client-works"},
        id="trustpoint-left-dangling",
    ),
    pytest.param(
        "dpd-tuning",
        "lab client pc1 sleep\nlab clock advance 5m\nlab client pc1 resume\nlab answer 3 a\n",
        {"dpd-tuned", "prove-it", "seed-dpd"},
        id="seed-dpd-untouched",
    ),
    pytest.param(
        "dpd-tuning",
        """
configure terminal
crypto ikev2 profile AnyConnect-EAP
 dpd 10 2 periodic
end
lab client pc1 disconnect
lab client pc1 connect
lab client pc1 sleep
lab clock advance 5m
lab client pc1 resume
lab answer 3 (b) on demand
""",
        {"dpd-tuned"},
        id="dpd-periodic",
    ),
    pytest.param(
        "reconnect-skips-aaa",
        """
configure terminal
crypto ikev2 profile AnyConnect-EAP
 reconnect timeout 900
end
debug crypto ikev2
lab clock advance 10m
lab answer 4 EAP
lab answer 5 pc1
""",
        {"resume-without-aaa", "show-it", "auth-method", "session-id"},
        id="aaa-without-a-token",
    ),
]


def failed(grade: Grade) -> set[str]:
    return {result.objective.id for result in grade.results if not result.passed}


def test_every_builtin_lab_has_a_solution() -> None:
    assert sorted(source.name for source in builtin_labs()) == sorted(SOLUTIONS)


@pytest.mark.parametrize("name", sorted(SOLUTIONS))
def test_solution_solves_the_lab(name: str) -> None:
    grade = grade_script(load_lab(name), SOLUTIONS[name])
    assert failed(grade) == set(), grade.transcript
    assert grade.exit_code == 0
    assert "Traceback" not in grade.transcript


@pytest.mark.parametrize("name", sorted(SOLUTIONS))
def test_untouched_lab_is_not_solved(name: str) -> None:
    grade = grade_start(load_lab(name))
    assert not grade.passed
    assert grade.exit_code == 1


@pytest.mark.parametrize(("name", "script", "failing"), ATTEMPTS)
def test_wrong_attempt_fails_the_right_objectives(name: str, script: str, failing: set[str]) -> None:
    grade = grade_script(load_lab(name), script)
    assert failed(grade) == failing, grade.transcript
    assert grade.exit_code == 1


@pytest.mark.parametrize("name", sorted(n for n in SOLUTIONS if load_lab(n).replay))
def test_solved_running_config_passes_config_grading(name: str) -> None:
    lab = load_lab(name)
    solved = grade_script(lab, SOLUTIONS[name]).session.device.running_config()
    grade = grade_config(lab, solved)
    assert grade.passed, grade.transcript
    assert grade.mode == "config"


@pytest.mark.parametrize("name", sorted(n for n in SOLUTIONS if load_lab(n).replay))
def test_starting_config_fails_config_grading(name: str) -> None:
    lab = load_lab(name)
    start = grade_start(lab).session.device.running_config()
    assert not grade_config(lab, start).passed


def test_config_grading_lints_the_submitted_file() -> None:
    """A saved config with `reconnect` next to a pre-shared key fails lint even though the device
    dropped the offending line when it booted."""
    lab = load_lab("psk-restriction")
    solved = grade_script(lab, SOLUTIONS["psk-restriction"]).session.device.running_config()
    broken = solved.replace(" authentication local rsa-sig\n", " authentication local pre-share\n", 1)
    grade = grade_config(lab, broken)
    lint_clean = next(r for r in grade.results if r.objective.id == "lint-clean")
    assert not lint_clean.passed
    assert "reconnect/psk" in next(c.detail for c in lint_clean.checks if c.check.kind == "lint")


def test_session_only_objectives_are_listed_as_skipped_for_config_grading() -> None:
    lab = load_lab("suspend-behavior")
    grade = grade_config(lab, grade_start(lab).session.device.running_config())
    [skipped] = [r for r in grade.results if r.skipped]
    assert skipped.objective.id == "watch-suspend" and skipped.status == "skipped (session only)"
    assert not skipped.passed and not skipped.scored and skipped.checks == ()
    assert grade.score[1] == sum(o.points for o in lab.objectives if o.scored)


def test_grading_is_deterministic() -> None:
    lab = load_lab("reconnect-after-resume")
    first = grade_script(lab, SOLUTIONS["reconnect-after-resume"])
    second = grade_script(lab, SOLUTIONS["reconnect-after-resume"])
    assert first.transcript == second.transcript
    assert [c.detail for r in first.results for c in r.checks] == [
        c.detail for r in second.results for c in r.checks
    ]
