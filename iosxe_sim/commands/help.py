"""IOS's ``?`` output, from the parser's help entries (shared by the shell and transcripts)."""

from __future__ import annotations

import re

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
    if isinstance(result, Invalid):
        if not text.strip() or (not text[-1:].isspace() and result.column + offset == _last_word(text)):
            return "% Unrecognized command\n"
        return ios_caret(prompt_width + offset + result.column)
    if isinstance(result, Ambiguous):
        return f'% Ambiguous command:  "{text.strip()}"\n'
    if text and not text[-1].isspace():
        return _word_list([e.display for e in result], width)
    title = matcher.grammar.modes[mode].help_title if not text.strip() else ""
    if pipe is None and result and result[-1].display == "<cr>" and _takes_modifiers(matcher, mode, text):
        result = [*result[:-1], OUTPUT_MODIFIERS, result[-1]]
    return (title + "\n" if title else "") + _help_table(result)


def _takes_modifiers(matcher: Matcher, mode: str, text: str) -> bool:
    """IOS lists `|  Output modifiers` before `<cr>` where a show command may end."""
    if mode not in ("exec", "user"):
        return False
    matched = matcher.match_line(mode, text.rstrip())
    return isinstance(matched, Matched) and matched.command.handler.startswith(PIPED_HANDLERS)


def _last_word(text: str) -> int:
    return len(text) - len(text.split()[-1]) if text.split() else 0


def _help_table(entries: list[HelpEntry]) -> str:
    # "  timeout  timeout value for session in reconnect state" ... "  <cr>     <cr>"
    rows = [(e.display, e.help or e.display) for e in entries]
    column = max((len(name) for name, _ in rows), default=0)
    return "".join(f"  {name:<{column}}  {text}\n" for name, text in rows) + "\n"


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
