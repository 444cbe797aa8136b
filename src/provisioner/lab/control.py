"""The lab's public API: start and stop the lab process and talk to it over its control socket."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import provisioner
from provisioner.lab.grammars import grammar_for
from provisioner.lab.models import DeviceStatus, Fault, LabDeviceSpec, LabEndpoint, LabError, LabStatus, LogEntry
from provisioner.lab.paths import LabPaths, allocate_endpoints

_CHILDREN: dict[int, subprocess.Popen[bytes]] = {}


def _paths(state_dir: Path) -> LabPaths:
    return LabPaths(Path(state_dir).absolute())


def _alive(pid: int) -> bool:
    child = _CHILDREN.get(pid)
    if child is not None:
        return child.poll() is None
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(")")[-1].split()[0] == "Z")


def _running_pid(paths: LabPaths) -> int | None:
    try:
        pid = int(paths.pid_file.read_text().strip())
    except (OSError, ValueError):
        return None
    return pid if _alive(pid) else None


def _request(paths: LabPaths, request: dict[str, Any], *, timeout: float = 30) -> Any:
    if not paths.socket.exists():
        raise LabError(f"no lab is running for {paths.state_dir}: {paths.socket} does not exist (start it with start_lab)")
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout)
        try:
            sock.connect(str(paths.socket))
            sock.sendall(json.dumps(request).encode() + b"\n")
            answer = _read_line(sock)
        except OSError as error:
            raise LabError(f"the lab for {paths.state_dir} did not answer '{request.get('op')}': {error}") from error
    reply = json.loads(answer)
    if not reply.get("ok"):
        raise LabError(str(reply.get("error")))
    return reply.get("result")


def _read_line(sock: socket.socket) -> bytes:
    chunks: list[bytes] = []
    while not chunks or not chunks[-1].endswith(b"\n"):
        chunk = sock.recv(1 << 16)
        if not chunk:
            raise ConnectionError("connection closed before the answer was complete")
        chunks.append(chunk)
    return b"".join(chunks)


def _check_specs(devices: Sequence[LabDeviceSpec]) -> None:
    problems = []
    for device in devices:
        try:
            grammar_for(platform=device.platform)
        except LabError as error:
            problems.append(f"{device.name}: {error}")
    if problems:
        raise LabError("cannot start the lab:\n" + "\n".join(problems))


def _spawn(paths: LabPaths, payload: bytes, *, persist: bool) -> subprocess.Popen[bytes]:
    source_root = str(Path(provisioner.__file__).resolve().parent.parent)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (source_root, env.get("PYTHONPATH", "")) if p)
    command = [sys.executable, "-m", "provisioner.lab.serve", "--state-dir", str(paths.state_dir)]
    with paths.log_file.open("ab") as log:
        child = subprocess.Popen(
            [*command, *(["--persist"] if persist else [])],
            stdin=subprocess.PIPE,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env=env,
            cwd=str(paths.root),
        )
    assert child.stdin is not None
    child.stdin.write(payload)
    child.stdin.close()
    _CHILDREN[child.pid] = child
    return child


def _wait_ready(paths: LabPaths, child: subprocess.Popen[bytes], *, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if child.poll() is not None:
            tail = paths.log_file.read_text(errors="replace").splitlines()[-15:]
            raise LabError(
                f"the lab process exited with code {child.returncode} while starting; {paths.log_file} ends with:\n" + "\n".join(tail)
            )
        if paths.pid_file.exists() and paths.socket.exists():
            _request(paths, {"op": "status"})
            return
        time.sleep(0.05)
    _kill(child.pid)
    raise LabError(f"the lab did not start within {timeout:g}s; see {paths.log_file}")


def start_lab(
    *, devices: Sequence[LabDeviceSpec], state_dir: Path, port: int = 2222, persist: bool = False, timeout: float = 30
) -> list[LabEndpoint]:
    """Start the lab process for these devices; return once every device listens."""
    paths = _paths(state_dir)
    pid = _running_pid(paths)
    if pid is not None:
        raise LabError(f"a lab is already running for {paths.state_dir} (pid {pid}); stop it first with stop_lab")
    _check_specs(devices)
    endpoints = allocate_endpoints(devices=devices, port=port)
    paths.root.mkdir(parents=True, exist_ok=True)
    paths.pid_file.unlink(missing_ok=True)
    paths.socket.unlink(missing_ok=True)
    payload = json.dumps({"devices": [asdict(d) for d in devices], "endpoints": [asdict(e) for e in endpoints]})
    child = _spawn(paths, payload.encode(), persist=persist)
    _wait_ready(paths, child, timeout=timeout)
    table = {e.name: {"host": e.host, "port": e.port, "platform": e.platform} for e in endpoints}
    paths.endpoints.write_text(json.dumps(table, indent=1) + "\n")
    return endpoints


def _kill(pid: int) -> None:
    for signum, wait in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 2.0)):
        try:
            os.kill(pid, signum)
        except ProcessLookupError:
            return
        if _wait_gone(pid, wait):
            return


def _wait_gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _alive(pid):
            _CHILDREN.pop(pid, None)
            return True
        time.sleep(0.02)
    return False


def stop_lab(*, state_dir: Path) -> bool:
    """Stop the lab of this state dir; False when none was running."""
    paths = _paths(state_dir)
    pid = _running_pid(paths)
    if pid is None:
        return False
    with contextlib.suppress(LabError):
        _request(paths, {"op": "stop"}, timeout=5)
    if not _wait_gone(pid, 10):
        _kill(pid)
    paths.pid_file.unlink(missing_ok=True)
    paths.socket.unlink(missing_ok=True)
    paths.endpoints.unlink(missing_ok=True)
    return True


def lab_status(*, state_dir: Path) -> LabStatus | None:
    """The running lab's pid and devices (endpoint, faults, unsaved changes), or None."""
    paths = _paths(state_dir)
    if _running_pid(paths) is None:
        return None
    data = _request(paths, {"op": "status"})
    devices = {
        name: DeviceStatus(
            endpoint=LabEndpoint(**d["endpoint"]),
            model=d["model"],
            faults=Fault.from_json(d["faults"]),
            dirty=d["dirty"],
            sessions=d["sessions"],
        )
        for name, d in data["devices"].items()
    }
    return LabStatus(pid=data["pid"], state_dir=data["state_dir"], devices=devices)


def read_endpoints(*, state_dir: Path) -> dict[str, LabEndpoint]:
    """The endpoints the running lab serves, read from its endpoints file (no process is contacted).

    Empty when no lab was started for this state dir (stop_lab removes the file).
    """
    path = _paths(state_dir).endpoints
    try:
        table = json.loads(path.read_text())
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as error:
        raise LabError(f"{path} cannot be read: {error} (restart the lab: stop_lab, then start_lab)") from error
    return {name: LabEndpoint(name, e["platform"], e["host"], int(e["port"])) for name, e in table.items()}


def set_fault(*, state_dir: Path, device: str, fault: Fault) -> None:
    """Replace the faults of one device (Fault() clears them)."""
    fault.check()
    _request(_paths(state_dir), {"op": "set_fault", "device": device, "fault": fault.to_json()})


def clear_faults(*, state_dir: Path, device: str | None = None) -> None:
    """Clear the faults of one device, or of every device."""
    _request(_paths(state_dir), {"op": "clear_faults", "device": device})


def get_config(*, state_dir: Path, device: str, which: str = "running") -> str:
    """The device's running or startup config, as it prints it."""
    result = _request(_paths(state_dir), {"op": "get_config", "device": device, "which": which})
    return str(result)


def command_log(*, state_dir: Path, device: str) -> list[LogEntry]:
    """Every line the device received (passwords masked), oldest first."""
    entries = _request(_paths(state_dir), {"op": "command_log", "device": device})
    return [LogEntry(**entry) for entry in entries]


def clear_command_log(*, state_dir: Path, device: str) -> None:
    _request(_paths(state_dir), {"op": "clear_log", "device": device})


def reset_device(*, state_dir: Path, device: str) -> None:
    """Back to the factory config (running and startup)."""
    _request(_paths(state_dir), {"op": "reset", "device": device})


def reload_device(*, state_dir: Path, device: str) -> None:
    """Reload one device (running := startup, sessions closed, a management-path lockout lifted)."""
    _request(_paths(state_dir), {"op": "reload", "device": device})
