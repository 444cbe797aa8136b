"""Backup and drift runs in the records database (tables of their own, created on first use).

A drift run stores one row per device (its state, the counts, the lines); "drifting since"
is the start of the oldest run in the device's latest unbroken streak of drift.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from provisioner.records.db import connect, transaction

Day2Kind = Literal["backup", "drift"]
DeviceState = Literal["unchanged", "changed", "clean", "drift", "error"]

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS day2_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    started_at TEXT NOT NULL,
    duration_s REAL NOT NULL,
    commit_sha TEXT,
    status TEXT NOT NULL
)""",
    "CREATE INDEX IF NOT EXISTS day2_runs_kind ON day2_runs(kind, started_at)",
    """CREATE TABLE IF NOT EXISTS day2_devices (
    run_id INTEGER NOT NULL REFERENCES day2_runs(id) ON DELETE CASCADE,
    host TEXT NOT NULL,
    site_id TEXT NOT NULL,
    state TEXT NOT NULL,
    owned INTEGER NOT NULL DEFAULT 0,
    unmanaged INTEGER NOT NULL DEFAULT 0,
    detail TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (run_id, host)
)""",
    "CREATE INDEX IF NOT EXISTS day2_devices_host ON day2_devices(host)",
)


@dataclass(frozen=True)
class DeviceOutcome:
    """One device in one backup or drift run; `detail` holds its lines or its error (masked)."""

    host: str
    site: str
    state: DeviceState
    owned: int = 0
    unmanaged: int = 0
    detail: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class DeviceStatus:
    """The latest known state of a device: drift (and since when), last backup."""

    host: str
    site: str
    drift_state: str | None = None
    drift_since: str | None = None
    drift_checked: str | None = None
    owned: int = 0
    unmanaged: int = 0
    detail: dict[str, object] = field(default_factory=dict)
    last_backup: str | None = None
    backup_error: str | None = None


class Day2Store:
    """Backup and drift records next to the rollout records (same file, own tables)."""

    def __init__(self, *, path: Path) -> None:
        self._conn = connect(path)
        with transaction(self._conn):
            for statement in _SCHEMA:
                self._conn.execute(statement)

    def close(self) -> None:
        self._conn.close()

    def record(self, *, kind: Day2Kind, started_at: str, seconds: float, outcomes: list[DeviceOutcome], commit: str | None = None) -> int:
        """Store one run with its devices; returns the run id."""
        status = "error" if any(o.state == "error" for o in outcomes) else ("drift" if any(o.state == "drift" for o in outcomes) else "ok")
        with transaction(self._conn):
            cur = self._conn.execute(
                "INSERT INTO day2_runs (kind, started_at, duration_s, commit_sha, status) VALUES (?, ?, ?, ?, ?)",
                (kind, started_at, seconds, commit, status),
            )
            run_id = int(cur.lastrowid or 0)
            self._conn.executemany(
                "INSERT INTO day2_devices (run_id, host, site_id, state, owned, unmanaged, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(run_id, o.host, o.site, o.state, o.owned, o.unmanaged, json.dumps(o.detail)) for o in outcomes],
            )
        return run_id

    def statuses(self) -> dict[str, DeviceStatus]:
        """Every device ever recorded, with its latest drift and backup state."""
        out: dict[str, DeviceStatus] = {}
        for host, rows in self._rows_by_host("drift").items():
            out[host] = _drift_status(host, rows)
        for host, rows in self._rows_by_host("backup").items():
            current = out.get(host) or DeviceStatus(host=host, site=str(rows[0]["site_id"]))
            ok = next((r for r in rows if r["state"] != "error"), None)
            error = json.loads(rows[0]["detail"]).get("error") if rows[0]["state"] == "error" else None
            out[host] = replace(current, last_backup=str(ok["started_at"]) if ok else None, backup_error=error)
        return out

    def runs(self, *, kind: Day2Kind, limit: int = 50) -> list[sqlite3.Row]:
        """The latest runs of a kind, newest first."""
        return list(self._conn.execute("SELECT * FROM day2_runs WHERE kind = ? ORDER BY id DESC LIMIT ?", (kind, limit)))

    def _rows_by_host(self, kind: Day2Kind) -> dict[str, list[sqlite3.Row]]:
        rows = self._conn.execute(
            "SELECT d.*, r.started_at FROM day2_devices d JOIN day2_runs r ON r.id = d.run_id WHERE r.kind = ? ORDER BY r.id DESC",
            (kind,),
        )
        grouped: dict[str, list[sqlite3.Row]] = {}
        for row in rows:
            grouped.setdefault(str(row["host"]), []).append(row)
        return grouped


def _drift_status(host: str, rows: list[sqlite3.Row]) -> DeviceStatus:
    """Latest state; for drift, the start of the unbroken streak of drift runs (errors do not break it)."""
    latest = next((r for r in rows if r["state"] != "error"), rows[0])
    since = latest["started_at"]
    if latest["state"] == "drift":
        for row in rows[rows.index(latest) :]:
            if row["state"] == "clean":
                break
            if row["state"] == "drift":
                since = row["started_at"]
    return DeviceStatus(
        host=host,
        site=str(latest["site_id"]),
        drift_state=str(latest["state"]),
        drift_since=str(since) if latest["state"] == "drift" else None,
        drift_checked=str(rows[0]["started_at"]),
        owned=int(latest["owned"]),
        unmanaged=int(latest["unmanaged"]),
        detail=json.loads(latest["detail"]),
    )

