"""What the plan commands print: tables and lines (no printing here, no exits)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from rich.table import Table
from rich.text import Text

from provisioner.records.plans import ApplyRecord, PlanRecords
from provisioner.records.store import RecordStore
from provisioner.rollout import RolloutResult

_STYLE = {"planned": "green", "refused": "red", "failed": "red", "unreachable": "red"}


def plan_table(document: dict[str, Any]) -> Table:
    """One row per device: site, host, status, command count, unmanaged count, message."""
    table = Table(title=f"plan {document.get('id', '')}", title_justify="left")
    for column in ("site", "device", "status", "commands", "unmanaged", "message"):
        table.add_column(column)
    for d in document.get("devices") or []:
        table.add_row(
            d.get("site") or "(central)",
            d["host"],
            Text(d["status"], style=_STYLE.get(d["status"], "")),
            str(len(d.get("commands") or [])),
            str(len(d.get("unmanaged") or [])),
            Text((d.get("message") or "").split("\n")[0][:120]),
        )
    return table


def plan_lines(document: dict[str, Any], *, out: Path) -> list[str]:
    devices = document.get("devices") or []
    total = sum(len(d.get("commands") or []) for d in devices)
    changing = sum(1 for d in devices if d.get("commands"))
    return [
        f"plan {document['id']}: {total} command(s) on {changing} of {len(devices)} device(s), written to {out}",
        f"next: provisioner approve {document['id']}, then provisioner apply {document['id']}",
    ]


def apply_lines(record: ApplyRecord, result: RolloutResult | None) -> list[str]:
    """The outcome of `apply`: refused whole, or per device applied, stale, refused."""
    if result is None:
        return [f"refused: plan {record.plan_id} is not applied: {record.message}"]
    lines = [f"plan {record.plan_id}: run {result.run_id}: {result.status}" + (f": {result.message}" if result.message else "")]
    if result.status == "refused":
        lines += [f"  {e}" for e in result.errors]
    lines += [f"  applied: {h}" for h in record.applied]
    lines += [f"  STALE (changed since the plan, nothing sent): {h}" for h in record.stale]
    lines += [f"  refused (nothing sent): {h}" for h in record.refused]
    lines.append(f"details: provisioner show {result.run_id}; provisioner plans show {record.plan_id}")
    return lines


def link_lines(records: PlanRecords, *, plan_id: int, only_run: int | None = None) -> list[str]:
    """A plan with its check run, approvals and applies."""
    stored = records.plan(plan_id)
    if stored is None:
        return [f"plan {plan_id}: not recorded"]
    doc = stored.document
    lines = [f"plan {plan_id}: made by {stored.planner} at {stored.created_at} (check run {doc.get('check_run')})"]
    approvals = records.approvals(plan_id)
    lines += [f"  approved by {a.approver} at {a.approved_at}" + (f": {a.comment}" if a.comment else "") for a in approvals]
    if not approvals:
        lines.append("  not approved")
    for a in records.applies(plan_id=plan_id):
        if only_run is not None and a.run_id != only_run:
            continue
        message = f": {a.message}" if a.message else ""
        lines.append(f"  applied by {a.operator} at {a.started_at}: run {a.run_id or '-'}, {a.status}{message}")
        groups = (("applied", a.applied), ("stale", a.stale), ("refused", a.refused))
        lines += [f"    {label}: {', '.join(hosts)}" for label, hosts in groups if hosts]
    return lines


def run_links(*, db: Path, run_id: int) -> list[str]:
    """What `provisioner show RUN` adds: the plan this run made or applied, its approvals, a window override."""
    store = RecordStore(path=db)
    try:
        records = PlanRecords(store.conn)
        plan_id = records.plan_of_check_run(run_id)
        lines = [f"plan {plan_id}: made by this check run (provisioner plans show {plan_id})"] if plan_id else []
        for record in records.applies(run_id=run_id):
            lines += link_lines(records, plan_id=record.plan_id, only_run=run_id)
        override = records.window_override(run_id)
    finally:
        store.close()
    if override is not None:
        lines.append(f"outside change window: {override[0]!r} (sites: {', '.join(override[1])})")
    return lines


def windows_table(rows: list[tuple[str, str, bool, list[str]]], *, moment: dt.datetime) -> Table:
    table = Table(title=f"change windows at {moment.isoformat(timespec='minutes')}", title_justify="left")
    for column in ("site", "window", "now", "next windows"):
        table.add_column(column)
    for site, name, open_now, upcoming in rows:
        table.add_row(site, name, Text("open" if open_now else "closed", style="green" if open_now else "red"), "\n".join(upcoming) or "-")
    return table


def record_window_override(db: Path, *, run_id: int, reason: str) -> None:
    """Record that a run went ahead outside a change window, and why (`--outside-window`)."""
    store = RecordStore(path=db)
    try:
        record = store.get(run_id=run_id)
        sites = record.summary.sites if record else ()
        PlanRecords(store.conn).add_window_override(run_id=run_id, reason=reason, sites=sites)
    finally:
        store.close()
