"""Human-readable report: ``path:line:col: severity rule-id message``, the line, a caret, the hint.

Columns are 1-based here (as compilers print them). Colour (ANSI SGR codes) only when the output
is a terminal and ``NO_COLOR`` is not set, or when asked. The report is written as plain strings
in batches as files arrive: a million findings take seconds, not the minutes a rich ``Console.print``
per line took, and no library is imported for it. Control characters from the input are shown as
``?`` so that a config file cannot send escape sequences to the terminal.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import TextIO

from iosxe_sim.lint.diagnostic import Diagnostic, FileResult, Severity, Tally

_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")
GUTTER = 6  # width of the line-number column
EXCERPT = 160  # longer source lines are cut after this many characters (the caret stays visible)
BATCH = 2000  # diagnostics formatted per write
_SGR = {"bold": "1", "dim": "2", "red": "1;31", "yellow": "1;33", "cyan": "1;36", "green": "1;32"}
_SEVERITY_STYLE = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def clean(text: str) -> str:
    """Printable, one line, same width: tabs become spaces (as the loader counts them), controls '?'."""
    if text.isascii() and text.isprintable():  # the common case, without a regex
        return text
    return _CONTROL.sub("?", text.replace("\t", " "))


class _Style:
    """Wraps text in SGR codes, or leaves it alone when colour is off."""

    def __init__(self, color: bool) -> None:
        self.color = color
        self.blank = self(" " * GUTTER + " |", "dim") + " "  # the gutter of the caret line
        self.equals = self(" " * GUTTER + " =", "dim") + " "  # the gutter of a note

    def __call__(self, text: str, style: str) -> str:
        return f"\x1b[{_SGR[style]}m{text}\x1b[0m" if self.color and text else text


def use_color(out: TextIO) -> bool:
    """Colour for a terminal, unless ``NO_COLOR`` is set (https://no-color.org) or TERM is dumb."""
    isatty = getattr(out, "isatty", None)
    terminal = bool(isatty and isatty())
    return terminal and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def _header(d: Diagnostic, style: _Style) -> str:
    if not style.color:
        return f"{clean(d.path)}:{d.line}:{d.column + 1}: {d.severity.value} {d.rule} {clean(d.message)}\n"
    severity = style(d.severity.value, _SEVERITY_STYLE[d.severity])
    return (
        f"{style(f'{clean(d.path)}:{d.line}:{d.column + 1}:', 'bold')} {severity} "
        f"{style(d.rule, 'dim')} {clean(d.message)}\n"
    )


def _excerpt(d: Diagnostic, style: _Style) -> str:
    source = clean(d.source.rstrip())
    if len(source) > max(EXCERPT, d.column + 1):
        source = source[: max(EXCERPT, d.column + 1)] + "..."
    width = max(1, min(d.end_column, len(source.removesuffix("...")), EXCERPT) - d.column)
    caret = " " * d.column + style("^" + "~" * (width - 1), _SEVERITY_STYLE[d.severity])
    parts = [style(f"{d.line:>{GUTTER}} |", "dim"), " ", source, "\n", style.blank, caret, "\n"]
    for related in d.related:
        note = style(f"line {related.line} ({clean(related.message)}):", "bold")
        parts += [style.equals, note, " ", clean(related.source.strip()), "\n"]
    parts.append(_hint(d.hint, style.color))
    return "".join(parts)


@lru_cache(maxsize=256)
def _hint(hint: str, color: bool) -> str:
    style = _Style(color)
    return style(" " * GUTTER + " =", "dim") + " " + style("hint:", "green") + " " + clean(hint) + "\n"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 or word == 'info' else 's'}"


def write_text(
    files: Iterable[FileResult], out: TextIO, color: bool | None = None, max_findings: int | None = None
) -> Tally:
    """Write the report; ``color`` None means "when ``out`` is a terminal". Returns the tally."""
    style = _Style(use_color(out) if color is None else color)
    tally = Tally(max_findings)
    for result in files:
        _, shown = tally.add(result)
        for start in range(0, len(shown), BATCH):
            chunk = []
            for d in shown[start : start + BATCH]:
                chunk.append(_header(d, style))
                if d.severity is not Severity.INFO:
                    chunk.append(_excerpt(d, style))
            out.write("".join(chunk))
    summary = ", ".join(_plural(tally.counts[s.value], s.value) for s in Severity)
    omitted = f" ({tally.omitted} not shown: --max-findings)" if tally.omitted else ""
    out.write(style(f"{summary} in {_plural(tally.files, 'file')}{omitted}", "bold") + "\n")
    return tally
