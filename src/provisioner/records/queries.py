"""Read side of the records: `history` lines and whole runs for `show`."""

from __future__ import annotations

import json
import sqlite3
from typing import Any, cast

from provisioner.records.models import (
    Change,
    FailedTask,
    HistoryFilter,
    HostCounts,
    HostResult,
    HostStatus,
    Operator,
    Options,
    ProcessId,
    RunRecord,
    RunStatus,
    RunSummary,
    Source,
    WavePlan,
    WaveRecord,
    WaveStatus,
)

_SUMMARY_SQL = """
SELECT r.*,
  (SELECT COUNT(*) FROM host_results h WHERE h.run_id = r.id) AS hosts_total,
  (SELECT COUNT(*) FROM host_results h WHERE h.run_id = r.id AND h.status IN ('failed', 'unreachable')) AS hosts_failed,
  (SELECT json_group_array(site_id) FROM (SELECT site_id FROM run_sites s WHERE s.run_id = r.id ORDER BY site_id)) AS site_list
FROM runs r
"""


def history(conn: sqlite3.Connection, *, filter: HistoryFilter) -> list[RunSummary]:
    """Runs matching the filter, newest first."""
    where, params = _where(filter)
    sql = _SUMMARY_SQL + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY r.id DESC LIMIT ?"
    return [_summary(row) for row in conn.execute(sql, [*params, filter.limit]).fetchall()]


def _where(f: HistoryFilter) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if f.site:
        where.append("r.id IN (SELECT run_id FROM run_sites WHERE site_id = ?)")
        params.append(f.site)
    if f.host:
        where.append("r.id IN (SELECT run_id FROM host_results WHERE host = ?)")
        params.append(f.host)
    if f.status:
        where.append(f"r.status IN ({','.join('?' * len(f.status))})")
        params.extend(f.status)
    if f.since:
        where.append("r.started_at >= ?")
        params.append(f.since)
    return where, params


def _summary(row: sqlite3.Row) -> RunSummary:
    return RunSummary(
        id=int(row["id"]),
        status=cast(RunStatus, row["status"]),
        started_at=row["started_at"],
        ended_at=row["ended_at"],
        duration_s=row["duration_s"],
        operator=row["operator_user"],
        trigger=row["trigger"],
        playbook=row["playbook"],
        sites=tuple(json.loads(row["site_list"] or "[]")),
        hosts_total=int(row["hosts_total"]),
        hosts_failed=int(row["hosts_failed"]),
        message=row["message"],
    )


def get_run(conn: sqlite3.Connection, *, run_id: int) -> RunRecord | None:
    """Everything recorded about one run, or None."""
    row = conn.execute(_SUMMARY_SQL + " WHERE r.id = ?", (run_id,)).fetchone()
    if row is None:
        return None
    return RunRecord(
        summary=_summary(row),
        operator=_operator(row),
        source=_source(row),
        options=_options(row["options"]),
        waves=_waves(conn, run_id),
        hosts=_hosts(conn, run_id),
        failed_tasks=_failed(conn, run_id),
        changes=_changes(conn, run_id),
        errors=tuple(json.loads(row["errors"] or "[]")),
        artifacts_dir=row["artifacts_dir"],
        exit_code=row["exit_code"],
        rerun_of=row["rerun_of"],
        process=ProcessId(pid=row["pid"], start=row["pid_start"], machine=row["machine"] or "") if row["pid"] else None,
    )


def _operator(row: sqlite3.Row) -> Operator:
    return Operator(
        user=row["operator_user"],
        kind=row["operator_kind"],
        os_user=row["os_user"] or "",
        machine=row["machine"] or "",
        pipeline=row["ci_pipeline"],
        url=row["ci_url"],
    )


def _source(row: sqlite3.Row) -> Source:
    dirty = row["git_dirty"]
    return Source(
        commit=row["git_commit"],
        dirty=None if dirty is None else bool(dirty),
        registry_digest=row["registry_digest"],
        registry_path=row["registry_path"],
    )


def _options(text: str) -> Options:
    data = json.loads(text)
    for key in ("inventory", "sites", "types", "tags", "skip_tags", "hosts"):
        data[key] = tuple(data.get(key) or ())
    known = set(Options.__dataclass_fields__)
    return Options(**{k: v for k, v in data.items() if k in known})


def _waves(conn: sqlite3.Connection, run_id: int) -> tuple[WaveRecord, ...]:
    rows = conn.execute("SELECT * FROM waves WHERE run_id = ? ORDER BY idx", (run_id,)).fetchall()
    return tuple(
        WaveRecord(
            plan=WavePlan(
                index=r["idx"],
                name=r["name"],
                sites=tuple(json.loads(r["sites"])),
                hosts=tuple(json.loads(r["hosts"])),
                host_sites=tuple(json.loads(r["host_sites"])),
            ),
            status=cast(WaveStatus, r["status"]),
            started_at=r["started_at"],
            ended_at=r["ended_at"],
            rc=r["rc"],
            runner_status=r["runner_status"],
            artifact_dir=r["artifact_dir"],
        )
        for r in rows
    )


def _hosts(conn: sqlite3.Connection, run_id: int) -> tuple[HostResult, ...]:
    rows = conn.execute("SELECT * FROM host_results WHERE run_id = ? ORDER BY wave_idx, site_id, host", (run_id,)).fetchall()
    return tuple(
        HostResult(
            host=r["host"],
            site_id=r["site_id"],
            wave=r["wave_idx"],
            status=cast(HostStatus, r["status"]),
            counts=HostCounts(**{k: r[k] for k in HostCounts.__dataclass_fields__}),
        )
        for r in rows
    )


def _failed(conn: sqlite3.Connection, run_id: int) -> tuple[FailedTask, ...]:
    rows = conn.execute("SELECT * FROM failed_tasks WHERE run_id = ? ORDER BY id", (run_id,)).fetchall()
    return tuple(
        FailedTask(
            host=r["host"], wave=r["wave_idx"], task=r["task"], action=r["action"], message=r["message"], unreachable=bool(r["unreachable"])
        )
        for r in rows
    )


def _changes(conn: sqlite3.Connection, run_id: int) -> tuple[Change, ...]:
    rows = conn.execute("SELECT * FROM changes WHERE run_id = ? ORDER BY id", (run_id,)).fetchall()
    return tuple(
        Change(
            host=r["host"],
            wave=r["wave_idx"],
            task=r["task"],
            action=r["action"],
            commands=tuple(json.loads(r["commands"])),
            diff=r["diff"],
        )
        for r in rows
    )
