"""A plain ansible-playbook or AWX run, fed as events, lands in the records like a rollout (masked, one wave)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from provisioner.records import HistoryFilter, RecordStore
from provisioner.rollout.recorder import PlainRun, RunRecorder, is_recorded_elsewhere, masker_of, operator_of, trigger_of

SECRET = "Pl4in-Run-Secret"


def _run(extra_vars: dict[str, Any], hosts: dict[str, str]) -> PlainRun:
    return PlainRun(
        playbook="/srv/provisioner/playbooks/switches.yml",
        inventory=("/nowhere/site_registry.yml",),
        limit="site_a",
        tags=("switch",),
        skip_tags=(),
        check=True,
        diff=True,
        extra_vars=extra_vars,
        hosts=hosts,
    )


def _record(tmp_path: Path, run: PlainRun, events: list[tuple[str, dict[str, Any]]], later: dict[str, str] | None = None) -> RecordStore:
    store = RecordStore(path=tmp_path / "rollouts.db")
    recorder = RunRecorder(store=store, masker=masker_of(run))
    recorder.start(run=run)
    if later:
        recorder.play(hosts=later)
    for name, data in events:
        recorder.event(name=name, data=data)
    recorder.finish()
    return store


def _ok(host: str, **res: Any) -> tuple[str, dict[str, Any]]:
    return "runner_on_ok", {"host": host, "task": "Apply", "resolved_action": "schulit.provisioner.net_config", "res": res}


def test_a_plain_run_is_recorded_with_hosts_changes_and_failures(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROVISIONER_NET_PASSWORD", SECRET)
    events = [
        _ok("sw1", changed=True, commands=["vlan 10", f"username x secret {SECRET}"]),
        _ok("sw2", changed=False, commands=[]),
        ("runner_on_failed", {"host": "sw3", "task": "Apply", "resolved_action": "x", "res": {"msg": f"denied {SECRET}"}}),
        ("playbook_on_stats", {"ok": {"sw1": 1, "sw2": 1}, "changed": {"sw1": 1}, "failures": {"sw3": 1}}),
    ]
    store = _record(tmp_path, _run({"net_password": SECRET}, {"sw1": "site_a", "sw2": "site_a"}), events, later={"sw3": "site_b"})
    [summary] = store.history(filter=HistoryFilter())
    assert (summary.status, summary.trigger, summary.hosts_total, summary.hosts_failed) == ("failed", "ansible-playbook", 3, 1)
    assert summary.sites == ("site_a", "site_b")
    record = store.get(run_id=summary.id)
    assert record is not None
    assert record.options.check
    assert record.options.limit == "site_a"
    assert record.options.extra_vars == {"net_password": "********"}
    assert [(c.host, c.commands) for c in record.changes] == [("sw1", ("vlan 10", "username x secret ********"))]
    assert [(f.host, f.message) for f in record.failed_tasks] == [("sw3", "denied ********")]
    assert {h.host: h.status for h in record.hosts} == {"sw1": "ok", "sw2": "ok", "sw3": "failed"}
    assert record.exit_code == 2
    assert SECRET not in (tmp_path / "rollouts.db").read_bytes().decode("utf-8", "replace")


def test_an_awx_job_names_its_user_and_job() -> None:
    extra = {"awx_job_id": 42, "awx_user_name": "admin-mueller", "awx_project_revision": "abc123"}
    who = operator_of(extra, env={"AWX_HOST": "https://awx.example/"})
    assert (who.user, who.kind, who.pipeline, who.url) == ("admin-mueller", "awx", "42", "https://awx.example/#/jobs/playbook/42")
    assert trigger_of(extra) == "awx"
    assert trigger_of({}) == "ansible-playbook"


def test_a_rollout_wave_is_not_recorded_twice() -> None:
    assert is_recorded_elsewhere(env={"PROVISIONER_RECORDED_BY": "rollout"})
    assert not is_recorded_elsewhere(env={})
