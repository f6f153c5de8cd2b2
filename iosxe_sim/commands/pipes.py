"""Output modifiers: ``| include``, ``| exclude``, ``| begin``, ``| section``, ``| count``, and
``| redirect``, ``| append``, ``| tee`` to bootflash files.

Filters are case-sensitive IOS regular expressions (:mod:`ios_regex`, linear in the line whatever
the pattern) searched anywhere in the line;
``section`` keeps each matching line together with the indented lines under it. ``redirect`` and
``append`` print nothing, ``tee`` prints the output it writes. ``format`` is not emulated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iosxe_sim.commands.ios_regex import compile_ios
from iosxe_sim.engine.interrupt import interruptible

if TYPE_CHECKING:
    from iosxe_sim.device import Device

WRITERS = ("redirect", "append", "tee")
FILE_SYSTEMS = ("bootflash:", "flash:")  # flash: is the C8000V's alias of bootflash:
FORMAT_REFUSAL = "% iosxe-sim does not emulate the output modifier 'format'\n"


def write_output(device: Device, kind: str, url: str, output: str) -> str:
    """``| redirect|append|tee URL``: the output goes to a bootflash file (tee also prints it)."""
    prefix = next((p for p in FILE_SYSTEMS if url.lower().startswith(p)), None)
    if prefix is None:
        return f"% iosxe-sim does not emulate the file system of '{url}'; use bootflash:FILE\n"
    name = url[len(prefix):].lstrip("/")
    if not name:
        return f"%Error opening {url} (Is a directory)\n"
    device.write_file(name, output.encode("utf-8"), append=kind == "append")
    return output if kind == "tee" else ""


def apply_filter(output: str, kind: str, pattern: str) -> str:
    """Filter command output; raises ``re.error`` (a RegexError) for a bad expression."""
    search = compile_ios(pattern).search
    lines = output.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    hits = [search(line) for line in interruptible(lines)]  # Ctrl-C stops a long filter
    if kind == "count":
        return f"Number of lines which match regexp = {sum(hits)}\n"
    if kind == "include":
        kept = [line for line, hit in zip(lines, hits) if hit]
    elif kind == "exclude":
        kept = [line for line, hit in zip(lines, hits) if not hit]
    elif kind == "begin":
        kept = lines[hits.index(True) if True in hits else len(lines):]
    else:
        kept = _sections(lines, hits)
    return "".join(line + "\n" for line in kept)


def _sections(lines: list[str], hits: list[bool]) -> list[str]:
    kept: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not hits[index - 1]:
            continue
        kept.append(line)
        depth = len(line) - len(line.lstrip(" "))
        while index < len(lines) and lines[index].strip() and len(lines[index]) - len(lines[index].lstrip(" ")) > depth:
            kept.append(lines[index])
            index += 1
    return kept
