"""The command-line side of the SSH servers (``serve`` and ``lab serve``): their options, and
running one. Importing this module imports no asyncssh, so building the CLI parser stays cheap."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from iosxe_sim.paths import default_host_key

if TYPE_CHECKING:
    from iosxe_sim.server.ssh import Gate

EXIT_USAGE = 2


def add_server_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--listen", metavar="ADDRESS", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1: only this machine can log in)")
    parser.add_argument("--port", type=int, default=2222, help="TCP port (0 picks a free one; default 2222)")
    parser.add_argument("--host-key", metavar="FILE", type=Path, default=None,
                        help=f"Ed25519 host key, created when missing (default {default_host_key()})")


def serve_gate(gate: Gate, what: str, args: argparse.Namespace) -> int:
    """Serve until Ctrl-C or SIGTERM; a bad host key or a busy port is a usage error."""
    import asyncio

    from iosxe_sim.server.run import serve

    key = args.host_key or default_host_key()
    try:
        return asyncio.run(serve(gate, what, args.listen, args.port, key))
    except ValueError as exc:  # asyncssh's KeyImportError: not a private key
        print(f"iosxe-sim: host key {key}: {exc}", file=sys.stderr)
    except OSError as exc:
        print(f"iosxe-sim: cannot serve on {args.listen} port {args.port}: {exc.strerror or exc}", file=sys.stderr)
    return EXIT_USAGE
