"""The demo city in the device lab, a private state dir and a copy of the inventory, and the `provisioner` CLI."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from provisioner.lab import command_log, get_config, read_endpoints
from provisioner.netconfig.masking import MASK
from tests.conftest import DEMO, ROOT, VENV_BIN, ansible_env

PASSWORD = "Plan-Lab-Pw-31!"
SNMP = {"PROVISIONER_SNMP_AUTH": "Plan-Auth-311", "PROVISIONER_SNMP_PRIV": "Plan-Priv-311", "PROVISIONER_PSK_KITA": "Plan-Psk-311"}
USER = "netadmin"
PORT = "2311"


@dataclass
class PlanLab:
    """Run `provisioner` against the lab with a copy of the demo inventory under tmp."""

    state: Path
    inventory: Path
    env: dict[str, str]
    tmp: Path

    @property
    def registry(self) -> Path:
        return self.inventory.parent / "registry"

    def run(self, *args: str, timeout: float = 900) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [str(VENV_BIN / "provisioner"), *args], env=self.env, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
        )
        assert PASSWORD not in done.stdout + done.stderr
        return done

    def plan(self, name: str, *extra: str) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
        out = self.tmp / f"{name}.json"
        markdown = str(out.with_suffix(".md"))
        done = self.run("plan", "playbooks/switches.yml", "-i", str(self.inventory), "--out", str(out), "--markdown", markdown, *extra)
        assert done.returncode in (0, 1), done.stdout + done.stderr
        return done, json.loads(out.read_text())

    def config_lines(self, device: str) -> list[str]:
        """The config-mode lines a device received since the log was cleared, without netmiko's framing
        (the empty lines around the set and the closing `end`)."""
        lines = [e.line for e in command_log(state_dir=self.state, device=device) if e.mode.startswith("config")]
        return [line for line in lines if line.strip() and line.strip() != "end"]

    def running(self, device: str) -> str:
        return get_config(state_dir=self.state, device=device)

    def by_hand(self, device: str, lines: list[str]) -> None:
        """What an engineer does over SSH (netmiko) between plan and apply."""
        from netmiko import ConnectHandler

        endpoint = read_endpoints(state_dir=self.state)[device]
        conn = ConnectHandler(device_type="cisco_ios", host=endpoint.host, port=endpoint.port, username=USER, password=PASSWORD)
        try:
            conn.send_config_set(lines)
        finally:
            conn.disconnect()


def start(tmp: Path) -> PlanLab:
    inventory = tmp / "inventory"
    shutil.copytree(DEMO, inventory)
    env = ansible_env(PROVISIONER_STATE_DIR=str(tmp / "state"), PROVISIONER_LAB="1", PROVISIONER_NET_PASSWORD=PASSWORD, **SNMP)
    for name in ("PROVISIONER_DB", "CI", "GITLAB_CI", "GITLAB_USER_LOGIN", "GITHUB_ACTIONS", "GITHUB_ACTOR", "BUILD_USER_ID"):
        env.pop(name, None)
    env["ANSIBLE_LOCAL_TEMP"] = str(tmp / "ansible-tmp")
    lab = PlanLab(state=tmp / "state", inventory=inventory / "site_registry.yml", env=env, tmp=tmp)
    up = lab.run("lab", "up", str(lab.inventory), "--port", PORT)
    assert up.returncode == 0, up.stdout + up.stderr
    return lab


def stop(lab: PlanLab) -> None:
    lab.run("lab", "down")


def same_lines(planned: list[str], sent: list[str]) -> bool:
    """The lines sent are the planned ones; a masked span of the plan stands for the secret the device received."""
    if len(planned) != len(sent):
        return False
    for want, got in zip(planned, sent, strict=True):
        parts = want.strip().split(MASK)
        if len(parts) == 1 and want.strip() != got.strip():
            return False
        if len(parts) > 1 and not (got.strip().startswith(parts[0]) and got.strip().endswith(parts[-1])):
            return False
    return True
