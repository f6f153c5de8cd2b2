"""The grader cannot be gamed and does not fail correct work (issue 13): the final configuration is
re-tested, order and while-conditions, structure through the config model, no free points,
weighted points, instructor mistakes caught by `lab show`."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_labs_builtin import SOLUTIONS

from iosxe_sim.labs.audit import audit, check_replay
from iosxe_sim.labs.grader import free_objectives, grade_config, grade_script, grade_start
from iosxe_sim.labs.loader import LabSource, builtin_labs, load_lab, parse_lab
from iosxe_sim.labs.model import Lab
from iosxe_sim.labs.validate import LabError

HEADER = '[lab]\ntitle = "T"\nlevel = "beginner"\ndescription = "D"\n[[client]]\nname = "pc1"\n'
RECONNECT = "configure terminal\ncrypto ikev2 profile AnyConnect-EAP\n reconnect timeout 900\nend\n"
SLEEP_10M = "lab client pc1 sleep\nlab clock advance 10m\nlab client pc1 resume\n"


def lab_of(text: str) -> Lab:
    return parse_lab(HEADER + text, LabSource("t", Path("."), Path("lab.toml"), "lab.toml"))


def failed(grade) -> set[str]:
    return {result.objective.id for result in grade.results if result.scored and not result.passed}


# -- the final state is re-tested ------------------------------------------------------------------
@pytest.mark.parametrize(
    "breakage",
    [
        "configure terminal\nno username test\nend\n",
        "configure terminal\ninterface Virtual-Template10 type tunnel\n shutdown\nend\n",
        ("configure terminal\ncrypto ipsec transform-set WEAK esp-des esp-md5-hmac\n"
         "crypto ipsec profile AnyConnect-EAP\n set transform-set WEAK\nend\n"),
    ],
    ids=["no-username", "shutdown-template", "weak-transform"],
)
def test_breaking_the_router_after_passing_loses_the_marks(breakage: str) -> None:
    lab = load_lab("reconnect-after-resume")
    grade = grade_script(lab, SOLUTIONS["reconnect-after-resume"] + breakage)
    assert grade.score[0] < grade.score[1] and grade.exit_code == 1
    broken = next(r for r in grade.results if r.objective.id == "resume-with-token")
    assert any(c.check.description.startswith("final config re-test: ") for c in broken.checks if not c.passed)
    assert grade.retest is not None


def test_a_correct_solution_keeps_full_marks_after_the_re_test() -> None:
    grade = grade_script(load_lab("reconnect-after-resume"), SOLUTIONS["reconnect-after-resume"])
    assert grade.score == (3, 3) and grade.retest is not None
    assert "final config re-test" not in str([c.check.description for r in grade.results for c in r.checks])


# -- no hard-coded values that fail correct work ---------------------------------------------------
def test_a_stale_virtual_access_does_not_fail_a_correct_fix() -> None:
    """A sleep before the change leaves the old session holding .5; the new one gets .6, and a
    resume that keeps .6 is what the objective asks for."""
    script = "lab client pc1 sleep\n" + RECONNECT + "lab client pc1 resume\nlab client pc1 connect\n" + SLEEP_10M
    grade = grade_script(load_lab("reconnect-after-resume"), script)
    assert "address 192.168.20.6" in grade.transcript
    assert failed(grade) == set(), grade.transcript


def test_the_hint_says_what_to_do_in_each_client_state() -> None:
    objective = next(o for o in load_lab("reconnect-after-resume").objectives if o.id == "resume-with-token")
    assert "lab show clients" in objective.hints[0] and "asleep" in objective.hints[0]


def test_same_address_holds_for_a_roam_that_keeps_the_inner_address() -> None:
    lab = lab_of(
        '[[objective]]\ntitle = "O"\n[[objective.check]]\nkind = "reconnect"\nclient = "pc1"\nsame-address = true\n'
    )
    grade = grade_script(lab, "lab client pc1 connect\nlab client pc1 roam address 198.51.100.7\n")
    [result] = grade.results
    assert result.passed  # a roam keeps the address
    assert "(new address)" not in result.checks[0].detail


# -- structure, not text ---------------------------------------------------------------------------
PSK_BASE = """configure terminal
crypto ikev2 profile AnyConnect-EAP
 no authentication local pre-share
 no keyring local SITE-KEYS
 authentication local rsa-sig
 reconnect timeout 900
"""


def test_a_dummy_profile_holding_the_keyring_does_not_pass_the_branch_objective() -> None:
    script = PSK_BASE + (
        "crypto ikev2 profile DUMMY\n keyring local SITE-KEYS\n authentication local pre-share\n"
        "crypto ikev2 profile AnyConnect-EAP\n match identity remote address 203.0.113.10 255.255.255.255\nend\n"
    )
    grade = grade_script(load_lab("psk-restriction"), script)
    assert "branch-profile" in failed(grade)


def test_the_structure_checks_follow_profile_selection_not_names() -> None:
    """The branch's keys in a profile of any name pass, as long as 203.0.113.10 selects it."""
    script = PSK_BASE + (
        "crypto ikev2 profile BRANCH-7\n match identity remote address 203.0.113.0 255.255.255.0\n"
        " authentication local pre-share\n authentication remote pre-share\n keyring local SITE-KEYS\nend\n"
        "lab client pc1 connect\n" + "lab client pc1 sleep\nlab clock advance 5m\nlab client pc1 resume\n"
    )
    assert failed(grade_script(load_lab("psk-restriction"), script)) == set()


# -- no free points, weights, skipped --------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(SOLUTIONS))
def test_an_untouched_lab_scores_zero_and_gives_nothing_away(name: str) -> None:
    lab = load_lab(name)
    assert grade_start(lab).score[0] == 0
    assert free_objectives(lab) == frozenset()


def test_an_objective_the_untouched_lab_meets_scores_nothing_and_lab_show_warns() -> None:
    lab = lab_of(
        '[[objective]]\nid = "free"\ntitle = "F"\n[[objective.check]]\nkind = "lint"\n'
        '[[objective]]\nid = "work"\ntitle = "W"\npoints = 3\n[[objective.check]]\nkind = "state"\n'
        'query = "profile.reconnect-timeout"\nprofile = "AnyConnect-EAP"\nequals = 1800\n'
    )
    assert free_objectives(lab) == {"free"}
    assert grade_start(lab).score == (0, 3)
    solved = grade_script(lab, "configure terminal\ncrypto ikev2 profile AnyConnect-EAP\n reconnect timeout 1800\nend\n")
    assert solved.score == (3, 3) and solved.passed
    [warning] = audit(lab)
    assert "objective 1 (free) is met by the untouched lab" in warning


def test_points_weigh_objectives() -> None:
    lab = load_lab("psk-restriction")
    grade = grade_script(lab, PSK_BASE + "end\n")
    by_id = {r.objective.id: r for r in grade.results}
    assert by_id["reconnect-without-psk"].points == 2 and by_id["branch-profile"].points == 0
    assert grade.score == (3, 6)


def test_story_objectives_are_shown_not_scored() -> None:
    lab = load_lab("reconnect-window")
    story = next(o for o in lab.objectives if o.id == "see-failure")
    assert story.story and not story.scored
    grade = grade_script(lab, SOLUTIONS["reconnect-window"])
    result = next(r for r in grade.results if r.objective.id == "see-failure")
    assert result.passed and result.points == 0 and result.status == "passed (story, not scored)"


# -- order and while -------------------------------------------------------------------------------
ORDER = """
[[objective]]
id = "enable"
title = "E"
[[objective.check]]
kind = "state"
query = "profile.reconnect"
profile = "AnyConnect-EAP"
equals = true
[[objective]]
id = "after"
title = "A"
[[objective.check]]
kind = "event"
event = "session-up"
client = "pc1"
after = "enable"
[[objective]]
id = "while"
title = "W"
[[objective.check]]
kind = "event"
event = "inactive-expired"
client = "pc1"
while = { query = "profile.reconnect-timeout", profile = "AnyConnect-EAP", equals = 600 }
"""
NO_RECONNECT = "configure terminal\ncrypto ikev2 profile AnyConnect-EAP\n no reconnect\nend\n"


def test_after_counts_only_what_happened_once_the_other_objective_was_met() -> None:
    lab = lab_of(ORDER)
    before = grade_script(lab, NO_RECONNECT + "lab client pc1 connect\n" + RECONNECT)
    assert "after" in failed(before)
    after = grade_script(lab, NO_RECONNECT + RECONNECT + "lab client pc1 connect\n")
    assert "after" not in failed(after)


def test_while_counts_only_what_happened_while_the_condition_held() -> None:
    lab = lab_of(ORDER)
    timeout_600 = "configure terminal\ncrypto ikev2 profile AnyConnect-EAP\n reconnect timeout 600\nend\n"
    sleep_long = "lab client pc1 connect\nlab client pc1 sleep\nlab clock advance 20m\n"
    held = grade_script(lab, timeout_600 + sleep_long)
    assert "while" not in failed(held)
    other = grade_script(lab, sleep_long)  # the default device: timeout 900, expired after it
    assert "while" in failed(other)
    assert next(r for r in other.results if r.objective.id == "while").checks[0].detail == "0 found"


# -- instructor mistakes ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("check", "message"),
    [
        ('query = "profile.reconnect-timeout"\nprofile = "P"\nequals = "600"',
         "query 'profile.reconnect-timeout' gives an integer, but '600' is string (write equals = 600, without quotes)"),
        ('query = "profile.reconnect"\nprofile = "P"\nequals = "true"', "gives a boolean"),
        ('query = "client.state"\nclient = "pc1"\nequals = 1', "gives a string, but 1 is integer (quote it)"),
        ('query = "profile.reconnect"\nprofile = "P"\nat-least = 1', "gives a boolean, not a number"),
        ('query = "profile.name"\nselected-for = "pc9"\nequals = "x"', "'pc9' is neither a declared client nor an IPv4 address"),
    ],
)
def test_state_checks_of_the_wrong_type_are_refused(check: str, message: str) -> None:
    with pytest.raises(LabError, match="objective\\[1\\]\\.check\\[1\\]") as caught:
        lab_of(f'[[objective]]\ntitle = "O"\n[[objective.check]]\nkind = "state"\n{check}\n')
    assert message in str(caught.value)


def test_after_must_name_an_objective_and_while_must_read_the_config() -> None:
    with pytest.raises(LabError, match="no objective has the id 'nope'"):
        lab_of('[[objective]]\ntitle = "O"\n[[objective.check]]\nkind = "event"\nevent = "session-up"\nafter = "nope"\n')
    with pytest.raises(LabError, match="use a profile.\\* query"):
        lab_of(
            '[[objective]]\ntitle = "O"\n[[objective.check]]\nkind = "event"\nevent = "session-up"\n'
            'while = { query = "sessions", at-least = 1 }\n'
        )


@pytest.mark.parametrize(
    ("replay", "message"),
    [
        ("lab clok advance 8m", "lab.toml:14: grading.replay line 2: the CLI does not accept 'lab clok advance 8m'"),
        ("lab client pc9 connect", "lab.toml:14: grading.replay line 2: no client 'pc9' is declared"),
        ("configure terminal\ncrypto ikev2 profile P\n reconect", "grading.replay line 4: the CLI does not accept 'reconect'"),
    ],
)
def test_replay_mistakes_are_caught_before_anyone_is_graded(replay: str, message: str) -> None:
    lab = lab_of(
        '[[objective]]\ntitle = "O"\n[[objective.check]]\nkind = "lint"\n'
        f'[grading]\nreplay = """\nlab client pc1 connect\n{replay}\n"""\n'
    )
    with pytest.raises(LabError) as caught:
        check_replay(lab)
    assert message in str(caught.value)


@pytest.mark.parametrize("source", builtin_labs(), ids=lambda s: s.name)
def test_builtin_labs_pass_the_audit(source: LabSource) -> None:
    assert audit(load_lab(source.name)) == []


def test_config_grading_lists_session_only_objectives_as_skipped() -> None:
    lab = load_lab("reconnect-window")
    grade = grade_config(lab, grade_start(lab).session.device.running_config())
    assert [r.status for r in grade.results if r.skipped] == ["skipped (session only)"]


# -- question objectives ---------------------------------------------------------------------------
def test_lab_answer_records_an_answer_to_a_question_objective() -> None:
    from iosxe_sim.labs.runtime import LabSession

    session = LabSession(load_lab("dpd-tuning"))
    device = session.device
    assert "Question: What does `dpd 45 2 on-demand` mean?" in device.execute("lab objectives").replace("\n      ", " ")
    assert device.execute("lab answer 1 b") == "% Objective 1 is not a question (questions: 3)\n"
    assert device.execute("lab answer 3 (a) every 45 s").startswith("Answer to objective 3 recorded")
    assert "FAIL  3. Explain the seed's DPD" in device.execute("lab check")
    device.execute("lab answer 3 b, on demand")
    assert "PASS  3. Explain the seed's DPD" in device.execute("lab check")


def test_an_answer_can_be_a_value_of_the_lab_run() -> None:
    lab = load_lab("reconnect-skips-aaa")
    script = SOLUTIONS["reconnect-skips-aaa"].replace("lab answer 5 JPglOUshVvUTGBGQmt", "lab answer 5 'JPGLOUSHVVUTGBGQMT'")
    assert "session-id" not in failed(grade_script(lab, script))
    wrong = SOLUTIONS["reconnect-skips-aaa"].replace("JPglOUshVvUTGBGQmt", "abcdefghijklmnopqr")
    assert failed(grade_script(lab, wrong)) == {"session-id"}


def test_a_question_must_be_session_only_and_have_one_right_answer() -> None:
    base = '[[objective]]\ntitle = "Q"\n{extra}[[objective.check]]\nkind = "answer"\nquestion = "?"\n{answer}'
    with pytest.raises(LabError, match="add session-only = true"):
        lab_of(base.format(extra="", answer="matches = 'x'\n"))
    with pytest.raises(LabError, match="give matches or query"):
        lab_of(base.format(extra="session-only = true\n", answer=""))
