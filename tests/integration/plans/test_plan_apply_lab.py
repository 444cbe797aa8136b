"""Issue 14 acceptance against the device lab: plan -> approve -> apply sends exactly the plan; a device changed by
hand in between is refused as stale and left alone; unapproved plans and plans of another registry state are refused;
change windows refuse a rollout (exit 2, next window named) unless --outside-window, which `provisioner show` records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from provisioner.lab import clear_command_log
from tests.integration.plans.plan_lab import PlanLab, same_lines, start, stop

pytestmark = pytest.mark.integration
STALE = "bkt-sw-01"  # an IOS switch of the demo city


@pytest.fixture
def lab(tmp_path: Path) -> Iterator[PlanLab]:
    running = start(tmp_path)
    try:
        yield running
    finally:
        stop(running)


def _changing(document: dict[str, object]) -> dict[str, list[str]]:
    return {d["host"]: d["commands"] for d in document["devices"] if d["commands"]}  # type: ignore[index,union-attr]


def _apply_and_compare(lab: PlanLab, plan_id: int, planned: dict[str, list[str]], *, stale: set[str]) -> str:
    for device in planned:
        clear_command_log(state_dir=lab.state, device=device)
    applied = lab.run("apply", str(plan_id))
    assert applied.returncode == (1 if stale else 0), applied.stdout + applied.stderr
    for device, commands in planned.items():
        sent = lab.config_lines(device)
        if device in stale:
            assert sent == [], f"{device} is stale but received {sent}"
        else:
            assert same_lines(commands, sent), f"{device}: planned {commands}, sent {sent}"
    return applied.stdout + applied.stderr


def test_apply_sends_exactly_the_plan_and_refuses_a_stale_device(lab: PlanLab) -> None:
    _, first = lab.plan("first")
    planned = _changing(first)
    assert STALE in planned
    assert len(planned) >= 2
    assert all(d["status"] == "planned" and d["running_digest"] for d in first["devices"])
    assert f"## provisioner plan {first['id']}" in (lab.tmp / "first.md").read_text()

    unapproved = lab.run("apply", str(first["id"]))
    assert unapproved.returncode == 2
    assert "not approved" in unapproved.stderr

    lab.by_hand(STALE, ["interface GigabitEthernet1/0/1", "description patched by hand"])
    by_hand = lab.running(STALE)
    assert lab.run("approve", str(first["id"]), "--comment", "reviewed in the MR").returncode == 0
    output = _apply_and_compare(lab, first["id"], planned, stale={STALE})
    assert f"STALE (changed since the plan, nothing sent): {STALE}" in output
    assert lab.running(STALE) == by_hand

    shown = lab.run("plans", "show", str(first["id"]))
    assert f"stale: {STALE}" in shown.stdout
    assert "applied: " in shown.stdout
    assert "approved by" in shown.stdout
    assert "reviewed in the MR" in shown.stdout

    _, second = lab.plan("second")
    assert set(_changing(second)) == {STALE}, "only the stale device still has changes"
    assert lab.run("approve", str(second["id"])).returncode == 0
    _apply_and_compare(lab, second["id"], _changing(second), stale=set())

    _, third = lab.plan("third")
    assert _changing(third) == {}, "after applying, a new plan is empty"


def test_a_plan_of_another_registry_state_is_refused(lab: PlanLab) -> None:
    _, plan = lab.plan("before", "--site", "gs-am-stadtpark")
    assert lab.run("approve", str(plan["id"])).returncode == 0
    site = lab.registry / "sites" / "gs-am-stadtpark.yml"
    site.write_text(site.read_text() + "# edited after the plan\n")
    refused = lab.run("apply", str(plan["id"]))
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "another registry state" in refused.stderr
    assert "registry digest" in refused.stderr


def _close_window_now(lab: PlanLab, site: str) -> dt.date:
    """Give the site a window open only two days from now (Berlin time); returns that day."""
    day = dt.datetime.now(ZoneInfo("Europe/Berlin")).date() + dt.timedelta(days=2)
    weekday = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[day.weekday()]
    org = lab.registry / "org.yml"
    text = org.read_text().replace(
        "    demo-lab:\n",
        f'    closed-now:\n      weekly:\n        - {{days: [{weekday}], start: "00:00", end: "00:00"}}\n    demo-lab:\n',
    )
    org.write_text(text)
    path = lab.registry / "sites" / f"{site}.yml"
    path.write_text(path.read_text().replace("\nsubnets:", "\nchange_window: closed-now\nsubnets:", 1))
    return day


def test_a_window_excluding_now_refuses_the_rollout_unless_overridden(lab: PlanLab) -> None:
    site = "gs-am-stadtpark"
    day = _close_window_now(lab, site)
    windows = lab.run("windows", "--registry", str(lab.registry), "--site", site)
    assert "closed" in windows.stdout
    assert day.isoformat() in windows.stdout
    args = ("rollout", "playbooks/switches.yml", "-i", str(lab.inventory), "--site", site)
    refused = lab.run(*args)
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "outside its change window" in refused.stderr
    assert f"next window: {day.strftime('%a')} {day.isoformat()} 00:00" in refused.stderr
    assert lab.run(*args, "--check").returncode == 0, "check mode is always allowed"
    overridden = lab.run(*args, "--outside-window", "test")
    assert overridden.returncode == 0, overridden.stdout + overridden.stderr
    shown = lab.run("show", "last")
    assert "outside change window: 'test'" in shown.stdout
