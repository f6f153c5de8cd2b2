"""Human-readable report: ``path:line:col: severity rule-id message``, the line, a caret, the hint.

Columns are 1-based here (as compilers print them). Colour only when the output is a terminal
(rich decides, and honours NO_COLOR). rich is imported by this module only, so only the text
format pays for it. Control characters from the input are shown as ``?`` so that a config file
cannot send escape sequences to the terminal.
"""

from __future__ import annotations

import re
from typing import TextIO

from rich.console import Console
from rich.text import Text

from iosxe_sim.lint.diagnostic import Diagnostic, FileResult, Severity, counts

_STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "bold yellow", Severity.INFO: "bold cyan"}
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")
GUTTER = 6  # width of the line-number column
EXCERPT = 160  # longer source lines are cut after this many characters (the caret stays visible)


def clean(text: str) -> str:
    """Printable, one line, same width: tabs become spaces (as the loader counts them), controls '?'."""
    return _CONTROL.sub("?", text.replace("\t", " "))


def _header(d: Diagnostic) -> Text:
    text = Text()
    text.append(f"{clean(d.path)}:{d.line}:{d.column + 1}: ", style="bold")
    text.append(d.severity.value, style=_STYLES[d.severity])
    text.append(f" {d.rule} ", style="dim")
    text.append(clean(d.message))
    return text


def _excerpt(d: Diagnostic) -> list[Text]:
    source = clean(d.source.rstrip())
    if len(source) > max(EXCERPT, d.column + 1):
        source = source[: max(EXCERPT, d.column + 1)] + "..."
    blank = " " * GUTTER + " | "
    code = Text(f"{d.line:>{GUTTER}} | ", style="dim")
    code.append(source)
    width = max(1, min(d.end_column, len(source.removesuffix("...")), EXCERPT) - d.column)
    caret = Text(blank, style="dim")
    caret.append(" " * d.column + "^" + "~" * (width - 1), style=_STYLES[d.severity])
    lines = [code, caret]
    for related in d.related:
        note = Text(" " * GUTTER + " = ", style="dim")
        note.append(f"line {related.line} ({clean(related.message)}): ", style="bold")
        note.append(clean(related.source.strip()))
        lines.append(note)
    hint = Text(" " * GUTTER + " = ", style="dim")
    hint.append("hint: ", style="bold green")
    hint.append(clean(d.hint))
    lines.append(hint)
    return lines


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 or word == 'info' else 's'}"


def write_text(files: list[FileResult], out: TextIO, color: bool | None = None) -> None:
    """Write the report; ``color`` None means "when ``out`` is a terminal"."""
    console = Console(
        file=out,
        force_terminal=color,
        no_color=True if color is False else None,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=True,
    )
    for result in files:
        for d in result.diagnostics:
            console.print(_header(d))
            if d.severity is not Severity.INFO:
                for line in _excerpt(d):
                    console.print(line)
    total = counts(files)
    read = sum(1 for f in files if f.error is None)
    summary = ", ".join(_plural(total[s.value], s.value) for s in Severity)
    console.print(Text(f"{summary} in {_plural(read, 'file')}", style="bold"))
