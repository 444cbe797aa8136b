"""`provisioner approve`: record who approved a plan; org.yml change_control may require someone other than the planner."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from provisioner.plans.model import PlanRefused
from provisioner.records.plans import Approval, PlanRecords, StoredPlan
from provisioner.registry.change import ChangeControl
from provisioner.registry.load import load_registry


def change_control(plan: StoredPlan) -> ChangeControl:
    """The change_control of the registry the plan was made from (defaults when it was not a registry inventory)."""
    path = (plan.document.get("source") or {}).get("registry_path")
    if not path:
        return ChangeControl()
    return load_registry(Path(path)).require().org.change_control


def expired(*, plan: StoredPlan, control: ChangeControl, now: dt.datetime) -> str | None:
    """Why the plan is too old to use, or None."""
    made = dt.datetime.fromisoformat(plan.created_at)
    if now - made <= dt.timedelta(hours=control.plan_lifetime_hours):
        return None
    return (
        f"plan {plan.id} was made at {plan.created_at}, more than plan_lifetime_hours={control.plan_lifetime_hours} ago "
        "(org.yml change_control) (fix: make and approve a new plan)"
    )


def approve(*, records: PlanRecords, plan_id: int, approver: str, comment: str, now: dt.datetime) -> Approval:
    """Record an approval, or PlanRefused (unknown or expired plan, or the planner approving where that is not allowed)."""
    plan = records.plan(plan_id)
    if plan is None:
        raise PlanRefused(f"no plan {plan_id} in the records (fix: see the id `provisioner plan` printed)")
    control = change_control(plan)
    too_old = expired(plan=plan, control=control, now=now)
    if too_old:
        raise PlanRefused(too_old)
    if control.distinct_approver and approver == plan.planner:
        raise PlanRefused(
            f"plan {plan_id} was made by {approver}, who may not approve it (org.yml change_control.distinct_approver: true) "
            "(fix: ask a second person to run provisioner approve)"
        )
    return records.approve(plan_id=plan_id, approver=approver, comment=comment)
