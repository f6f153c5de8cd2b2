"""Help (``?``) and completion from the command graph, plus the parser's property test and
regressions (DESIGN.md §4). Caret columns are offsets into the typed text."""


from __future__ import annotations

import pytest
from grammar_fixtures import SEED_FRAGMENT, SEED_GATEWAY, grammar, matcher, sample_tokens
from hypothesis import given, settings
from hypothesis import strategies as st

from iosxe_sim.parser.graph import variable_value
from iosxe_sim.parser.match import Ambiguous, HelpEntry, Invalid, Matched

# -- help (?) ------------------------------------------------------------------------------------


def test_help_after_reconnect_lists_timeout_and_cr() -> None:
    assert matcher().help("ikev2-profile", "reconnect ") == [
        HelpEntry("timeout", "timeout value for session in reconnect state"),
        HelpEntry("<cr>", ""),
    ]


@pytest.mark.parametrize("typed, displays", [
    ("dpd ", ["<10-3600>"]),
    ("dpd 10 ", ["<2-60>"]),
    ("dpd 10 2 ", ["on-demand", "periodic"]),
    ("reconnect timeout ", ["<600-86400>"]),
    ("reconnect timeout 900 ", ["<cr>"]),
    ("rec  ", ["timeout", "<cr>"]),
    ("description ", ["LINE"]),
    ("virtual-template 10 ", ["mode", "<cr>"]),
    ("authentication ", ["local", "remote"]),
    ("au ", ["local", "remote"]),
])
def test_help_after_a_blank_lists_next_tokens(typed: str, displays: list[str]) -> None:
    entries = matcher().help("ikev2-profile", typed)
    assert isinstance(entries, list)
    assert [e.display for e in entries] == displays
    assert all(e.help for e in entries if e.display != "<cr>")


def test_help_texts_are_the_grammar_help_texts() -> None:
    entries = {e.display: e.help for e in matcher().help("ikev2-profile", "")}
    assert entries["reconnect"] == "Enable profile for auto re-connect"
    assert entries["no"] == "Negate a command or set its defaults"
    assert "<cr>" not in entries
    assert matcher().help("ikev2-profile", "dpd ") == [HelpEntry("<10-3600>", "DPD interval in seconds")]
    assert matcher().help("ikev2-profile", "reconnect timeout ")[0].display == "<600-86400>"


def test_help_on_an_empty_line_lists_every_first_keyword_sorted() -> None:
    entries = matcher().help("config", "")
    displays = [e.display for e in entries]
    assert displays == sorted(displays)
    assert {"aaa", "crypto", "hostname", "interface", "ip", "no", "username"} <= set(displays)
    exec_displays = [e.display for e in matcher().help("exec", "")]
    assert {"configure", "show"} <= set(exec_displays)
    profile_no = [e.display for e in matcher().help("ikev2-profile", "no ")]
    assert "reconnect" in profile_no and "no" not in profile_no


def test_help_lists_variables_before_keywords() -> None:
    entries = matcher().help("config", "ip route 0.0.0.0 0.0.0.0 ")
    assert [e.display for e in entries] == ["A.B.C.D", "IFNAME"]
    entries = matcher().help("config", "crypto ikev2 ")
    assert [e.display for e in entries] == sorted(e.display for e in entries)
    assert HelpEntry("profile", "Define IKEv2 profiles") in entries


@pytest.mark.parametrize("mode, typed, words", [
    ("ikev2-profile", "re", ["reconnect"]),
    ("ikev2-profile", "a", ["aaa", "anyconnect", "authentication"]),
    ("ikev2-profile", "rec ti", ["timeout"]),
    ("ikev2-profile", "no re", ["reconnect"]),
    ("config", "crypto ikev2 pro", ["profile", "proposal"]),
    ("config", "  host", ["hostname"]),
    ("ikev2-proposal", "encryption aes-cbc-1", ["aes-cbc-128", "aes-cbc-192"]),
    ("exec", "sh", ["show"]),
])
def test_help_on_a_partial_word_lists_matching_keywords(mode: str, typed: str, words: list[str]) -> None:
    entries = matcher().help(mode, typed)
    assert [e.display for e in entries] == words


@pytest.mark.parametrize("mode, typed, expected", [
    ("ikev2-profile", "reconnect timeout 100 ", Invalid(18)),
    ("ikev2-profile", "xyz ", Invalid(0)),
    ("ikev2-profile", "xyz", Invalid(0)),
    ("ikev2-profile", "reconnect timeout 900 x", Invalid(22)),
    ("ikev2-profile", "a ", Ambiguous("a ")),
])
def test_help_on_a_bad_line_reports_the_error(mode: str, typed: str, expected: object) -> None:
    assert matcher().help(mode, typed) == expected


@pytest.mark.parametrize("mode, typed, display", [
    ("ikev2-profile", "dpd 10", "<10-3600>"),
    ("ikev2-profile", "description fo", "LINE"),
    ("config", "hostname R", "WORD"),
])
def test_help_on_a_partial_variable_token_lists_the_variable(mode: str, typed: str, display: str) -> None:
    entries = matcher().help(mode, typed)
    assert isinstance(entries, list) and display in [e.display for e in entries]


# -- completions ---------------------------------------------------------------------------------


@pytest.mark.parametrize("mode, typed, expected", [
    ("ikev2-profile", "rec", ["reconnect"]),
    ("ikev2-profile", "REC", ["reconnect"]),
    ("ikev2-profile", "rec ti", ["timeout"]),
    ("ikev2-profile", "a", ["aaa", "anyconnect", "authentication"]),
    ("ikev2-profile", "reconnect ", []),
    ("ikev2-profile", "", []),
    ("ikev2-profile", "xyz", []),
    ("ikev2-profile", "reconnect timeout 100 ti", []),
    ("config", "crypto ikev2 pro", ["profile", "proposal"]),
    ("config", "int", ["interface"]),
    ("ikev2-proposal", "encryption aes-cbc-1", ["aes-cbc-128", "aes-cbc-192"]),
    ("ikev2-proposal", "encryption aes-cbc-256 aes-g", ["aes-gcm-128", "aes-gcm-256"]),
    ("exec", "conf", ["configure"]),
])
def test_completions(mode: str, typed: str, expected: list[str]) -> None:
    assert matcher().completions(mode, typed) == expected


# -- known bugs ------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode, typed", [
    ("ikev2-profile", "reconnect timeout ²"),
    ("ikev2-profile", "dpd ¹⁰ 2 on-demand"),
    ("config", "ip local pool P 1.1.1.²"),
])
def test_superscript_digits_are_invalid_not_a_crash(mode: str, typed: str) -> None:
    assert isinstance(matcher().match_line(mode, typed), Invalid)
    assert isinstance(matcher().help(mode, typed + " "), Invalid)


@pytest.mark.parametrize("typed", ["reconnect timeout ٩٠٠", "reconnect timeout ９００"])
def test_non_ascii_digits_are_not_numbers(typed: str) -> None:
    assert matcher().match_line("ikev2-profile", typed) == Invalid(18)


# -- property: every line generated from the grammar matches, with its canonical text -------------


def _modes_and_commands():
    return [(m.name, c) for m in grammar().modes.values() for c in m.commands]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_modes_and_commands()), st.randoms(use_true_random=False))
def test_generated_lines_match_their_command_with_canonical_text(pair, rnd) -> None:
    mode, command = pair
    tokens = sample_tokens(command, rnd)
    result = matcher().match_line(mode, " ".join(tokens))
    assert isinstance(result, Matched), (mode, tokens, result)
    assert result.command is command
    # canonical text: keywords in their grammar spelling, values normalised by their variable kind
    walk = _walk_canonical(command, tokens)
    assert result.canonical == walk


def _walk_canonical(command, tokens: list[str]) -> str:
    """The canonical text, by a walk of the command's positions independent of the matcher."""
    out: list[str] = []
    positions = list(command.first)
    for index, token in enumerate(tokens):
        keywords = [p for p in positions if p.is_keyword and p.token.word.lower() == token.lower()]
        if keywords:
            out.append(keywords[0].token.word)
            positions = [f for p in keywords for f in p.follow]
            continue
        variables = [p for p in positions if not p.is_keyword and variable_value(p.token, token) is not None]
        if any(p.token.kind.name == "LINE" for p in variables):
            out.append(" ".join(tokens[index:]))
            break
        out.append(variable_value(variables[0].token, token))
        positions = [f for p in variables for f in p.follow]
    return " ".join(out)


def test_every_seed_line_matches_in_some_mode() -> None:
    """Every modelled line of the seed configs matches in the mode it sits in (indented: a sub-mode)."""
    modes = list(grammar().modes)
    for path in (SEED_GATEWAY, SEED_FRAGMENT):
        for line in path.read_text().splitlines():
            if not line.strip() or line.startswith(("!", "Building", "Current", "end")):
                continue
            if line.strip() == "control-plane":  # unmodelled: kept verbatim by the loader
                continue
            if line.startswith("  "):  # a certificate's hex dump and its quit: data, not commands
                continue
            results = [matcher().match_line(mode, line) for mode in modes]
            assert any(isinstance(r, Matched) for r in results), line
