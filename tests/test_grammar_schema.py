"""Grammar files (DESIGN.md §3): every shipped file validates, and each kind of broken file is
refused with a GrammarError that names the file."""

from __future__ import annotations

import re
import tomllib

import pytest
from grammar_fixtures import GRAMMAR_DIR, grammar, is_line, reachable, shipped_files

from iosxe_sim.parser.grammar import STORES, GrammarError, grammar_files, load_grammar
from iosxe_sim.parser.nodes import Keyword

# -- the shipped files ---------------------------------------------------------------------------

# docs/ios-reference-notes.md: the prompts seen on devices (and, by recollection, the rest).
EXPECTED_PROMPTS = {
    "config": "(config)#",
    "ikev2-profile": "(config-ikev2-profile)#",
    "ikev2-author-policy": "(config-ikev2-author-policy)#",
    "ikev2-proposal": "(config-ikev2-proposal)#",
    "ikev2-policy": "(config-ikev2-policy)#",
    "ikev2-keyring": "(config-ikev2-keyring)#",
    "ipsec-transform-set": "(cfg-crypto-trans)#",
    "ipsec-profile": "(ipsec-profile)#",
    "interface": "(config-if)#",
    "acl-standard": "(config-std-nacl)#",
    "ca-trustpoint": "(ca-trustpoint)#",
}
# Modes nothing enters: the EXEC modes, global config (entered by an EXEC command, but the loader
# starts there) and the output modifiers after "|".
ROOT_MODES = {"exec", "user", "config", "pipe"}


def test_every_shipped_file_is_valid_toml_and_loads() -> None:
    files = shipped_files()
    assert len(files) >= 15
    for name, text in files:
        assert name.endswith(".toml")
        tomllib.loads(text)  # raises on a malformed file
    loaded = load_grammar(files)
    assert set(EXPECTED_PROMPTS) <= set(loaded.modes)


def test_installed_package_files_are_the_repository_files() -> None:
    assert grammar_files() == grammar_files(GRAMMAR_DIR)


@pytest.mark.parametrize("mode, prompt", sorted(EXPECTED_PROMPTS.items()))
def test_prompts_are_the_ones_seen_on_devices(mode: str, prompt: str) -> None:
    assert grammar().modes[mode].prompt == prompt


def test_every_mode_is_reachable_from_config_or_exec_through_entry_commands() -> None:
    modes = grammar().modes
    entered_by: dict[str, set[str]] = {}
    for mode in modes.values():
        for command in mode.commands:
            if command.enters:
                entered_by.setdefault(command.enters, set()).add(mode.name)
    reached = {"config", "exec"}
    frontier = list(reached)
    while frontier:
        current = frontier.pop()
        for target, sources in entered_by.items():
            if current in sources and target not in reached:
                reached.add(target)
                frontier.append(target)
    unreached = set(modes) - reached - ROOT_MODES
    assert not unreached, f"modes no entry command reaches: {sorted(unreached)}"
    assert "config" in entered_by and "exec" in entered_by["config"]  # configure terminal


def test_sub_modes_are_entered_from_their_parent_mode() -> None:
    modes = grammar().modes
    for mode in modes.values():
        for command in mode.commands:
            if command.enters and command.enters != "config":  # config has no parent: no implicit exit to EXEC
                assert modes[command.enters].parent == mode.name, command
                assert command.store == "block", command
    for mode in modes.values():
        if mode.name not in ROOT_MODES:
            assert mode.parent in modes, mode.name
            assert mode.prompt.startswith("(") and mode.prompt.endswith(")#"), mode.name


def _all_positions():
    for mode in grammar().modes.values():
        for command in mode.commands:
            for position in reachable(command):
                yield mode.name, command, position


def test_every_keyword_and_variable_has_a_help_text() -> None:
    count = 0
    for mode, command, position in _all_positions():
        assert isinstance(position.help, str) and position.help.strip(), (mode, command, position.display)
        count += 1
    assert count > 500


def test_a_line_variable_always_ends_its_command() -> None:
    """LINE takes the rest of the line, so a LINE that is not accepting could never match."""
    lines = [(m, c) for m, c, p in _all_positions() if is_line(p)]
    assert lines
    for mode, command, position in _all_positions():
        if is_line(position):
            assert position.accepting, (mode, command)


def test_store_rules_are_consistent_with_the_captures() -> None:
    for mode in grammar().modes.values():
        for command in mode.commands:
            captures = {name for p in reachable(command) for name, _ in p.captures}
            assert command.store in STORES, command
            assert set(command.key) <= captures, (command, command.key)
            if command.store == "merge":
                assert len(command.list_captures) == 1, command
            if command.store == "sequenced" and not command.negated:
                assert "seq" in captures, command


def test_every_command_has_no_and_default_forms_in_negatable_modes() -> None:
    for mode in grammar().modes.values():
        positive = {c.id for c in mode.commands if not c.negated}
        forms: dict[str, set[str]] = {"no": set(), "default": set()}
        for command in mode.commands:
            if command.negated:
                first = {p.token.word for p in command.first if isinstance(p.token, Keyword)}
                assert len(first) == 1 and first <= set(forms), command
                forms[first.pop()].add(command.id)
        if not mode.negatable:
            assert not forms["no"] and not forms["default"], mode.name
            continue
        assert forms["no"] and forms["no"] == forms["default"], mode.name
        assert forms["no"] <= positive, mode.name


def test_handlers_are_dotted_identifiers() -> None:
    for mode in grammar().modes.values():
        for command in mode.commands:
            assert re.fullmatch(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*", command.handler), command


# -- broken files --------------------------------------------------------------------------------

CONFIG = """\
mode = "config"
prompt = "(config)#"

[help]
hostname = "Set system's network name"
"$hostname" = "This system's network name"

[[command]]
syntax = "hostname WORD$hostname"
handler = "global.hostname"
"""

WIDGET = """\
mode = "widget"
prompt = "(config-widget)#"
parent = "config"

[entry]
syntax = "widget WORD$name"
handler = "widget"
key = ["name"]
help = { widget = "Configure a widget", "$name" = "Widget name" }

[help]
size = "Widget size"
"$size" = "Size in units"

[[command]]
syntax = "size (1-10)$size"
handler = "widget.size"
"""


def _load(broken: str, *, with_widget: bool = True):
    files = [("config.toml", CONFIG)]
    if with_widget:
        files.append(("widget.toml", WIDGET))
    return load_grammar(files + [("broken.toml", broken)])


def test_the_minimal_files_are_valid() -> None:
    from iosxe_sim.parser.match import Matched, Matcher

    loaded = load_grammar([("config.toml", CONFIG), ("widget.toml", WIDGET)])
    assert set(loaded.modes) == {"config", "widget"}
    matcher = Matcher(loaded)
    assert isinstance(matcher.match_line("config", "widget W"), Matched)
    assert matcher.match_line("config", "widget W").command.enters == "widget"
    assert matcher.match_line("widget", "no size 5").command.negated
    assert loaded.lineage("widget") == ["widget", "config"]


def command_file(syntax: str | None = '"gizmo"', mode: str = "config", help_: str = 'gizmo = "G"',
                 **fields: str) -> str:
    """A one-command grammar file; ``fields`` are extra command fields as TOML values."""
    lines = [f'mode = "{mode}"', "[help]", help_, "[[command]]"]
    if syntax is not None:
        lines.append(f"syntax = {syntax}")
    fields.setdefault("handler", '"gadget.gizmo"')
    lines += [f"{key.replace('_', '-')} = {value}" for key, value in fields.items() if value is not None]
    return "\n".join(lines) + "\n"


def other_sub_mode(old: str, new: str) -> str:
    """WIDGET's file as another sub-mode ("gadget"), with one edit."""
    return WIDGET.replace('mode = "widget"', 'mode = "gadget"').replace(old, new)


# (case, broken file, what the message must say besides the file name)
BROKEN = [
    ("unknown top-level field", 'mode = "config"\ncolour = "red"\n', "colour"),
    ("unknown command field", command_file(colour='"red"'), "colour"),
    ("unknown entry field", other_sub_mode("[entry]\n", '[entry]\nenters = "gadget"\n'), "enters"),
    ("missing handler", command_file(handler=None), "handler"),
    ("missing syntax", command_file(syntax=None), "syntax"),
    ("missing entry handler", other_sub_mode('handler = "widget"\n', ""), "handler"),
    ("unknown mode", command_file(mode="nowhere"), "nowhere"),
    ("entry in an unknown parent", other_sub_mode('parent = "config"', 'parent = "nowhere"'), "nowhere"),
    ("entry without a parent", other_sub_mode('parent = "config"\n', ""), "parent"),
    ("unknown enters", command_file(enters='"gizmo-mode"'), "gizmo-mode"),
    ("bad store", command_file(store='"heap"'), "store"),
    ("bad multiline", command_file(multiline='"heredoc"'), "multiline"),
    ("key is not a list", command_file(key='"gizmo"'), "key"),
    ("rank is not an integer", command_file(rank='"first"'), "rank"),
    ("keep-no is not a boolean", command_file(keep_no='"yes"'), "keep-no"),
    ("no is not a syntax string", command_file(no="3"), "'no'"),
    ("empty syntax", command_file(syntax='""'), "syntax"),
    ("empty help text", command_file(help_='gizmo = ""'), "help"),
    ("missing help for a keyword", command_file(help_=""), "gizmo"),
    ("missing help for a variable", command_file(syntax='"gizmo WORD$colour"'), "colour"),
    ("missing help in the no form", command_file(no='"gizmo all"'), "all"),
    ("unbalanced bracket", command_file(syntax='"gizmo [big"'), "gizmo [big"),
    ("unbalanced choice", command_file(syntax='"gizmo <a|b"'), "gizmo <a|b"),
    ("stray capture", command_file(syntax='"$x gizmo"'), "$x gizmo"),
    ("bad character", command_file(syntax='"gizmo ~"'), "gizmo ~"),
    ("syntax that matches nothing", command_file(syntax='"[gizmo]"'), "nothing"),
    ("mode defined twice", WIDGET, "twice"),
    ("missing mode field", command_file().replace('mode = "config"\n', ""), "mode"),
    ("prompt is not a string", 'mode = "gadget"\nprompt = 7\nparent = "config"\n', "prompt"),
    ("TOML syntax error", 'mode = "config"\n[[command]\nsyntax = "gizmo"\n', ""),
]


@pytest.mark.parametrize("case, broken, detail", BROKEN, ids=[case for case, _, _ in BROKEN])
def test_broken_file_raises_grammar_error_naming_the_file(case: str, broken: str, detail: str) -> None:
    with pytest.raises(GrammarError) as raised:
        _load(broken)
    message = str(raised.value)
    assert message.startswith("broken.toml"), message
    assert detail in message, message


@pytest.mark.parametrize("name", [name for name, _ in shipped_files() if name != "unmodelled.toml"])
def test_an_unknown_field_in_any_shipped_file_names_that_file(name: str) -> None:
    files = [(n, t + '\n[[command]]\nsyntax = "x"\nhandler = "x"\nbogus-field = 1\n' if n == name else t)
             for n, t in shipped_files()]
    with pytest.raises(GrammarError, match=rf"^{re.escape(name)} command #\d+: unknown field\(s\) bogus-field"):
        load_grammar(files)


def test_unknown_field_in_the_unmodelled_file_is_refused() -> None:
    broken = '[unmodelled]\nroots = ["router"]\nroot = ["snmp-server"]\n'
    with pytest.raises(GrammarError, match="^broken.toml"):
        _load(broken)


def test_unmodelled_roots_must_be_a_list_of_strings() -> None:
    with pytest.raises(GrammarError, match="^broken.toml"):
        _load('[unmodelled]\nroots = "router"\n')


def test_a_mode_with_an_unknown_parent_is_refused() -> None:
    broken = 'mode = "gadget"\nprompt = "(config-gadget)#"\nparent = "nowhere"\n'
    with pytest.raises(GrammarError, match="^broken.toml"):
        _load(broken)


def test_a_reversed_range_is_refused() -> None:
    broken = command_file(syntax='"gizmo (10-5)$n"', help_='gizmo = "G"\n"$n" = "N"')
    with pytest.raises(GrammarError, match="^broken.toml"):
        _load(broken)
