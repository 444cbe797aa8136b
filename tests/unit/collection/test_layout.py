"""The checkout is the collection schulit.provisioner: metadata, the link ansible.cfg uses, FQCN everywhere."""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[3]
FQCN = "schulit.provisioner"
OUR_MODULES = sorted(p.stem for p in (ROOT / "plugins/modules").glob("*.py") if p.stem != "__init__")
OUR_ROLES = sorted(p.name for p in (ROOT / "roles").iterdir() if (p / "tasks").is_dir())
TASK_FILES = sorted([*ROOT.glob("roles/*/tasks/*.yml"), *ROOT.glob("roles/*/handlers/*.yml"), *ROOT.glob("playbooks/*.yml")])


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _tasks(node: Any) -> list[dict[str, Any]]:
    """Every task and play mapping, blocks and plays walked."""
    if isinstance(node, list):
        return [t for item in node for t in _tasks(item)]
    if not isinstance(node, dict):
        return []
    found = [node]
    for key in ("block", "rescue", "always", "tasks", "pre_tasks", "post_tasks", "handlers"):
        found += _tasks(node.get(key))
    return found


def test_galaxy_metadata() -> None:
    galaxy = _yaml(ROOT / "galaxy.yml")
    assert (galaxy["namespace"], galaxy["name"]) == ("schulit", "provisioner")
    assert galaxy["license"] == ["GPL-3.0-or-later"]
    assert {"src", "tests", ".venv", ".provisioner", "bench", "collections", "*.pyc"} <= set(galaxy["build_ignore"])


def test_requires_ansible_matches_the_installed_core() -> None:
    spec = _yaml(ROOT / "meta/runtime.yml")["requires_ansible"]
    low, high = re.fullmatch(r">=(\d+\.\d+)\.0,<(\d+\.\d+)\.0", spec).groups()  # type: ignore[union-attr]
    installed = tuple(int(x) for x in version("ansible-core").split(".")[:2])
    assert tuple(int(x) for x in low.split(".")) <= installed < tuple(int(x) for x in high.split("."))


def test_the_checkout_resolves_as_the_collection() -> None:
    link = ROOT / "collections/ansible_collections/schulit/provisioner"
    assert link.is_symlink(), "run `make collection-link`"
    assert link.resolve() == ROOT
    assert re.search(r"^collections_path = collections$", (ROOT / "ansible.cfg").read_text(), re.M)


@pytest.mark.parametrize("path", TASK_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_tasks_and_plays_use_fqcn(path: Path) -> None:
    for task in _tasks(_yaml(path)):
        short = [m for m in OUR_MODULES if m in task]
        assert not short, f"{path.relative_to(ROOT)}: task {task.get('name')!r} uses {short} (fix: {FQCN}.{short[0]})"
        roles = [r if isinstance(r, str) else r.get("role", r.get("name")) for r in task.get("roles", [])]
        for key in ("ansible.builtin.import_role", "ansible.builtin.include_role"):
            roles += [task[key]["name"]] if key in task else []
        bare = [r for r in roles if r in OUR_ROLES]
        assert not bare, f"{path.relative_to(ROOT)}: {task.get('name')!r} names role {bare[0]!r} (fix: {FQCN}.{bare[0]})"


def test_inventory_sources_use_fqcn() -> None:
    sources = [p for p in ROOT.rglob("*site_registry.y*ml") if ".venv" not in p.parts and "collections" not in p.parts]
    assert sources
    for source in sources:
        assert _yaml(source)["plugin"] == f"{FQCN}.site_registry", f"{source.relative_to(ROOT)}: plugin (fix: {FQCN}.site_registry)"


def test_plugins_never_edit_sys_path() -> None:
    offenders = [p.relative_to(ROOT) for p in ROOT.glob("plugins/**/*.py") if "sys.path" in p.read_text(encoding="utf-8")]
    assert not offenders, f"plugins import the installed provisioner package; sys.path edits in {offenders}"
