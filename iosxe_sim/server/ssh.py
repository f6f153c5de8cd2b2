"""``iosxe-sim serve``: one device behind an SSH server, one :class:`Session` per vty line.

One asyncio loop serves every connection; commands run on it one at a time, so two sessions see
each other's changes at once and a ``write memory`` never interleaves with another. A ticker moves
the virtual clock with the wall clock (as the console does), prints log lines to the vtys that ask
for them (``terminal monitor``) and clears lines idle past their ``exec-timeout``.
"""

from __future__ import annotations

import asyncio
import codecs
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

import asyncssh

from iosxe_sim.device import Device
from iosxe_sim.server.access import VtyLine, authenticate, has_users, vty_lines
from iosxe_sim.server.line import LineDiscipline, crlf

TICK_SECONDS = 0.5
AUTH_ATTEMPTS = 3  # OpenSSH clients expect a refusal after three wrong passwords, as IOS gives
READ_SIZE = 4096


@dataclass
class Router:
    """The device and its vty lines: which are in use, by whom."""

    device: Device
    log: TextIO = sys.stderr
    in_use: set[int] = field(default_factory=set)  # vty numbers taken by a connection
    connections: set[asyncssh.SSHServerConnection] = field(default_factory=set)
    shells: set[VtyShell] = field(default_factory=set)

    def free_line(self) -> VtyLine | None:
        """The lowest vty line free for SSH (None: every line busy or SSH not accepted)."""
        return next((line for line in vty_lines(self.device.config)
                     if line.number not in self.in_use and line.accepts_ssh), None)

    def say(self, message: str) -> None:
        print(f"iosxe-sim: {message}", file=self.log, flush=True)

    def tick(self, seconds: float) -> None:
        self.device.tick(seconds)
        for shell in list(self.shells):
            shell.tick(seconds)


class _Connection(asyncssh.SSHServer):
    """One SSH connection: it takes a vty line at once (a connection beyond the last line is
    refused, as IOS refuses it) and checks logins against the running-config."""

    def __init__(self, router: Router) -> None:
        self.router = router
        self.peer = "unknown"
        self.line: VtyLine | None = None
        self.user: str | None = None
        self.privilege = 1
        self.failures = 0
        self.conn: asyncssh.SSHServerConnection | None = None

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.conn = conn
        self.peer = str((conn.get_extra_info("peername") or ("unknown",))[0])
        self.line = self.router.free_line()
        if self.line is None:
            self.router.say(f"refused SSH from {self.peer}: no free vty line accepts SSH")
            raise asyncssh.DisconnectError(asyncssh.DISC_TOO_MANY_CONNECTIONS, "No free vty line")
        self.router.in_use.add(self.line.number)
        self.router.connections.add(conn)

    def connection_lost(self, exc: Exception | None) -> None:
        if self.line is not None:
            self.router.in_use.discard(self.line.number)
        if self.conn is not None:
            self.router.connections.discard(self.conn)

    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return True

    def kbdint_auth_supported(self) -> bool:
        return True

    def get_kbdint_challenge(self, username: str, lang: str, submethods: str) -> tuple[str, str, str, list[tuple[str, bool]]]:
        return "", "", "", [("Password: ", False)]

    def validate_kbdint_response(self, username: str, responses: list[str]) -> bool:
        return len(responses) == 1 and self.validate_password(username, responses[0])

    def validate_password(self, username: str, password: str) -> bool:
        config = self.router.device.config
        assert self.line is not None
        level = authenticate(config, username, password, self.line.privilege)
        if level is not None:
            self.user, self.privilege = username, level
            return True
        self.failures += 1
        reason = "no username is configured" if not has_users(config) else "wrong user name or password"
        self.router.say(f"login failed for {username!r} from {self.peer} ({reason})")
        self.router.device.syslog(
            f"%SEC_LOGIN-4-LOGIN_FAILED: Login failed [user: {username}] [Source: {self.peer}] "
            "[localport: 22] [Reason: Login Authentication Failed]")
        if self.failures >= AUTH_ATTEMPTS:
            raise asyncssh.DisconnectError(asyncssh.DISC_NO_MORE_AUTH_METHODS_AVAILABLE,
                                           "Too many authentication failures")
        return False

    def session_requested(self) -> asyncssh.SSHServerSession[bytes]:
        assert self.line is not None and self.user is not None
        return VtyShell(self.router, self.line, self.user, self.peer, self.privilege)


class VtyShell(asyncssh.SSHServerSession[bytes]):
    """A shell or exec channel on a vty: bytes in through the line discipline, bytes out."""

    def __init__(self, router: Router, line: VtyLine, user: str, peer: str, privilege: int) -> None:
        self.router, self.line = router, line
        self.session = router.device.open_session(f"vty {line.number}", user, peer, privilege)
        self.discipline = LineDiscipline(self.session)
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self.channel: asyncssh.SSHServerChannel[bytes] | None = None
        self.command: str | None = None
        self.idle = 0.0

    # -- asyncssh callbacks ------------------------------------------------------------------------
    def connection_made(self, chan: asyncssh.SSHServerChannel[bytes]) -> None:
        self.channel = chan

    def pty_requested(self, term_type: str, term_size: tuple[int, int, int, int], term_modes: dict[int, int]) -> bool:
        return True  # the terminal's size and modes are ignored: IOS takes `terminal length|width`

    def shell_requested(self) -> bool:
        self.router.shells.add(self)
        return True

    def exec_requested(self, command: str) -> bool:
        self.command = command
        return True

    def session_started(self) -> None:
        if self.command is not None:
            self._run_command(self.command)
        else:
            self._write(self.discipline.start())

    def data_received(self, data: bytes, datatype: int | None) -> None:
        self.idle = 0.0
        self._write(self.discipline.feed(self.decoder.decode(data)))
        if self.discipline.closed:
            self._close()

    def eof_received(self) -> bool:
        self._close()
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self._release()

    # -- the ticker --------------------------------------------------------------------------------
    def tick(self, seconds: float) -> None:
        self.idle += seconds
        timeout = self.line.exec_timeout
        if timeout and self.idle >= timeout:
            self._close()
            return
        self._write(self.discipline.log_output())

    # -- internals ---------------------------------------------------------------------------------
    def _run_command(self, command: str) -> None:
        """An exec channel (``ssh host "show clock"``): one command, its output, exit status 0."""
        self.session.terminal.length = 0
        output = self.session.execute(command)
        self._write(crlf(output))
        self._close()

    def _write(self, text: str) -> None:
        if text and self.channel is not None and not self.channel.is_closing():
            self.channel.write(text.encode("utf-8", errors="replace"))

    def _close(self) -> None:
        if self.channel is not None and not self.channel.is_closing():
            self.channel.exit(0)
        self._release()

    def _release(self) -> None:
        self.router.shells.discard(self)
        self.session.close()


@dataclass
class SshServer:
    router: Router
    host: str
    port: int
    host_key: asyncssh.SSHKey
    _server: asyncssh.SSHAcceptor | None = None

    async def start(self) -> int:
        """Listen; returns the port (the one chosen when ``port`` is 0)."""
        self._server = await asyncssh.create_server(
            lambda: _Connection(self.router), self.host, self.port,
            server_host_keys=[self.host_key], encoding=None, line_editor=False,
            allow_scp=False, agent_forwarding=False, x11_forwarding=False, sftp_factory=None,
        )
        return int(self._server.sockets[0].getsockname()[1])

    async def tick_forever(self, clock: Callable[[], float]) -> None:
        last = clock()
        while True:
            await asyncio.sleep(TICK_SECONDS)
            now = clock()
            self.router.tick(now - last)
            last = now

    async def stop(self) -> None:
        """Close every session and the listener."""
        for shell in list(self.router.shells):
            shell._close()
        for conn in list(self.router.connections):
            conn.close()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
