"""Acceptance: a newline in ANY string of the demo registry is refused, naming the field."""

from __future__ import annotations

import copy
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel, ValidationError

from provisioner.registry.org import Org
from provisioner.registry.schema_errors import schema_issues
from provisioner.registry.site import Site
from provisioner.textguard import walk_strings
from tests.conftest import DEMO, ROOT

REGISTRY = DEMO / "registry"
FILES: list[tuple[str, type[BaseModel]]] = [("org.yml", Org)] + [
    (f"sites/{p.name}", Site) for p in sorted((REGISTRY / "sites").glob("*.yml"))
]


def _leaves(data: Any, loc: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], str]]:
    if isinstance(data, str):
        return [(loc, data)]
    if isinstance(data, dict):
        return [leaf for k, v in data.items() for leaf in _leaves(v, (*loc, k))]
    if isinstance(data, list):
        return [leaf for i, v in enumerate(data) for leaf in _leaves(v, (*loc, i))]
    return []


def _with(data: Any, loc: tuple[Any, ...], value: str) -> Any:
    out = copy.deepcopy(data)
    node = out
    for part in loc[:-1]:
        node = node[part]
    node[loc[-1]] = value
    return out


@pytest.mark.parametrize(("rel", "model"), FILES, ids=[f for f, _ in FILES])
def test_a_newline_in_any_string_is_refused_naming_its_path(rel: str, model: type[BaseModel]) -> None:
    text = (REGISTRY / rel).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    model.model_validate(data)  # the demo itself is valid
    leaves = _leaves(data)
    assert len(leaves) > 10
    for loc, value in leaves:
        bad = _with(data, loc, value + "\nusername evil privilege 15")
        with pytest.raises(ValidationError) as caught:
            model.model_validate(bad)
        paths = [i.path for i in schema_issues(file=rel, text=text, error=caught.value, root=model)]
        wanted = ".".join(str(p) for p in loc)
        if loc[-1] == "os_family":  # the discriminator: pydantic names the image that has no valid os_family
            wanted = wanted.rsplit(".", 1)[0]
        assert any(p.replace("[", ".").replace("]", "") == wanted for p in paths), f"{rel}: {loc} not named in {paths}"


def test_walk_strings_sees_keys_and_nested_values() -> None:
    found = list(walk_strings({"a": [{"b": "x"}], "k": {"inner": 1}}))
    assert found == [("a", "a"), ("a[0].b", "b"), ("a[0].b", "x"), ("k", "k"), ("k.inner", "inner")]


@pytest.mark.parametrize(
    ("rel", "loc", "added"),
    [
        ("org.yml", ["domain"], "\nusername evil privilege 15"),
        ("org.yml", ["zones", "paed", "proxy"], "\nhttps_proxy=http://evil"),
        ("sites/gym-lise-meitner.yml", ["rooms", 0, "name"], "\tlpadmin -p evil"),
        ("sites/gym-lise-meitner.yml", ["printers", 0, "driver"], "\r\nevil"),
    ],
)
def test_provisioner_validate_exits_1_naming_the_field(tmp_path: Path, rel: str, loc: list[Any], added: str) -> None:
    target = tmp_path / "registry"
    shutil.copytree(REGISTRY, target)
    file = target / rel
    data = yaml.safe_load(file.read_text())
    node = data
    for part in loc[:-1]:
        node = node[part]
    node[loc[-1]] = str(node.get(loc[-1], "x")) + added
    file.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    code = "from provisioner.cli import main; main()"
    run = subprocess.run([sys.executable, "-c", code, "validate", str(target)], capture_output=True, text=True, cwd=ROOT, check=False)
    out = run.stdout + run.stderr
    assert run.returncode == 1, out
    named = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
    assert f"{rel}:" in out
    assert named in out
    assert "Traceback" not in out
