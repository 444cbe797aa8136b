"""Acceptance 5: a planted device password, vault value, vault password and secret extra var appear nowhere."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rollout_harness import FIXTURES, Cli

pytestmark = pytest.mark.integration

DEVICE = "PlantedDevicePw-31"
VAULT_VALUE = "PlantedVaultValue-7"
VAULT_PASSWORD = "PlantedVaultPass-9"
TOKEN = "PlantedToken-5"
PLANTED = (DEVICE, VAULT_VALUE, VAULT_PASSWORD, TOKEN)


def _inventory(tmp_path: Path) -> Path:
    inv = tmp_path / "inv"
    (inv / "group_vars" / "all").mkdir(parents=True)
    hosts = (
        (FIXTURES / "hosts.yml")
        .read_text()
        .replace("  vars:\n", "  vars:\n    device_secret: \"{{ lookup('ansible.builtin.env', 'SCHOOL_DEVICE_LOGIN') }}\"\n", 1)
    )
    (inv / "hosts.yml").write_text(hosts)
    vault = inv / "group_vars" / "all" / "vault.yml"
    vault.write_text(f"vault_planted: {VAULT_VALUE}\n")
    (tmp_path / "vault-pass").write_text(VAULT_PASSWORD + "\n")
    tool = str(Path(sys.executable).parent / "ansible-vault")
    subprocess.run([tool, "encrypt", "--vault-password-file", str(tmp_path / "vault-pass"), str(vault)], check=True, capture_output=True)
    return inv


def _leaks(root: Path, texts: dict[str, str]) -> list[str]:
    found = [f"{name}: {s}" for name, text in texts.items() for s in PLANTED if s in text]
    for path in root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found += [f"{path}: {s}" for s in PLANTED if s.encode() in data]
    return found


@pytest.mark.parametrize("vault_from", ["env", "file"])
def test_no_planted_secret_is_written_anywhere(cli: Cli, tmp_path: Path, vault_from: str) -> None:
    inv = _inventory(tmp_path)
    cli.env["SCHOOL_DEVICE_LOGIN"] = DEVICE
    vault_args: list[str] = []
    if vault_from == "env":
        cli.env["PROVISIONER_VAULT_PASSWORD"] = VAULT_PASSWORD
    else:
        vault_args = ["--vault-password-file", str(tmp_path / "vault-pass")]
    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "devices").mkdir()
    done = cli.run(
        "rollout",
        str(FIXTURES / "secrets.yml"),
        "-i",
        str(inv / "hosts.yml"),
        "--diff",
        "--wave-size",
        "2",
        *vault_args,
        "-e",
        f"api_token={TOKEN}",
        "-e",
        f"devices_dir={tmp_path / 'devices'}",
        "--json",
        str(out / "r.json"),
        "--junit",
        str(out / "r.xml"),
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert DEVICE in (tmp_path / "devices" / "alpha-sw1.cfg").read_text()  # the secret really was used
    show = cli.run("show", "1")
    history = cli.run("history", "--format", "json")
    texts = {"stdout": done.stdout, "stderr": done.stderr, "show": show.stdout + show.stderr, "history": history.stdout}
    assert "refused" in show.stdout
    assert "********" in show.stdout
    assert "Write a config" in show.stdout
    assert _leaks(cli.state, texts) == []
    assert _leaks(out, {}) == []
    command = (cli.state / "runs" / "1" / "artifacts" / "wave-0" / "command").read_text()
    assert "removed by provisioner" in command
    assert "PATH" not in command
    assert not (cli.state / "runs" / "1" / "env").exists()
    assert not (cli.state / "tmp" / "1").exists()
