"""The ``iosxe-sim`` command line: ``lint``, ``run`` (and ``shell`` once it lands).

Imports are lazy per subcommand so ``iosxe-sim lint`` never pays for the shell's dependencies.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_USAGE = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="iosxe-sim",
        description="Cisco IOS-XE CLI emulator for FlexVPN remote access and IKEv2 auto-reconnect.",
    )
    sub = parser.add_subparsers(dest="command")
    lint = sub.add_parser("lint", help="check configuration files (exit 0 clean, 1 errors, 2 usage/IO)")
    lint.add_argument("files", nargs="+", metavar="FILE", help="configuration file, or - for standard input")
    lint.add_argument("--format", choices=("text", "json", "sarif"), default="text", help="output format")
    run = sub.add_parser("run", help="replay CLI lines from a script and print the console transcript")
    run.add_argument("script", metavar="SCRIPT", help="file with one CLI line per line, or - for stdin")
    _device_options(run)
    return parser


def _device_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", metavar="FILE", help="boot from this config instead of the default device")
    parser.add_argument("--seed", type=int, help="seed for deterministic random values")
    parser.add_argument("--hostname", metavar="NAME", help="override the hostname")


def _read_text(path: str) -> str:
    """Read a text file (or stdin for '-'); raises ValueError with a user-facing message."""
    data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    if b"\x00" in data:
        raise ValueError(f"{path}: not a text file (contains NUL bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: not UTF-8 text (byte {exc.start})") from None


def _run(args: argparse.Namespace) -> int:
    from iosxe_sim.device import Device

    try:
        script = _read_text(args.script)
        config = _read_text(args.config) if args.config else None
    except (OSError, ValueError) as exc:
        print(f"iosxe-sim: {exc}", file=sys.stderr)
        return EXIT_USAGE
    device = Device(config_text=config, seed=args.seed, hostname=args.hostname)
    out = sys.stdout
    for line in script.splitlines():
        secret = device.awaiting_password  # IOS does not echo passwords
        out.write(device.prompt + ("" if secret else line) + "\n")
        out.write(device.execute(line))
        if device.closed:
            return 0
    out.write(device.prompt + "\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "lint":
            from iosxe_sim.lint.cli import run_lint

            return run_lint(args.files, args.format, sys.stdout, sys.stderr)
        if args.command == "run":
            return _run(args)
        parser.print_help()
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
