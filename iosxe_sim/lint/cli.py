"""``iosxe-sim lint FILE|DIR...``: read the inputs, lint them, stream one report, return the exit status.

Exit status: 0 no errors (warnings and info allowed), 1 errors found, 2 usage or input error (a
file missing, unreadable, binary, not UTF-8 or too large; reported on ``err``, the others still
linted and reported). ``-`` reads standard input.
"""

from __future__ import annotations

import codecs
import gc
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

from iosxe_sim.config.loader import MAX_LINES
from iosxe_sim.lint.diagnostic import STDIN_PATH, FileResult, Severity, Tally
from iosxe_sim.lint.engine import SourceLines, lint_source

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
            raise SourceError(f"{path}: is a directory without *.cfg files")
        with file.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise SourceError(f"{path}: {exc.strerror or exc}") from None
    return decode(data, path)


def lint_file(path: str, stdin: BinaryIO | None = None) -> FileResult:
    """One input's result; its diagnostics are made as the report reads them."""
    name = STDIN_PATH if path == "-" else path
    try:
        text = read_source(path, stdin)
        if text.count("\n") >= MAX_LINES and len(text.splitlines()) > MAX_LINES:
            raise SourceError(f"{name}: too many lines (the limit is {MAX_LINES})")
    except SourceError as exc:
        return FileResult(name, (), str(exc))
    source = SourceLines(text)
    del text  # the source holds the only reference: it may keep the text compressed while the rules run
    return FileResult(name, lint_source(source, name))


def _lint_file_made(path: str) -> FileResult:
    """``lint_file`` with every diagnostic made: what a worker process sends back."""
    result = lint_file(path)
    return FileResult(result.path, tuple(result.diagnostics), result.error)


def expand(paths: list[str]) -> list[str]:
    """The files to lint: a directory stands for its ``*.cfg`` files (sorted by name, not recursive);
    a directory without any stays in the list, to be reported as an input error."""
    files: list[str] = []
    for path in paths:
        found = sorted(str(p) for p in Path(path).glob("*.cfg") if p.is_file()) if path != "-" and Path(path).is_dir() else []
        files += found or [path]
    return files


def results(paths: list[str], jobs: int, stdin: BinaryIO | None = None) -> Iterator[FileResult]:
    """Each file's result, in the order given; with ``jobs`` > 1 linted by that many processes.

    ``Executor.map`` hands results back in input order whatever finishes first, so the report is
    the same for any ``jobs``. Workers are forked where the platform allows it: they start with
    the grammar already loaded.
    """
    if jobs <= 1 or len(paths) < 2 or "-" in paths:
        yield from (lint_file(path, stdin) for path in paths)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from iosxe_sim.parser.match import default_matcher

    default_matcher()  # loaded once here, inherited by forked workers
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    workers = min(jobs, len(paths))
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        yield from pool.map(_lint_file_made, paths, chunksize=max(1, len(paths) // (workers * 8)))


def write_report(files: Iterable[FileResult], fmt: str, out: TextIO, max_findings: int | None = None) -> Tally:
    if fmt == "json":
        from iosxe_sim.lint.report_json import write_json

        return write_json(files, out, max_findings)
    if fmt == "sarif":
        from iosxe_sim.lint.report_sarif import write_sarif

        return write_sarif(files, out, max_findings)
    from iosxe_sim.lint.report_text import write_text

    return write_text(files, out, max_findings=max_findings)


def run_lint(
    paths: list[str],
    fmt: str,
    out: TextIO,
    err: TextIO,
    stdin: BinaryIO | None = None,
    jobs: int = 1,
    max_findings: int | None = None,
) -> int:
    """Lint ``paths`` (files, directories of ``*.cfg``, ``-``) and stream a ``fmt`` report to ``out``;
    problems reading inputs go to ``err`` as they are met. ``max_findings`` bounds the diagnostics
    listed (the counts and the exit status still cover all of them)."""
    if fmt not in FORMATS:
        err.write(f"iosxe-sim lint: unknown format {fmt!r} (choose from {', '.join(FORMATS)})\n")
        return EXIT_USAGE
    if not paths:
        err.write("iosxe-sim lint: no input files (use - for standard input)\n")
        return EXIT_USAGE
    if jobs < 1 or (max_findings is not None and max_findings < 0):
        err.write("iosxe-sim lint: --jobs must be at least 1 and --max-findings at least 0\n")
        return EXIT_USAGE
    gc.disable()  # a short-lived run over ~100k long-lived objects: collections only cost time
    unreadable = 0

    def reported(files: Iterable[FileResult]) -> Iterator[FileResult]:
        nonlocal unreadable
        for result in files:
            if result.error is not None:
                unreadable += 1
                err.write(f"iosxe-sim lint: {result.error}\n")
            yield result

    if hasattr(out, "reconfigure"):
        out.reconfigure(errors="backslashreplace")  # a non-UTF-8 terminal must not abort the report
    tally = write_report(reported(results(expand(paths), jobs, stdin)), fmt, out, max_findings)
    if unreadable:
        return EXIT_USAGE
    return EXIT_ERRORS if tally.counts[Severity.ERROR.value] else EXIT_CLEAN
