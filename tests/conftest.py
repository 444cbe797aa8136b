"""Shared fixtures: paths and a copy of the registry fixtures."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
DEMO = ROOT / "inventories" / "demo"
VENV_BIN = ROOT / ".venv" / "bin"


@pytest.fixture
def base_registry(tmp_path: Path) -> Path:
    """A writable copy of the small valid registry fixture."""
    target = tmp_path / "registry"
    shutil.copytree(FIXTURES / "registry" / "base", target)
    return target


@pytest.fixture
def state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An isolated PROVISIONER_STATE_DIR."""
    path = tmp_path / "state"
    path.mkdir()
    monkeypatch.setenv("PROVISIONER_STATE_DIR", str(path))
    return path


def ansible_env(**extra: str) -> dict[str, str]:
    """The environment for running ansible-* from the repository root with the project venv."""
    env = dict(os.environ)
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    env["ANSIBLE_CONFIG"] = str(ROOT / "ansible.cfg")
    env.update(extra)
    return env
