"""SSH front end of a simulated device: login, echo, line assembly and fault timing."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

import asyncssh

from provisioner.lab.engine import Device, Reply, close_session, handle_line, open_session, prompt

log = logging.getLogger(__name__)
_BACKSPACE = ("\x7f", "\x08")


class DeviceSSHServer(asyncssh.SSHServer):
    """Password authentication against the device's running config (see `access`), unless an auth fault is set."""

    def __init__(self, device: Device, connections: set[asyncssh.SSHServerConnection]) -> None:
        self._device = device
        self._connections = connections
        self._conn: asyncssh.SSHServerConnection | None = None

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self._conn = conn
        self._connections.add(conn)

    def connection_lost(self, exc: Exception | None) -> None:
        if self._conn is not None:
            self._connections.discard(self._conn)

    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        return self._device.login_ok(username=username, password=password)


def _crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


class Terminal:
    """One interactive session: echoes what is typed and runs each complete line."""

    def __init__(self, device: Device, process: asyncssh.SSHServerProcess[str]) -> None:
        self.device = device
        self.process = process
        self.session = open_session(device=device, closer=self.close)
        self.buffer = ""
        self.after_cr = False
        self.closed = False

    def write(self, text: str) -> None:
        if not self.closed:
            self.process.stdout.write(text)

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self.process.exit(0)

    def drop(self) -> None:
        self.closed = True
        connection = self.process.get_extra_info("connection")
        if connection is not None:
            connection.abort()

    async def run(self) -> None:
        try:
            if self.process.command:
                await self._exec(self.process.command)
                return
            await self._greet()
            while not self.closed and await self._read_and_feed():
                pass
        except (asyncssh.DisconnectError, asyncssh.ConnectionLost, BrokenPipeError, ConnectionError):
            pass
        finally:
            close_session(device=self.device, session=self.session)
            self.close()

    async def _read_key(self) -> None:
        """Wait for 'Press any key to continue'; the key itself is not a command."""
        while True:
            try:
                await self.process.stdin.read(1)
                return
            except (asyncssh.TerminalSizeChanged, asyncssh.BreakReceived, asyncssh.SignalReceived):
                continue

    async def _read_and_feed(self) -> bool:
        try:
            data = await self.process.stdin.read(4096)
        except (asyncssh.TerminalSizeChanged, asyncssh.BreakReceived, asyncssh.SignalReceived):
            return True
        if data:
            await self.feed(data)
        return bool(data)

    async def _exec(self, command: str) -> None:
        """`ssh sw show version`: run one exec-mode line without a shell, then close."""
        for line in command.splitlines() or [""]:
            reply = handle_line(device=self.device, session=self.session, line=line)
            if reply.drop:
                self.drop()
                return
            self.write(_crlf(reply.text))
            if reply.close or reply.question is not None:
                break

    async def _greet(self) -> None:
        text, needs_key = self.device.grammar.greeting(device=self.device)
        self.write(_crlf(text))
        if needs_key:
            await self._read_key()
            self.write("\r\n")
        self.write(prompt(device=self.device, session=self.session))

    async def feed(self, data: str) -> None:
        echo: list[str] = []
        for char in data:
            if self.closed:
                return
            if char == "\n" and self.after_cr:
                self.after_cr = False
                continue
            self.after_cr = char == "\r"
            if char in "\r\n":
                self.write("".join(echo) + "\r\n")
                echo.clear()
                await self._line()
            elif char in _BACKSPACE:
                if self.buffer:
                    self.buffer = self.buffer[:-1]
                    echo.append("\b \b")
            elif char == "\x1a":
                self.session.mode = ("exec",) if self.session.in_config else self.session.mode
            elif char >= " " or char == "\t":
                self.buffer += char
                echo.append(char)
        self.write("".join(echo))

    async def _line(self) -> None:
        line, self.buffer = self.buffer, ""
        reply = handle_line(device=self.device, session=self.session, line=line)
        if self.device.fault.latency_ms:
            await asyncio.sleep(self.device.fault.latency_ms / 1000)
        self._answer(reply)

    def _answer(self, reply: Reply) -> None:
        if reply.drop:
            self.drop()
            return
        self.write(_crlf(reply.text))
        if reply.close:
            self.close()
            return
        if reply.question is not None:
            self.write(_crlf(reply.question))
            return
        self.write(prompt(device=self.device, session=self.session))


def process_factory(device: Device) -> Callable[[asyncssh.SSHServerProcess[str]], Awaitable[None]]:
    async def handle(process: asyncssh.SSHServerProcess[str]) -> None:
        await Terminal(device, process).run()

    return handle
