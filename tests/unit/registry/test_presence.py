"""An empty registry or a site without devices is an error unless marked decommissioned."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from provisioner.registry import errors_of, load_registry
from tests.conftest import DEMO, ROOT


def test_a_registry_without_sites_is_an_error(base_registry: Path) -> None:
    shutil.rmtree(base_registry / "sites")
    errors = errors_of(load_registry(base_registry).issues)
    assert [(e.file, e.message.split(";")[0]) for e in errors] == [("sites/", "the registry has no sites")]
    assert "decommissioned: true" in errors[0].fix


def test_a_decommissioned_registry_may_have_no_sites(base_registry: Path) -> None:
    shutil.rmtree(base_registry / "sites")
    org = base_registry / "org.yml"
    org.write_text(org.read_text(encoding="utf-8") + "\ndecommissioned: true\n", encoding="utf-8")
    assert errors_of(load_registry(base_registry).issues) == []


def test_a_rollout_of_a_registry_without_sites_is_refused_with_exit_2(tmp_path: Path) -> None:
    shutil.copytree(DEMO / "registry", tmp_path / "registry")
    shutil.rmtree(tmp_path / "registry" / "sites")
    (tmp_path / "site_registry.yml").write_text("plugin: schulit.provisioner.site_registry\nregistry: registry\n")
    code = "from provisioner.cli import main; main()"
    args = ["rollout", "playbooks/wlan.yml", "-i", str(tmp_path / "site_registry.yml"), "--db", str(tmp_path / "r.db")]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PROVISIONER_STATE_DIR": str(tmp_path / "state")}
    run = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120, check=False)
    assert run.returncode == 2, run.stdout + run.stderr
    assert "the registry has no sites" in run.stdout + run.stderr
