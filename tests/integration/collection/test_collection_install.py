"""Issue 15 acceptance: the collection built, installed next to the pip-installed package in a fresh venv, and
used from a directory outside the checkout with no ansible.cfg of ours (ANSIBLE_COLLECTIONS_PATH only).

The venv is installed from the configured package indexes; PROVISIONER_TEST_WHEELHOUSE=DIR installs it
offline instead (`pip wheel -w DIR . setuptools wheel` once), e.g. inside a network namespace.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DEMO, ROOT, VENV_BIN

pytestmark = [pytest.mark.integration, pytest.mark.slow]
PORT = os.environ.get("PROV_COLLECTION_TEST_PORT", "2321")
SECRETS = {
    "PROVISIONER_NET_PASSWORD": "Coll-Lab-Pw-1",
    "PROVISIONER_SNMP_AUTH": "Coll-Auth-1",
    "PROVISIONER_SNMP_PRIV": "Coll-Priv-1",
    "PROVISIONER_PSK_KITA": "Coll-Psk-Kita-1",
}
SWITCHES = ["bkt-sw-01", "gsp-sw-01"]  # one Cisco IOS, one ArubaOS-Switch


@dataclass(frozen=True)
class Installed:
    """A fresh venv with the package, a collections path with the collection, a folder outside the checkout."""

    tarball: Path
    bin: Path
    outside: Path
    env: dict[str, str]

    def run(self, *args: str | Path, timeout: int = 300, **env: str) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin / str(args[0])), *map(str, args[1:])]
        full = {**self.env, **env}
        return subprocess.run(command, cwd=self.outside, env=full, capture_output=True, text=True, check=False, timeout=timeout)


def _ok(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 0, f"{proc.args}: {proc.stdout[-3000:]}{proc.stderr[-3000:]}"
    return proc.stdout


def _clean_env() -> dict[str, str]:
    """No ANSIBLE_* or PYTHONPATH of the checkout: nothing may leak from the project venv or ansible.cfg."""
    skip = ("PYTHONPATH", "VIRTUAL_ENV")
    return {k: v for k, v in os.environ.items() if not k.startswith(("ANSIBLE_", "PROVISIONER_")) and k not in skip}


def _pip_install(venv: Path, package: Path) -> None:
    wheelhouse = os.environ.get("PROVISIONER_TEST_WHEELHOUSE")
    offline = ["--no-index", "--find-links", wheelhouse] if wheelhouse else []
    command = [venv / "bin/pip", "install", "-q", *offline, package]
    _ok(subprocess.run(command, env=_clean_env(), capture_output=True, text=True, check=False, timeout=1200))


def _package_copy(target: Path) -> Path:
    """The package's sources only (pyproject, README, src), so the build leaves nothing in the checkout."""
    target.mkdir()
    shutil.copy(ROOT / "pyproject.toml", target)
    shutil.copy(ROOT / "README.md", target)
    shutil.copytree(ROOT / "src", target / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    return target


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    tmp = tmp_path_factory.mktemp("collection")
    _ok(subprocess.run([VENV_BIN / "ansible-galaxy", "collection", "build", "--output-path", tmp / "dist", ROOT], env=_clean_env(),
                       capture_output=True, text=True, check=False, timeout=300))
    tarball = next((tmp / "dist").glob("schulit-provisioner-*.tar.gz"))
    _ok(subprocess.run([sys.executable, "-m", "venv", tmp / "venv"], capture_output=True, text=True, check=False))
    _pip_install(tmp / "venv", _package_copy(tmp / "package"))
    outside = tmp / "elsewhere"
    outside.mkdir()
    env = {
        **_clean_env(),
        **SECRETS,
        "PATH": f"{tmp / 'venv/bin'}{os.pathsep}{os.environ['PATH']}",
        "ANSIBLE_COLLECTIONS_PATH": str(tmp / "collections"),
        "PROVISIONER_STATE_DIR": str(tmp / "state"),
        "ANSIBLE_NOCOLOR": "1",
        "HOME": str(tmp / "home"),
    }
    found = Installed(tarball=tarball, bin=tmp / "venv/bin", outside=outside, env=env)
    _ok(found.run("ansible-galaxy", "collection", "install", "-p", tmp / "collections", tarball))
    (outside / "city.site_registry.yml").write_text(f"plugin: schulit.provisioner.site_registry\nregistry: {DEMO / 'registry'}\n")
    return found


def test_the_tarball_holds_the_collection_only(installed: Installed) -> None:
    with tarfile.open(installed.tarball) as tar:
        tops = {name.split("/")[0] for name in tar.getnames()}
    assert {"galaxy.yml", "MANIFEST.json", "meta", "plugins", "roles", "playbooks"} - {"galaxy.yml"} <= tops
    assert not tops & {"src", "tests", ".venv", ".provisioner", "bench", "collections", "pyproject.toml", ".git"}


def test_the_package_is_the_installed_one(installed: Installed) -> None:
    where = _ok(installed.run("python", "-c", "import provisioner, ansible; print(provisioner.__file__); print(ansible.__file__)"))
    assert all(str(installed.bin.parent) in line for line in where.splitlines()), where
    assert not list(installed.outside.glob("ansible.cfg"))


def test_inventory_graph_from_outside(installed: Installed) -> None:
    graph = _ok(installed.run("ansible-inventory", "-i", "city.site_registry.yml", "--graph"))
    for group in ("@site_gym_lise_meitner:", "@role_switch:", "@platform_cisco_ios:", "@zone_paed:", "|--bkt-sw-01"):
        assert group in graph


def test_ansible_doc_from_outside(installed: Installed) -> None:
    module = _ok(installed.run("ansible-doc", "schulit.provisioner.net_config"))
    for text in ("Reads the running config over SSH", "allow_removals", "EXAMPLES", "RETURN VALUES"):
        assert text in module
    assert "Configures one WLAN controller" in _ok(installed.run("ansible-doc", "schulit.provisioner.wlan_config"))
    inventory = _ok(installed.run("ansible-doc", "-t", "inventory", "schulit.provisioner.site_registry"))
    assert "keyed_groups" in inventory
    assert "registry" in inventory


@pytest.fixture
def lab(installed: Installed) -> Iterator[Installed]:
    _ok(installed.run("provisioner", "lab", "up", "city.site_registry.yml", "--port", PORT, timeout=600))
    yield installed
    installed.run("provisioner", "lab", "down")


def _results(stdout: str) -> dict[str, dict[str, Any]]:
    """host -> net_config result from the json callback."""
    found: dict[str, dict[str, Any]] = {}
    for play in json.loads(stdout)["plays"]:
        for task in play["tasks"]:
            for host, result in task["hosts"].items():
                if "commands" in result or result.get("failed"):
                    found[host] = result
    return found


def test_check_mode_switch_playbook_against_the_lab(lab: Installed) -> None:
    playbook = ("ansible-playbook", "-i", "city.site_registry.yml", "schulit.provisioner.switches", "--check", "--diff")
    records = {"ANSIBLE_CALLBACKS_ENABLED": "schulit.provisioner.records"}
    json_out = {"PROVISIONER_LAB": "1", "ANSIBLE_STDOUT_CALLBACK": "ansible.builtin.json", **records}
    proc = lab.run(*playbook, "--limit", ",".join(SWITCHES), timeout=900, **json_out)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    results = _results(proc.stdout)
    assert sorted(results) == sorted(SWITCHES)
    for host, result in results.items():
        assert not result.get("failed"), f"{host}: {result}"
        assert result["commands"], f"{host}: a factory lab switch needs commands"
    assert SECRETS["PROVISIONER_NET_PASSWORD"] not in proc.stdout
    [run] = json.loads(_ok(lab.run("provisioner", "history", "--format", "json")))
    assert (run["trigger"], run["status"], run["hosts_total"]) == ("ansible-playbook", "successful", len(SWITCHES))
