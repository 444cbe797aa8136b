"""The records database: transactions, queries, locks, interrupted runs and retention."""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import UTC, datetime, timedelta

from records_helpers import new_run

from provisioner.records import HistoryFilter, HostCounts, HostResult, ProcessId, RecordStore, WaveOutcome
from provisioner.records.models import Change, FailedTask
from provisioner.records.procinfo import current


def _outcome(index: int, host: str, site: str, status: str = "ok") -> WaveOutcome:
    failed = status == "failed"
    return WaveOutcome(
        index=index,
        status="failed" if failed else "successful",
        rc=2 if failed else 0,
        runner_status="failed" if failed else "successful",
        hosts=(HostResult(host=host, site_id=site, wave=index, status=status, counts=HostCounts(ok=3, changed=1, failed=int(failed))),),  # type: ignore[arg-type]
        failed_tasks=(FailedTask(host=host, wave=index, task="push", action="net_config", message="boom"),) if failed else (),
        changes=(Change(host=host, wave=index, task="push", action="net_config", commands=("vlan 10",), diff="+vlan 10"),),
    )


def test_the_database_uses_wal_and_records_its_schema_version(store: RecordStore) -> None:
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("SELECT version FROM schema_version").fetchone()[0] == 1
    assert store.integrity() == "ok"


def test_a_run_round_trips_with_waves_hosts_failures_and_changes(store: RecordStore) -> None:
    run_id = store.start_run(run=new_run())
    store.start_wave(run_id=run_id, index=0, artifact_dir="/a/wave-0")
    store.finish_wave(run_id=run_id, outcome=_outcome(0, "alpha-sw1", "alpha"))
    store.start_wave(run_id=run_id, index=1, artifact_dir="/a/wave-1")
    store.finish_wave(run_id=run_id, outcome=_outcome(1, "beta-sw1", "beta", "failed"))
    store.finish_run(run_id=run_id, status="failed", exit_code=1)
    record = store.get(run_id=run_id)
    assert record is not None
    assert record.summary.status == "failed"
    assert record.summary.hosts_failed == 1
    assert record.summary.duration_s is not None
    assert [w.status for w in record.waves] == ["successful", "failed"]
    assert record.hosts[0].counts == HostCounts(ok=3, changed=1)
    assert record.failed_tasks[0].message == "boom"
    assert record.changes[0].commands == ("vlan 10",)
    assert record.options.extra_vars == {"x": 1}
    assert record.operator.user == "alice"
    assert record.source.commit == "abc"


def test_history_filters_by_site_host_status_and_since(store: RecordStore) -> None:
    first = store.start_run(run=new_run(sites=("alpha",)))
    store.finish_wave(run_id=first, outcome=_outcome(0, "alpha-sw1", "alpha"))
    store.finish_run(run_id=first, status="successful", exit_code=0)
    second = store.start_run(run=new_run(sites=("beta",)))
    store.finish_run(run_id=second, status="refused", exit_code=2, message="locked")
    assert [r.id for r in store.history(filter=HistoryFilter(site="alpha"))] == [first]
    assert [r.id for r in store.history(filter=HistoryFilter(host="alpha-sw1"))] == [first]
    assert [r.id for r in store.history(filter=HistoryFilter(status=("refused",)))] == [second]
    future = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    assert store.history(filter=HistoryFilter(since=future)) == []


def test_a_second_run_is_refused_a_locked_site_and_told_who_holds_it(store: RecordStore) -> None:
    me = current()
    first = store.start_run(run=new_run())
    assert store.acquire_locks(run_id=first, sites=["alpha", "beta"], process=me) is None
    second = store.start_run(run=new_run(sites=("beta", "gamma")))
    conflict = store.acquire_locks(run_id=second, sites=["beta", "gamma"], process=me)
    assert conflict is not None
    assert conflict.run_id == first
    assert conflict.sites == ("beta",)
    assert conflict.operator == "alice"
    assert store.conn.execute("SELECT COUNT(*) FROM locks WHERE run_id = ?", (second,)).fetchone()[0] == 0
    store.finish_run(run_id=first, status="successful", exit_code=0)
    assert store.acquire_locks(run_id=second, sites=["beta", "gamma"], process=me) is None


def test_locks_of_a_dead_process_are_released(store: RecordStore, dead_process: ProcessId) -> None:
    stale = store.start_run(run=new_run(process=dead_process))
    assert store.acquire_locks(run_id=stale, sites=["alpha"], process=dead_process) is None
    fresh = store.start_run(run=new_run())
    assert store.acquire_locks(run_id=fresh, sites=["alpha"], process=current()) is None


def test_a_running_run_whose_process_died_becomes_interrupted(store: RecordStore, dead_process: ProcessId) -> None:
    run_id = store.start_run(run=new_run(process=dead_process))
    store.start_wave(run_id=run_id, index=0, artifact_dir="/x")
    alive = store.start_run(run=new_run())
    found = store.recover_interrupted()
    assert [r for r, _ in found] == [run_id]
    record = store.get(run_id=run_id)
    assert record is not None
    assert record.summary.status == "interrupted"
    assert record.exit_code == 3
    assert [w.status for w in record.waves] == ["interrupted", "skipped"]
    assert store.get(run_id=alive).summary.status == "running"  # type: ignore[union-attr]


def test_prune_removes_old_runs_and_everything_under_them(store: RecordStore) -> None:
    run_id = store.start_run(run=new_run())
    store.finish_wave(run_id=run_id, outcome=_outcome(0, "alpha-sw1", "alpha", "failed"))
    store.finish_run(run_id=run_id, status="failed", exit_code=1)
    removed = store.prune(before=(datetime.now(UTC) + timedelta(seconds=1)).isoformat())
    assert [r for r, _ in removed] == [run_id]
    for table in ("runs", "waves", "host_results", "failed_tasks", "changes", "run_sites"):
        assert store.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0


def test_a_failed_write_rolls_back_completely(store: RecordStore) -> None:
    run_id = store.start_run(run=new_run())
    bad = _outcome(0, "alpha-sw1", "alpha")
    broken = WaveOutcome(
        index=0,
        status="successful",
        rc=0,
        runner_status="successful",
        hosts=bad.hosts + bad.hosts[:0],
        changes=(Change(host="h", wave=0, task="t", action="a", commands=(object(),)),),
    )  # type: ignore[arg-type]
    with contextlib.suppress(TypeError, sqlite3.Error):
        store.finish_wave(run_id=run_id, outcome=broken)
    assert store.conn.execute("SELECT COUNT(*) FROM host_results").fetchone()[0] == 0
    assert store.get(run_id=run_id).waves[0].status == "pending"  # type: ignore[union-attr]


def test_reopening_keeps_the_data(tmp_path: object, store: RecordStore) -> None:
    run_id = store.start_run(run=new_run())
    store.close()
    again = RecordStore(path=store.path)
    assert again.get(run_id=run_id) is not None
    again.close()
    store.conn = sqlite3.connect(str(store.path))
