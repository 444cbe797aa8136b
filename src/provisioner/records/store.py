"""Write side of the records: runs, waves, host results, locks. Every write is one transaction."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from provisioner.records import locks, queries
from provisioner.records.db import connect, integrity_check, transaction
from provisioner.records.models import (
    HistoryFilter,
    LockConflict,
    NewRun,
    ProcessId,
    RunRecord,
    RunStatus,
    RunSummary,
    WaveOutcome,
    WaveStatus,
)
from provisioner.records.procinfo import is_alive


def now() -> str:
    """UTC now as ISO 8601 with microseconds."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


class RecordStore:
    """The rollout records database."""

    def __init__(self, *, path: Path) -> None:
        self.path = path
        self.conn = connect(path)

    def close(self) -> None:
        self.conn.close()

    def integrity(self) -> str:
        return integrity_check(self.conn)

    # -- runs -----------------------------------------------------------------
    def start_run(self, *, run: NewRun, status: RunStatus = "running") -> int:
        """Insert the run, its planned waves and sites; return its id."""
        with transaction(self.conn):
            run_id = self._insert_run(run, status)
            self._insert_waves(run_id, run)
            self.conn.executemany("INSERT OR IGNORE INTO run_sites (run_id, site_id) VALUES (?, ?)", [(run_id, s) for s in run.sites])
        return run_id

    def _insert_run(self, run: NewRun, status: RunStatus) -> int:
        op, src = run.operator, run.source
        cur = self.conn.execute(
            "INSERT INTO runs (status, started_at, pid, pid_start, machine, operator_user, operator_kind, os_user,"
            " ci_pipeline, ci_url, trigger, git_commit, git_dirty, registry_digest, registry_path, playbook, options,"
            " rerun_of, artifacts_dir) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                status,
                now(),
                run.process.pid,
                run.process.start,
                run.process.machine,
                op.user,
                op.kind,
                op.os_user,
                op.pipeline,
                op.url,
                run.trigger,
                src.commit,
                _bool(src.dirty),
                src.registry_digest,
                src.registry_path,
                run.options.playbook,
                json.dumps(asdict(run.options), default=str),
                run.rerun_of,
                run.artifacts_dir,
            ),
        )
        return int(cur.lastrowid or 0)

    def _insert_waves(self, run_id: int, run: NewRun) -> None:
        self.conn.executemany(
            "INSERT INTO waves (run_id, idx, name, sites, hosts, host_sites, status) VALUES (?,?,?,?,?,?, 'pending')",
            [(run_id, w.index, w.name, json.dumps(w.sites), json.dumps(w.hosts), json.dumps(w.host_sites)) for w in run.waves],
        )

    def add_sites(self, *, run_id: int, sites: Sequence[str]) -> None:
        """Sites a run reached after it started (a later play of a plain ansible-playbook run)."""
        with transaction(self.conn):
            self.conn.executemany("INSERT OR IGNORE INTO run_sites (run_id, site_id) VALUES (?, ?)", [(run_id, s) for s in sites])

    def set_artifacts_dir(self, *, run_id: int, path: str) -> None:
        with transaction(self.conn):
            self.conn.execute("UPDATE runs SET artifacts_dir = ? WHERE id = ?", (path, run_id))

    def finish_run(self, *, run_id: int, status: RunStatus, exit_code: int, message: str | None = None, errors: Sequence[str] = ()) -> None:
        """Close the run: status, end, duration, exit code, and any message or validation errors."""
        with transaction(self.conn):
            self._finish(run_id, status, exit_code, message, errors)
            locks.release(self.conn, run_id=run_id)

    def _finish(self, run_id: int, status: str, exit_code: int | None, message: str | None, errors: Sequence[str]) -> None:
        row = self.conn.execute("SELECT started_at FROM runs WHERE id = ?", (run_id,)).fetchone()
        ended = now()
        duration = _seconds_between(row["started_at"], ended) if row else None
        self.conn.execute(
            "UPDATE runs SET status = ?, ended_at = ?, duration_s = ?, exit_code = ?, message = COALESCE(?, message),"
            " errors = ? WHERE id = ?",
            (status, ended, duration, exit_code, message, json.dumps(list(errors)), run_id),
        )

    # -- waves ----------------------------------------------------------------
    def start_wave(self, *, run_id: int, index: int, artifact_dir: str) -> None:
        with transaction(self.conn):
            self.conn.execute(
                "UPDATE waves SET status = 'running', started_at = ?, artifact_dir = ? WHERE run_id = ? AND idx = ?",
                (now(), artifact_dir, run_id, index),
            )

    def finish_wave(self, *, run_id: int, outcome: WaveOutcome) -> None:
        """Store a wave's status, host results, failed tasks and changes at once."""
        with transaction(self.conn):
            self.conn.execute(
                "UPDATE waves SET status = ?, ended_at = ?, rc = ?, runner_status = ? WHERE run_id = ? AND idx = ?",
                (outcome.status, now(), outcome.rc, outcome.runner_status, run_id, outcome.index),
            )
            _insert_results(self.conn, run_id, outcome)

    def skip_waves(self, *, run_id: int, status: WaveStatus = "skipped") -> None:
        """Mark every wave that has not started as skipped."""
        with transaction(self.conn):
            self.conn.execute("UPDATE waves SET status = ? WHERE run_id = ? AND status = 'pending'", (status, run_id))

    def abort_waves(self, *, run_id: int) -> None:
        """After an error: the running wave is interrupted, the pending ones skipped."""
        with transaction(self.conn):
            self.conn.execute("UPDATE waves SET status = 'interrupted' WHERE run_id = ? AND status = 'running'", (run_id,))
            self.conn.execute("UPDATE waves SET status = 'skipped' WHERE run_id = ? AND status = 'pending'", (run_id,))

    # -- locks ----------------------------------------------------------------
    def acquire_locks(self, *, run_id: int, sites: Sequence[str], process: ProcessId) -> LockConflict | None:
        """Take every site lock in one transaction, or none and name the run that holds one."""
        with transaction(self.conn):
            return locks.acquire(self.conn, run_id=run_id, sites=sites, process=process, at=now())

    def release_locks(self, *, run_id: int) -> None:
        with transaction(self.conn):
            locks.release(self.conn, run_id=run_id)

    # -- recovery and retention -----------------------------------------------
    def recover_interrupted(self) -> list[tuple[int, str | None]]:
        """Mark `running` runs whose process is gone as interrupted; return (id, artifacts_dir) of each."""
        found: list[tuple[int, str | None]] = []
        with transaction(self.conn):
            for row in self.conn.execute("SELECT id, pid, pid_start, machine, artifacts_dir FROM runs WHERE status = 'running'").fetchall():
                if is_alive(ProcessId(pid=row["pid"] or 0, start=row["pid_start"], machine=row["machine"] or "")):
                    continue
                self._mark_interrupted(row["id"], row["pid"])
                found.append((int(row["id"]), row["artifacts_dir"]))
        return found

    def _mark_interrupted(self, run_id: int, pid: int | None) -> None:
        message = f"the runner process (pid {pid}) ended without finishing the run; detected at {now()}"
        self.conn.execute("UPDATE waves SET status = 'interrupted' WHERE run_id = ? AND status = 'running'", (run_id,))
        self.conn.execute("UPDATE waves SET status = 'skipped' WHERE run_id = ? AND status = 'pending'", (run_id,))
        self.conn.execute(
            "UPDATE runs SET status = 'interrupted', ended_at = ?, exit_code = 3, message = ? WHERE id = ?",
            (now(), message, run_id),
        )
        locks.release(self.conn, run_id=run_id)

    def prune(self, *, before: str) -> list[tuple[int, str | None]]:
        """Delete finished runs started before this ISO time; return (id, artifacts_dir) of each."""
        with transaction(self.conn):
            rows = self.conn.execute(
                "SELECT id, artifacts_dir FROM runs WHERE started_at < ? AND status != 'running'", (before,)
            ).fetchall()
            self.conn.executemany("DELETE FROM runs WHERE id = ?", [(r["id"],) for r in rows])
        return [(int(r["id"]), r["artifacts_dir"]) for r in rows]

    # -- reads ----------------------------------------------------------------
    def history(self, *, filter: HistoryFilter) -> list[RunSummary]:
        return queries.history(self.conn, filter=filter)

    def get(self, *, run_id: int) -> RunRecord | None:
        return queries.get_run(self.conn, run_id=run_id)

    def last_run_id(self) -> int | None:
        row = self.conn.execute("SELECT MAX(id) FROM runs").fetchone()
        return int(row[0]) if row[0] is not None else None


def _insert_results(conn: sqlite3.Connection, run_id: int, outcome: WaveOutcome) -> None:
    conn.executemany(
        "INSERT OR REPLACE INTO host_results (run_id, host, site_id, wave_idx, status, ok, changed, failed, unreachable,"
        " skipped, rescued, ignored) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        [(run_id, h.host, h.site_id, h.wave, h.status, *h.counts.as_dict().values()) for h in outcome.hosts],
    )
    conn.executemany(
        "INSERT INTO failed_tasks (run_id, wave_idx, host, task, action, message, unreachable) VALUES (?,?,?,?,?,?,?)",
        [(run_id, f.wave, f.host, f.task, f.action, f.message, int(f.unreachable)) for f in outcome.failed_tasks],
    )
    conn.executemany(
        "INSERT INTO changes (run_id, wave_idx, host, task, action, commands, diff) VALUES (?,?,?,?,?,?,?)",
        [(run_id, c.wave, c.host, c.task, c.action, json.dumps(list(c.commands)), c.diff) for c in outcome.changes],
    )


def _bool(value: bool | None) -> int | None:
    return None if value is None else int(value)


def _seconds_between(start: str, end: str) -> float:
    return round((datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds(), 3)
