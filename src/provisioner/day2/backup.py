"""`provisioner backup`: read every selected device's running config (read-only, in parallel) into the archive.

One commit per run lists the devices whose config changed; a run where nothing changed makes
no commit. An unreachable device is reported and does not stop the others.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime

from provisioner.day2.devices import Device, Fleet
from provisioner.netconfig.archive import Archive
from provisioner.netconfig.masking import Masker
from provisioner.netconfig.models import DeviceError, DeviceTarget
from provisioner.netconfig.session import Session, open_netmiko

Connect = Callable[[DeviceTarget, float], Session]
DEFAULT_WORKERS = 32


@dataclass(frozen=True)
class DeviceBackup:
    """One device's outcome: its masked config, or why it could not be read."""

    device: Device
    text: str | None
    error: str | None
    seconds: float


@dataclass
class BackupRun:
    """What a backup run did."""

    started_at: str
    results: list[DeviceBackup] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    commit: str | None = None
    seconds: float = 0.0

    @property
    def failed(self) -> list[DeviceBackup]:
        return [r for r in self.results if r.error is not None]


def read_running(device: Device, *, masker: Masker, connect: Connect = open_netmiko, timeout: float = 20.0) -> DeviceBackup:
    """Connect, read `show running-config`, close; the text comes back masked."""
    start = time.perf_counter()
    try:
        session = connect(device.target, timeout)
        try:
            text = session.running_config()
        finally:
            session.close()
    except DeviceError as exc:
        return DeviceBackup(device, None, masker.mask(f"{device.name}: {exc}"), time.perf_counter() - start)
    return DeviceBackup(device, masker.mask(text), None, time.perf_counter() - start)


def fleet_masker(fleet: Fleet) -> Masker:
    """Masks every login password and secret of the fleet, and every secret-bearing syntax."""
    return Masker().with_values([*fleet.secrets(), *(d.target.password for d in fleet.devices)])


def run_backup(
    *, fleet: Fleet, archive: Archive, workers: int = DEFAULT_WORKERS, connect: Connect = open_netmiko, timeout: float = 20.0
) -> BackupRun:
    """Read all devices in a thread pool, write the reachable ones and commit once if anything changed."""
    run = BackupRun(started_at=datetime.now(UTC).isoformat(timespec="seconds"))
    start = time.perf_counter()
    masker = fleet_masker(fleet)
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(fleet.devices) or 1))) as pool:
        run.results = list(pool.map(lambda d: read_running(d, masker=masker, connect=connect, timeout=timeout), fleet.devices))
    with archive.locked():
        run.changed = [r.device.name for r in run.results if r.text is not None and archive.write(r.device.name, r.text)]
        run.commit = archive.commit(message=commit_message(run), devices=run.changed)
    run.seconds = round(time.perf_counter() - start, 3)
    return run


def commit_message(run: BackupRun) -> str:
    """Subject with the count, then one changed device per line, then the unreachable ones."""
    lines = [f"backup {run.started_at}: {len(run.changed)} device(s) changed", ""]
    lines += [f"changed: {name}" for name in run.changed]
    lines += [f"unreachable: {r.device.name}" for r in run.failed]
    return "\n".join(lines) + "\n"
