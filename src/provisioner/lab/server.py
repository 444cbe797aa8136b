"""The lab process: one asyncio loop, one SSH listener per device, a unix control socket."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import asyncssh

from provisioner.lab.engine import Device
from provisioner.lab.grammars import grammar_for
from provisioner.lab.models import Fault, LabDeviceSpec, LabEndpoint, LabError
from provisioner.lab.paths import LabPaths
from provisioner.lab.sshd import DeviceSSHServer, process_factory
from provisioner.netconfig.hostkeys import host_pattern

log = logging.getLogger(__name__)


class LabServer:
    """Every simulated device of one lab, their listeners and the control channel."""

    def __init__(self, *, specs: list[LabDeviceSpec], endpoints: list[LabEndpoint], paths: LabPaths, persist: bool) -> None:
        self.paths = paths
        self.persist = persist
        self.endpoints = {e.name: e for e in endpoints}
        self.devices = {s.name: Device(spec=s, grammar=grammar_for(platform=s.platform)) for s in specs}
        self.listeners: dict[str, asyncssh.SSHAcceptor] = {}
        self.connections: dict[str, set[asyncssh.SSHServerConnection]] = {n: set() for n in self.devices}
        self.stopped = asyncio.Event()
        self.host_key = _host_key(paths.host_key)
        if persist:
            for device in self.devices.values():
                self._attach_persistence(device)

    def _attach_persistence(self, device: Device) -> None:
        path = self.paths.device_file(device.spec.name)
        if path.exists():
            device.load_json(json.loads(path.read_text()))
        device.persisting = True
        device.on_change = lambda: _write_json(path, device.to_json())

    async def open_listener(self, name: str) -> None:
        if name in self.listeners:
            return
        device, endpoint = self.devices[name], self.endpoints[name]
        try:
            self.listeners[name] = await asyncssh.create_server(
                lambda: DeviceSSHServer(device, self.connections[name]),
                endpoint.host,
                endpoint.port,
                server_host_keys=[self.host_key],
                process_factory=process_factory(device),
                line_editor=False,
                reuse_address=True,
                login_timeout=30,
            )
        except OSError as error:
            raise LabError(
                f"device {name}: cannot listen on {endpoint.host}:{endpoint.port}: {error.strerror or error} "
                f"(is another lab using port {endpoint.port}? start this one with another port)"
            ) from error

    async def close_listener(self, name: str) -> None:
        listener = self.listeners.pop(name, None)
        if listener is not None:
            listener.close()
        for connection in list(self.connections[name]):
            connection.abort()

    async def start(self) -> None:
        started = time.monotonic()
        await asyncio.gather(*(self.open_listener(name) for name in self.devices))
        self.write_known_hosts()
        log.info("lab: %d devices listening after %.2fs", len(self.listeners), time.monotonic() - started)

    def write_known_hosts(self) -> None:
        """`<lab>/known_hosts`: every device's address and the lab's host key, so that clients check keys strictly."""
        key = self.host_key.export_public_key("openssh").decode().split()
        lines = [f"{host_pattern(e.host, e.port)} {key[0]} {key[1]}" for e in self.endpoints.values()]
        path = self.paths.root / "known_hosts"
        tmp = path.with_suffix(".tmp")
        tmp.write_text("\n".join(lines) + "\n")
        tmp.replace(path)

    async def shutdown(self) -> None:
        for name in list(self.listeners):
            await self.close_listener(name)

    def device(self, name: object) -> Device:
        if not isinstance(name, str) or name not in self.devices:
            raise LabError(f"the lab has no device '{name}' (devices: {len(self.devices)})")
        return self.devices[name]

    def status(self) -> dict[str, Any]:
        return {
            "pid": os.getpid(),
            "state_dir": str(self.paths.state_dir),
            "devices": {name: self._device_status(name) for name in self.devices},
        }

    def _device_status(self, name: str) -> dict[str, Any]:
        device = self.devices[name]
        return {
            "endpoint": asdict(self.endpoints[name]),
            "model": device.spec.model,
            "faults": device.fault.to_json(),
            "dirty": device.dirty,
            "sessions": len(device.sessions),
            "listening": name in self.listeners,
        }

    async def set_fault(self, name: object, fault: Fault) -> None:
        device = self.device(name)
        fault.check()
        device.fault = fault
        if fault.unreachable:
            await self.close_listener(device.spec.name)
        else:
            await self.open_listener(device.spec.name)

    async def clear_faults(self, name: object) -> None:
        for device_name in self.devices if name is None else [self.device(name).spec.name]:
            await self.set_fault(device_name, Fault())

    async def handle(self, request: dict[str, Any]) -> Any:
        """Answer one control request."""
        op = request.get("op")
        name = request.get("device")
        if op == "status":
            return self.status()
        if op == "get_config":
            which = request.get("which", "running")
            if which not in ("running", "startup"):
                raise LabError(f"get_config: which must be 'running' or 'startup', got '{which}'")
            device = self.device(name)
            return device.show(which)
        if op == "set_fault":
            await self.set_fault(name, Fault.from_json(request.get("fault") or {}))
            return None
        if op == "clear_faults":
            await self.clear_faults(name)
            return None
        return self._handle_device_op(op, name)

    def _handle_device_op(self, op: object, name: object) -> Any:
        if op == "command_log":
            return [entry.to_json() for entry in self.device(name).log]
        if op == "clear_log":
            self.device(name).log.clear()
            return None
        if op == "reset":
            self.device(name).reset()
            return None
        if op == "reload":
            self.device(name).reload()
            return None
        if op == "stop":
            self.stopped.set()
            return None
        known = "status, get_config, set_fault, clear_faults, command_log, clear_log, reset, reload, stop"
        raise LabError(f"unknown control request '{op}' (known: {known})")

    async def control_client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while line := await reader.readline():
                writer.write(json.dumps(await self._answer(line)).encode() + b"\n")
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    async def _answer(self, line: bytes) -> dict[str, Any]:
        try:
            request = json.loads(line)
            return {"ok": True, "result": await self.handle(request)}
        except (LabError, ValueError, TypeError) as error:
            return {"ok": False, "error": str(error)}


def _host_key(path: Path) -> asyncssh.SSHKey:
    if path.exists():
        return asyncssh.read_private_key(str(path))
    key = asyncssh.generate_private_key("ssh-ed25519")
    path.parent.mkdir(parents=True, exist_ok=True)
    key.write_private_key(str(path))
    path.chmod(0o600)
    return key


def _write_json(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    descriptor = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(json.dumps(data))
    tmp.replace(path)


async def _tick(server: LabServer) -> None:
    """Run the devices' timers (revert timers) without waiting for a session."""
    while True:
        await asyncio.sleep(0.2)
        for device in server.devices.values():
            device.tick()


async def serve(*, server: LabServer) -> None:
    """Run until a stop request or a signal; clean up the socket and pid file on the way out."""
    paths = server.paths
    await server.start()
    paths.socket.unlink(missing_ok=True)
    control = await asyncio.start_unix_server(server.control_client, path=str(paths.socket))
    paths.socket.chmod(0o600)
    paths.pid_file.write_text(f"{os.getpid()}\n")
    ticker = asyncio.get_running_loop().create_task(_tick(server))
    try:
        await server.stopped.wait()
    finally:
        ticker.cancel()
        control.close()
        await server.shutdown()
        paths.socket.unlink(missing_ok=True)
        paths.pid_file.unlink(missing_ok=True)
        log.info("lab: stopped")
