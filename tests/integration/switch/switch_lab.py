"""Helpers for the switch integration tests: the lab handle, secrets, and playbook runs."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(Path(__file__).parent))

from hostvars_fixture import PASSWORD_ENV, SNMP_AUTH_ENV, SNMP_PRIV_ENV  # noqa: E402

PLANTED = "Pl4nted-Secr3t!"
SNMP_AUTH = "Snmp-Auth-Pl4nt"
SNMP_PRIV = "Snmp-Priv-Pl4nt"
SECRETS = (PLANTED, SNMP_AUTH, SNMP_PRIV)
SWITCHES = (("sw-ios-1", "cisco_ios", "C1000-8P"), ("sw-ios-2", "cisco_ios", "C1000-8P"), ("sw-hp-1", "aruba_osswitch", "2530-8G-PoEP"))
LAB_PORT = int(os.environ.get("PROV_SWITCH_TEST_PORT", "2291"))
_RECAP = re.compile(r"^(\S+)\s*: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", re.M)


@dataclass
class Run:
    rc: int
    out: str
    recap: dict[str, dict[str, int]]


@dataclass
class Lab:
    """The running lab, its inventory, and every output seen (for the secret scan)."""

    state: Path
    inventory: Path
    backups: Path
    outputs: list[str] = field(default_factory=list)

    def playbook(self, *args: str, playbook: str = "playbooks/switches.yml") -> Run:
        env = {
            **os.environ,
            PASSWORD_ENV: PLANTED,
            SNMP_AUTH_ENV: SNMP_AUTH,
            SNMP_PRIV_ENV: SNMP_PRIV,
            "PATH": f"{ROOT / '.venv/bin'}:{os.environ['PATH']}",
            "ANSIBLE_CONFIG": str(ROOT / "ansible.cfg"),
            "PROVISIONER_STATE_DIR": str(self.state),
            "ANSIBLE_NOCOLOR": "1",
        }
        backups = f"switch_backup_dir={self.backups}"
        cmd = ["ansible-playbook", "-i", str(self.inventory), playbook, "-e", backups, *args]
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=600)
        out = proc.stdout + proc.stderr
        self.outputs.append(out)
        recap = {m[0]: {"ok": int(m[1]), "changed": int(m[2]), "unreachable": int(m[3]), "failed": int(m[4])} for m in _RECAP.findall(out)}
        return Run(proc.returncode, out, recap)

    def config(self, name: str) -> str:
        from provisioner.lab import get_config

        return str(get_config(state_dir=self.state, device=name))

    def config_lines_since(self, name: str, since: float) -> list[str]:
        """Lines the device received in a config mode since `since` (enter/exit commands excluded)."""
        from provisioner.lab import command_log

        skip = {"", "end", "exit", "configure terminal", "config term", "configure"}
        entries = command_log(state_dir=self.state, device=name)
        return [e.line.strip() for e in entries if e.time >= since and e.mode.startswith("config") and e.line.strip() not in skip]

    def fault(self, name: str, **kw: object) -> None:
        from provisioner.lab import Fault, set_fault

        set_fault(state_dir=self.state, device=name, fault=Fault(**kw))  # type: ignore[arg-type]
