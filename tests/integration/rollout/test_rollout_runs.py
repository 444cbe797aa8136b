"""Acceptance: real rollouts through ansible-runner against connection-local hosts, and their records."""

from __future__ import annotations

import json
import os
import signal
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rollout_harness import FIXTURES, REPO, Cli

pytestmark = pytest.mark.integration

HOSTS = str(FIXTURES / "hosts.yml")
SITE = str(FIXTURES / "site.yml")
SLOW = str(FIXTURES / "slow.yml")


def _show(cli: Cli, run_id: int) -> str:
    done = cli.run("show", str(run_id))
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_rollout_records_everything_show_displays_it_and_history_is_json(cli: Cli, tmp_path: Path) -> None:
    done = cli.run(
        "rollout",
        SITE,
        "-i",
        HOSTS,
        "--wave-size",
        "2",
        "--diff",
        "--tags",
        "always,config",
        "-e",
        "note=hello",
        "-e",
        '{"fail_hosts": ["gamma-pc1"]}',
        "--json",
        str(tmp_path / "r.json"),
        "--junit",
        str(tmp_path / "r.xml"),
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "gamma-pc1" in done.stdout
    assert "injected failure" in done.stdout
    text = _show(cli, 1)
    for item in (
        "operator",
        "root" if os.getuid() == 0 else "os user",
        "trigger",
        "cli",
        "registry digest",
        "site.yml",
        "hosts.yml",
        "extra vars",
        "note=hello",
        "wave plan",
        "wave 1",
        "wave 2",
        "alpha-sw1",
        "Fail on chosen hosts",
        "injected failure on gamma-pc1",
        "changes",
        "Write config",
        "+vlan 10",
        "check",
        "diff",
        "tags",
    ):
        assert item in text, item
    history = json.loads(cli.run("history", "--format", "json").stdout)
    assert history[0]["id"] == 1
    assert history[0]["status"] == "failed"
    assert history[0]["hosts_total"] == 5
    record = json.loads((tmp_path / "r.json").read_text())
    assert [w["status"] for w in record["waves"]] == ["successful", "failed"]
    assert {h["host"]: h["status"] for h in record["hosts"]}["gamma-pc1"] == "failed"
    cases = ET.parse(tmp_path / "r.xml").getroot().findall("./testsuite/testcase")
    assert sorted(c.get("name") for c in cases) == ["alpha-sw1", "alpha-sw2", "beta-sw1", "gamma-pc1", "gamma-sw1"]
    assert [c.get("classname") for c in cases if c.find("failure") is not None] == ["gamma-x"]


def test_a_failed_canary_stops_the_waves_and_the_record_shows_the_skipped_ones(cli: Cli, tmp_path: Path) -> None:
    done = cli.run(
        "rollout",
        SITE,
        "-i",
        HOSTS,
        "--canary",
        "beta",
        "--wave-size",
        "1",
        "-e",
        '{"fail_hosts": ["beta-sw1"]}',
        "--junit",
        str(tmp_path / "j.xml"),
    )
    assert done.returncode == 1
    assert cli.query("SELECT name, status FROM waves ORDER BY idx") == [("canary", "failed"), ("wave 1", "skipped"), ("wave 2", "skipped")]
    assert "canary site beta failed" in str(cli.query("SELECT message FROM runs")[0][0])
    assert cli.query("SELECT COUNT(*) FROM host_results") == [(1,)]
    suite = ET.parse(tmp_path / "j.xml").getroot().find("testsuite")
    assert suite is not None
    assert suite.get("tests") == "5"
    assert suite.get("skipped") == "4"


def test_max_fail_percent_stops_further_waves(cli: Cli) -> None:
    done = cli.run("rollout", SITE, "-i", HOSTS, "--wave-size", "1", "--max-fail-percent", "40", "-e", '{"fail_hosts": ["alpha-sw1"]}')
    assert done.returncode == 1
    assert [s for _, s in cli.query("SELECT idx, status FROM waves ORDER BY idx")] == ["successful", "failed", "skipped"] or [
        s for _, s in cli.query("SELECT idx, status FROM waves ORDER BY idx")
    ] == ["failed", "skipped", "skipped"]


def test_sigkill_leaves_an_interrupted_run_and_a_sound_database(cli: Cli) -> None:
    proc = cli.start("rollout", SLOW, "-i", HOSTS, "--site", "alpha", "-e", "sleep_seconds=30")
    cli.wait_for("SELECT 1 FROM waves WHERE status = 'running'")
    cli.wait_for("SELECT 1 FROM runs")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    history = json.loads(cli.run("history", "--format", "json").stdout)
    assert history[0]["status"] == "interrupted"
    assert cli.query("PRAGMA integrity_check") == [("ok",)]
    assert cli.query("SELECT status FROM waves") == [("interrupted",)]
    assert cli.query("SELECT COUNT(*) FROM locks") == [(0,)]
    leftovers = [p for p in Path("/proc").glob("[0-9]*") if _cmdline(p).find(str(cli.state / "runs" / "1" / "limits")) >= 0]
    assert leftovers == []


def _cmdline(proc: Path) -> str:
    try:
        return (proc / "cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""


def test_sigterm_cancels_the_runner_and_exits_3(cli: Cli) -> None:
    proc = cli.start("rollout", SLOW, "-i", HOSTS, "--site", "beta", "-e", "sleep_seconds=30")
    cli.wait_for("SELECT 1 FROM waves WHERE status = 'running'")
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 3
    assert cli.query("SELECT status, exit_code FROM runs") == [("interrupted", 3)]


def test_a_second_rollout_on_a_locked_site_is_refused_and_recorded(cli: Cli) -> None:
    first = cli.start("rollout", SLOW, "-i", HOSTS, "--site", "alpha", "--site", "beta", "-e", "sleep_seconds=20")
    try:
        cli.wait_for("SELECT 1 FROM waves WHERE status = 'running'")
        second = cli.run("rollout", SITE, "-i", HOSTS, "--site", "beta")
        assert second.returncode == 2
        assert "run 1" in second.stderr
        assert "beta" in second.stderr
        waited = cli.run("rollout", SITE, "-i", HOSTS, "--site", "alpha", "--wait", "--wait-timeout", "1")
        assert waited.returncode == 2
        other = cli.run("rollout", SITE, "-i", HOSTS, "--site", "gamma-x")
        assert other.returncode == 0, other.stdout + other.stderr
        refused = cli.query("SELECT id, status, message FROM runs WHERE status = 'refused' ORDER BY id")
        assert [r[0] for r in refused] == [2, 3]
        assert all("run 1" in str(r[2]) for r in refused)
    finally:
        first.send_signal(signal.SIGTERM)
        first.wait(timeout=30)


def test_wait_takes_the_lock_once_it_is_free(cli: Cli) -> None:
    first = cli.start("rollout", SLOW, "-i", HOSTS, "--site", "beta", "-e", "sleep_seconds=3")
    cli.wait_for("SELECT 1 FROM waves WHERE status = 'running'")
    second = cli.run("rollout", SITE, "-i", HOSTS, "--site", "beta", "--wait")
    assert first.wait(timeout=60) == 0
    assert second.returncode == 0
    assert "waiting for run 1" in second.stdout


def test_rerun_failed_only_repeats_just_the_failed_hosts(cli: Cli) -> None:
    assert cli.run("rollout", SITE, "-i", HOSTS, "-e", '{"fail_hosts": ["alpha-sw2", "gamma-pc1"]}').returncode == 1
    again = cli.run("rerun", "1", "--failed-only", "-e", '{"fail_hosts": []}')
    assert again.returncode == 0, again.stdout + again.stderr
    assert sorted(h for (h,) in cli.query("SELECT host FROM host_results WHERE run_id = 2")) == ["alpha-sw2", "gamma-pc1"]
    assert cli.query("SELECT rerun_of FROM runs WHERE id = 2") == [(1,)]


def test_prune_removes_old_runs_and_their_artifacts(cli: Cli) -> None:
    assert cli.run("rollout", SITE, "-i", HOSTS, "--site", "beta").returncode == 0
    assert (cli.state / "runs" / "1").is_dir()
    assert cli.run("history", "prune", "--older-than", "180d").stdout.startswith("removed 0 run(s)")
    assert cli.run("history", "prune", "--older-than", "0s").stdout.startswith("removed 1 run(s)")
    assert not (cli.state / "runs" / "1").exists()
    assert cli.query("SELECT COUNT(*) FROM runs") == [(0,)]


def test_an_invalid_registry_is_refused_before_ansible_and_recorded(cli: Cli, tmp_path: Path) -> None:
    import shutil

    inventory = tmp_path / "inv"
    shutil.copytree(REPO / "inventories" / "demo", inventory)
    site_file = sorted((inventory / "registry" / "sites").glob("*.yml"))[0]
    site_file.write_text(site_file.read_text().replace("type:", "typo:", 1))
    done = cli.run("rollout", SITE, "-i", str(inventory / "site_registry.yml"))
    assert done.returncode == 2
    assert "registry is invalid" in done.stderr
    ((status, errors),) = cli.query("SELECT status, errors FROM runs")
    assert status == "refused"
    assert site_file.name in str(errors)
    assert not (cli.state / "runs").exists()


def test_invalid_input_is_refused_with_exit_2(cli: Cli) -> None:
    assert cli.run("rollout", "missing.yml", "-i", HOSTS).returncode == 2
    assert cli.run("rollout", SITE, "-i", HOSTS, "--site", "nope").returncode == 2
    assert cli.run("show", "99").returncode == 2
