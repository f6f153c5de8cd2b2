"""The text, JSON and SARIF reports of `iosxe-sim lint`."""

from __future__ import annotations

import io
import json
import re

from iosxe_sim.lint import RULES, lint_text
from iosxe_sim.lint.diagnostic import FileResult
from iosxe_sim.lint.report_json import SCHEMA, to_json
from iosxe_sim.lint.report_sarif import artifact_uri, to_sarif
from iosxe_sim.lint.report_text import write_text

BAD = (
    "crypto ikev2 profile P\n"
    " match identity remote any\n"
    " reconnect\n"
    " authentication local pre-share\n"
    " reconnect timeout 30\n"
    " dpd 10 2 periodic\n"
    "control-plane\n"
)
ANSI = re.compile(r"\x1b\[")


def _files(text: str = BAD, path: str = "cfg/r1.cfg") -> list[FileResult]:
    return [FileResult(path, tuple(lint_text(text, path)))]


def _text(files: list[FileResult], color: bool | None = None) -> str:
    out = io.StringIO()
    write_text(files, out, color=color)
    return out.getvalue()


def test_text_report_shows_location_line_caret_and_hint() -> None:
    lines = _text(_files()).splitlines()
    header = (
        "cfg/r1.cfg:5:20: error reconnect/timeout-range reconnect timeout 30 is outside 600-86400 seconds"
    )
    start = next(i for i, line in enumerate(lines) if line.startswith(header))
    code, caret, hint = lines[start + 1 : start + 4]
    assert code.endswith("| " + " reconnect timeout 30")
    column = code.index("|") + 2
    assert caret[column:] == " " * 19 + "^~"
    assert "hint:" in hint and "600-86400" in hint
    assert lines[-1] == "3 errors, 1 warning, 1 info in 1 file"


def test_text_report_names_related_lines() -> None:
    text = _text(_files())
    assert "cfg/r1.cfg:4:2: error reconnect/psk" in text
    assert "line 3 (applied first; IOS keeps it): reconnect" in text


def test_text_report_info_takes_one_line() -> None:
    lines = _text(_files()).splitlines()
    index = lines.index("cfg/r1.cfg:7:1: info info/unmodelled not modelled: control-plane")
    assert lines[index + 1].startswith("3 errors")


def test_text_colour_only_on_request_or_terminal() -> None:
    assert not ANSI.search(_text(_files()))
    assert ANSI.search(_text(_files(), color=True))
    assert not ANSI.search(_text(_files(), color=False))


def test_text_report_neutralises_control_characters() -> None:
    text = _text(_files("hostname R1 \x1b[2Jboom\tx\n"))
    assert "\x1b" not in text
    assert "hostname R1 ?[2Jboom x" in text


def test_text_report_clean_file() -> None:
    assert _text(_files("hostname R1\n")) == "0 errors, 0 warnings, 0 info in 1 file\n"


def test_json_schema() -> None:
    files = _files() + [FileResult("missing.cfg", (), "missing.cfg: No such file or directory")]
    document = json.loads(json.dumps(to_json(files)))
    assert document["schema"] == SCHEMA and document["tool"]["name"] == "iosxe-sim"
    assert document["counts"] == {"error": 3, "warning": 1, "info": 1}
    first, missing = document["files"]
    assert (first["path"], first["error"], first["counts"]) == ("cfg/r1.cfg", None, document["counts"])
    assert (missing["error"], missing["diagnostics"]) == ("missing.cfg: No such file or directory", [])
    psk = next(d for d in first["diagnostics"] if d["rule"] == "reconnect/psk")
    assert set(psk) == {
        "rule",
        "severity",
        "line",
        "column",
        "end_column",
        "message",
        "hint",
        "source",
        "related",
    }
    assert (psk["severity"], psk["line"], psk["column"], psk["source"]) == (
        "error",
        4,
        1,
        BAD.splitlines()[3],
    )
    assert psk["related"] == [{"line": 3, "message": "applied first; IOS keeps it", "source": " reconnect"}]


def _check_location(location: dict, uri: str) -> dict:
    physical = location["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == uri
    region = physical["region"]
    assert isinstance(region["startLine"], int) and region["startLine"] >= 1
    return region


def test_sarif_structure() -> None:
    files = _files() + [FileResult("gone.cfg", (), "gone.cfg: No such file or directory")]
    sarif = json.loads(json.dumps(to_sarif(files)))
    assert sarif["version"] == "2.1.0" and sarif["$schema"].endswith("sarif-2.1.0.json")
    [run] = sarif["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "iosxe-sim" and driver["version"]
    rules = driver["rules"]
    assert {r["id"] for r in rules} == set(RULES)
    for r in rules:
        assert r["shortDescription"]["text"] and r["help"]["text"]
        assert r["defaultConfiguration"]["level"] in ("error", "warning", "note")
    levels = {r["id"]: r["defaultConfiguration"]["level"] for r in rules}
    assert levels["reconnect/psk"] == "error" and levels["info/unmodelled"] == "note"
    results = run["results"]
    assert len(results) == 5
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] == levels[result["ruleId"]] and result["message"]["text"]
        [location] = result["locations"]
        region = _check_location(location, "cfg/r1.cfg")
        assert 1 <= region["startColumn"] < region["endColumn"]
    timeout = next(r for r in results if r["ruleId"] == "reconnect/timeout-range")
    region = timeout["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (5, 20, 22)
    assert region["snippet"]["text"] == " reconnect timeout 30"
    psk = next(r for r in results if r["ruleId"] == "reconnect/psk")
    [related] = psk["relatedLocations"]
    assert related["id"] == 1 and related["message"]["text"]
    assert _check_location(related, "cfg/r1.cfg")["startLine"] == 3
    [invocation] = run["invocations"]
    assert invocation["executionSuccessful"] is False
    [note] = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and "gone.cfg" in note["message"]["text"]
    assert run["columnKind"] == "unicodeCodePoints"


def test_sarif_uris() -> None:
    assert artifact_uri("configs/r 1.cfg") == "configs/r%201.cfg"
    assert artifact_uri("/srv/r1.cfg") == "file:///srv/r1.cfg"
    assert artifact_uri("<stdin>") == "stdin"
