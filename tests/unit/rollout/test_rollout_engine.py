"""The engine without Ansible: refusals, errors in a wave, and lock release are all recorded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from provisioner.records import RecordStore
from provisioner.rollout import RolloutRequest, run_rollout
from provisioner.rollout.hostindex import from_inventory_json

INVENTORY = {
    "_meta": {"hostvars": {"a1": {"site_id": "alpha"}, "b1": {"site_id": "beta"}}},
    "all": {"children": ["site_alpha", "site_beta"]},
    "site_alpha": {"hosts": ["a1"]},
    "site_beta": {"hosts": ["b1"]},
}


@pytest.fixture
def request_(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> RolloutRequest:
    monkeypatch.setattr("provisioner.rollout.prepare.load_index", lambda **_: from_inventory_json(data=INVENTORY))
    (tmp_path / "site.yml").write_text("- hosts: all\n  tasks: []\n")
    (tmp_path / "hosts.yml").write_text("all: {}\n")
    return RolloutRequest(
        playbook=tmp_path / "site.yml",
        inventory=(str(tmp_path / "hosts.yml"),),
        state_dir=tmp_path / "state",
        cwd=tmp_path,
        wave_size=1,
        extra_vars={"db_password": "Sup3r-Secret-1"},
    )


def _store(request: RolloutRequest) -> RecordStore:
    return RecordStore(path=request.database)


def test_an_error_inside_a_wave_is_recorded_and_releases_the_locks(request_: RolloutRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(**_: Any) -> None:
        raise RuntimeError("runner exploded with Sup3r-Secret-1")

    monkeypatch.setattr("provisioner.rollout.waves.run_wave", boom)
    with pytest.raises(RuntimeError):
        run_rollout(request=request_)
    store = _store(request_)
    record = store.get(run_id=1)
    assert record is not None
    assert record.summary.status == "failed"
    assert [w.status for w in record.waves] == ["interrupted", "skipped"]
    assert "Sup3r-Secret-1" not in (record.summary.message or "")
    assert record.options.extra_vars == {"db_password": "********"}
    assert store.conn.execute("SELECT COUNT(*) FROM locks").fetchone()[0] == 0
    assert not (request_.state_dir / "tmp" / "1").exists()


def test_an_unknown_canary_is_refused_and_recorded(request_: RolloutRequest) -> None:
    from dataclasses import replace

    result = run_rollout(request=replace(request_, canary="gamma"))
    assert result.exit_code == 2
    assert result.status == "refused"
    record = _store(request_).get(run_id=result.run_id or 0)
    assert record is not None
    assert record.summary.status == "refused"
    assert "--canary gamma" in (record.summary.message or "")


@pytest.mark.parametrize(("message", "code"), [("sw1: REMOVALS REFUSED: the plan would remove 40 ...", 2), ("sw1: timeout", 1)])
def test_a_host_refused_for_removals_makes_the_run_exit_2(
    request_: RolloutRequest, monkeypatch: pytest.MonkeyPatch, message: str, code: int
) -> None:
    from provisioner.records.models import FailedTask, HostResult, WaveOutcome

    def failing(*, spec: Any, **_: Any) -> WaveOutcome:
        host = spec.hosts[0]
        failed = FailedTask(host=host, wave=spec.index, task="net_config", action="net_config", message=message)
        return WaveOutcome(
            index=spec.index, status="failed", rc=2, runner_status="failed", hosts=(HostResult(host, "alpha", spec.index, "failed"),),
            failed_tasks=(failed,),
        )  # fmt: skip

    monkeypatch.setattr("provisioner.rollout.waves.run_wave", failing)
    result = run_rollout(request=request_)
    assert result.exit_code == code
    if code == 2:
        assert "removals refused on a1" in result.message
        assert "--allow-removals" in result.message
