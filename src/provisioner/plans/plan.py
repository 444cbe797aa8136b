"""`provisioner plan`: a check-mode rollout through the real roles, its per-device commands recorded as a plan."""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from provisioner.plans.collect import collect_devices
from provisioner.plans.model import PlanDocument, PlanRefused, PlanSource
from provisioner.records.models import RunRecord
from provisioner.records.plans import PlanRecords, StoredPlan
from provisioner.records.store import RecordStore
from provisioner.rollout import Observer, RolloutRequest, RolloutResult, run_rollout


@dataclass(frozen=True)
class PlanOutcome:
    """The recorded plan and the check run that produced it."""

    plan: StoredPlan
    run: RolloutResult


def make_plan(*, request: RolloutRequest, observer: Observer | None = None, cancel: threading.Event | None = None) -> PlanOutcome:
    """Run the playbook in check mode (recorded as a run), then record what net_config would send per device."""
    result = run_rollout(request=replace(request, check=True, diff=False), observer=observer, cancel=cancel)
    if result.run_id is None or result.status in ("refused", "interrupted", "canceled"):
        detail = "; ".join([result.message, *result.errors])
        raise PlanRefused(f"no plan: the check run {result.run_id} was {result.status}: {detail}")
    store = RecordStore(path=request.database)
    try:
        record = store.get(run_id=result.run_id)
        if record is None or not record.artifacts_dir:
            raise PlanRefused(f"no plan: check run {result.run_id} left no record or artifacts in {request.database}")
        document = plan_document(record=record)
        stored = PlanRecords(store.conn).add_plan(planner=record.operator.user, check_run=result.run_id, document=document.to_json())
    finally:
        store.close()
    return PlanOutcome(plan=stored, run=result)


def plan_document(*, record: RunRecord) -> PlanDocument:
    """The plan of a recorded check run: its source, options and each device's planned commands."""
    site_of = {h.host: h.site_id for h in record.hosts}
    source = record.source
    options = {**asdict(record.options), "check": False, "diff": False}
    return PlanDocument(
        source=PlanSource(
            planner=record.operator.user,
            commit=source.commit,
            dirty=source.dirty,
            registry_digest=source.registry_digest,
            registry_path=source.registry_path,
        ),
        options=options,
        check_run=record.summary.id,
        devices=tuple(collect_devices(run_dir=Path(str(record.artifacts_dir)), site_of=site_of)),
    )
