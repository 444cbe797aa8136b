"""`provisioner apply`: push exactly an approved plan through the normal rollout (waves, locks, backup, verify,
rollback, records). Each device re-checks its running-config digest and its fresh commands in net_config
(netconfig.expect); the whole plan is refused when unapproved, expired, already applied, or made on another
registry state or commit.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from provisioner.netconfig.expect import MISMATCH_MARK, NOT_PLANNED_MARK, STALE_MARK
from provisioner.netconfig.masking import MASK
from provisioner.plans.approve import change_control, expired
from provisioner.plans.collect import GUARD_MARKS
from provisioner.plans.gates import source_gate, window_gate
from provisioner.plans.model import PlanRefused, devices_of, expectations
from provisioner.records.plans import ApplyRecord, PlanRecords, StoredPlan
from provisioner.records.store import RecordStore
from provisioner.rollout import EXIT_REFUSED, Observer, RolloutRequest, RolloutResult, run_rollout

PLAN_FILE_VAR = "provisioner_plan_file"


@dataclass(frozen=True)
class ApplySettings:
    """How `apply` was invoked."""

    plan_id: int
    operator: str
    state_dir: Path
    db_path: Path
    cwd: Path
    outside_window: str | None = None
    extra_vars: dict[str, Any] | None = None
    vault_password_file: Path | None = None
    wait: bool = False


def apply_plan(
    *, settings: ApplySettings, now: dt.datetime, observer: Observer | None = None, cancel: threading.Event | None = None
) -> tuple[ApplyRecord, RolloutResult | None]:
    """Apply the plan; the outcome is recorded in plan_applies (and the run, if one started)."""
    store = RecordStore(path=settings.db_path)
    try:
        records = PlanRecords(store.conn)
        plan = records.plan(settings.plan_id)
        if plan is None:
            raise PlanRefused(f"no plan {settings.plan_id} in {settings.db_path} (fix: see the id `provisioner plan` printed)")
        started = now.isoformat(timespec="microseconds")
        problems = whole_plan_problems(records=records, plan=plan, now=now)
        if problems:
            return _refused(records, settings, started, problems), None
        return _run(records, store, plan, settings, started, observer, cancel)
    finally:
        store.close()


def whole_plan_problems(*, records: PlanRecords, plan: StoredPlan, now: dt.datetime) -> list[str]:
    """Why the plan may not be applied at all (approval, lifetime, already applied); empty when it may."""
    control = change_control(plan)
    problems = [p for p in [expired(plan=plan, control=control, now=now)] if p]
    approvals = records.approvals(plan.id)
    if control.distinct_approver:
        approvals = [a for a in approvals if a.approver != plan.planner]
    if control.require_approval and not approvals:
        who = " by someone other than the planner" if control.distinct_approver else ""
        problems.append(f"plan {plan.id} is not approved{who} (org.yml change_control.require_approval) (fix: provisioner approve N)")
    done = [a for a in records.applies(plan_id=plan.id) if a.run_id is not None and a.status != "refused"]
    if done:
        problems.append(f"plan {plan.id} was already applied by run {done[0].run_id} (fix: make a new plan)")
    if not [d for d in devices_of(plan.document) if d.status == "planned"]:
        problems.append(f"plan {plan.id} has no device that was planned without a refusal or failure")
    return problems


def _refused(records: PlanRecords, settings: ApplySettings, started: str, problems: list[str]) -> ApplyRecord:
    record = ApplyRecord(
        plan_id=settings.plan_id,
        run_id=None,
        started_at=started,
        operator=settings.operator,
        status="refused",
        message="; ".join(problems),
    )
    records.add_apply(record)
    return record


def _run(
    records: PlanRecords,
    store: RecordStore,
    plan: StoredPlan,
    settings: ApplySettings,
    started: str,
    observer: Observer | None,
    cancel: threading.Event | None,
) -> tuple[ApplyRecord, RolloutResult | None]:
    devices = [d for d in devices_of(plan.document) if d.status == "planned"]
    path = _write_expectations(settings, plan)
    try:
        planned_sites = {d.site for d in devices}
        request = apply_request(plan=plan, settings=settings, plan_file=path, hosts=tuple(d.host for d in devices), sites=planned_sites)
        result = run_rollout(request=request, observer=observer, cancel=cancel)
    finally:
        path.unlink(missing_ok=True)
    outcome = _outcome(store, result, [d.host for d in devices])
    record = ApplyRecord(
        plan_id=plan.id,
        run_id=result.run_id,
        started_at=started,
        operator=settings.operator,
        status=result.status,
        message=result.message,
        **outcome,
    )
    records.add_apply(record)
    if settings.outside_window and result.run_id is not None and result.status != "refused":
        sites = tuple(dict.fromkeys(d.site for d in devices))
        records.add_window_override(run_id=result.run_id, reason=settings.outside_window, sites=sites)
    return record, result


def apply_request(
    *, plan: StoredPlan, settings: ApplySettings, plan_file: Path, hosts: tuple[str, ...], sites: set[str]
) -> RolloutRequest:
    """The rollout that applies the plan: the plan's options, only its planned devices (the canary only if it has one), the gates."""
    o: dict[str, Any] = plan.document.get("options") or {}
    extra = {**(o.get("extra_vars") or {}), **(settings.extra_vars or {})}
    redacted = sorted(k for k, v in extra.items() if v == MASK)
    if redacted:
        raise PlanRefused(f"plan {plan.id}: extra var(s) {', '.join(redacted)} were redacted (fix: pass them again with -e)")
    source = plan.document.get("source") or {}
    vault = settings.vault_password_file or (Path(o["vault"][5:]) if str(o.get("vault") or "").startswith("file:") else None)
    return RolloutRequest(
        playbook=Path(o["playbook"]),
        inventory=tuple(o.get("inventory") or ()),
        sites=tuple(o.get("sites") or ()),
        types=tuple(o.get("types") or ()),
        limit=o.get("limit"),
        tags=tuple(o.get("tags") or ()),
        skip_tags=tuple(o.get("skip_tags") or ()),
        extra_vars={**extra, PLAN_FILE_VAR: str(plan_file)},
        canary=o.get("canary") if o.get("canary") in sites else None,
        wave_size=o.get("wave_size"),
        max_fail_percent=o.get("max_fail_percent"),
        wait=settings.wait,
        vault_password_file=vault,
        hosts=hosts,
        state_dir=settings.state_dir,
        db_path=settings.db_path,
        cwd=settings.cwd,
        gates=(
            source_gate(registry_digest=source.get("registry_digest"), commit=source.get("commit")),
            window_gate(override=settings.outside_window),
        ),
    )


def _write_expectations(settings: ApplySettings, plan: StoredPlan) -> Path:
    folder = settings.state_dir / "tmp" / "plans"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / f"plan-{plan.id}-{os.getpid()}.json"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump(expectations(devices_of(plan.document)), f)
    return path


def _outcome(store: RecordStore, result: RolloutResult, planned: list[str]) -> dict[str, tuple[str, ...]]:
    """Which planned devices were applied, refused as stale, or refused otherwise (mismatch, guard, not planned)."""
    record = store.get(run_id=result.run_id) if result.run_id is not None else None
    if record is None or result.exit_code == EXIT_REFUSED and not record.hosts:
        return {"applied": (), "stale": (), "refused": tuple(planned) if result.status == "refused" else ()}
    messages: dict[str, str] = {}
    for failure in record.failed_tasks:
        messages.setdefault(failure.host, failure.message)
    stale = tuple(h for h in planned if STALE_MARK in messages.get(h, ""))
    marks = (MISMATCH_MARK, NOT_PLANNED_MARK, *GUARD_MARKS)
    refused = tuple(h for h in planned if h not in stale and any(m in messages.get(h, "") for m in marks))
    ok = {h.host for h in record.hosts if h.status == "ok"}
    return {"applied": tuple(h for h in planned if h in ok), "stale": stale, "refused": refused}
