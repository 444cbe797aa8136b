"""Drift of the demo city's switches and controller against the lab's device engine (no SSH)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from provisioner.day2.devices import Fleet, load_fleet
from provisioner.day2.drift import device_drift, run_drift
from provisioner.day2.formats import drift_json, drift_junit, drift_outcomes
from provisioner.day2.intent import ROLE_OF, load_role
from provisioner.netconfig import ApplyOptions, DeviceError, DeviceTarget, apply_config
from provisioner.records.day2 import Day2Store
from tests.unit.day2.labdevice import LabFleet, LabSession

ROOT = Path(__file__).resolve().parents[3]
SOURCE = ROOT / "inventories" / "demo" / "site_registry.yml"
PASSWORD = "Unit-Drift-Pw-1"
ENV = {"PROVISIONER_NET_PASSWORD": PASSWORD, "PROVISIONER_SNMP_AUTH": "Unit-Snmp-A1", "PROVISIONER_SNMP_PRIV": "Unit-Snmp-P1",
       "PROVISIONER_PSK_KITA": "Unit-Psk-Kita1"}


@pytest.fixture
def fleet(monkeypatch: pytest.MonkeyPatch, state_dir: Path) -> Fleet:
    for key, value in ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("PROVISIONER_LAB", raising=False)
    loaded = load_fleet(source=SOURCE, sites=("gs-am-stadtpark", "ges-wiesdorf", "(central)"))
    # As in the lab: the session comes from a loopback address, not from the management VLAN.
    devices = tuple(replace(d, target=replace(d.target, host=f"127.0.9.{n + 1}")) for n, d in enumerate(loaded.devices))
    return replace(loaded, devices=devices)


@pytest.fixture
def roles() -> dict[str, object]:
    return {name: load_role(ROOT / "roles", name) for name in set(ROLE_OF.values())}


@pytest.fixture
def lab(fleet: Fleet) -> LabFleet:
    from provisioner.lab.fromregistry import device_specs
    from provisioner.registry import load_registry

    lab = LabFleet()
    registry = load_registry(ROOT / "inventories" / "demo" / "registry").require()
    for spec in device_specs(registry, sites=["gs-am-stadtpark", "ges-wiesdorf"]):
        lab.add(spec)
    return lab


def _converge(fleet: Fleet, roles: dict[str, object], lab: LabFleet, tmp_path: Path) -> None:
    """Push every drift as a rollout would (the engine, not in check mode) for the switches."""
    from provisioner.day2.intent import render_intended

    for d in fleet.devices:
        if d.role == "switch":
            result = apply_config(target=d.target, intended=render_intended(roles["switch"], d), options=ApplyOptions(backup_dir=tmp_path),  # type: ignore[arg-type]
                                  connect=lab.connect)
            assert not result.failed, result.msg


def test_selection_has_the_sites_switches_and_the_controller(fleet: Fleet) -> None:
    roles = {d.role for d in fleet.devices}
    assert roles == {"switch", "wlan_controller"}
    assert {d.site for d in fleet.devices} == {"gs-am-stadtpark", "ges-wiesdorf", "(central)"}
    assert set(fleet.secrets()) == set(ENV.values())  # the resolved secret references, nothing else


def test_factory_devices_drift_then_converge_then_a_hand_change_is_named(
    fleet: Fleet, roles: dict[str, object], lab: LabFleet, tmp_path: Path
) -> None:
    first = run_drift(fleet=fleet, roles=roles, connect=lab.connect)  # type: ignore[arg-type]
    assert first.exit_code == 2
    switch = next(r for r in first.results if r.device.role == "switch")
    assert any(c.startswith("hostname ") for c in switch.commands)
    assert all(PASSWORD not in c for r in first.results for c in r.commands)

    _converge(fleet, roles, lab, tmp_path)
    for platform in ("cisco_ios", "aruba_osswitch"):
        sw = next(d for d in fleet.devices if d.platform == platform)
        clean = device_drift(sw, roles=roles, connect=lab.connect)  # type: ignore[arg-type]
        assert clean.state == "clean", (clean.commands, clean.error)
        port = next(p for p in sw.variables["device_ports"] if p.get("description"))
        wanted = f'name "{port["description"]}"' if platform == "aruba_osswitch" else f"description {port['description']}"
        by_hand = 'name "changed by hand"' if platform == "aruba_osswitch" else "description changed by hand"
        lab.connect(sw.target, 5).push([f"interface {port['name']}", by_hand, "exit"])
        drifted = device_drift(sw, roles=roles, connect=lab.connect)  # type: ignore[arg-type]
        assert drifted.state == "drift"
        assert [c.strip() for c in drifted.commands if not c.startswith(("interface", "exit"))] == [wanted], drifted.commands


def test_unreachable_is_an_error_and_exit_1(fleet: Fleet, roles: dict[str, object]) -> None:
    run = run_drift(fleet=fleet, roles=roles, connect=LabFleet().connect)  # type: ignore[arg-type]
    assert run.exit_code == 1
    assert all(r.state == "error" and "could not connect" in (r.error or "") for r in run.results)


def test_json_junit_and_records_say_since_when(fleet: Fleet, roles: dict[str, object], lab: LabFleet, tmp_path: Path) -> None:
    store = Day2Store(path=tmp_path / "records.db")
    first = run_drift(fleet=fleet, roles=roles, connect=lab.connect)  # type: ignore[arg-type]
    store.record(kind="drift", started_at="2026-01-01T00:00:00+00:00", seconds=first.seconds, outcomes=drift_outcomes(first))
    store.record(kind="drift", started_at="2026-01-02T00:00:00+00:00", seconds=first.seconds, outcomes=drift_outcomes(first))
    statuses = store.statuses()
    name = first.results[0].device.name
    assert statuses[name].drift_since == "2026-01-01T00:00:00+00:00"
    data = json.loads(drift_json(first, statuses))
    assert data["exit_code"] == 2
    assert data["devices"][0]["owned"]["count"] == len(data["devices"][0]["owned"]["lines"]) > 0
    suite = ET.fromstring(drift_junit(first))
    assert int(suite.get("tests") or 0) == len(fleet.devices)
    assert len(suite.findall("testcase/failure")) == int(suite.get("failures") or 0) > 0
    _converge(fleet, roles, lab, tmp_path)
    switches = Fleet(devices=tuple(d for d in fleet.devices if d.role == "switch"), site_types=fleet.site_types)
    after = run_drift(fleet=switches, roles=roles, connect=lab.connect)  # type: ignore[arg-type]
    store.record(kind="drift", started_at="2026-01-03T00:00:00+00:00", seconds=after.seconds, outcomes=drift_outcomes(after))
    assert store.statuses()[switches.devices[0].name].drift_since is None
    store.close()


def _unreachable(target: DeviceTarget, timeout: float) -> LabSession:
    raise DeviceError(f"could not connect to {target.host}:{target.port}: ConnectionRefusedError")


def test_a_large_fleet_is_spread_over_processes_in_order(fleet: Fleet, roles: dict[str, object], monkeypatch: pytest.MonkeyPatch) -> None:
    import provisioner.day2.drift as drift

    monkeypatch.setattr(drift, "MIN_PER_PROCESS", 1)
    run = run_drift(fleet=fleet, roles=roles, connect=_unreachable, processes=2)  # type: ignore[arg-type]
    assert [r.device.name for r in run.results] == [d.name for d in fleet.devices]
    assert all("ConnectionRefusedError" in (r.error or "") for r in run.results)
    assert {r.device.site for r in run.results} == {d.site for d in fleet.devices}
