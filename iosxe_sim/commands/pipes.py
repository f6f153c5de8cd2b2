"""Output modifiers: ``| include``, ``| exclude``, ``| begin``, ``| section``, ``| count``.

Filters are case-sensitive regular expressions searched anywhere in the line (IOS semantics);
``section`` keeps each matching line together with the indented lines under it.
"""

from __future__ import annotations

import re


def apply_filter(output: str, kind: str, pattern: str) -> str:
    """Filter command output; raises ``re.error`` for a bad expression."""
    regex = re.compile(pattern)
    lines = output.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if kind == "count":
        return f"Number of lines which match regexp = {sum(1 for line in lines if regex.search(line))}\n"
    if kind == "include":
        kept = [line for line in lines if regex.search(line)]
    elif kind == "exclude":
        kept = [line for line in lines if not regex.search(line)]
    elif kind == "begin":
        start = next((n for n, line in enumerate(lines) if regex.search(line)), len(lines))
        kept = lines[start:]
    else:
        kept = _sections(lines, regex)
    return "".join(line + "\n" for line in kept)


def _sections(lines: list[str], regex: re.Pattern[str]) -> list[str]:
    kept: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not regex.search(line):
            continue
        kept.append(line)
        depth = len(line) - len(line.lstrip(" "))
        while index < len(lines) and lines[index].strip() and len(lines[index]) - len(lines[index].lstrip(" ")) > depth:
            kept.append(lines[index])
            index += 1
    return kept
