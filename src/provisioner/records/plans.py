"""Plans, approvals, applies and change-window overrides in the records database (tables added beside the runs).

A plan is stored as its JSON document; the columns hold what is searched or compared. The tables
are created on first use, so an older database gains them without a migration.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from provisioner.records.db import transaction
from provisioner.records.store import now

_SCHEMA = """
CREATE TABLE IF NOT EXISTS plans (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    planner TEXT NOT NULL,
    check_run INTEGER,
    git_commit TEXT,
    registry_digest TEXT,
    document TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS plan_approvals (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    approver TEXT NOT NULL,
    approved_at TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS plan_applies (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    run_id INTEGER,
    started_at TEXT NOT NULL,
    operator TEXT NOT NULL,
    status TEXT NOT NULL,
    message TEXT NOT NULL DEFAULT '',
    applied TEXT NOT NULL DEFAULT '[]',
    stale TEXT NOT NULL DEFAULT '[]',
    refused TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS plan_applies_run ON plan_applies(run_id);
CREATE TABLE IF NOT EXISTS window_overrides (
    run_id INTEGER PRIMARY KEY,
    reason TEXT NOT NULL,
    sites TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class Approval:
    """Who approved a plan, when, and why."""

    plan_id: int
    approver: str
    approved_at: str
    comment: str = ""


@dataclass(frozen=True)
class ApplyRecord:
    """One `provisioner apply` of a plan: the run it started (none when refused whole) and the per-device outcome."""

    plan_id: int
    run_id: int | None
    started_at: str
    operator: str
    status: str
    message: str = ""
    applied: tuple[str, ...] = ()
    stale: tuple[str, ...] = ()
    refused: tuple[str, ...] = ()


@dataclass(frozen=True)
class StoredPlan:
    """A plan as recorded: its id, creation time and JSON document."""

    id: int
    created_at: str
    planner: str
    document: dict[str, Any]


class PlanRecords:
    """The plan tables over an open records connection (RecordStore.conn)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        with transaction(conn):
            for statement in (s.strip() for s in _SCHEMA.split(";")):
                if statement:
                    conn.execute(statement)

    def add_plan(self, *, planner: str, check_run: int | None, document: dict[str, Any]) -> StoredPlan:
        """Record a plan; its id and time are written into the stored document."""
        created = now()
        source = document.get("source") or {}
        with transaction(self.conn):
            cur = self.conn.execute(
                "INSERT INTO plans (created_at, planner, check_run, git_commit, registry_digest, document) VALUES (?,?,?,?,?, '{}')",
                (created, planner, check_run, source.get("commit"), source.get("registry_digest")),
            )
            plan_id = int(cur.lastrowid or 0)
            full = {**document, "id": plan_id, "created_at": created}
            self.conn.execute("UPDATE plans SET document = ? WHERE id = ?", (json.dumps(full), plan_id))
        return StoredPlan(id=plan_id, created_at=created, planner=planner, document=full)

    def plan(self, plan_id: int) -> StoredPlan | None:
        row = self.conn.execute("SELECT id, created_at, planner, document FROM plans WHERE id = ?", (plan_id,)).fetchone()
        if row is None:
            return None
        return StoredPlan(id=int(row["id"]), created_at=row["created_at"], planner=row["planner"], document=json.loads(row["document"]))

    def latest_approved(self, *, commit: str) -> int | None:
        """The newest plan made at this git commit that has an approval (what a pipeline on the merged commit applies)."""
        row = self.conn.execute(
            "SELECT MAX(p.id) FROM plans p WHERE p.git_commit = ? AND EXISTS (SELECT 1 FROM plan_approvals a WHERE a.plan_id = p.id)",
            (commit,),
        ).fetchone()
        return int(row[0]) if row and row[0] is not None else None

    def plan_of_check_run(self, run_id: int) -> int | None:
        row = self.conn.execute("SELECT id FROM plans WHERE check_run = ?", (run_id,)).fetchone()
        return int(row["id"]) if row else None

    def approve(self, *, plan_id: int, approver: str, comment: str) -> Approval:
        approval = Approval(plan_id=plan_id, approver=approver, approved_at=now(), comment=comment)
        with transaction(self.conn):
            self.conn.execute(
                "INSERT INTO plan_approvals (plan_id, approver, approved_at, comment) VALUES (?,?,?,?)",
                (plan_id, approver, approval.approved_at, comment),
            )
        return approval

    def approvals(self, plan_id: int) -> list[Approval]:
        rows = self.conn.execute("SELECT * FROM plan_approvals WHERE plan_id = ? ORDER BY id", (plan_id,)).fetchall()
        return [Approval(plan_id=plan_id, approver=r["approver"], approved_at=r["approved_at"], comment=r["comment"]) for r in rows]

    def add_apply(self, record: ApplyRecord) -> None:
        with transaction(self.conn):
            self.conn.execute(
                "INSERT INTO plan_applies (plan_id, run_id, started_at, operator, status, message, applied, stale, refused)"
                " VALUES (?,?,?,?,?,?,?,?,?)",
                (
                    record.plan_id,
                    record.run_id,
                    record.started_at,
                    record.operator,
                    record.status,
                    record.message,
                    json.dumps(list(record.applied)),
                    json.dumps(list(record.stale)),
                    json.dumps(list(record.refused)),
                ),
            )

    def applies(self, *, plan_id: int | None = None, run_id: int | None = None) -> list[ApplyRecord]:
        column, value = ("plan_id", plan_id) if plan_id is not None else ("run_id", run_id)
        rows = self.conn.execute(f"SELECT * FROM plan_applies WHERE {column} = ? ORDER BY id", (value,)).fetchall()
        return [_apply_record(r) for r in rows]

    def add_window_override(self, *, run_id: int, reason: str, sites: tuple[str, ...]) -> None:
        with transaction(self.conn):
            self.conn.execute(
                "INSERT OR REPLACE INTO window_overrides (run_id, reason, sites, recorded_at) VALUES (?,?,?,?)",
                (run_id, reason, json.dumps(list(sites)), now()),
            )

    def window_override(self, run_id: int) -> tuple[str, tuple[str, ...]] | None:
        row = self.conn.execute("SELECT reason, sites FROM window_overrides WHERE run_id = ?", (run_id,)).fetchone()
        return (str(row["reason"]), tuple(json.loads(row["sites"]))) if row else None


def _apply_record(row: sqlite3.Row) -> ApplyRecord:
    return ApplyRecord(
        plan_id=int(row["plan_id"]),
        run_id=row["run_id"],
        started_at=row["started_at"],
        operator=row["operator"],
        status=row["status"],
        message=row["message"],
        applied=tuple(json.loads(row["applied"])),
        stale=tuple(json.loads(row["stale"])),
        refused=tuple(json.loads(row["refused"])),
    )
