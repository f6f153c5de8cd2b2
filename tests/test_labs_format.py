"""Lab files: what the loader accepts, and how it names the line and field of what it does not."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iosxe_sim.labs.loader import LabSource, builtin_labs, find_lab, load_lab, parse_lab
from iosxe_sim.labs.locate import dotted, key_lines
from iosxe_sim.labs.validate import LabError

HEADER = '[lab]\ntitle = "T"\nlevel = "beginner"\ndescription = "D"\n'
OBJ = '[[objective]]\ntitle = "O"\n'
CHECK = '[[objective]]\ntitle = "O"\n[[objective.check]]\nkind = "lint"\n'


def parse(text: str, folder: Path | None = None) -> object:
    base = folder or Path(".")
    return parse_lab(text, LabSource("t", base, base / "lab.toml", "lab.toml"))


def error(text: str, folder: Path | None = None) -> str:
    with pytest.raises(LabError) as caught:
        parse(text, folder)
    return str(caught.value)


def test_minimal_lab_uses_the_default_device() -> None:
    lab = parse(HEADER + CHECK)
    assert lab.config_text is None and lab.clients == () and lab.timeline == ()
    assert lab.seed == 1 and lab.objectives[0].id == "objective-1"
    assert lab.objectives[0].checks[0].description == "no lint errors (the config lints clean)"


def test_timeline_actions_become_cli_lines_in_time_order(tmp_path: Path) -> None:
    text = (
        HEADER
        + '[[client]]\nname = "pc1"\n'
        + (
            '[[timeline]]\nat = "2m"\nclient = "pc1"\naction = "outage"\nseconds = 90\n'
            '[[timeline]]\nat = 30\nclient = "pc1"\naction = "roam"\naddress = "198.51.100.7"\nport = 4500\n'
            '[[timeline]]\nclient = "pc1"\naction = "traffic"\n'
            '[[timeline]]\nat = "1h"\nconfig = """\ncrypto ikev2 profile X\n reconnect\n"""\n'
        )
        + CHECK
    )
    lab = parse(text, tmp_path)
    assert [(e.at, e.exec) for e in lab.timeline] == [
        (0.0, "lab client pc1 traffic 10"),
        (30.0, "lab client pc1 roam address 198.51.100.7 port 4500"),
        (120.0, "lab client pc1 outage 90"),
        (3600.0, None),
    ]
    assert lab.timeline[-1].config == ("crypto ikev2 profile X", " reconnect")


def test_files_are_read_next_to_the_lab(tmp_path: Path) -> None:
    (tmp_path / "r1.cfg").write_text("hostname R1\n")
    xml = Path("examples/default-device/bootflash/acvpn-disconnect.xml").read_bytes()
    (tmp_path / "p.xml").write_bytes(xml)
    text = (
        HEADER
        + '[device]\nconfig = "r1.cfg"\n[device.bootflash]\n"x.xml" = "p.xml"\n'
        + ('[[client]]\nname = "pc1"\nprofile = "p.xml"\n')
        + CHECK
    )
    lab = parse(text, tmp_path)
    assert lab.config_text == "hostname R1\n"
    assert lab.bootflash == {"x.xml": xml}
    assert lab.clients[0].profile_xml == xml


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[lab]\ntitle = "x\n', "lab.toml:2:11: not valid TOML"),
        (CHECK, "lab.toml: missing the [lab] section"),
        (HEADER, "at least one [[objective]] section is required"),
        (HEADER.replace('"beginner"', '"expert"') + CHECK, "lab.toml:3: lab.level: 'expert' is not one of"),
        (HEADER + 'seed = "one"\n' + CHECK, "lab.toml:5: lab.seed: must be a integer, not string"),
        (HEADER + "colour = 1\n" + CHECK, "lab.toml:5: lab.colour: unknown field"),
        (HEADER + "[extra]\n" + CHECK, "lab.toml:5: extra: unknown section"),
        (
            HEADER + '[device]\nconfig = "a"\nconfig-text = "b"\n' + CHECK,
            "lab.toml:5: device: give config or config-text",
        ),
        (
            HEADER + '[device]\nconfig = "missing.cfg"\n' + CHECK,
            "lab.toml:6: device.config: file 'missing.cfg' not found",
        ),
        (HEADER + '[[client]]\nname = "pc 1"\n' + CHECK, "lab.toml:6: client[1].name: must be one word"),
        (
            HEADER + '[[client]]\nname = "a"\n[[client]]\nname = "a"\n' + CHECK,
            "lab.toml:8: client[2].name: client 'a' is declared twice",
        ),
        (
            HEADER + '[[client]]\nname = "a"\naddress = "10.0.0.300"\n' + CHECK,
            "client[1].address: '10.0.0.300' is not an IPv4",
        ),
        (
            HEADER + '[[timeline]]\nat = "soon"\nnote = "x"\n' + CHECK,
            "lab.toml:6: timeline[1].at: 'soon' is not a duration",
        ),
        (HEADER + "[[timeline]]\nat = 1\n" + CHECK, "lab.toml:5: timeline[1]: give one of action"),
        (
            HEADER + '[[timeline]]\naction = "sleep"\nclient = "ghost"\n' + CHECK,
            "timeline[1].client: no client 'ghost'",
        ),
        (
            HEADER + '[[timeline]]\nexec = "lab clock advance 1m"\n' + CHECK,
            "timeline[1]: 'lab clock advance 1m' cannot be played",
        ),
        (
            HEADER + '[[timeline]]\nexec = "shwo version"\n' + CHECK,
            "timeline[1]: the CLI does not accept 'shwo version'",
        ),
        (
            HEADER + '[[client]]\nname = "a"\n[[timeline]]\nclient = "a"\naction = "outage"\n' + CHECK,
            "timeline[1]: action 'outage' needs 'seconds'",
        ),
        (
            HEADER
            + '[[client]]\nname = "a"\n[[timeline]]\nclient = "a"\naction = "sleep"\npackets = 3\n'
            + CHECK,
            "timeline[1].packets: not used by action 'sleep'",
        ),
        (HEADER + '[[objective]]\ntitle = "O"\n', "lab.toml:5: objective[1]: needs at least one check"),
        (
            HEADER + OBJ + '[[objective.check]]\nkind = "guess"\n',
            "lab.toml:8: objective[1].check[1].kind: 'guess' is not one of",
        ),
        (
            HEADER
            + CHECK
            + '[[objective]]\ntitle = "P"\n[[objective.check]]\n'
            + 'kind = "state"\nquery = "reconect.success"\nat-least = 1\n',
            "lab.toml:13: objective[2].check[1].query: unknown query 'reconect.success'",
        ),
        (
            HEADER + OBJ + '[[objective.check]]\nkind = "state"\nquery = "client.state"\nequals = "x"\n',
            "objective[1].check[1]: query 'client.state' needs 'client'",
        ),
        (
            HEADER + OBJ + '[[objective.check]]\nkind = "state"\nquery = "sessions"\n',
            "give equals, matches, or at-least and/or at-most",
        ),
        (
            HEADER + OBJ + '[[objective.check]]\nkind = "show"\ncommand = "show version"\nmatch = "(x"\n',
            "lab.toml:10: objective[1].check[1].match: not a regular expression",
        ),
        (
            HEADER + OBJ + '[[objective.check]]\nkind = "show"\ncommand = "reload"\nmatch = "x"\n',
            "objective[1].check[1].command: 'reload' is not a show command",
        ),
        (
            HEADER + OBJ + '[[objective.check]]\nkind = "event"\nevent = "session-down"\nreason = "nap"\n',
            "objective[1].check[1].reason: 'nap' is not a reason of session-down",
        ),
        (
            HEADER + OBJ + 'check = [\n  {kind = "lint"},\n  {kind = "lint", rule = "x"},\n]\n',
            "lab.toml:9: objective[1].check[2].rule: unknown field",
        ),
    ],
)
def test_malformed_lab_names_line_and_field(text: str, expected: str) -> None:
    assert expected in error(text)


def test_bad_client_profile_xml(tmp_path: Path) -> None:
    (tmp_path / "p.xml").write_text("<AnyConnectProfile><oops></AnyConnectProfile>")
    message = error(HEADER + '[[client]]\nname = "a"\nprofile = "p.xml"\n' + CHECK, tmp_path)
    assert "client[1].profile: not a usable AnyConnect profile" in message


def test_key_lines_follow_tables_arrays_and_multiline_values() -> None:
    text = (
        '[lab]\ndescription = """\n[not] = a header\n"""\ntitle = "x"\n'
        '[[objective]]\nhints = [\n  "a]",\n  "b",\n]\n[[objective.check]]\nkind = "lint"\n'
        '[[objective]]\ncheck = [\n  {kind = "show"},\n  { kind = "lint" },\n]\n'
        '[device.bootflash]\n"a.xml" = "b.xml"\n'
    )
    lines = key_lines(text)
    assert lines[("lab", "title")] == 5
    assert ("not",) not in lines
    assert lines[("objective", 0, "check", 0, "kind")] == 12
    assert lines[("objective", 1, "check", 0)] == 15
    assert lines[("objective", 1, "check", 1)] == 16
    assert lines[("device", "bootflash", "a.xml")] == 19
    assert dotted(("objective", 1, "check", 0, "kind")) == "objective[2].check[1].kind"


def test_lab_paths_work_like_names(tmp_path: Path) -> None:
    builtin = next(s for s in builtin_labs() if s.name == "reconnect-window")
    folder = tmp_path / "my-lab"
    folder.mkdir()
    for name in ("lab.toml", "gateway.cfg"):
        (folder / name).write_bytes(builtin.folder.joinpath(name).read_bytes())
    by_folder, by_file = load_lab(str(folder)), load_lab(str(folder / "lab.toml"))
    assert by_folder.title == by_file.title == load_lab("reconnect-window").title
    assert by_folder.name == "my-lab"
    other = tmp_path / "other.toml"
    other.write_text(HEADER + CHECK)
    assert find_lab(str(other)).name == "other"


def test_unknown_lab_lists_the_builtin_ones() -> None:
    with pytest.raises(LabError, match="built-in labs: .*roaming-client"):
        find_lab("no-such-lab")


_BUILTIN_TEXTS = [s.file.read_text(encoding="utf-8") for s in builtin_labs()]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_BUILTIN_TEXTS), st.data())
def test_mutated_lab_files_load_or_fail_cleanly(text: str, data: st.DataObject) -> None:
    """Drop, duplicate or garble lines of real labs: a Lab or a LabError, never another exception."""
    lines = text.splitlines()
    for _ in range(data.draw(st.integers(1, 3))):
        index = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["drop", "dup", "garble", "value"]))
        if action == "drop":
            del lines[index]
        elif action == "dup":
            lines.insert(index, lines[index])
        elif action == "garble":
            lines[index] = data.draw(st.text(max_size=30))
        elif "=" in lines[index]:
            key = lines[index].split("=", 1)[0]
            lines[index] = (
                key
                + "= "
                + data.draw(
                    st.sampled_from(
                        ['""', "0", "-5", "true", "[]", "{}", '"1h"', '"x y"', "[1, 2]", '"(("', "3.5"]
                    )
                )
            )
        if not lines:
            lines = [""]
    folder = next(s.folder for s in builtin_labs() if s.file.read_text(encoding="utf-8") == text)
    try:
        parse_lab("\n".join(lines), LabSource("m", folder, folder.joinpath("lab.toml"), "lab.toml"))
    except LabError:
        pass


@pytest.mark.parametrize("path", ["../secret.cfg", "/etc/passwd", "sub/../../x.cfg"])
def test_files_outside_the_lab_folder_are_refused(tmp_path: Path, path: str) -> None:
    (tmp_path / "lab").mkdir()
    (tmp_path / "secret.cfg").write_text("hostname SECRET\n")
    with pytest.raises(LabError, match="must be a path inside the lab's folder"):
        parse(HEADER + f'[device]\nconfig = "{path}"\n' + CHECK, tmp_path / "lab")


# -- hostile lab folders and files (issue 12) -------------------------------------------------------
def test_a_file_linked_out_of_the_lab_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "secret.cfg"
    outside.write_text("hostname LEAKED\n")
    folder = tmp_path / "lab"
    folder.mkdir()
    (folder / "config").symlink_to(outside)
    message = error(HEADER + '[device]\nconfig = "config"\n' + CHECK, folder)
    assert "leads outside the lab's folder" in message and "LEAKED" not in message


def test_a_link_inside_the_lab_folder_is_fine(tmp_path: Path) -> None:
    (tmp_path / "real.cfg").write_text("hostname R1\n")
    (tmp_path / "config").symlink_to(tmp_path / "real.cfg")
    assert parse(HEADER + '[device]\nconfig = "config"\n' + CHECK, tmp_path).config_text == "hostname R1\n"


def test_a_lab_toml_linked_out_of_its_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "elsewhere.toml").write_text(HEADER + CHECK)
    folder = tmp_path / "lab"
    folder.mkdir()
    (folder / "lab.toml").symlink_to(tmp_path / "elsewhere.toml")
    with pytest.raises(LabError, match="leads outside its folder"):
        load_lab(str(folder))


def test_deeply_nested_arrays_are_a_clear_error() -> None:
    message = error(HEADER + "x = " + "[" * 5000 + "]" * 5000 + "\n" + CHECK)
    assert message == "lab.toml: not valid TOML: arrays or tables nested too deeply"
