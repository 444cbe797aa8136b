"""Plans in the records: approval rules, lifetime, already-applied, the markdown comment and the event reader."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from provisioner.plans.apply import whole_plan_problems
from provisioner.plans.approve import approve
from provisioner.plans.collect import collect_devices
from provisioner.plans.markdown import plan_markdown
from provisioner.plans.model import PlanRefused
from provisioner.records.plans import ApplyRecord, PlanRecords
from provisioner.records.store import RecordStore

CONTROL = """
change_control:
  require_approval: true
  distinct_approver: {distinct}
  plan_lifetime_hours: 2
"""


def _records(tmp_path: Path) -> PlanRecords:
    return PlanRecords(RecordStore(path=tmp_path / "records.db").conn)


def _document(registry: Path) -> dict[str, Any]:
    device = {"host": "sw-1", "site": "gs-x", "status": "planned", "commands": ["vlan 10", " name paed"], "running_digest": "sha256:1"}
    refused = {"host": "sw-2", "site": "gs-x", "status": "refused", "message": "refused by the lockout guard, nothing was sent"}
    return {"planner": "alice", "source": {"commit": "abc", "registry_path": str(registry)}, "options": {}, "devices": [device, refused]}


@pytest.fixture
def registry(base_registry: Path) -> Path:
    org = base_registry / "org.yml"
    org.write_text(org.read_text() + CONTROL.format(distinct="true"))
    return base_registry


def test_the_planner_may_not_approve_when_a_second_person_is_required(registry: Path, tmp_path: Path) -> None:
    records = _records(tmp_path)
    plan = records.add_plan(planner="alice", check_run=1, document=_document(registry))
    now = dt.datetime.fromisoformat(plan.created_at)
    with pytest.raises(PlanRefused, match="may not approve"):
        approve(records=records, plan_id=plan.id, approver="alice", comment="", now=now)
    assert "not approved" in " ".join(whole_plan_problems(records=records, plan=plan, now=now))
    approve(records=records, plan_id=plan.id, approver="bob", comment="looks right", now=now)
    assert whole_plan_problems(records=records, plan=plan, now=now) == []
    assert [(a.approver, a.comment) for a in records.approvals(plan.id)] == [("bob", "looks right")]


def test_an_old_or_applied_plan_is_refused(registry: Path, tmp_path: Path) -> None:
    records = _records(tmp_path)
    plan = records.add_plan(planner="alice", check_run=1, document=_document(registry))
    now = dt.datetime.fromisoformat(plan.created_at)
    records.approve(plan_id=plan.id, approver="bob", comment="")
    late = whole_plan_problems(records=records, plan=plan, now=now + dt.timedelta(hours=3))
    assert any("plan_lifetime_hours=2" in p for p in late)
    records.add_apply(ApplyRecord(plan_id=plan.id, run_id=7, started_at=plan.created_at, operator="bob", status="successful"))
    assert any("already applied by run 7" in p for p in whole_plan_problems(records=records, plan=plan, now=now))


def test_the_markdown_names_sites_devices_commands_and_refusals(registry: Path, tmp_path: Path) -> None:
    plan = _records(tmp_path).add_plan(planner="alice", check_run=1, document=_document(registry))
    text = plan_markdown(plan.document)
    assert f"## provisioner plan {plan.id}" in text
    assert "### gs-x: 2 command(s)" in text
    assert "**sw-1**: 2 command(s)" in text
    assert "  vlan 10" in text
    assert "**sw-2**: REFUSED" in text
    assert "lockout guard" in text
    assert "1 refused or failed" in text


def _event(n: int, event: str, host: str, res: dict[str, Any], action: str = "net_config") -> tuple[int, dict[str, Any]]:
    return n, {"event": event, "event_data": {"host": host, "resolved_action": action, "res": res}}


def test_devices_are_read_from_the_runner_events(tmp_path: Path) -> None:
    folder = tmp_path / "artifacts" / "wave-0" / "job_events"
    folder.mkdir(parents=True)
    events = [
        _event(1, "runner_on_ok", "sw-1", {"commands": ["vlan 10"], "running_digest": "sha256:a", "unmanaged": ["x"]}),
        _event(2, "runner_on_ok", "sw-1", {"changed": False}, action="ansible.builtin.assert"),
        _event(3, "runner_on_failed", "sw-2", {"msg": "sw-2: REMOVALS REFUSED: too many"}),
        _event(4, "runner_on_failed", "sw-3", {"msg": "could not connect"}),
    ]
    for n, event in events:
        (folder / f"{n}-uuid.json").write_text(json.dumps(event))
    devices = {d.host: d for d in collect_devices(run_dir=tmp_path, site_of={"sw-1": "a", "sw-2": "a", "sw-3": "b"})}
    assert devices["sw-1"].commands == ("vlan 10",)
    assert devices["sw-1"].running_digest == "sha256:a"
    assert devices["sw-2"].status == "refused"
    assert devices["sw-3"].status == "failed"
    assert devices["sw-3"].site == "b"
