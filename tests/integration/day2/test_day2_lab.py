"""Issue 13 acceptance against the device lab over real SSH: backup, drift, a hand change, history, report."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = [pytest.mark.integration, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[3]
DEMO = "inventories/demo/site_registry.yml"
PORT = os.environ.get("PROV_DAY2_TEST_PORT", "2301")
SECRETS = {"PROVISIONER_NET_PASSWORD": "Day2-Lab-Pw-1", "PROVISIONER_SNMP_AUTH": "Day2-Snmp-A1",
           "PROVISIONER_SNMP_PRIV": "Day2-Snmp-P1", "PROVISIONER_PSK_KITA": "Day2-Psk-Kita1"}
HAND = "gew-sw-01"  # a Cisco IOS switch of the demo city


class Lab:
    def __init__(self, state: Path) -> None:
        self.state = state
        self.env = {**os.environ, **SECRETS, "PROVISIONER_STATE_DIR": str(state), "ANSIBLE_CONFIG": str(REPO / "ansible.cfg")}
        self.env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{self.env['PATH']}"
        self.env.pop("PROVISIONER_DB", None)
        self.env.pop("PROVISIONER_ARCHIVE", None)

    def run(self, *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
        code = "from provisioner.cli import main; main()"
        return subprocess.run([sys.executable, "-c", code, *args], cwd=REPO, env=self.env, capture_output=True, text=True,
                              timeout=timeout, check=False)

    def git(self, *args: str) -> str:
        return subprocess.run(["git", *args], cwd=self.state / "archive", capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    lab = Lab(tmp_path_factory.mktemp("day2") / "state")
    up = lab.run("lab", "up", DEMO, "--port", PORT, timeout=180)
    assert up.returncode == 0, up.stdout + up.stderr
    lab.env["PROVISIONER_LAB"] = "1"
    try:
        yield lab
    finally:
        lab.run("lab", "down", timeout=60)


def _devices() -> set[str]:
    from provisioner.registry import load_registry

    registry = load_registry(REPO / "inventories" / "demo" / "registry").require()
    return {sw.name for e in registry.sites for sw in e.site.switches} | {c.name for c in registry.org.wlan_controllers}


def _hand_change(lab: Lab, description: str) -> str:
    """Set a port description over SSH with netmiko, as an admin would; returns the port."""
    from netmiko import ConnectHandler

    from provisioner.lab import read_endpoints

    entry = read_endpoints(state_dir=lab.state)[HAND]
    conn = ConnectHandler(device_type="cisco_ios", host=entry.host, port=entry.port, username="netadmin",
                          password=SECRETS["PROVISIONER_NET_PASSWORD"], fast_cli=True)
    port = "TenGigabitEthernet1/1/1"  # the registry says: description Stadtnetz
    conn.send_config_set([f"interface {port}", f"description {description}"])
    conn.disconnect()
    return port


def test_backup_drift_hand_change_history_and_report(lab: Lab, tmp_path: Path) -> None:
    first = lab.run("backup")
    assert first.returncode == 0, first.stdout + first.stderr
    files = {p.stem for p in (lab.state / "archive").glob("*.cfg")}
    assert files == _devices()
    assert len(lab.git("log", "--format=%H").split()) == 1
    stored = "".join(p.read_text() for p in (lab.state / "archive").glob("*.cfg"))
    assert not [s for s in SECRETS.values() if s in stored]

    again = lab.run("backup")
    assert again.returncode == 0, again.stderr
    assert "no commit" in again.stdout
    assert len(lab.git("log", "--format=%H").split()) == 1

    rollout = lab.run("rollout", "playbooks/site.yml", "-i", DEMO, timeout=900)
    assert rollout.returncode == 0, rollout.stdout[-3000:] + rollout.stderr[-3000:]
    assert "push" in lab.git("log", "--format=%s", "-1")  # the rollout's pushes landed in the archive

    clean = lab.run("drift", "--junit", str(tmp_path / "drift.xml"))
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "0 drifted" in clean.stdout

    port = _hand_change(lab, "patched by hand")
    drifted = lab.run("drift", "--format", "json")
    assert drifted.returncode == 2, drifted.stdout + drifted.stderr
    devices = {d["name"]: d for d in json.loads(drifted.stdout)["devices"]}
    assert {n for n, d in devices.items() if d["state"] == "drift"} == {HAND}
    assert "description Stadtnetz" in [line.strip() for line in devices[HAND]["owned"]["lines"]]
    assert f"interface {port}" in devices[HAND]["owned"]["lines"]
    text = lab.run("drift")
    assert text.returncode == 2
    assert f"DRIFT  {HAND}" in text.stdout

    before = lab.git("rev-parse", "HEAD").strip()
    backup = lab.run("backup")
    assert backup.returncode == 0, backup.stderr
    assert f"changed: {HAND}" in backup.stdout
    assert lab.git("diff", "--name-only", before, "HEAD").split() == [f"{HAND}.cfg"], lab.git("diff", before, "HEAD")[:6000]
    changed = [ln for ln in lab.git("diff", before, "HEAD").splitlines() if ln[:1] in "+-" and not ln.startswith(("+++", "---"))]
    assert [ln.strip() for ln in changed if ln.startswith("+")] == ["+ description patched by hand"], changed

    history = lab.run("backup", "history", HAND)
    assert history.returncode == 0
    assert len(history.stdout.splitlines()) >= 2
    assert "1 device(s) changed" in history.stdout.splitlines()[0]
    diff = lab.run("backup", "diff", HAND)
    assert "+ description patched by hand" in diff.stdout

    report = lab.run("report", "--out", str(tmp_path / "site"))
    assert report.returncode == 0, report.stderr
    index = (tmp_path / "site" / "index.html").read_text()
    assert f'class="dev dev-drift">{HAND}</a>' in index
