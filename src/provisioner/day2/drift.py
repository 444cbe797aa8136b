"""`provisioner drift`: per device, the owned lines a rollout would push, and the unmanaged lines.

Read-only: the config engine in check mode over one SSH session per device, with the intended
config the role renders (provisioner.day2.intent). Switches: the scoped engine (what it owns is
compared, the rest reported as unmanaged). Controllers: a full controller run in check mode,
so the drift also holds leftovers of removed sites, and the AP renames it would make.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import repeat
from typing import Any

from provisioner.day2.devices import Device, Fleet
from provisioner.day2.intent import ROLE_OF, Role, render_intended
from provisioner.errors import ProvisionerError
from provisioner.netconfig.engine import apply_config
from provisioner.netconfig.masking import Masker
from provisioner.netconfig.models import ApplyOptions, DeviceTarget
from provisioner.netconfig.render import cisco_mac
from provisioner.netconfig.session import Session, open_netmiko
from provisioner.wlan.controller import ControllerRun, Partitioner, apply_controller

Connect = Callable[[DeviceTarget, float], Session]


@dataclass(frozen=True)
class DeviceDrift:
    """One device: the commands a rollout would push (owned drift), the unmanaged lines, or an error."""

    device: Device
    commands: list[str] = field(default_factory=list)
    unmanaged: list[str] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0

    @property
    def state(self) -> str:
        return "error" if self.error else ("drift" if self.commands else "clean")


@dataclass
class DriftRun:
    """Every device's drift, and when the run started."""

    started_at: str
    results: list[DeviceDrift] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        """Terraform style: 1 error, 2 drift, 0 none."""
        states = {r.state for r in self.results}
        return 1 if "error" in states else (2 if "drift" in states else 0)


def run_drift(
    *, fleet: Fleet, roles: dict[str, Role], workers: int = 32, connect: Connect = open_netmiko, processes: int = 0
) -> DriftRun:
    """Check every device: a thread pool, spread over `processes` forked processes (0: one per CPU).

    Planning is CPU work under the GIL, so a large fleet is split over processes; a small one
    (fewer than MIN_PER_PROCESS devices per process) stays in this process.
    """
    run = DriftRun(started_at=datetime.now(UTC).isoformat(timespec="seconds"))
    start = time.perf_counter()
    devices = list(fleet.devices)
    count = min(processes or os.cpu_count() or 1, max(1, len(devices) // MIN_PER_PROCESS))
    if count <= 1:
        run.results = _threads(devices, roles, workers, connect)
    else:
        chunks = [devices[i::count] for i in range(count)]
        with ProcessPoolExecutor(max_workers=count, mp_context=multiprocessing.get_context("fork")) as pool:
            parts = list(pool.map(_threads, chunks, repeat(roles), repeat(max(1, workers // count)), repeat(connect)))
        by_name = {r.device.name: r for part in parts for r in part}
        run.results = [by_name[d.name] for d in devices]
    run.seconds = round(time.perf_counter() - start, 3)
    return run


MIN_PER_PROCESS = 40


def _threads(devices: list[Device], roles: dict[str, Role], workers: int, connect: Connect) -> list[DeviceDrift]:
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(devices) or 1))) as pool:
        return list(pool.map(lambda d: device_drift(d, roles=roles, connect=connect), devices))


def device_drift(device: Device, *, roles: dict[str, Role], connect: Connect = open_netmiko) -> DeviceDrift:
    """One device's drift; any failure (render, connect, a refused plan) is its error, masked."""
    start = time.perf_counter()
    role = roles[ROLE_OF[device.role]]
    masker = Masker().with_values([device.target.password, *device.secrets])
    read_only = _read_only(connect, [])
    try:
        intended = render_intended(role, device)
        check = _controller if device.role == "wlan_controller" else _switch
        commands, unmanaged = check(device, role, intended, read_only)
    except ProvisionerError as exc:
        return DeviceDrift(device, error=masker.mask(str(exc)), seconds=round(time.perf_counter() - start, 3))
    return DeviceDrift(device, masker.mask_lines(commands), masker.mask_lines(unmanaged), seconds=round(time.perf_counter() - start, 3))


def _options(variables: dict[str, Any], prefix: str) -> ApplyOptions:
    return ApplyOptions(
        check=True,
        save=False,
        timeout=float(variables.get(f"{prefix}_timeout") or 20),
        purge_vlans=bool(variables.get(f"{prefix}_purge_vlans", False)),
        allow_removals=True,  # report every difference; a rollout would refuse a too-large removal
    )


def _switch(device: Device, role: Role, intended: str, connect: Connect) -> tuple[list[str], list[str]]:
    options = _options({**role.defaults, **device.variables}, "switch")
    result = apply_config(target=device.target, intended=intended, options=options, connect=connect)
    return result.commands, result.unmanaged


def _controller(device: Device, role: Role, intended: str, connect: Connect) -> tuple[list[str], list[str]]:
    sites = device.variables.get("wlan_sites") or {}
    macs = {site: {cisco_mac(str(ap["mac"])): str(ap["name"]) for ap in data["aps"]} for site, data in sites.items()}
    run = ControllerRun(sites=macs, scope=list(sites), full=True)
    seen: list[str] = []
    outcome = apply_controller(
        target=device.target, intended=intended, run=run, options=_options({**role.defaults, **device.variables}, "wlan"),
        connect=_read_only(connect, seen),
    )
    failed = [r.msg for r in outcome.parts.values() if r.failed] + ([outcome.rename_error] if outcome.rename_error else [])
    if failed:
        raise ProvisionerError("; ".join(failed))
    commands = [line for part in outcome.parts.values() for line in part.commands]
    commands += [line for site in outcome.renames.values() for line in site]
    return commands, _unowned(macs, seen[0]) if seen else []


def _unowned(macs: dict[str, dict[str, str]], running: str) -> list[str]:
    """Top-level lines of a controller config that no site or WLAN owns (hand-made or global)."""
    owned = {line for lines in Partitioner(macs).parts(running).values() for line in lines}
    skip = ("!", "end", "Building configuration", "Current configuration")
    tops = [ln.rstrip() for ln in running.splitlines() if ln.strip() and not ln[:1].isspace()]
    return [ln for ln in tops if ln not in owned and not ln.startswith(skip)]


def _read_only(connect: Connect, seen: list[str]) -> Connect:
    """A connect whose sessions refuse to change anything and remember the first running config read."""

    def wrapped(target: DeviceTarget, timeout: float) -> Session:
        return _Recorder(connect(target, timeout), seen)

    return wrapped


class _Recorder:
    def __init__(self, inner: Session, seen: list[str]) -> None:
        self._inner, self._seen = inner, seen

    def running_config(self) -> str:
        text = self._inner.running_config()
        if not self._seen:
            self._seen.append(text)
        return text

    def push(self, lines: list[str], revert_minutes: int = 0) -> str:
        raise ProvisionerError("drift is read-only: refusing to push")

    def save(self) -> str:
        raise ProvisionerError("drift is read-only: refusing to save")

    def command(self, line: str) -> str:
        return self._inner.command(line)

    def commands(self, lines: list[str]) -> str:
        raise ProvisionerError("drift is read-only: refusing to send commands")

    def close(self) -> None:
        self._inner.close()
