"""Site locks: one row per site, taken for all of a run's sites at once, stale rows of dead processes released."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from provisioner.records.models import LockConflict, ProcessId
from provisioner.records.procinfo import is_alive


def acquire(conn: sqlite3.Connection, *, run_id: int, sites: Sequence[str], process: ProcessId, at: str) -> LockConflict | None:
    """Inside an open IMMEDIATE transaction: take all locks, or return the first live holder."""
    holders = _holders(conn, sites)
    live = [row for row in holders if _alive(row)]
    for row in holders:
        if row not in live:
            conn.execute("DELETE FROM locks WHERE site_id = ?", (row["site_id"],))
    if live:
        return _conflict(conn, live)
    conn.executemany(
        "INSERT INTO locks (site_id, run_id, pid, pid_start, machine, acquired_at) VALUES (?,?,?,?,?,?)",
        [(site, run_id, process.pid, process.start, process.machine, at) for site in sites],
    )
    return None


def release(conn: sqlite3.Connection, *, run_id: int) -> None:
    conn.execute("DELETE FROM locks WHERE run_id = ?", (run_id,))


def _holders(conn: sqlite3.Connection, sites: Sequence[str]) -> list[sqlite3.Row]:
    rows: list[sqlite3.Row] = []
    for start in range(0, len(sites), 500):
        chunk = list(sites[start : start + 500])
        marks = ",".join("?" * len(chunk))
        rows.extend(conn.execute(f"SELECT * FROM locks WHERE site_id IN ({marks})", chunk).fetchall())
    return rows


def _alive(row: sqlite3.Row) -> bool:
    return is_alive(ProcessId(pid=row["pid"], start=row["pid_start"], machine=row["machine"] or ""))


def _conflict(conn: sqlite3.Connection, live: list[sqlite3.Row]) -> LockConflict:
    run_id = int(live[0]["run_id"])
    sites = tuple(sorted(r["site_id"] for r in live if r["run_id"] == run_id))
    holder = conn.execute("SELECT operator_user FROM runs WHERE id = ?", (run_id,)).fetchone()
    return LockConflict(run_id=run_id, sites=sites, pid=int(live[0]["pid"]), operator=holder[0] if holder else None)
