"""Issue 11 acceptance on the brownfield lab: every real switch config of tests/fixtures/real seeded onto a
demo switch of its platform, then the real switch role (ansible-playbook, net_config, netmiko over SSH).

1. check mode with diff: the planned commands negate no unmanaged line, remove no user, aaa, vty, ssh,
   crypto, VRF or Port-channel line, and flip no `no X` line into `X`;
2. a real run then either succeeds (the login still works, a second run changes nothing and sends no
   config line) or is refused by the lockout guard with the running config byte-identical.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from provisioner.lab import clear_command_log, command_log, get_config, read_endpoints
from tests.conftest import DEMO, ROOT, VENV_BIN, ansible_env
from tests.corpus import batches as corpus_batches
from tests.corpus import with_account

pytestmark = pytest.mark.integration
PORT = "2294"
PASSWORD = "Brown-Pl4nted-Pw!"
USER = "netadmin"  # the demo registry's login (org.yml network credentials)
HOSTS = {"cisco_ios": ["bkt-sw-01", "gew-sw-01", "lmg-sw-core", "jzt-sw-01"], "aruba_osswitch": ["gsp-sw-01", "lmg-sw-a1", "kre-sw-01"]}
PROTECTED = re.compile(r"^no (username|aaa|line vty|ip ssh|crypto|vrf|interface Port-channel|password)\b")


def with_login(text: str, platform: str) -> str:
    return with_account(text, platform, user=USER, password=PASSWORD)


def batches() -> list[dict[str, tuple[str, Path]]]:
    return corpus_batches(HOSTS)


@pytest.fixture
def brownfield(tmp_path: Path) -> Iterator[tuple[Path, dict[str, str]]]:
    env = ansible_env(
        PROVISIONER_STATE_DIR=str(tmp_path / "state"),
        PROVISIONER_LAB="1",
        ANSIBLE_NOCOLOR="1",
        PROVISIONER_NET_PASSWORD=PASSWORD,
        PROVISIONER_SNMP_AUTH="Brown-Auth-1",
        PROVISIONER_SNMP_PRIV="Brown-Priv-1",
        PROVISIONER_PSK_KITA="Brown-Psk-Kita-1",
        ANSIBLE_STDOUT_CALLBACK="ansible.builtin.json",
    )
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    yield seeds, env
    subprocess.run([VENV_BIN / "provisioner", "lab", "down"], env=env, cwd=ROOT, capture_output=True, check=False)


def _play(env: dict[str, str], hosts: list[str], *extra: str) -> dict[str, dict[str, Any]]:
    """host -> the net_config result of the switch role (ansible-playbook, json callback)."""
    proc = subprocess.run(
        [VENV_BIN / "ansible-playbook", "-i", DEMO / "site_registry.yml", "playbooks/switches.yml", "--limit", ",".join(hosts), *extra],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    assert PASSWORD not in proc.stdout + proc.stderr
    doc = json.loads(proc.stdout)
    results: dict[str, dict[str, Any]] = {}
    for play in doc["plays"]:
        for task in play["tasks"]:
            for host, result in task["hosts"].items():
                if "commands" in result or result.get("failed"):
                    results.setdefault(host, result)
    return results


def _unmanaged_negated(commands: list[str], running: str) -> list[str]:
    """Planned `no X` lines whose X is a top-level line of the device that is not the registry's."""
    device_lines = {line.strip() for line in running.splitlines()}
    return [c for c in commands if c.startswith("no ") and PROTECTED.match(c)] + [
        c for c in commands if not c.startswith("no ") and f"no {c.strip()}" in device_lines
    ]


@pytest.mark.parametrize("batch", range(len(batches())))
def test_real_configs_are_changed_safely_or_refused(brownfield: tuple[Path, dict[str, str]], batch: int) -> None:
    seeds, env = brownfield
    chosen = batches()[batch]
    for host, (platform, path) in chosen.items():
        (seeds / f"{host}.cfg").write_text(with_login(path.read_text(), platform))
    started = subprocess.run(
        [VENV_BIN / "provisioner", "lab", "up", DEMO / "site_registry.yml", "--seed", seeds, "--port", PORT],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert started.returncode == 0, started.stdout + started.stderr
    state = Path(env["PROVISIONER_STATE_DIR"])
    before = {host: get_config(state_dir=state, device=host) for host in chosen}
    planned = _play(env, list(chosen), "--check", "--diff")
    for host in chosen:
        commands = planned[host].get("commands", [])
        assert _unmanaged_negated(commands, before[host]) == [], f"{host} ({chosen[host][1].name}): {commands}"
    applied = _play(env, list(chosen))
    for host, (_platform, path) in chosen.items():
        outcome = applied[host]
        if outcome.get("failed"):
            assert "lockout guard" in str(outcome.get("msg", "")).lower(), f"{host} ({path.name}): {outcome.get('msg')}"
            assert get_config(state_dir=state, device=host) == before[host], f"{host} ({path.name}) changed though refused"
    survivors = [host for host in chosen if not applied[host].get("failed")]
    if not survivors:
        return
    assert set(survivors) <= set(read_endpoints(state_dir=state))
    for host in survivors:
        clear_command_log(state_dir=state, device=host)
    second = _play(env, survivors)  # logs in with the original account: the login survived
    for host in survivors:
        assert not second[host].get("failed"), f"{host}: {second[host].get('msg')}"
        assert second[host].get("changed") is False, f"{host} ({chosen[host][1].name}): {second[host].get('commands')}"
        config_lines = [entry.line for entry in command_log(state_dir=state, device=host) if entry.mode.startswith("config")]
        assert config_lines == [], f"{host}: the second run sent {config_lines}"
