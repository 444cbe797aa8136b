"""Every plugin of the collection documents itself completely, as ansible-doc reads it, and the docs are true:
every option the action plugins accept is documented (and nothing else), and each filter's example gives its sample."""

from __future__ import annotations

import ast
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from provisioner.netconfig.render import jinja_filters
from tests.conftest import ROOT, VENV_BIN, ansible_env

pytestmark = pytest.mark.integration
FILTERS = sorted(p.stem for p in (ROOT / "plugins/filter").glob("*.yml"))
MODULES = sorted(p.stem for p in (ROOT / "plugins/modules").glob("*.py"))


def _run(tool: str, *args: str | Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([VENV_BIN / tool, *args], env=ansible_env(**env), cwd=ROOT, capture_output=True, text=True, check=False)


def _doc(kind: str, names: list[str]) -> dict[str, Any]:
    fqcns = [f"schulit.provisioner.{n}" for n in names]
    proc = _run("ansible-doc", "-t", kind, "--json", *fqcns)
    assert proc.returncode == 0, proc.stderr
    found: dict[str, Any] = json.loads(proc.stdout)
    assert sorted(found) == sorted(fqcns), proc.stderr
    return found


def _described(options: dict[str, Any], where: str) -> None:
    for name, option in options.items():
        assert option.get("description"), f"{where}: option {name} has no description"
        assert option.get("type") or name == "plugin", f"{where}: option {name} has no type"


def _action_spec(name: str) -> dict[str, Any] | None:
    """ARGUMENT_SPEC of the module's action plugin, if it has one that declares it."""
    path = ROOT / "plugins/action" / f"{name}.py"
    if not path.exists():
        return None
    body = ast.parse(path.read_text()).body
    specs = [n.value for n in body if isinstance(n, ast.AnnAssign) and getattr(n.target, "id", "") == "ARGUMENT_SPEC"]
    return dict(ast.literal_eval(specs[0])) if specs else None


def test_modules_document_every_option_examples_return_and_modes() -> None:
    for fqcn, doc in _doc("module", MODULES).items():
        documentation = doc["doc"]
        _described(documentation["options"], fqcn)
        spec = _action_spec(fqcn.rsplit(".", 1)[1])
        if spec is not None:
            assert sorted(documentation["options"]) == sorted(spec), f"{fqcn}: documented options differ from the action's ARGUMENT_SPEC"
            for option, rules in spec.items():
                assert documentation["options"][option].get("default") == rules.get("default"), f"{fqcn}: {option} default"
                assert documentation["options"][option]["type"] == rules["type"], f"{fqcn}: {option} type"
        assert {"check_mode", "diff_mode"} <= set(documentation["attributes"]), fqcn
        assert "schulit.provisioner." in doc["examples"]
        assert yaml.safe_load(doc["examples"]), fqcn
        assert doc["return"], fqcn
    assert {"changed", "commands"} <= set(_doc("module", ["net_config"])["schulit.provisioner.net_config"]["return"])


def test_inventory_plugin_documents_its_options_and_examples() -> None:
    doc = _doc("inventory", ["site_registry"])["schulit.provisioner.site_registry"]
    _described(doc["doc"]["options"], "site_registry")
    assert {"plugin", "registry", "lab", "compose", "groups", "keyed_groups", "strict"} <= set(doc["doc"]["options"])
    sources = list(yaml.safe_load_all(doc["examples"]))
    assert sources
    assert all(s["plugin"] == "schulit.provisioner.site_registry" for s in sources)


def test_each_filter_documents_itself() -> None:
    assert sorted(jinja_filters()) == FILTERS, "every filter of plugins/filter/netconfig.py has its plugins/filter/<name>.yml"
    docs = _doc("filter", FILTERS)
    for fqcn, doc in docs.items():
        assert doc["doc"]["name"] == fqcn.rsplit(".", 1)[1]
        _described(doc["doc"]["options"], fqcn)
        assert doc["return"]["_value"]["sample"], fqcn


def test_filter_examples_give_their_samples(tmp_path: Path) -> None:
    tasks, expected = [], {}
    for name in FILTERS:
        doc = yaml.safe_load((ROOT / "plugins/filter" / f"{name}.yml").read_text())
        for task in yaml.safe_load(doc["EXAMPLES"]):
            tasks.append({"name": name, "ansible.builtin.debug": task["ansible.builtin.debug"]})
        expected[name] = str(doc["RETURN"]["_value"]["sample"])
    playbook = tmp_path / "filters.yml"
    playbook.write_text(yaml.safe_dump([{"hosts": "localhost", "gather_facts": False, "tasks": tasks}]))
    proc = _run("ansible-playbook", "-i", "localhost,", "-c", "local", playbook, ANSIBLE_STDOUT_CALLBACK="ansible.builtin.json")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    results = {t["task"]["name"]: t["hosts"]["localhost"]["msg"] for t in json.loads(proc.stdout)["plays"][0]["tasks"]}
    assert results == expected
