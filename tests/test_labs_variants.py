"""Per-student variants (issue 13): [variables] drawn from the student id, substituted everywhere."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iosxe_sim.labs.grader import grade_script
from iosxe_sim.labs.loader import LabSource, load_lab, parse_lab
from iosxe_sim.labs.present import briefing
from iosxe_sim.labs.validate import LabError

VARIANT_LABS = ("reconnect-after-resume", "reconnect-window", "psk-restriction")
HEADER = '[lab]\ntitle = "T"\nlevel = "beginner"\ndescription = "D ${v}"\n'
CHECK = '[[objective]]\ntitle = "O"\n[[objective.check]]\nkind = "lint"\n'


def parse(text: str, student: str | None = None, folder: Path = Path(".")):
    return parse_lab(text, LabSource("t", folder, folder / "lab.toml", "lab.toml"), student)


def shown(name: str, student: str) -> str:
    out = io.StringIO()
    briefing(load_lab(name, student), out)
    return out.getvalue()


@pytest.mark.parametrize("name", VARIANT_LABS)
def test_two_students_get_different_labs_and_each_always_the_same(name: str) -> None:
    assert shown(name, "alice") != shown(name, "bob")
    assert shown(name, "alice") == shown(name, "alice")
    alice, bob = load_lab(name, "alice"), load_lab(name, "bob")
    assert alice.variables != bob.variables and alice.seed != bob.seed
    assert load_lab(name, "alice", seed=7).variables != alice.variables


def test_without_a_student_the_lab_is_as_written() -> None:
    lab = load_lab("reconnect-after-resume")
    assert lab.student is None and lab.variables["timeout"] == 900 and lab.seed == 1
    assert "username test password 0 cisco" in str(lab.config_text)


def solve_resume(lab) -> str:
    timeout = lab.variables["timeout"]
    return (
        f"configure terminal\ncrypto ikev2 profile AnyConnect-EAP\n reconnect timeout {timeout}\nend\n"
        "lab client pc1 disconnect\nlab client pc1 connect\n"
        "lab client pc1 sleep\nlab clock advance 10m\nlab client pc1 resume\n"
    )


def test_values_reach_the_config_the_clients_and_the_checks() -> None:
    lab = load_lab("reconnect-after-resume", "alice")
    user, pool = lab.variables["user"], lab.variables["pool"]
    assert f"username {user} password 0 {lab.variables['password']}" in str(lab.config_text)
    assert f"ip local pool ACPPOOL {pool['first']} {pool['last']}" in str(lab.config_text)  # type: ignore[index]
    assert lab.clients[0].user == user
    assert lab.objectives[0].checks[0].get("equals") == lab.variables["timeout"]
    grade = grade_script(lab, solve_resume(lab))
    assert grade.passed, grade.transcript
    assert f"address {pool['first']}" in grade.transcript  # type: ignore[index]


def test_one_students_answer_does_not_pass_another_students_variant() -> None:
    alice, bob = load_lab("reconnect-after-resume", "alice"), load_lab("reconnect-after-resume", "bob")
    assert alice.variables["timeout"] != bob.variables["timeout"]
    assert grade_script(alice, solve_resume(alice)).passed
    assert not grade_script(bob, solve_resume(alice)).passed


def test_psk_variant_branch_address_is_checked_through_profile_selection() -> None:
    alice, bob = load_lab("psk-restriction", "alice"), load_lab("psk-restriction", "bob")
    assert alice.variables["branch"] != bob.variables["branch"]
    script = (
        "configure terminal\ncrypto ikev2 profile AnyConnect-EAP\n no authentication local pre-share\n"
        " no keyring local SITE-KEYS\n authentication local rsa-sig\n reconnect timeout 900\n"
        f"crypto ikev2 profile SITE\n match identity remote address {alice.variables['branch']} 255.255.255.255\n"
        " authentication local pre-share\n authentication remote pre-share\n keyring local SITE-KEYS\nend\n"
        "lab client pc1 connect\nlab client pc1 sleep\nlab clock advance 5m\nlab client pc1 resume\n"
    )
    assert grade_script(alice, script).passed
    failed = {r.objective.id for r in grade_script(bob, script).results if not r.passed}
    assert failed == {"branch-profile"}


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ('v = { choices = [] }', "variables.v.choices: must be a list of 1 to 1000 values"),
        ('v = { range = [9, 1] }', "low must not be above high"),
        ('v = { pool = "10.0.0.0/30", size = 9 }', "variables.v.size: must be an integer from 1 to 2"),
        ('v = { address = "not-a-net" }', "is not an IPv4 network"),
        ('v = { name = "two words" }', "must be a one-word prefix"),
        ('v = { choices = [1, 2], range = [1, 2] }', "give exactly one of"),
        ('v = { choices = [1, 2], default = 3 }', "variables.v.default: 3 is not one of its values"),
        ('v = { choices = [1], colour = "red" }', "unknown field 'colour'"),
    ],
)
def test_bad_variables_are_named(variables: str, message: str) -> None:
    with pytest.raises(LabError, match="lab.toml") as caught:
        parse(HEADER + f"[variables]\n{variables}\n" + CHECK)
    assert message in str(caught.value)


def test_an_unknown_placeholder_names_where_it_is() -> None:
    with pytest.raises(LabError) as caught:
        parse(HEADER.replace("${v}", "${w}") + '[variables]\nv = { choices = ["x"] }\n' + CHECK)
    assert "lab.toml:4: lab.description: unknown variable ${w} (variables: v)" in str(caught.value)


def test_a_placeholder_alone_takes_the_value_type_and_fields_are_read() -> None:
    lab = parse(
        HEADER.replace("${v}", "${v.a}")
        + '[variables]\nv = { choices = [{ a = 5, b = "x" }] }\nn = { range = [600, 600] }\n'
        + '[[objective]]\ntitle = "O ${v.b}"\n[[objective.check]]\nkind = "state"\n'
        + 'query = "profile.reconnect-timeout"\nprofile = "P"\nequals = "${n}"\n',
        student="s1",
    )
    assert lab.description == "D 5"
    assert lab.objectives[0].title == "O x" and lab.objectives[0].checks[0].get("equals") == 600


def test_student_ids_are_bounded() -> None:
    with pytest.raises(LabError, match="is not a student id"):
        parse(HEADER.replace("${v}", "") + CHECK, student="a b")


def test_a_large_range_takes_a_default_inside_it() -> None:
    lab = parse(HEADER + '[variables]\nv = { range = [1, 1000000], default = 77 }\n' + CHECK)
    assert lab.description == "D 77"
    with pytest.raises(LabError, match="0 is not one of its values"):
        parse(HEADER + '[variables]\nv = { range = [1, 1000000], default = 0 }\n' + CHECK)


_VALUES = st.recursive(
    st.one_of(st.integers(-5, 10**6), st.text(max_size=12), st.booleans(), st.none()),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    table=st.dictionaries(
        st.sampled_from(["v", "w", "bad name"]),
        st.dictionaries(st.sampled_from(["choices", "range", "pool", "address", "name", "size", "default"]), _VALUES, max_size=3),
        max_size=2,
    ),
    student=st.one_of(st.none(), st.sampled_from(["alice", "bob"])),
)
def test_any_variables_table_loads_or_is_a_lab_error(table: dict, student: str | None) -> None:
    from iosxe_sim.labs.variables import derive

    def fail(path, message):
        return LabError(f"{path}: {message}")

    try:
        values = derive(table, student, 1, fail)
    except LabError:
        return
    assert set(values) == set(table)
