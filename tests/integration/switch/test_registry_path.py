"""The real path: generated registry -> `provisioner lab up` -> site_registry inventory -> the role."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT, VENV_BIN, ansible_env

BIN = VENV_BIN
PORT = os.environ.get("PROV_SWITCH_REGISTRY_TEST_PORT", "2297")
pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, str]]]:
    base = tmp_path_factory.mktemp("switch-registry")
    env = ansible_env(
        PROVISIONER_STATE_DIR=str(base / "state"),
        PROVISIONER_LAB="1",
        ANSIBLE_NOCOLOR="1",
        PROVISIONER_NET_PASSWORD="Reg-Pl4nted!",
        PROVISIONER_SNMP_AUTH="Reg-Auth-1",
        PROVISIONER_SNMP_PRIV="Reg-Priv-1",
        PROVISIONER_PSK_KITA="Reg-Psk-Kita-1",
    )
    subprocess.run(
        [BIN / "provisioner", "registry", "generate", "--sites", "3", "--out", base / "registry"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    source = base / "site_registry.yml"
    source.write_text("plugin: schulit.provisioner.site_registry\nregistry: registry\n")
    subprocess.run([BIN / "provisioner", "lab", "up", source, "--port", PORT], env=env, cwd=ROOT, check=True, capture_output=True)
    try:
        yield source, env
    finally:
        subprocess.run([BIN / "provisioner", "lab", "down"], env=env, cwd=ROOT, check=False, capture_output=True)


def _changed(source: Path, env: dict[str, str], *args: str) -> tuple[int, list[int], str]:
    proc = subprocess.run(
        [BIN / "ansible-playbook", "-i", source, "playbooks/site.yml", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    out = proc.stdout + proc.stderr
    return proc.returncode, [int(n) for n in re.findall(r" changed=(\d+)", out)], out


def test_generated_city_converges_then_stays_quiet(city: tuple[Path, dict[str, str]]) -> None:
    source, env = city
    rc, changed, out = _changed(source, env, "--diff")
    assert rc == 0, out[-3000:]
    assert changed
    assert all(n == 1 for n in changed)
    rc, changed, out = _changed(source, env)
    assert rc == 0, out[-3000:]
    assert all(n == 0 for n in changed)
    assert "Reg-Pl4nted!" not in out
