"""Issue 12 §5: the lab writes its known_hosts, `hostkeys scan` finds every device known, and a device whose
key differs from the recorded one is refused (host-key error) while the others are configured."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import DEMO, ROOT, VENV_BIN, ansible_env

pytestmark = pytest.mark.integration
PORT = "2296"
OTHER_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA8ZJ5q2dqgSXW3p9K4xOJ0+1tNt7Vb3yyLJtEhB7Qkq"


@pytest.fixture
def lab(tmp_path: Path) -> Iterator[dict[str, str]]:
    env = ansible_env(
        PROVISIONER_STATE_DIR=str(tmp_path / "state"),
        PROVISIONER_LAB="1",
        ANSIBLE_NOCOLOR="1",
        PROVISIONER_NET_PASSWORD="Keys-Pl4nted-Pw!",
        PROVISIONER_SNMP_AUTH="Keys-Auth-1",
        PROVISIONER_SNMP_PRIV="Keys-Priv-1",
        PROVISIONER_PSK_KITA="Keys-Psk-Kita-1",
    )
    command = [VENV_BIN / "provisioner", "lab", "up", DEMO / "site_registry.yml", "--port", PORT]
    started = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    assert started.returncode == 0, started.stdout + started.stderr
    yield env
    subprocess.run([VENV_BIN / "provisioner", "lab", "down"], env=env, cwd=ROOT, capture_output=True, check=False)


def test_scan_knows_every_lab_device(lab: dict[str, str]) -> None:
    result = subprocess.run(
        [VENV_BIN / "provisioner", "hostkeys", "scan", "-i", DEMO / "site_registry.yml"], env=lab, cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "gsp-sw-01" in result.stdout
    assert "(recorded)" not in result.stdout
    assert "SHA256:" in result.stdout


def test_a_changed_host_key_refuses_that_device_only(lab: dict[str, str]) -> None:
    known_hosts = Path(lab["PROVISIONER_STATE_DIR"]) / "lab" / "known_hosts"
    endpoints = json.loads((known_hosts.parent / "endpoints.json").read_text())
    victim = endpoints["gsp-sw-01"]
    pattern = f"[{victim['host']}]:{victim['port']}"
    lines = [f"{pattern} {OTHER_KEY}" if line.startswith(pattern + " ") else line for line in known_hosts.read_text().splitlines()]
    known_hosts.write_text("\n".join(lines) + "\n")
    scan = subprocess.run(
        [VENV_BIN / "provisioner", "hostkeys", "scan", "-i", DEMO / "site_registry.yml"], env=lab, cwd=ROOT, capture_output=True, text=True
    )
    assert scan.returncode == 1
    assert "gsp-sw-01" in scan.stdout
    assert "HOST-KEY CHANGED" in scan.stdout
    play = subprocess.run(
        [VENV_BIN / "ansible-playbook", "-i", DEMO / "site_registry.yml", "playbooks/switches.yml", "--limit", "gsp-sw-01,kre-sw-01"],
        env=lab,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    output = play.stdout + play.stderr
    assert play.returncode != 0
    assert "HOST-KEY CHANGED" in output, output[-3000:]
    assert "gsp-sw-01                  : ok=0" in output or "gsp-sw-01 " in output
    recap = {line.split()[0]: line for line in output.splitlines() if " : ok=" in line}
    assert "failed=1" in recap["gsp-sw-01"]
    assert "failed=0" in recap["kre-sw-01"]
    assert "changed=1" in recap["kre-sw-01"]
