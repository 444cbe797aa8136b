"""What the status report shows, gathered from the registry, the records database and the archive.

No device is contacted: the report reads what rollouts, backups and drift runs recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from provisioner.day2.devices import CENTRAL
from provisioner.netconfig.archive import Archive, ArchiveError, Revision
from provisioner.records import HistoryFilter, RecordStore, RunRecord, RunSummary
from provisioner.records.day2 import Day2Store, DeviceStatus
from provisioner.registry import Registry

FAILED_HOST = ("failed", "unreachable")


@dataclass(frozen=True)
class DevicePage:
    """One device: its site, drift state and lines, backup state and archive history."""

    name: str
    site: str
    role: str
    status: DeviceStatus | None
    revisions: tuple[Revision, ...] = ()
    last_diff: str = ""

    @property
    def drift(self) -> str:
        return self.status.drift_state if self.status and self.status.drift_state else "unknown"


@dataclass(frozen=True)
class SiteRow:
    """One row of the city page."""

    id: str
    name: str
    type: str
    devices: tuple[DevicePage, ...]
    last_run: RunSummary | None
    failed_hosts: tuple[str, ...]
    host_states: tuple[str, ...] = ()

    @property
    def rollout(self) -> str:
        """How the last rollout ended for this site: its own hosts decide, not the whole run."""
        if self.last_run is None:
            return "none"
        if self.failed_hosts:
            return "failed"
        if self.host_states and all(s == "ok" for s in self.host_states):
            return "successful"
        return self.last_run.status

    @property
    def drift(self) -> str:
        states = {d.drift for d in self.devices}
        for state in ("error", "drift", "unknown"):
            if state in states:
                return state
        return "clean" if states else "none"

    @property
    def drifted(self) -> list[str]:
        return [d.name for d in self.devices if d.drift == "drift"]

    @property
    def drift_since(self) -> str | None:
        since = [d.status.drift_since for d in self.devices if d.status and d.status.drift_since]
        return min(since) if since else None

    @property
    def oldest_backup(self) -> str | None:
        """The oldest of the devices' last backups; None if a device was never backed up."""
        stamps = [d.status.last_backup if d.status else None for d in self.devices]
        return None if not stamps or None in stamps else min(s for s in stamps if s)

    @property
    def health(self) -> str:
        """ok, warn or bad: the row's colour."""
        if self.rollout not in ("successful", "running", "none") or self.drift == "error":
            return "bad"
        if self.drift in ("drift", "unknown") or self.last_run is None or self.oldest_backup is None:
            return "warn"
        return "ok"


@dataclass
class ReportData:
    """Everything the pages need."""

    generated_at: str
    city: str
    sites: list[SiteRow] = field(default_factory=list)
    runs: list[RunRecord] = field(default_factory=list)


def gather(*, registry: Registry, db: Path, archive: Archive, runs: int = 50) -> ReportData:
    """Read the registry, the records and the archive into ReportData."""
    data = ReportData(generated_at=datetime.now(UTC).isoformat(timespec="seconds"), city=registry.org.name)
    statuses = _statuses(db)
    store = RecordStore(path=db)
    try:
        summaries = store.history(filter=HistoryFilter(limit=runs))
        data.runs = [r for r in (store.get(run_id=s.id) for s in summaries) if r is not None]
    finally:
        store.close()
    members = _members(registry)
    for site_id, (name, type_, devices) in members.items():
        pages = tuple(_device(n, site_id, role, statuses.get(n), archive) for n, role in devices)
        last = next((r for r in data.runs if site_id in r.summary.sites), None)
        states = tuple(h.status for h in last.hosts if h.site_id == site_id) if last else ()
        failed = tuple(h.host for h in last.hosts if h.site_id == site_id and h.status in FAILED_HOST) if last else ()
        data.sites.append(SiteRow(site_id, name, type_, pages, last.summary if last else None, failed, states))
    return data


def _statuses(db: Path) -> dict[str, DeviceStatus]:
    store = Day2Store(path=db)
    try:
        return store.statuses()
    finally:
        store.close()


def _members(registry: Registry) -> dict[str, tuple[str, str, list[tuple[str, str]]]]:
    """site id -> (name, type, [(device, role)]); the controllers form the site (central)."""
    out: dict[str, tuple[str, str, list[tuple[str, str]]]] = {}
    for entry in registry.sites:
        site = entry.site
        out[site.id] = (site.name, str(site.type), [(sw.name, "switch") for sw in site.switches])
    controllers = [(c.name, "wlan_controller") for c in registry.org.wlan_controllers]
    if controllers:
        out[CENTRAL] = ("WLAN controllers", "central", controllers)
    return out


def _device(name: str, site: str, role: str, status: DeviceStatus | None, archive: Archive) -> DevicePage:
    try:
        revisions = tuple(archive.history(name))
        diff = archive.diff(name) if len(revisions) > 1 else ""
    except ArchiveError:
        revisions, diff = (), ""
    return DevicePage(name, site, role, status, revisions, diff)


def age(stamp: str | None, *, now: str) -> str:
    """'3d 4h', '25m', or 'never'."""
    if not stamp:
        return "never"
    seconds = int((datetime.fromisoformat(now) - datetime.fromisoformat(stamp)).total_seconds())
    if seconds < 3600:
        return f"{max(seconds, 0) // 60}m"
    if seconds < 86400:
        return f"{seconds // 3600}h {seconds % 3600 // 60}m"
    return f"{seconds // 86400}d {seconds % 86400 // 3600}h"
