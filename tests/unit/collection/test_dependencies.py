"""Declared dependencies (pyproject.toml) match what src/ and plugins/ import, and nothing is declared unused."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
# Declared for what is not a Python import of ours: the reason is the documentation.
NOT_IMPORTED = {
    "ansible": "the collections the roles use (community.general.chroot, ansible.windows, microsoft.ad)",
    "passlib": "Ansible's password_hash filter in roles/linux_client (crypt is gone in Python 3.13)",
}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].lower().replace("_", "-").replace(".", "-")


def _declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {_name(r) for r in project["dependencies"]}


def _imported() -> set[str]:
    modules: set[str] = set()
    for path in [*ROOT.glob("src/provisioner/**/*.py"), *ROOT.glob("plugins/**/*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                modules.add(node.module.split(".")[0])
    third_party = modules - set(sys.stdlib_module_names) - {"provisioner", "__future__"}
    owners = packages_distributions()
    return {_name(owners[m][0]) for m in third_party if m in owners}


def test_every_import_is_declared() -> None:
    missing = _imported() - _declared()
    assert not missing, f"imported but not in pyproject.toml dependencies: {sorted(missing)}"


def test_every_declared_dependency_is_used() -> None:
    unused = _declared() - _imported() - set(NOT_IMPORTED)
    assert not unused, f"declared in pyproject.toml but never imported: {sorted(unused)} (fix: drop them or say why in NOT_IMPORTED)"
