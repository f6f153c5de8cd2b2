"""IOS's ``?`` output, from the parser's help entries (shared by the shell and transcripts)."""

from __future__ import annotations

import re

from iosxe_sim.commands.ifnames import IFNAME_DISPLAY, number_help, with_interface_types
from iosxe_sim.parser.match import Ambiguous, HelpEntry, Invalid, Matched, Matcher, ios_caret

_PIPE = re.compile(r"\s\|")
PIPED_HANDLERS = ("show.", "exec.more", "exec.dir")  # commands whose output takes | include ...
OUTPUT_MODIFIERS = HelpEntry("|", "Output modifiers")


def context_help(matcher: Matcher, mode: str, text: str, prompt_width: int, width: int = 80) -> str:
    """What IOS prints when ``?`` is typed after ``text`` (the line is then redisplayed)."""
    pipe = _PIPE.search(text) if mode in ("exec", "user") else None
    if pipe is not None:
        result = matcher.help("pipe", text[pipe.end():])
        offset = pipe.end()
    else:
        result, offset = matcher.help(mode, text), 0
    if isinstance(result, Invalid) and text[-1:].isspace():
        words = text[offset:].split()
        spaced = number_help(words[-1]) if words else None
        if spaced is not None and _takes_interface(matcher, mode, text[: len(text.rstrip()) - len(words[-1])]):
            return _help_table(spaced, width)
    if isinstance(result, Invalid) and text.split() and not text[-1:].isspace():
        word = text.split()[-1]
        types = [t.display for t in with_interface_types([HelpEntry(IFNAME_DISPLAY, "")])
                 if t.display.lower().startswith(word.lower())]
        if types and _takes_interface(matcher, mode, text[: len(text) - len(word)]):
            return _word_list(types, width)
    if isinstance(result, Invalid):
        if not text.strip() or (not text[-1:].isspace() and result.column + offset == _last_word(text)):
            return "% Unrecognized command\n"
        return ios_caret(prompt_width + offset + result.column)
    if isinstance(result, Ambiguous):
        return f'% Ambiguous command:  "{text.strip()}"\n'
    if text and not text[-1].isspace():
        return _word_list([e.display for e in result], width)
    result = with_interface_types(result)
    title = matcher.grammar.modes[mode].help_title if not text.strip() else ""
    if pipe is None and result and result[-1].display == "<cr>" and _takes_modifiers(matcher, mode, text):
        result = [*result[:-1], OUTPUT_MODIFIERS, result[-1]]
    return (title + "\n" if title else "") + _help_table(result, width)


def _takes_modifiers(matcher: Matcher, mode: str, text: str) -> bool:
    """IOS lists `|  Output modifiers` before `<cr>` where a show command may end."""
    if mode not in ("exec", "user"):
        return False
    matched = matcher.match_line(mode, text.rstrip())
    return isinstance(matched, Matched) and matched.command.handler.startswith(PIPED_HANDLERS)


def _takes_interface(matcher: Matcher, mode: str, text: str) -> bool:
    """Does an interface name come next after `text` (`show interfaces GigabitEthernet ?`)?"""
    entries = matcher.help(mode, text)
    return isinstance(entries, list) and any(e.display == IFNAME_DISPLAY for e in entries)


def _last_word(text: str) -> int:
    return len(text) - len(text.split()[-1]) if text.split() else 0


def _help_table(entries: list[HelpEntry], width: int = 80) -> str:
    # "  timeout  timeout value for session in reconnect state" ... "  <cr>     <cr>"
    rows = [(e.display, e.help or e.display) for e in entries]
    column = max((len(name) for name, _ in rows), default=0)
    return "".join(f"  {name:<{column}}  {_wrapped(text, column + 4, width)}\n" for name, text in rows) + "\n"


def _wrapped(text: str, indent: int, width: int) -> str:
    """A help text longer than the line wraps at a word, continued under itself, as IOS does:
    "  append    Append redirected output to URL (URLs supporting append operation" / "only)"."""
    room = width - 1 - indent
    if not width or room < 20 or len(text) <= room:
        return text
    lines, current = [], ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) > room:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return ("\n" + " " * indent).join(lines)


def _word_list(words: list[str], width: int) -> str:
    # "aaa  access-list  alias  alps  appfw  archive" wrapped at the terminal width
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current}  {word}" if current else word
        if current and width and len(candidate) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    lines.append(current)
    return "\n".join(lines) + "\n\n"
