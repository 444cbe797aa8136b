"""Shared helpers: the real ansible-playbook with the demo site_registry inventory and planted secrets."""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
PLAYBOOK = "playbooks/windows_clients.yml"
INVENTORY = "inventories/demo/site_registry.yml"
# One demo client per Windows image profile.
HOSTS = {"windows-standard": "bkt-cad1-pc01", "windows-verwaltung": "gew-sek-pc01"}
ADMIN = "Pl4nted-Adm1n&<Secr3t>"
JOIN_USER = "svc-pl4nted-join"
JOIN_PASSWORD = "Pl4nted-J0in-Secr3t"
ENV_ADMIN = "Pl4nted-Env-Adm1n'\"x"
ENV_VAR = "PROV_TEST_WINDOWS_ADMIN"
VAULT_PASSWORD = "vault-pass-for-tests"


@dataclass
class Run:
    """One ansible-playbook run."""

    rc: int
    out: str


@dataclass
class Ansible:
    """ansible-playbook with the demo inventory and a vault file of planted secrets; keeps every output."""

    tmp: Path
    vault_file: Path
    password_file: Path
    outputs: list[str] = field(default_factory=list)

    def playbook(self, *args: str, env: dict[str, str] | None = None, callback: str = "default") -> Run:
        full_env = {
            **os.environ,
            "PATH": f"{ROOT / '.venv/bin'}:{os.environ['PATH']}",
            "ANSIBLE_CONFIG": str(ROOT / "ansible.cfg"),
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_STDOUT_CALLBACK": callback,
            **(env or {}),
        }
        cmd = [
            "ansible-playbook",
            "-i",
            INVENTORY,
            PLAYBOOK,
            "-e",
            f"@{self.vault_file}",
            "--vault-password-file",
            str(self.password_file),
            *args,
        ]
        proc = subprocess.run(cmd, cwd=ROOT, env=full_env, capture_output=True, text=True, check=False, timeout=300)
        out = proc.stdout + proc.stderr
        self.outputs.append(out)
        return Run(proc.returncode, out)

    def render(self, out_dir: Path, *args: str, env: dict[str, str] | None = None) -> Run:
        return self.playbook("--tags", "windows_client_autounattend", "-e", f"windows_client_unattend_dir={out_dir}", *args, env=env)

    def device_image(self, host: str) -> dict[str, Any]:
        """The host's device_image as the site_registry inventory gives it."""
        proc = subprocess.run(
            [str(ROOT / ".venv/bin/ansible-inventory"), "-i", INVENTORY, "--host", host],
            cwd=ROOT,
            env={**os.environ, "ANSIBLE_CONFIG": str(ROOT / "ansible.cfg")},
            capture_output=True,
            text=True,
            check=True,
        )
        image: dict[str, Any] = json.loads(proc.stdout)["device_image"]
        return image

    def plan(self, limit: str, *args: str) -> dict[str, dict[str, object]]:
        """The role's computed plan per host (validate step only: assert/debug never connect)."""
        run = self.playbook("--tags", "windows_client_validate", "--limit", limit, "-v", *args, callback="ansible.posix.json")
        assert run.rc == 0, run.out[-3000:]
        data = json.loads(run.out[run.out.index("{") :])
        tasks = [t for play in data["plays"] for t in play["tasks"]]
        shown = [t for t in tasks if "Show what the role will configure" in t["task"]["name"]]
        assert shown, run.out[-2000:]
        return {host: result["__windows_client_plan"] for host, result in shown[0]["hosts"].items()}


def make_vault(*, tmp: Path) -> tuple[Path, Path]:
    password_file = tmp / "vault-pass"
    password_file.write_text(VAULT_PASSWORD)
    plain = tmp / "secrets.json"
    plain.write_text(
        json.dumps(
            {
                "vault_windows_admin_password": ADMIN,
                "vault_domain_join_user": JOIN_USER,
                "vault_domain_join_password": JOIN_PASSWORD,
                "vault_windows_ansible_password": "Pl4nted-Conn",
            }
        )
    )
    vault_file = tmp / "vault.yml"
    subprocess.run(
        [
            str(ROOT / ".venv/bin/ansible-vault"),
            "encrypt",
            "--vault-password-file",
            str(password_file),
            "--output",
            str(vault_file),
            str(plain),
        ],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    plain.unlink()
    assert ADMIN not in vault_file.read_text()
    return vault_file, password_file
