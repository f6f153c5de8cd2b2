"""``iosxe-sim serve``: one device behind an SSH server, one :class:`Session` per vty line (and,
through another :class:`Gate`, ``iosxe-sim lab serve``: a lab device per student).

One asyncio loop serves every connection. A line with Enter in it runs in a worker thread, so the
loop stays free: other terminals keep echoing, and Ctrl-C on the line interrupts its command
(``Session.interrupt``) as on the console; what is typed meanwhile waits for the prompt. Commands
take the device's lock, so they still run one at a time: two sessions see each other's changes at
once and a ``write memory`` never interleaves with another. A ticker moves the virtual clock with
the wall clock (as the console does; a busy device catches up later), prints log lines to the vtys
that ask for them (``terminal monitor``) and clears lines idle past their ``exec-timeout``.
"""

from __future__ import annotations

import asyncio
import codecs
import sys
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, TextIO, TypeVar

import asyncssh

from iosxe_sim.device import Device
from iosxe_sim.server.access import VtyLine, authenticate, has_users, vty_lines
from iosxe_sim.server.line import LineDiscipline, crlf
from iosxe_sim.session import Session

T = TypeVar("T")
TICK_SECONDS = 0.5
AUTH_ATTEMPTS = 3  # OpenSSH clients expect a refusal after three wrong passwords, as IOS gives
READ_SIZE = 4096
CTRL_C = "\x03"
STOP_AGAIN = 0.05  # seconds between two interrupt requests to a command that has not stopped
MAX_TYPEAHEAD = 4096  # characters kept while a command runs (a bound on memory; the rest is dropped)


class Gate(ABC):
    """Who may come in and where they sit: the shared device (``Router``) or a classroom of lab
    devices (``server.classroom``). The server asks it at each connection, login and tick."""

    def __init__(self, log: TextIO = sys.stderr) -> None:
        self.log = log
        self.connections: set[asyncssh.SSHServerConnection] = set()
        self.shells: set[VtyShell] = set()

    def admit(self, peer: str) -> str | None:
        """At connection time: None to let the peer try to log in, else why it is refused."""
        return None

    def release(self, connection: _Connection) -> None:
        """The connection is gone."""

    @abstractmethod
    def login(self, connection: _Connection, user: str, password: str) -> Seat | None:
        """Check a password login: where it sits, or None to refuse it."""

    def log_failure(self, connection: _Connection, user: str, reason: str) -> None:
        self.say(f"login failed for {user!r} from {connection.peer} ({reason})")

    def say(self, message: str) -> None:
        print(f"iosxe-sim: {message}", file=self.log, flush=True)

    def tick(self, seconds: float) -> None:
        for shell in list(self.shells):
            shell.tick(seconds)


def _nothing(session: Session) -> None:
    """A seat that needs no word after each line."""


@dataclass
class Seat:
    """A login: how its channels get a terminal line, how the line is given back, when idleness
    ends it, and whom to tell after each line typed."""

    open: Callable[[], Session]
    close: Callable[[Session], None]
    exec_timeout: float
    typed: Callable[[Session], None] = _nothing
    banner: str = ""  # shown when a shell opens, before the prompt


class Router(Gate):
    """One device shared by every login, each on a vty line of its own, as ``line vty`` allows."""

    def __init__(self, device: Device, log: TextIO = sys.stderr) -> None:
        super().__init__(log)
        self.device = device
        self.in_use: set[int] = set()  # vty numbers taken by a connection

    def admit(self, peer: str) -> str | None:
        """Refused at once when no vty line is free; a busy device lets it try (login decides)."""
        if not self.device.lock.acquire(blocking=False):
            return None
        try:
            return None if self.free_line() is not None else "no free vty line accepts SSH"
        finally:
            self.device.lock.release()

    def free_line(self) -> VtyLine | None:
        """The lowest vty line free for SSH (None: every line busy or SSH not accepted).

        The gate's device reads take the device's lock (in a worker thread, or without waiting on
        the event loop): a login made while a command runs waits for it, as a busy router answers
        late."""
        with self.device.lock:
            return next((line for line in vty_lines(self.device.config)
                         if line.number not in self.in_use and line.accepts_ssh), None)

    def release(self, connection: _Connection) -> None:
        if isinstance(connection.ticket, VtyLine):
            self.in_use.discard(connection.ticket.number)

    def login(self, connection: _Connection, user: str, password: str) -> Seat | None:
        """The connection takes its vty line at its first login attempt, as IOS takes it at once."""
        line = connection.ticket if isinstance(connection.ticket, VtyLine) else self.free_line()
        if line is None:
            raise asyncssh.DisconnectError(asyncssh.DISC_TOO_MANY_CONNECTIONS, "No free vty line")
        connection.ticket = line
        self.in_use.add(line.number)
        with self.device.lock:
            level = authenticate(self.device.config, user, password, line.privilege)
        if level is None:
            return None
        device, peer = self.device, connection.peer
        return Seat(lambda: device.open_session(f"vty {line.number}", user, peer, level),
                    lambda session: session.close(), line.exec_timeout)

    def log_failure(self, connection: _Connection, user: str, reason: str) -> None:
        with self.device.lock:
            if not has_users(self.device.config):
                reason = "no username is configured"
            self.device.syslog(
                f"%SEC_LOGIN-4-LOGIN_FAILED: Login failed [user: {user}] [Source: {connection.peer}] "
                "[localport: 22] [Reason: Login Authentication Failed]")
        super().log_failure(connection, user, reason)

    def tick(self, seconds: float) -> None:
        self.device.tick(seconds)
        super().tick(seconds)


class _Connection(asyncssh.SSHServer):
    """One SSH connection: refused at once when the gate says so (a connection beyond the last vty
    line, as IOS refuses it); logins checked by the gate; three failures end it."""

    def __init__(self, gate: Gate) -> None:
        self.gate = gate
        self.peer = "unknown"
        self.ticket: object = None  # what the gate keeps for this connection (its vty line ...)
        self.seat: Seat | None = None
        self.failures = 0
        self.conn: asyncssh.SSHServerConnection | None = None

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.conn = conn
        self.peer = str((conn.get_extra_info("peername") or ("unknown",))[0])
        refusal = self.gate.admit(self.peer)
        if refusal is not None:
            self.gate.say(f"refused SSH from {self.peer}: {refusal}")
            raise asyncssh.DisconnectError(asyncssh.DISC_TOO_MANY_CONNECTIONS, refusal)
        self.gate.connections.add(conn)

    def connection_lost(self, exc: Exception | None) -> None:
        self.gate.release(self)
        if self.conn is not None:
            self.gate.connections.discard(self.conn)

    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return True

    def kbdint_auth_supported(self) -> bool:
        return True

    def get_kbdint_challenge(self, username: str, lang: str, submethods: str) -> tuple[str, str, str, list[tuple[str, bool]]]:
        return "", "", "", [("Password: ", False)]

    async def validate_kbdint_response(self, username: str, responses: list[str]) -> bool:
        return len(responses) == 1 and await self.validate_password(username, responses[0])

    async def validate_password(self, username: str, password: str) -> bool:
        """In a worker thread: a login reads the device, which a command may be busy with."""
        return await asyncio.get_running_loop().run_in_executor(None, self._check_password, username, password)

    def _check_password(self, username: str, password: str) -> bool:
        self.seat = self.gate.login(self, username, password)
        if self.seat is not None:
            return True
        self.failures += 1
        self.gate.log_failure(self, username, "wrong user name or password")
        if self.failures >= AUTH_ATTEMPTS:
            raise asyncssh.DisconnectError(asyncssh.DISC_NO_MORE_AUTH_METHODS_AVAILABLE,
                                           "Too many authentication failures")
        return False

    def session_requested(self) -> asyncssh.SSHServerSession[bytes]:
        assert self.seat is not None
        return VtyShell(self.gate, self.seat)


class VtyShell(asyncssh.SSHServerSession[bytes]):
    """A shell or exec channel on a terminal line: bytes in through the line discipline, bytes out.

    A line with Enter in it and an exec command run in a worker thread (they may wait for the
    device or take long); meanwhile keys wait, except Ctrl-C, which interrupts the command."""

    def __init__(self, gate: Gate, seat: Seat) -> None:
        self.gate, self.seat = gate, seat
        self.session = seat.open()
        self.discipline = LineDiscipline(self.session)
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self.channel: asyncssh.SSHServerChannel[bytes] | None = None
        self.command: str | None = None
        self.idle = 0.0
        self.released = False
        self.running: asyncio.Future[Any] | None = None  # the work a thread does for this line
        self.typeahead = ""  # what arrived meanwhile, fed when it is done
        self.leaving = False  # the channel went away while a thread worked: release after it

    # -- asyncssh callbacks ------------------------------------------------------------------------
    def connection_made(self, chan: asyncssh.SSHServerChannel[bytes]) -> None:
        self.channel = chan

    def pty_requested(self, term_type: str, term_size: tuple[int, int, int, int], term_modes: dict[int, int]) -> bool:
        return True  # the terminal's size and modes are ignored: IOS takes `terminal length|width`

    def shell_requested(self) -> bool:
        self.gate.shells.add(self)
        return True

    def exec_requested(self, command: str) -> bool:
        self.command = command
        return True

    def session_started(self) -> None:
        loop = asyncio.get_running_loop()
        self.discipline.flush = lambda text: loop.call_soon_threadsafe(self._write, text)
        if self.command is not None:
            self._run_command(self.command)
        else:
            self._write(crlf(self.seat.banner) + self.discipline.start())

    def data_received(self, data: bytes, datatype: int | None) -> None:
        self.idle = 0.0
        text = self.decoder.decode(data)
        if self.running is None:
            self._feed(text)
        elif CTRL_C in text:  # stop the command; what was typed before the Ctrl-C goes with it
            self._stop(self.running)
            self.typeahead = text[text.rindex(CTRL_C) + 1 :]
        else:
            self.typeahead = (self.typeahead + text)[-MAX_TYPEAHEAD:]

    def eof_received(self) -> bool:
        self._close()
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self._release()

    # -- the ticker --------------------------------------------------------------------------------
    def tick(self, seconds: float) -> None:
        if self.running is not None:
            return  # a command's output comes first; its time is not idle time
        self.idle += seconds
        timeout = self.seat.exec_timeout
        if timeout and self.idle >= timeout:
            self._close()
            return
        self._write(self.discipline.log_output())

    # -- internals ---------------------------------------------------------------------------------
    def _run_command(self, command: str) -> None:
        """An exec channel (``ssh host "show clock"``): one command, its output, exit status 0."""
        self.session.terminal.length = 0
        self._in_thread(partial(self.session.execute, command), self._answered)

    def _answered(self, output: str) -> None:
        self.seat.typed(self.session)
        self._write(crlf(output))
        self._close()

    def _feed(self, text: str) -> None:
        """Keys to the line discipline: in a thread when Enter may run a command, else at once."""
        if "\r" in text or "\n" in text:
            self._in_thread(partial(self.discipline.feed, text), self._fed)
        else:
            self._write(self.discipline.feed(text))

    def _fed(self, output: str) -> None:
        self._write(output)
        self.seat.typed(self.session)
        if self.discipline.closed:
            self._close()
        elif self.typeahead and self.running is None:
            text, self.typeahead = self.typeahead, ""
            self._feed(text)

    def _in_thread(self, work: Callable[[], T], then: Callable[[T], None]) -> None:
        self.running = asyncio.get_running_loop().run_in_executor(None, work)

        def done(future: asyncio.Future[T]) -> None:
            self.running = None
            if self.leaving:
                self._release()
            elif not future.cancelled():
                then(future.result())

        self.running.add_done_callback(done)

    def _stop(self, work: asyncio.Future[Any]) -> None:
        """Interrupt the command, and again until its thread is done: a request made before the
        thread reaches the command would be forgotten (Session.interrupt forgets idle requests)."""
        if self.running is work:
            self.session.interrupt()
            asyncio.get_running_loop().call_later(STOP_AGAIN, self._stop, work)

    def _write(self, text: str) -> None:
        if text and self.channel is not None and not self.channel.is_closing():
            self.channel.write(text.encode("utf-8", errors="replace"))

    def _close(self) -> None:
        if self.channel is not None and not self.channel.is_closing():
            self.channel.exit(0)
        self._release()

    def _release(self) -> None:
        self.gate.shells.discard(self)
        if self.running is not None:  # the line is the command's until it stops
            self._stop(self.running)
            self.leaving = True
            return
        if not self.released:
            self.released = True
            self.seat.close(self.session)


@dataclass
class SshServer:
    gate: Gate
    host: str
    port: int
    host_key: asyncssh.SSHKey
    _server: asyncssh.SSHAcceptor | None = None

    async def start(self) -> int:
        """Listen; returns the port (the one chosen when ``port`` is 0)."""
        self._server = await asyncssh.create_server(
            lambda: _Connection(self.gate), self.host, self.port,
            server_host_keys=[self.host_key], encoding=None, line_editor=False,
            allow_scp=False, agent_forwarding=False, x11_forwarding=False, sftp_factory=None,
        )
        return int(self._server.sockets[0].getsockname()[1])

    async def tick_forever(self, clock: Callable[[], float]) -> None:
        last = clock()
        while True:
            await asyncio.sleep(TICK_SECONDS)
            now = clock()
            self.gate.tick(now - last)
            last = now

    async def stop(self) -> None:
        """Close every session and the listener."""
        for shell in list(self.gate.shells):
            shell._close()
        for conn in list(self.gate.connections):
            conn.close()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
