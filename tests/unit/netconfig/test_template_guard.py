"""The device renderer's guard: a line break in any variable cannot add a line to a switch or controller config."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from provisioner.inventory import TrustedExpr, build_inventory
from provisioner.netconfig import NetconfigError
from provisioner.netconfig.template import render_template
from provisioner.registry import load_registry
from provisioner.textguard import walk_strings
from tests.conftest import DEMO, ROOT

MARK = "INJECTED username evil privilege 15"


def _role_vars(role: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for part in ("defaults", "vars"):
        out.update(yaml.safe_load((ROOT / "roles" / role / part / "main.yml").read_text()) or {})
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, TrustedExpr):
        return "secret-value"
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@pytest.fixture(scope="module")
def inventory() -> Any:
    return build_inventory(load_registry(DEMO / "registry").require())


def _switch_case(inventory: Any, platform: str) -> tuple[Path, dict[str, Any]]:
    host = next(h for h, v in inventory.hostvars.items() if v.get("device_platform") == platform)
    return ROOT / "roles/switch/templates" / f"{platform}.j2", {**_role_vars("switch"), **_plain(inventory.vars_for(host))}


def _wlan_case(inventory: Any) -> tuple[Path, dict[str, Any]]:
    host = next(h for h, v in inventory.hostvars.items() if v.get("device_platform") == "cisco_c9800")
    hv = _plain(inventory.hostvars[host])
    return ROOT / "roles/wlan/templates/cisco_c9800.j2", {**_role_vars("wlan"), "wlan": {k: hv[k] for k in ("wlan_ssids", "wlan_sites")}}


def _set(data: Any, path: list[Any], value: str) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _leaf_paths(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(data, str):
        return [path]
    if isinstance(data, dict):
        return [p for k, v in data.items() for p in _leaf_paths(v, (*path, k))]
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in _leaf_paths(v, (*path, i))]
    return []


@pytest.mark.parametrize("case", ["cisco_ios", "aruba_osswitch", "cisco_c9800"])
@pytest.mark.parametrize("breaker", ["\n", "\r", "\u2028", "\x0b"])
def test_a_line_break_in_any_variable_cannot_add_a_line(inventory: Any, case: str, breaker: str) -> None:
    path, variables = _wlan_case(inventory) if case == "cisco_c9800" else _switch_case(inventory, case)
    baseline = render_template(path, variables)
    assert "hostname" in baseline or "wlan " in baseline
    refused = 0
    leaves = [p for p in _leaf_paths(variables) if not str(p[0]).startswith("__")]
    for leaf in leaves:
        bad = copy.deepcopy(variables)
        _set(bad, list(leaf), "x" + breaker + MARK)
        try:
            out = render_template(path, bad)
        except NetconfigError as exc:
            refused += "nothing was rendered or pushed" in str(exc) or "template" in str(exc)
            continue
        assert MARK not in out, f"{case}: {leaf} added a line"
    assert refused >= 10, f"only {refused} of {len(leaves)} values were refused: is the guard on?"


def test_the_error_names_the_variable_and_the_problem(inventory: Any) -> None:
    path, variables = _switch_case(inventory, "cisco_ios")
    variables["site_domain"] = "schulen.example\nusername evil privilege 15 secret x"
    with pytest.raises(NetconfigError) as caught:
        render_template(path, variables)
    message = str(caught.value)
    assert "site_domain" in message
    assert "line break" in message
    assert "nothing was rendered or pushed" in message


@pytest.mark.parametrize(("case", "value", "problem"), [("cisco_ios", "Raum?", "'?'"), ("aruba_osswitch", 'Raum "1"', "'\"'")])
def test_a_character_the_platform_cannot_take_is_refused(inventory: Any, case: str, value: str, problem: str) -> None:
    path, variables = _switch_case(inventory, case)
    port = next(p for p in variables["device_ports"] if p["description"])
    port["description"] = value
    with pytest.raises(NetconfigError, match=rf"device_ports\[\d+\].description .* holds {re.escape(problem)}, which {case} cannot take"):
        render_template(path, variables)


def test_a_clean_value_renders(inventory: Any) -> None:
    path, variables = _switch_case(inventory, "cisco_ios")
    variables["site_domain"] = "schulen.example"
    assert "ip domain name schulen.example\n" in render_template(path, variables)


def test_walk_strings_names_nested_paths() -> None:
    assert ("a.b[1]", "y") in list(walk_strings({"a": {"b": ["x", "y"]}}))
