"""The stubbed-role unit test shares the integration tests' helpers (real ansible-playbook, planted vault)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "integration" / "windows_client"))
sys.path.insert(0, str(Path(__file__).parent))

from windows_client_helpers import ROOT, Ansible, make_vault  # noqa: E402


@pytest.fixture(scope="package")
def ansible(tmp_path_factory: pytest.TempPathFactory) -> Ansible:
    if not (ROOT / ".venv/bin/ansible-playbook").exists():
        pytest.skip("no .venv with ansible-playbook")
    tmp = tmp_path_factory.mktemp("windows-client-stubbed")
    vault_file, password_file = make_vault(tmp=tmp)
    return Ansible(tmp=tmp, vault_file=vault_file, password_file=password_file)
