"""Fuzzing the parser and the loader (DESIGN.md §10): no input lets an exception escape
match_line / help / completions / load_config / render_running_config, and every line the loader
cannot apply gets a report.
"""

from __future__ import annotations

import re

from grammar_fixtures import SEED_FRAGMENT, SEED_GATEWAY, grammar, load, matcher, reachable
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iosxe_sim.config.loader import LineReport, Problem
from iosxe_sim.config.nvgen import render_running_config
from iosxe_sim.parser.match import MAX_LINE, Ambiguous, HelpEntry, Incomplete, Invalid, Matched

FUZZ = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MODES = sorted(grammar().modes)
SEED_LINES = [line for path in (SEED_GATEWAY, SEED_FRAGMENT) for line in path.read_text().splitlines()]
KEYWORDS = sorted({p.token.word for m in grammar().modes.values() for c in m.commands for p in reachable(c)
                   if p.is_keyword})
SPECIALS = [
    "no", "default", "exit", "end", "!", "^C", "#", "?", "|", "\x00", "\ud800", "\udfff", "\t", "\r",
    "9" * 40, "-1", "+5", "0", "4294967296", "2147483648", "1.1.1.1", "300.1.1.1", "1.1.1.1/33", "::1",
    "gi1", "Virtual-Template10", "Vi", "*$AnyConnectClient$*", "é", "\u200b", "\ufeff", "\U0001f600",
    "²", "٩٠٠", "９００", "1.1.1.²", "enable secret", "banner motd",
]
ODD_DIGITS = ["²³¹⁰", "٠١٢٣٤٥٦٧٨٩", "０１２３４５６７８９", "①②③"]
HEADER = re.compile(r"(Building configuration\.\.\.|Current configuration\s*:\s*\d+ bytes|end)\s*$")
MESSAGES = {
    Problem.INVALID: "% Invalid input detected at '^' marker.",
    Problem.INCOMPLETE: "% Incomplete command.",
}


# -- strategies ------------------------------------------------------------------------------------

random_text = st.binary(max_size=300).map(lambda b: b.decode("utf-8", errors="replace"))
any_text = st.text(st.characters(exclude_categories=()), max_size=200)  # NUL, lone surrogates, every plane
token = st.one_of(st.sampled_from(KEYWORDS), st.sampled_from(SPECIALS),
                  st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789.-/:", min_size=1, max_size=8))
token_soup = st.lists(token, max_size=12).map(" ".join)
spacing = st.sampled_from(["", " ", "  ", "\t", " \t "])


@st.composite
def mutated_seed_line(draw) -> str:
    tokens = draw(st.sampled_from(SEED_LINES)).split(" ")
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "truncate", "insert", "case", "number", "digits"]))
        index = draw(st.integers(0, max(len(tokens) - 1, 0)))
        if not tokens:
            tokens = [draw(token)]
        elif op == "delete":
            del tokens[index]
        elif op == "duplicate":
            tokens.insert(index, tokens[index])
        elif op == "swap":
            other = draw(st.integers(0, len(tokens) - 1))
            tokens[index], tokens[other] = tokens[other], tokens[index]
        elif op == "truncate":
            tokens[index] = tokens[index][: draw(st.integers(0, len(tokens[index])))]
        elif op == "insert":
            tokens.insert(index, draw(token))
        elif op == "case":
            tokens[index] = tokens[index].swapcase()
        elif op == "digits":
            digits = draw(st.sampled_from(ODD_DIGITS))
            tokens[index] = "".join(digits[int(c) % len(digits)] if c.isascii() and c.isdigit() else c
                                    for c in tokens[index])
        else:
            tokens[index] = str(draw(st.integers(-(10**30), 10**30)))
    return draw(spacing) + " ".join(tokens) + draw(spacing)


overlong = st.builds(lambda word, n, tail: (word + " ") * n + tail,
                     st.sampled_from(["reconnect", "x", "no", "9" * 20, "a b"]),
                     st.integers(1000, 2500), st.sampled_from(["", "\x00", "timeout 900"]))
line = st.one_of(random_text, any_text, token_soup, mutated_seed_line(), overlong)
config_text = st.lists(st.one_of(mutated_seed_line(), token_soup, random_text, st.sampled_from(SEED_LINES)),
                       max_size=40).map("\n".join)


# -- match_line / help / completions ---------------------------------------------------------------


def check_line(mode: str, text: str) -> None:
    result = matcher().match_line(mode, text)
    assert isinstance(result, (Matched, Invalid, Incomplete, Ambiguous))
    if isinstance(result, Invalid):
        assert 0 <= result.column <= min(len(text), MAX_LINE)
        assert result.column == MAX_LINE or not text[result.column].isspace()
    if isinstance(result, Ambiguous):
        assert result.text == text
    if isinstance(result, Matched):
        assert any(result.command is c for c in grammar().modes[mode].commands)  # "user" shares exec's
        assert result.canonical.strip() == result.canonical and result.canonical
    entries = matcher().help(mode, text)
    assert isinstance(entries, (list, Invalid, Ambiguous))
    if isinstance(entries, list):
        assert all(isinstance(e, HelpEntry) and e.display for e in entries)
    words = matcher().completions(mode, text)
    assert isinstance(words, list) and all(isinstance(w, str) for w in words)
    if words:
        last = text.split()[-1].lower()
        assert all(w.lower().startswith(last) for w in words)


@FUZZ
@given(st.sampled_from(MODES), line)
def test_matcher_never_raises(mode: str, text: str) -> None:
    check_line(mode, text)


@FUZZ
@given(st.sampled_from(MODES), token_soup, st.sampled_from(["", " ", "  "]))
def test_help_and_completion_on_token_soup(mode: str, text: str, tail: str) -> None:
    check_line(mode, text + tail)


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(MODES), st.sampled_from(["\x00", "9", "a ", "\ud800", "reconnect "]), st.integers(2000, 6000))
def test_overlong_lines_are_bounded(mode: str, unit: str, repeat: int) -> None:
    text = unit * repeat
    result = matcher().match_line(mode, text)
    if len(text) > MAX_LINE:
        assert result == Invalid(MAX_LINE)
    check_line(mode, text)


def test_huge_numbers_and_odd_characters_are_invalid_not_errors() -> None:
    cases = [
        ("ikev2-profile", "reconnect timeout " + "9" * 4000, Invalid(18)),
        ("ikev2-profile", "reconnect timeout 1e3", Invalid(18)),
        ("ikev2-profile", "reconnect timeout 0x384", Invalid(18)),
        ("ikev2-profile", "reconnect\x00timeout 900", Invalid(0)),
        ("ikev2-profile", "reconnect timeout 900\x00", Invalid(18)),
        ("ikev2-profile", "reconnect \ud800", Invalid(10)),
        ("config", "ip local pool P 1.1.1.1" + "1" * 100, Invalid(16)),
        ("acl-standard", "99999999999999999999 permit any", Invalid(0)),
    ]
    for mode, text, expected in cases:
        assert matcher().match_line(mode, text) == expected, repr(text[:60])


# -- load_config -----------------------------------------------------------------------------------


def check_load(text: str) -> None:
    result = load(text)
    lines = [line.removesuffix("\r") for line in text.split("\n")]  # the loader's own line split
    for report in result.reports:
        assert isinstance(report, LineReport)
        assert 1 <= report.line <= len(lines)
        raw = lines[report.line - 1].replace("\t", " ")
        assert 0 <= report.column <= len(raw)
        if report.problem in MESSAGES:
            assert report.message == MESSAGES[report.problem]
        elif report.problem is Problem.AMBIGUOUS:
            assert report.message.startswith('% Ambiguous command:  "')
        elif report.problem is Problem.UNMODELLED:
            assert report.message.startswith("not modelled: ")
        elif report.problem is Problem.EXEC:
            assert report.message.startswith("not applied: ")
        elif report.problem is Problem.UNCLOSED:
            assert report.message.startswith("banner ") and " is never closed: " in report.message
        else:
            assert report.message.startswith("% ")
    _every_unmatchable_line_is_reported(lines, result)
    render_running_config(result.config, grammar())


HEX_WORDS = re.compile(r"[0-9A-Fa-f]+(?: +[0-9A-Fa-f]+)*")


def _every_unmatchable_line_is_reported(lines: list[str], result) -> None:
    reported = {r.line for r in result.reports}
    covered = {v.line + k for v in result.config.verbatim for k in range(len(v.lines))}
    covered |= _sub_lines_of_unmodelled(lines, result)
    for number, raw in enumerate(lines, 1):
        stripped = raw.replace("\t", " ").strip()
        if "ban" in raw.lower():
            return  # a banner may swallow the lines after it
        if stripped.lower() == "quit" or HEX_WORDS.fullmatch(stripped):
            continue  # a certificate's hex dump: data read with its `certificate` line
        if not stripped or stripped.startswith("!") or HEADER.match(stripped) or stripped == "exit":
            continue
        as_loaded = "".join("\ufffd" if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in raw)  # what the loader reads
        if number in covered or any(isinstance(matcher().match_line(m, as_loaded), Matched) for m in MODES):
            continue
        assert number in reported, (number, raw)


def _sub_lines_of_unmodelled(lines: list[str], result) -> set[int]:
    """Lines indented under an unmodelled command kept in its sub-mode: they travel with it."""
    covered: set[int] = set()
    for report in result.reports:
        if report.problem is not Problem.UNMODELLED:
            continue
        indent = len(report.text) - len(report.text.lstrip())
        number = report.line + 1
        while number <= len(lines):
            text = lines[number - 1].replace("\t", " ")
            if text.strip() and len(text) - len(text.lstrip()) <= indent:
                break
            covered.add(number)
            number += 1
    return covered


@FUZZ
@given(config_text)
def test_load_config_never_raises_and_reports_every_bad_line(text: str) -> None:
    check_load(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(line, max_size=8).map("\r\n".join))
def test_load_config_on_arbitrary_lines(text: str) -> None:
    check_load(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(0, len(SEED_LINES) - 1), min_size=1, max_size=60), st.data())
def test_load_config_on_shuffled_seed_lines(indices: list[int], data) -> None:
    text = "\n".join(SEED_LINES[i] if data.draw(st.booleans()) else data.draw(mutated_seed_line()) for i in indices)
    check_load(text)


def test_seed_with_nul_bytes_and_overlong_lines() -> None:
    text = SEED_GATEWAY.read_text()
    variants = [
        text.replace("\n", "\x00\n"),
        text.replace(" reconnect timeout 900", " reconnect timeout 900" + " 9" * 6000),
        "x" * 10_000 + "\n" + text,
        text + "\n" + "router bgp 1 " + "a" * 10_000 + "\n",
        "\x00" * 10_000,
    ]
    for variant in variants:
        check_load(variant)
    assert load(variants[2]).reports[0].problem is Problem.TOO_LONG


def test_lines_under_an_unmodelled_sub_mode_command_travel_with_it() -> None:
    # found by hypothesis: " configuration..." is a sub-line of the interface's `authentication`
    check_load("Building configuration...\nconfiguration...\ninterface Virtual-Template10 type tunnel\n"
               "authentication local rsa-sig\n configuration...")
