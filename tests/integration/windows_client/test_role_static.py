"""Syntax check, ansible-lint (production profile) and argument specs of the windows_client role."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from windows_client_helpers import ROOT

ROLE = ROOT / "roles/windows_client"
ENV = {**os.environ, "PATH": f"{ROOT / '.venv/bin'}:{os.environ['PATH']}", "ANSIBLE_CONFIG": str(ROOT / "ansible.cfg"), "NO_COLOR": "1"}


def run(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=ROOT, env=ENV, capture_output=True, text=True, check=False, timeout=600)


@pytest.mark.integration
def test_syntax_check() -> None:
    proc = run("ansible-playbook", "--syntax-check", "playbooks/windows_clients.yml")
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.integration
def test_ansible_lint_production() -> None:
    proc = run("ansible-lint", "--profile", "production", "roles/windows_client", "playbooks/windows_clients.yml")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def specs() -> dict[str, dict[str, dict[str, object]]]:
    data = yaml.safe_load((ROLE / "meta/argument_specs.yml").read_text())["argument_specs"]
    return {entry: spec["options"] for entry, spec in data.items()}


def test_every_option_has_type_and_description() -> None:
    for entry, options in specs().items():
        for name, option in options.items():
            assert option.get("type"), f"{entry}.{name}"
            assert option.get("description"), f"{entry}.{name}"
            assert option.get("required") or "default" in option, f"{entry}.{name}"


def test_defaults_match_argument_specs() -> None:
    defaults = yaml.safe_load((ROLE / "defaults/main.yml").read_text())
    merged = {name: opt for options in specs().values() for name, opt in options.items() if name.startswith("windows_client_")}
    assert set(defaults) == set(merged)
    for name, value in defaults.items():
        assert merged[name]["default"] == value, name


def test_every_public_variable_used_is_a_default() -> None:
    defaults = set(yaml.safe_load((ROLE / "defaults/main.yml").read_text()))
    used: set[str] = set()
    for path in [*ROLE.glob("tasks/*.yml"), *ROLE.glob("templates/*.j2"), ROLE / "vars/main.yml"]:
        used |= set(re.findall(r"\bwindows_client_[a-z0-9_]+", path.read_text()))
    tags = {t for task in yaml.safe_load((ROLE / "tasks/main.yml").read_text()) for t in task.get("tags", [])}
    tags |= {"windows_client_autounattend"}
    assert used - tags <= defaults, used - tags - defaults


def test_internals_are_prefixed_and_never_set_registry_vars() -> None:
    internals = yaml.safe_load((ROLE / "vars/main.yml").read_text())
    assert all(name.startswith("__windows_client_") for name in internals)
    for path in ROLE.glob("tasks/*.yml"):
        for task in yaml.safe_load(path.read_text()) or []:
            facts = task.get("ansible.builtin.set_fact", {}) or {}
            assert not [k for k in facts if k.startswith(("site_", "device_"))], path


def test_tasks_touching_secrets_have_no_log() -> None:
    secret = re.compile(r"__windows_client_(admin_password|pupil_password|domain_user|domain_password|missing_secrets)\b")
    for path in ROLE.glob("tasks/*.yml"):
        for task in yaml.safe_load(path.read_text()) or []:
            body = yaml.safe_dump({k: v for k, v in task.items() if k not in ("name", "no_log")})
            if secret.search(body):
                assert task.get("no_log") is True, f"{path.name}: {task['name']}"


def test_tags_are_prefixed() -> None:
    for path in [*ROLE.glob("tasks/*.yml")]:
        for task in yaml.safe_load(path.read_text()) or []:
            assert all(t.startswith("windows_client_") for t in task.get("tags", [])), f"{path.name}: {task['name']}"
    assert "ansible.builtin.import_playbook: windows_clients.yml" in (ROOT / "playbooks/site.yml").read_text()


def test_readme_exists() -> None:
    assert (ROLE / "README.md").is_file()
    assert Path(ROOT / ".ansible-lint").is_file()
