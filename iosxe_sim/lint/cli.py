"""``iosxe-sim lint FILE...``: read the inputs, lint them, write one report, return the exit status.

Exit status: 0 no errors (warnings and info allowed), 1 errors found, 2 usage or input error (a
file missing, unreadable, binary, not UTF-8 or too large; reported on ``err``, the others still
linted and reported). ``-`` reads standard input.
"""

from __future__ import annotations

import codecs
import gc
import sys
from pathlib import Path
from typing import BinaryIO, TextIO

from iosxe_sim.config.loader import MAX_LINES
from iosxe_sim.lint.diagnostic import STDIN_PATH, FileResult, Severity
from iosxe_sim.lint.engine import lint_text

EXIT_CLEAN, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
FORMATS = ("text", "json", "sarif")
MAX_BYTES = 128 * 1024 * 1024


class SourceError(Exception):
    """An input that cannot be linted; the message is for the user."""


def decode(data: bytes, name: str) -> str:
    """UTF-8 text (a leading BOM dropped), or SourceError saying why the bytes are not text."""
    if len(data) > MAX_BYTES:
        raise SourceError(f"{name}: too large ({len(data)} bytes; the limit is {MAX_BYTES})")
    if b"\x00" in data:
        raise SourceError(f"{name}: not a text file (contains NUL bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SourceError(
            f"{name}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}, line {line})"
        ) from None
    return text.removeprefix(codecs.BOM_UTF8.decode("utf-8"))


def read_source(path: str, stdin: BinaryIO | None = None) -> str:
    if path == "-":
        stream = stdin if stdin is not None else getattr(sys.stdin, "buffer", None)
        if stream is None:
            raise SourceError(f"{STDIN_PATH}: standard input is not available")
        return decode(stream.read(MAX_BYTES + 1), STDIN_PATH)
    try:
        file = Path(path)
        if file.is_dir():
            raise SourceError(f"{path}: is a directory")
        with file.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise SourceError(f"{path}: {exc.strerror or exc}") from None
    return decode(data, path)


def lint_file(path: str, stdin: BinaryIO | None = None) -> FileResult:
    name = STDIN_PATH if path == "-" else path
    try:
        text = read_source(path, stdin)
        if text.count("\n") >= MAX_LINES and len(text.splitlines()) > MAX_LINES:
            raise SourceError(f"{name}: too many lines (the limit is {MAX_LINES})")
    except SourceError as exc:
        return FileResult(name, (), str(exc))
    return FileResult(name, tuple(lint_text(text, name)))


def write_report(files: list[FileResult], fmt: str, out: TextIO) -> None:
    if fmt == "json":
        from iosxe_sim.lint.report_json import write_json

        write_json(files, out)
    elif fmt == "sarif":
        from iosxe_sim.lint.report_sarif import write_sarif

        write_sarif(files, out)
    else:
        from iosxe_sim.lint.report_text import write_text

        write_text(files, out)


def run_lint(paths: list[str], fmt: str, out: TextIO, err: TextIO, stdin: BinaryIO | None = None) -> int:
    """Lint ``paths`` and write a ``fmt`` report to ``out``; problems reading inputs go to ``err``."""
    if fmt not in FORMATS:
        err.write(f"iosxe-sim lint: unknown format {fmt!r} (choose from {', '.join(FORMATS)})\n")
        return EXIT_USAGE
    if not paths:
        err.write("iosxe-sim lint: no input files (use - for standard input)\n")
        return EXIT_USAGE
    gc.disable()  # a short-lived run over ~100k long-lived objects: collections only cost time
    files = [lint_file(path, stdin) for path in paths]
    err.writelines(
        f"iosxe-sim lint: {failed.error}\n" for failed in (f for f in files if f.error is not None)
    )
    if hasattr(out, "reconfigure"):
        out.reconfigure(errors="backslashreplace")  # a non-UTF-8 terminal must not abort the report
    write_report(files, fmt, out)
    if any(f.error is not None for f in files):
        return EXIT_USAGE
    return EXIT_ERRORS if any(f.count(Severity.ERROR) for f in files) else EXIT_CLEAN
