"""Run an SSH server (``iosxe-sim serve``, ``iosxe-sim lab serve``) until Ctrl-C or SIGTERM, then
close every session cleanly."""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path
from typing import TextIO

from iosxe_sim.server.hostkey import fingerprint, load_or_create
from iosxe_sim.server.ssh import Gate, SshServer


async def serve(gate: Gate, what: str, host: str, port: int, key_path: Path, out: TextIO = sys.stdout) -> int:
    key = load_or_create(key_path)
    server = SshServer(gate, host, port, key)
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for number in (signal.SIGINT, signal.SIGTERM):  # before anyone is told we listen
        loop.add_signal_handler(number, stop.set)
    chosen = await server.start()
    print(f"iosxe-sim: {what} listening for SSH on {host} port {chosen}", file=out)
    print(f"iosxe-sim: host key {fingerprint(key)} (ED25519, {key_path})", file=out, flush=True)
    ticker = asyncio.create_task(server.tick_forever(loop.time))
    try:
        await stop.wait()
    finally:
        ticker.cancel()
        await server.stop()
    print("iosxe-sim: stopped", file=out, flush=True)
    return 0
