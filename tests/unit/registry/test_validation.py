"""Every validation rule, with a good and a bad fixture: tests/fixtures/registry/cases.yml."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from provisioner.registry import errors_of, load_registry
from provisioner.registry.issues import parse_path
from tests.conftest import FIXTURES

CASES = yaml.safe_load((FIXTURES / "registry" / "cases.yml").read_text(encoding="utf-8"))


def _set(data: Any, path: str, value: Any) -> None:
    loc = parse_path(path)
    for part in loc[:-1]:
        data = data[part]
    data[loc[-1]] = value


def _delete(data: Any, path: str) -> None:
    loc = parse_path(path)
    for part in loc[:-1]:
        data = data[part]
    del data[loc[-1]]


def apply_case(root: Path, case: dict[str, Any]) -> None:
    """Apply the case's one edit to the registry copy at `root`."""
    if "copy" in case:
        shutil.copy(root / case["copy"][0], root / case["copy"][1])
    if "file" not in case:
        return
    target = root / case["file"]
    if "replace" in case:
        old, new = case["replace"]
        target.write_text(target.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
        return
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    for path, value in case.get("set", {}).items():
        _set(data, path, value)
    for path in case.get("delete", []):
        _delete(data, path)
    target.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_validation_case(case: dict[str, Any], base_registry: Path) -> None:
    apply_case(base_registry, case)
    result = load_registry(base_registry)
    messages = [i.format() for i in errors_of(result.issues)]
    if case.get("good"):
        assert messages == []
        return
    assert messages, "expected at least one error"
    for expected in case["expect"]:
        assert any(expected in m for m in messages), f"{expected!r} not in:\n" + "\n".join(messages)


def test_every_issue_names_file_path_and_fix(base_registry: Path) -> None:
    apply_case(base_registry, next(c for c in CASES if c["name"] == "port zone undefined"))
    issue = errors_of(load_registry(base_registry).issues)[0]
    assert issue.file == "sites/ges-wiesdorf.yml"
    assert issue.path == "switches[0].ports[0].zone"
    assert issue.line is not None
    assert issue.fix


def test_all_problems_reported_in_one_run(base_registry: Path) -> None:
    for name in ("duplicate MAC", "overlapping subnets across sites", "unknown key in a site", "newline in a port description"):
        apply_case(base_registry, next(c for c in CASES if c["name"] == name))
    messages = "\n".join(i.format() for i in load_registry(base_registry).issues)
    for expected in ("MAC '3c:52:82:60:01:01' is already used", "overlaps 10.48.1.0/24", "unknown key 'vlan_name'", "holds a line break"):
        assert expected in messages


def test_missing_org_file_is_reported(tmp_path: Path) -> None:
    result = load_registry(tmp_path)
    assert result.registry is None
    assert "no org.yml here" in result.issues[0].message
