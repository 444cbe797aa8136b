"""Issue 15 acceptance: a plain `ansible-playbook playbooks/switches.yml` against the lab appears in
`provisioner history` (the collection's records callback, enabled by the checkout's ansible.cfg)."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import DEMO, ROOT, VENV_BIN, ansible_env

pytestmark = pytest.mark.integration
PORT = os.environ.get("PROV_RECORDS_TEST_PORT", "2322")
PASSWORD = "Rec-Lab-Pw-1"
SWITCHES = ["bkt-sw-01", "gsp-sw-01"]


def _run(env: dict[str, str], *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=900)


@pytest.fixture
def lab_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    env = ansible_env(
        PROVISIONER_STATE_DIR=str(tmp_path / "state"),
        PROVISIONER_NET_PASSWORD=PASSWORD,
        PROVISIONER_SNMP_AUTH="Rec-Auth-1",
        PROVISIONER_SNMP_PRIV="Rec-Priv-1",
        PROVISIONER_PSK_KITA="Rec-Psk-Kita-1",
        ANSIBLE_NOCOLOR="1",
    )
    env.pop("PROVISIONER_DB", None)
    started = _run(env, VENV_BIN / "provisioner", "lab", "up", DEMO / "site_registry.yml", "--port", PORT)
    assert started.returncode == 0, started.stdout + started.stderr
    yield env
    _run(env, VENV_BIN / "provisioner", "lab", "down")


def test_a_plain_ansible_playbook_run_is_in_history(lab_env: dict[str, str]) -> None:
    playbook = [VENV_BIN / "ansible-playbook", "-i", DEMO / "site_registry.yml", "playbooks/switches.yml", "--limit", ",".join(SWITCHES)]
    done = _run({**lab_env, "PROVISIONER_LAB": "1"}, *playbook, "--check", "--diff")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "not recording" not in done.stdout + done.stderr
    history = _run(lab_env, VENV_BIN / "provisioner", "history", "--format", "json")
    assert history.returncode == 0, history.stderr
    [run] = json.loads(history.stdout)
    assert run["trigger"] == "ansible-playbook"
    assert run["status"] == "successful"
    assert run["playbook"].endswith("playbooks/switches.yml")
    assert run["hosts_total"] == len(SWITCHES)
    shown = _run(lab_env, VENV_BIN / "provisioner", "show", str(run["id"]), "--format", "json")
    assert shown.returncode == 0, shown.stderr
    record = json.loads(shown.stdout)
    assert sorted(h["host"] for h in record["hosts"]) == sorted(SWITCHES)
    assert {c["host"] for c in record["changes"]} == set(SWITCHES), "check mode on factory lab switches plans commands"
    assert record["options"]["check"] is True
    assert PASSWORD not in shown.stdout
