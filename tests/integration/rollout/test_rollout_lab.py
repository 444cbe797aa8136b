"""Acceptance 2 and 5 against the device lab: the demo registry in lab mode, the real switch role."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rollout_harness import REPO, Cli

pytestmark = pytest.mark.integration

PASSWORD = "Lab-Pl4nted-Pw!"
SNMP_AUTH = "Lab-Snmp-Auth-7"
SNMP_PRIV = "Lab-Snmp-Priv-8"
LAB_PORT = int(os.environ.get("PROV_ROLLOUT_TEST_PORT", "2391"))
CANARY = "gs-am-stadtpark"
DEMO = "inventories/demo/site_registry.yml"


@pytest.fixture
def lab(cli: Cli, tmp_path: Path) -> Iterator[tuple[Cli, Any]]:
    lab_mod = pytest.importorskip("provisioner.lab")
    from provisioner.registry import load_registry

    registry = load_registry(REPO / "inventories" / "demo" / "registry").require()
    user = registry.org.defaults.credentials.username
    specs = [lab_mod.LabDeviceSpec(sw.name, sw.platform, sw.model, user, PASSWORD) for e in registry.sites for sw in e.site.switches]
    lab_mod.start_lab(devices=specs, state_dir=cli.state, port=LAB_PORT, timeout=120)
    cli.cwd = REPO
    cli.env.update(
        PROVISIONER_LAB="1",
        PROVISIONER_NET_PASSWORD=PASSWORD,
        PROVISIONER_SNMP_AUTH=SNMP_AUTH,
        PROVISIONER_SNMP_PRIV=SNMP_PRIV,
        ANSIBLE_CONFIG=str(REPO / "ansible.cfg"),
    )
    try:
        yield cli, lab_mod
    finally:
        lab_mod.stop_lab(state_dir=cli.state)


def _switches_of(site: str) -> list[str]:
    from provisioner.registry import load_registry

    registry = load_registry(REPO / "inventories" / "demo" / "registry").require()
    entry = registry.site(site)
    assert entry is not None
    return [sw.name for sw in entry.site.switches]


def _args(tmp_path: Path) -> tuple[str, ...]:
    backups = f"switch_backup_dir={tmp_path / 'backups'}"
    return ("rollout", "playbooks/switches.yml", "-i", DEMO, "--canary", CANARY, "--wave-size", "2", "--check", "--diff", "-e", backups)


def _leaks(cli: Cli, texts: str) -> list[str]:
    leaks = [s for s in (PASSWORD, SNMP_AUTH, SNMP_PRIV) if s in texts]
    for path in cli.state.rglob("*"):
        if path.is_file() and path.relative_to(cli.state).parts[0] != "lab":
            data = path.read_bytes()
            leaks += [f"{path}: {s}" for s in (PASSWORD, SNMP_AUTH, SNMP_PRIV) if s.encode() in data]
    return leaks


def test_an_unreachable_canary_switch_stops_the_rollout(lab: tuple[Cli, Any], tmp_path: Path) -> None:
    cli, lab_mod = lab
    for name in _switches_of(CANARY):
        lab_mod.set_fault(state_dir=cli.state, device=name, fault=lab_mod.Fault(unreachable=True))
    failed = cli.run(*_args(tmp_path), timeout=600)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    waves = cli.query("SELECT name, status FROM waves WHERE run_id = 1 ORDER BY idx")
    assert waves[0] == ("canary", "failed")
    assert {s for _, s in waves[1:]} == {"skipped"}
    failures = cli.query("SELECT host, task, message FROM failed_tasks WHERE run_id = 1")
    assert {h for h, _, _ in failures} == set(_switches_of(CANARY))
    assert all(message for _, _, message in failures)
    assert _leaks(cli, failed.stdout + failed.stderr + cli.run("show", "1").stdout) == []


def test_a_clean_lab_rollout_records_config_diffs_without_secrets(lab: tuple[Cli, Any], tmp_path: Path) -> None:
    cli, _ = lab
    clean = cli.run(*_args(tmp_path), timeout=600)
    show = cli.run("show", "1")
    assert _leaks(cli, clean.stdout + clean.stderr + show.stdout) == []
    assert clean.returncode == 0, cli.query("SELECT host, task, message FROM failed_tasks")
    assert "snmp-server" in show.stdout
