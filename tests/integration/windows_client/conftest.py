"""Fixtures: a vault file of planted secrets, and autounattend.xml rendered once for one client per profile."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from windows_client_helpers import HOSTS, ROOT, Ansible, Run, make_vault  # noqa: E402


@pytest.fixture(scope="package")
def ansible(tmp_path_factory: pytest.TempPathFactory) -> Ansible:
    if not (ROOT / ".venv/bin/ansible-playbook").exists():
        pytest.skip("no .venv with ansible-playbook")
    tmp = tmp_path_factory.mktemp("windows-client")
    vault_file, password_file = make_vault(tmp=tmp)
    return Ansible(tmp=tmp, vault_file=vault_file, password_file=password_file)


@pytest.fixture(scope="package")
def rendered(ansible: Ansible) -> tuple[Path, Run]:
    """autounattend.xml for one client of each profile, rendered once."""
    out_dir = ansible.tmp / "unattend"
    run = ansible.render(out_dir, "--limit", ",".join(HOSTS.values()), "-vv")
    return out_dir, run
