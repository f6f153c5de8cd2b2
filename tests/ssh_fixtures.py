"""A real `iosxe-sim serve` process on a free loopback port, for the SSH tests."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import asyncssh

WAIT = 15.0
READY = re.compile(r"listening for SSH on (\S+) port (\d+)")
START_TIMEOUT = 30.0
USER, PASSWORD, ADMIN, ADMIN_PASSWORD, ENABLE_SECRET = "test", "cisco", "admin", "admin", "cisco"


@dataclass
class Served:
    host: str
    port: int
    process: subprocess.Popen[bytes]
    startup: Path
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> str:
        """SIGTERM, as a service manager would; returns everything the server printed."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=20)
        return self.output()


@contextmanager
def serve(tmp: Path, *options: str) -> Iterator[Served]:
    """Start the server (own startup-config, host key and log in ``tmp``); stop it afterwards."""
    startup, log = tmp / "startup-config", tmp / "serve.log"
    command = [sys.executable, "-m", "iosxe_sim", "serve", "--port", "0", "--seed", "1",
               "--startup", str(startup), "--host-key", str(tmp / "host_key"), *options]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with log.open("wb") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, env=env)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline and process.poll() is None:
        found = READY.search(log.read_text(errors="replace"))
        if found:
            served = Served(found.group(1), int(found.group(2)), process, startup, log)
            try:
                yield served
            finally:
                served.stop()
            return
        time.sleep(0.05)
    process.kill()
    raise RuntimeError(f"iosxe-sim serve did not start: {log.read_text(errors='replace')}")


def login(port: int, user: str, password: str, host: str = "127.0.0.1") -> asyncssh.SSHClientConnection:
    return asyncssh.connect(host, port, username=user, password=password, known_hosts=None,
                            client_keys=None, preferred_auth="password")


class Shell:
    """An interactive channel: write keys, read until some text appears (never a count of prompts)."""

    def __init__(self, process: asyncssh.SSHClientProcess[bytes]) -> None:
        self.process, self.seen = process, ""

    async def until(self, text: str) -> str:
        async def read() -> str:
            while text not in self.seen:
                chunk = await self.process.stdout.read(65536)
                if not chunk:
                    raise EOFError(f"closed before {text!r}: {self.seen[-300:]!r}")
                self.seen += chunk.decode()
            before, _, self.seen = self.seen.partition(text)
            return before + text
        return await asyncio.wait_for(read(), WAIT)

    async def run(self, line: str, prompt: str = "#") -> str:
        """Type a line; its output up to the next prompt."""
        self.process.stdin.write((line + "\r").encode())
        return await self.until(line + "\r\n") and await self.until(prompt)


async def open_shell(conn: asyncssh.SSHClientConnection, first: str = "sal_c8kv") -> tuple[Shell, str]:
    """A shell channel with a pty (of no size, as scrapli asks); what it showed up to ``first``."""
    opened = Shell(await conn.create_process(term_type="vt100", term_size=(0, 0), encoding=None))
    return opened, await opened.until(first)
