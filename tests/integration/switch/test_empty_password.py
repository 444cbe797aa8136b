"""An unset password variable fails the host with the fix named, before any SSH is attempted."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import DEMO, ROOT, VENV_BIN, ansible_env

pytestmark = pytest.mark.integration


def test_unset_password_names_the_variable(tmp_path: Path) -> None:
    env = ansible_env(PROVISIONER_STATE_DIR=str(tmp_path))
    for name in ("PROVISIONER_NET_PASSWORD", "PROVISIONER_LAB"):
        env.pop(name, None)
    result = subprocess.run(
        [
            str(VENV_BIN / "ansible-playbook"),
            "-i",
            str(DEMO / "site_registry.yml"),
            str(ROOT / "playbooks/switches.yml"),
            "--limit",
            "jzt-sw-01",
            "--check",
        ],
        cwd=ROOT,
        env={**env, "PROVISIONER_SNMP_AUTH": "x", "PROVISIONER_SNMP_PRIV": "y"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode != 0
    assert "ansible_password is empty" in result.stdout
    assert "PROVISIONER_NET_PASSWORD" in result.stdout
