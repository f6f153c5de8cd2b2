"""The ``iosxe-sim`` command line: ``shell`` (the default), ``run``, ``serve``, ``lint`` and ``lab``.

Imports are lazy per subcommand so ``iosxe-sim lint`` never pays for the shell's dependencies.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from iosxe_sim.heap import settle_after_boot
from iosxe_sim.paths import default_bootflash_path, default_startup_path
from iosxe_sim.server.options import add_server_options

if TYPE_CHECKING:
    from iosxe_sim.device import Device
    from iosxe_sim.flash import Flash

EXIT_USAGE = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="iosxe-sim",
        description="Cisco IOS-XE CLI emulator for FlexVPN remote access and IKEv2 auto-reconnect. "
        "Without a command it opens the shell on the embedded default device.",
    )
    sub = parser.add_subparsers(dest="command")
    shell = sub.add_parser("shell", help="open the router console (the default command)")
    _device_options(shell)
    run = sub.add_parser("run", help="replay CLI lines from a script and print the console transcript")
    run.add_argument("script", metavar="SCRIPT", help="file with one CLI line per line, or - for stdin")
    _device_options(run)
    serve = sub.add_parser("serve", help="serve the device over SSH for automation clients and people")
    add_server_options(serve)
    _device_options(serve)
    lint = sub.add_parser("lint", help="check configuration files (exit 0 clean, 1 errors, 2 usage/IO)")
    lint.add_argument("files", nargs="+", metavar="FILE", help="configuration file, folder of *.cfg files, or - for stdin")
    lint.add_argument("--format", choices=("text", "json", "sarif"), default="text", help="output format")
    lint.add_argument("--jobs", type=int, default=1, metavar="N", help="lint files in N processes (same report)")
    lint.add_argument("--max-findings", type=int, metavar="N", help="list only the first N findings")
    from iosxe_sim.labs.arguments import add_arguments as add_lab_arguments

    add_lab_arguments(sub.add_parser("lab", help="training labs: list, show, start, check"))
    return parser


def _device_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", metavar="FILE", help="boot from this config instead of the default device")
    parser.add_argument("--startup", metavar="FILE", type=Path, default=None,
                        help=f"startup-config file (loaded at boot when it exists, written by `write memory`; "
                             f"the shell's default is {default_startup_path()}, `run` uses none unless given)")
    parser.add_argument("--seed", type=int, help="seed for deterministic random values")
    parser.add_argument("--hostname", metavar="NAME", help="override the hostname")
    parser.add_argument("--bootflash", metavar="PATH", action="append", type=Path, default=[],
                        help="a folder: the device's bootflash: (the shell's and serve's default is "
                             f"{default_bootflash_path()}, `run` keeps flash in memory unless given); "
                             "a file: copied into bootflash:, e.g. a client profile XML; repeatable")


def bootflash_from(paths: list[Path], default: Path | None) -> Flash:
    """`--bootflash DIR` is the flash (at most one folder); `--bootflash FILE` is copied into it."""
    from iosxe_sim.device import default_bootflash
    from iosxe_sim.flash import FlashError, FolderFlash, MemoryFlash, check_name
    from iosxe_sim.storage import MAX_BOOTFLASH_FILE, InputError, read_limited

    folders = [path for path in paths if path.is_dir()]
    if len(folders) > 1:
        raise InputError(f"{folders[1]}: only one folder can be bootflash:")
    folder = folders[0] if folders else default
    flash: Flash = FolderFlash.open(folder, default_bootflash()) if folder else MemoryFlash(default_bootflash())
    for path in paths:
        if path in folders:
            continue
        data = read_limited(path, MAX_BOOTFLASH_FILE)
        try:
            check_name(path.name)
            flash[path.name] = data
        except FlashError as exc:
            raise InputError(f"{path}: cannot be copied to bootflash: ({exc})") from None
    return flash


def _device(args: argparse.Namespace, startup: Path | None, flash_folder: Path | None = None) -> Device:
    """The device the options describe; lines of its boot config it could not apply go to stderr."""
    from iosxe_sim.config.loader import Problem
    from iosxe_sim.device import Device
    from iosxe_sim.storage import read_text_limited

    config = read_text_limited(args.config) if args.config else None
    device = Device(config_text=config, seed=args.seed, hostname=args.hostname, startup_path=startup,
                    bootflash=bootflash_from(args.bootflash, flash_folder))
    source = args.config or startup
    for report in device.load_reports:
        if report.problem is not Problem.UNMODELLED:
            print(f"iosxe-sim: {source}:{report.line}:{report.column + 1}: {report.message} "
                  f"({report.text.strip()[:80]})", file=sys.stderr)
    return device


def _run(args: argparse.Namespace) -> int:
    """Run a script (or piped input) line by line, each answer printed as soon as it is due."""
    from iosxe_sim.session import transcript
    from iosxe_sim.storage import InputError, input_lines

    try:
        stream = sys.stdin.buffer if args.script == "-" else open(args.script, "rb")  # noqa: SIM115
        device = _device(args, args.startup)  # a script boots the same device every time
    except (OSError, ValueError) as exc:
        print(f"iosxe-sim: {exc}", file=sys.stderr)
        return EXIT_USAGE
    settle_after_boot()
    with stream:
        try:
            return transcript(device.console, input_lines(stream, "<stdin>" if args.script == "-" else args.script),
                              sys.stdout)
        except InputError as exc:
            sys.stdout.write("\n")
            sys.stdout.flush()
            print(f"iosxe-sim: {exc}", file=sys.stderr)
            return EXIT_USAGE


def _boot(args: argparse.Namespace) -> Device | None:
    """The long-running device of `shell` and `serve`: the user's startup-config and flash folder
    by default; None (the reason on stderr) when it cannot boot."""
    try:
        device = _device(args, args.startup or default_startup_path(), default_bootflash_path())
    except (OSError, ValueError) as exc:
        print(f"iosxe-sim: {exc}", file=sys.stderr)
        return None
    settle_after_boot()
    return device


def _serve(args: argparse.Namespace) -> int:
    from iosxe_sim.server.options import serve_gate
    from iosxe_sim.server.ssh import Router

    device = _boot(args)
    return EXIT_USAGE if device is None else serve_gate(Router(device), device.name, args)


def _shell(args: argparse.Namespace) -> int:
    if not sys.stdin.isatty():
        args.script = "-"
        return _run(args)
    device = _boot(args)
    if device is None:
        return EXIT_USAGE
    from iosxe_sim.shell.console import Console

    Console(device).run()
    return 0


COMMANDS = ("shell", "run", "serve", "lint", "lab", "-h", "--help")


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    arguments = list(sys.argv[1:] if argv is None else argv)
    if not arguments or arguments[0] not in COMMANDS:
        arguments.insert(0, "shell")  # `iosxe-sim [options]` opens the shell
    args = parser.parse_args(arguments)
    try:
        if args.command == "lint":
            from iosxe_sim.lint.cli import run_lint

            return run_lint(args.files, args.format, sys.stdout, sys.stderr, jobs=args.jobs,
                            max_findings=args.max_findings)
        if args.command == "run":
            return _run(args)
        if args.command == "serve":
            return _serve(args)
        if args.command == "lab":
            from iosxe_sim.labs.cli import run_lab

            return run_lab(args)
        return _shell(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def entry() -> None:
    """The console script: run, flush, and leave without tearing down the heap.

    A 100k-line config is ~100k objects; freeing them one by one at exit costs more than most
    of the linting (~50 ms). Everything the process owes the world is written and flushed first.
    """
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
