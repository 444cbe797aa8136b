"""The wlan role against a simulated C9800: real ansible-playbook, the demo registry (a copy), lab mode."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from provisioner.lab import Fault, clear_faults, command_log, get_config, reset_device, set_fault
from tests.conftest import ROOT, VENV_BIN, ansible_env

BIN = VENV_BIN
PORT = os.environ.get("PROV_WLAN_TEST_PORT", "2293")
WLC = "wlc-rz-01"
PASSWORD = "Wlan-Pl4nted-Pw!"
PSK = "Kita-Psk-Pl4nted-9"
pytestmark = pytest.mark.integration


@dataclass
class City:
    base: Path
    registry: Path
    source: Path
    state: Path
    env: dict[str, str]

    def site_file(self, site: str) -> Path:
        return self.registry / "sites" / f"{site}.yml"

    def edit(self, site: str, change: Any) -> None:
        path = self.site_file(site)
        data = yaml.safe_load(path.read_text())
        change(data)
        path.write_text(yaml.safe_dump(data, sort_keys=False))

    def play(self, *args: str) -> tuple[int, dict[str, Any], str]:
        """Run playbooks/wlan.yml; returns rc, the controller's task result (json callback) and output."""
        proc = subprocess.run(
            [BIN / "ansible-playbook", "-i", self.source, "playbooks/wlan.yml", *args],
            env={**self.env, "ANSIBLE_STDOUT_CALLBACK": "ansible.builtin.json"},
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
        )
        out = proc.stdout + proc.stderr
        result: dict[str, Any] = {}
        try:
            doc = json.loads(proc.stdout)
            for play in doc["plays"]:
                for task in play["tasks"]:
                    for host in task["hosts"].values():
                        for item in host.get("results", []):
                            if item.get("controller") == WLC:
                                result = item
        except (ValueError, KeyError):
            pass
        return proc.returncode, result, out

    def running(self) -> str:
        return get_config(state_dir=self.state, device=WLC)

    def config_lines(self) -> list[str]:
        return [e.line for e in command_log(state_dir=self.state, device=WLC) if e.mode.startswith("config")]

    def sessions(self) -> int:
        return len({e.session for e in command_log(state_dir=self.state, device=WLC)})


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[City]:
    base = tmp_path_factory.mktemp("wlan")
    env = ansible_env(
        PROVISIONER_STATE_DIR=str(base / "state"),
        PROVISIONER_LAB="1",
        ANSIBLE_NOCOLOR="1",
        PROVISIONER_NET_PASSWORD=PASSWORD,
        PROVISIONER_SNMP_AUTH="Wlan-Auth-1",
        PROVISIONER_SNMP_PRIV="Wlan-Priv-1",
        PROVISIONER_PSK_KITA=PSK,
    )
    registry = base / "registry"
    shutil.copytree(ROOT / "inventories" / "demo" / "registry", registry)
    source = base / "site_registry.yml"
    source.write_text("plugin: schulit.provisioner.site_registry\nregistry: registry\n")
    lab_up = [BIN / "provisioner", "lab", "up", source, "--port", PORT]
    subprocess.run(lab_up, env=env, cwd=ROOT, check=True, capture_output=True)
    try:
        yield City(base, registry, source, base / "state", env)
    finally:
        subprocess.run([BIN / "provisioner", "lab", "down"], env=env, cwd=ROOT, check=False, capture_output=True)


@pytest.fixture
def city(lab: City) -> City:
    """A fresh controller and the demo registry as shipped, converged once."""
    shutil.rmtree(lab.registry)
    shutil.copytree(ROOT / "inventories" / "demo" / "registry", lab.registry)
    clear_faults(state_dir=lab.state)
    reset_device(state_dir=lab.state, device=WLC)
    rc, _, out = lab.play()
    assert rc == 0, out[-3000:]
    return lab


def _block_set(text: str) -> set[str]:
    return set(re.split(r"\n!\n", text.split("\n", 3)[3]))


def test_first_run_converges_second_is_quiet_and_check_changes_nothing(lab: City) -> None:
    clear_faults(state_dir=lab.state)
    reset_device(state_dir=lab.state, device=WLC)
    rc, first, out = lab.play("--diff")
    assert rc == 0, out[-3000:]
    assert first["changed"] is True
    running = lab.running()
    assert "wlan wl_kita 3 Kita-Tablets" in running
    assert "ap 70ea.1a10.0001\n policy-tag pt_gym-lise-meitner\n site-tag st_gym-lise-meitner\n!" in running
    assert "wireless profile policy pp_kita-regenbogen_paed" in running
    assert "wlan wl_schule" not in running.split("wireless tag policy pt_kita-regenbogen", 1)[1].split("!", 1)[0]
    renames = [r for part in first["sites"].values() for r in part.get("renames", [])]
    assert len(renames) == 13
    assert "ap name AP70EA.1A10.0001 name lmg-r101-ap01" in renames
    assert PSK not in out
    assert PASSWORD not in out
    assert PSK not in "".join(p.read_text() for p in (lab.state / "backups").rglob("*") if p.is_file())

    before = lab.running()
    lab.edit("gym-lise-meitner", lambda d: d["access_points"].pop())
    log_start = len(command_log(state_dir=lab.state, device=WLC))
    rc, check, out = lab.play("--check", "--diff")
    assert rc == 0, out[-3000:]
    assert check["changed"] is True
    assert check["sites"]["gym-lise-meitner"]["commands"] == ["no ap 70ea.1a10.0004"]
    assert lab.running() == before
    new = command_log(state_dir=lab.state, device=WLC)[log_start:]
    assert not [e for e in new if e.mode.startswith("config")]

    rc, second, out = lab.play()
    assert rc == 0
    assert second["changed"] is True
    assert second["commands"] == ["no ap 70ea.1a10.0004"]
    log_start = len(command_log(state_dir=lab.state, device=WLC))
    rc, third, out = lab.play()
    assert rc == 0, out[-3000:]
    assert third["changed"] is False
    new = command_log(state_dir=lab.state, device=WLC)[log_start:]
    assert not [e for e in new if e.mode.startswith("config")]
    assert len({e.session for e in new}) == 1  # one SSH session for 12 APs and 6 sites


def test_a_new_room_with_two_aps_pushes_exactly_those_entries(city: City) -> None:
    def add_room(data: dict[str, Any]) -> None:
        data["rooms"].append({"id": "r103", "name": "Raum 103", "image": "linux-standard"})
        data["access_points"] += [
            {"name": "lmg-r103-ap01", "mac": "70:ea:1a:10:00:31", "room": "r103", "switch": "lmg-sw-core", "port": "Gi1/0/32"},
            {"name": "lmg-r103-ap02", "mac": "70:ea:1a:10:00:32", "room": "r103", "switch": "lmg-sw-a1", "port": "14"},
        ]

    before = city.running()
    city.edit("gym-lise-meitner", add_room)
    log_start = len(command_log(state_dir=city.state, device=WLC))
    rc, result, out = city.play()
    assert rc == 0, out[-3000:]
    pushed = [e.line.strip() for e in command_log(state_dir=city.state, device=WLC)[log_start:] if e.mode.startswith("config")]
    body = [line for line in pushed if line and line not in ("end", "exit")]
    assert body == [
        "ap 70ea.1a10.0031",
        "policy-tag pt_gym-lise-meitner",
        "site-tag st_gym-lise-meitner",
        "ap 70ea.1a10.0032",
        "policy-tag pt_gym-lise-meitner",
        "site-tag st_gym-lise-meitner",
    ]
    assert result["sites"]["gym-lise-meitner"]["renames"] == [
        "ap name AP70EA.1A10.0031 name lmg-r103-ap01",
        "ap name AP70EA.1A10.0032 name lmg-r103-ap02",
    ]
    assert all(not part["changed"] for label, part in result["sites"].items() if label != "gym-lise-meitner")
    after = city.running()
    assert (
        after.replace(
            "ap 70ea.1a10.0031\n policy-tag pt_gym-lise-meitner\n site-tag st_gym-lise-meitner\n!\n"
            "ap 70ea.1a10.0032\n policy-tag pt_gym-lise-meitner\n site-tag st_gym-lise-meitner\n!\n",
            "",
        ).split("\n", 3)[3]
        == before.split("\n", 3)[3]
    )


def test_deleting_a_site_removes_exactly_its_tags_profiles_and_aps(city: City) -> None:
    before = city.running()
    assert "jz-treffpunkt" in before
    city.site_file("jz-treffpunkt").unlink()
    rc, result, out = city.play()
    assert rc == 0, out[-3000:]
    removed = result["sites"]["removed sites"]["commands"]
    assert sorted(removed) == sorted(
        [
            "no ap 70ea.1a60.0001",
            "no wireless tag policy pt_jz-treffpunkt",
            "no wireless tag site st_jz-treffpunkt",
            "no wireless profile policy pp_jz-treffpunkt_guest",
            "no wireless profile policy pp_jz-treffpunkt_wlan",
            "no wireless profile flex fp_jz-treffpunkt",
        ]
    )
    after = city.running()
    assert "jz-treffpunkt" not in after
    kept = [b for b in re.split(r"\n!\n", before) if "jz-treffpunkt" not in b and "70ea.1a60.0001" not in b]
    assert [b for b in re.split(r"\n!\n", after)][1:] == kept[1:]


def test_a_limited_run_touches_only_the_sites_in_the_play(city: City) -> None:
    city.edit("kita-regenbogen", lambda d: d["access_points"].clear())
    city.site_file("jz-treffpunkt").unlink()
    rc, result, out = city.play("--limit", "site_gym_lise_meitner")
    assert rc == 0, out[-3000:]
    assert result["scope"] == ["gym-lise-meitner"]
    assert result["full"] is False
    assert result["changed"] is False
    running = city.running()
    assert "st_jz-treffpunkt" in running
    assert "ap 70ea.1a50.0001" in running


def test_a_security_change_disables_the_wlan_around_it(city: City) -> None:
    org = city.registry / "org.yml"
    org.write_text(org.read_text().replace("{mode: wpa3_enterprise,", "{mode: wpa2_enterprise,", 1))
    log_start = len(command_log(state_dir=city.state, device=WLC))
    rc, result, out = city.play()
    assert rc == 0, out[-3000:]
    pushed = [e.line.strip() for e in command_log(state_dir=city.state, device=WLC)[log_start:] if e.mode.startswith("config")]
    body = [line for line in pushed if line and line not in ("end", "exit")]
    assert body == ["wlan wl_verwaltung 2 Verwaltung", "shutdown", "security wpa wpa2", "no security wpa wpa3", "no shutdown"]
    assert "wlan wl_verwaltung 2 Verwaltung\n radio policy dot11 5ghz\n no broadcast-ssid\n" in city.running()
    block = city.running().split("wlan wl_verwaltung 2 Verwaltung\n", 1)[1].split("!", 1)[0]
    assert " no shutdown" in block
    assert "wpa3" not in block
    assert city.play()[1]["changed"] is False


def test_pupil_ssid_on_the_admin_vlan_fails_validation_and_pushes_nothing(city: City) -> None:
    org = city.registry / "org.yml"
    org.write_text(org.read_text().replace("    zone: wlan\n", "    zone: admin\n", 1))
    log_start = len(command_log(state_dir=city.state, device=WLC))
    rc, _, out = city.play()
    assert rc != 0
    assert "ssids.schule.zone" in out
    assert "pupils' devices must never land in the administrative network" in out
    assert command_log(state_dir=city.state, device=WLC)[log_start:] == []


def test_a_drop_mid_push_rolls_the_controller_back(city: City) -> None:
    before = city.running()
    city.edit("gym-lise-meitner", lambda d: d["access_points"].clear())
    set_fault(state_dir=city.state, device=WLC, fault=Fault(drop_after_lines=3))
    try:
        rc, result, out = city.play()
    finally:
        clear_faults(state_dir=city.state)
    assert rc != 0
    part = result["sites"]["gym-lise-meitner"]
    assert part["failed"] is True
    assert part["rolled_back"] is True
    assert "rolled back to the pre-change config" in part["msg"]
    assert _block_set(city.running()) == _block_set(before)  # same config; re-added APs are listed last
    assert all(not p.get("failed") for label, p in result["sites"].items() if label != "gym-lise-meitner")


def test_a_rollout_records_each_ap_and_ends_with_the_controller(city: City) -> None:
    assert "import_playbook: wlan.yml" in (ROOT / "playbooks" / "site.yml").read_text()  # so make demo runs it
    city.edit("gym-lise-meitner", lambda d: d["access_points"].pop())
    proc = subprocess.run(
        [BIN / "provisioner", "rollout", "playbooks/wlan.yml", "-i", city.source, "--canary", "gs-am-stadtpark", "--wave-size", "3"],
        env=city.env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    shown = subprocess.run(
        [BIN / "provisioner", "show", "last", "--format", "json"], env=city.env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    record = json.loads(shown.stdout)
    assert [w["plan"]["sites"] for w in record["waves"]][-1][-1] == "(central)"
    hosts = {h["host"]: h for h in record["hosts"]}
    assert hosts[WLC]["site_id"] == "(central)"
    assert hosts[WLC]["status"] == "ok"
    aps = {name: h for name, h in hosts.items() if "-ap" in name}
    assert len(aps) == 12
    assert {h["status"] for h in aps.values()} == {"ok"}
    changes = [c for c in record["changes"] if c["commands"]]
    assert [(c["host"], c["commands"]) for c in changes] == [(WLC, ["no ap 70ea.1a10.0004"])]
    assert PASSWORD not in shown.stdout
    assert PSK not in shown.stdout
