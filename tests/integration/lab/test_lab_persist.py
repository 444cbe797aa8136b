"""`persist=True` keeps running and startup configs across a lab restart."""

from __future__ import annotations

from pathlib import Path

import pytest
from lab_session import PASSWORD, PORT, LabUnderTest

from provisioner.lab import LabDeviceSpec, get_config, lab_status, read_endpoints, start_lab, stop_lab

pytestmark = pytest.mark.integration

SPECS = [
    LabDeviceSpec("p-ios", "cisco_ios", "C1000-8P", "admin", PASSWORD),
    LabDeviceSpec("p-hp", "aruba_osswitch", "2530-8G-PoEP", "admin", PASSWORD),
]


def _start(state: Path, *, persist: bool) -> LabUnderTest:
    endpoints = start_lab(devices=SPECS, state_dir=state, port=PORT + 1, persist=persist)
    return LabUnderTest(state, {e.name: e for e in endpoints})


def test_persisted_configs_survive_a_restart(tmp_path: Path) -> None:
    lab = _start(tmp_path, persist=True)
    try:
        with lab.connect("p-ios") as conn:
            conn.send_config_set(["ip domain name saved.example"])
            conn.save_config()
            conn.send_config_set(["ntp server 10.0.0.7"])
        with lab.connect("p-hp") as conn:
            conn.send_config_set(["vlan 10 untagged 1-2"])
            conn.save_config()
    finally:
        assert stop_lab(state_dir=tmp_path)
    assert lab_status(state_dir=tmp_path) is None
    assert read_endpoints(state_dir=tmp_path) == {}
    assert (tmp_path / "lab" / "devices" / "p-ios.json").stat().st_mode & 0o077 == 0
    lab = _start(tmp_path, persist=True)
    try:
        assert "ip domain name saved.example" in get_config(state_dir=tmp_path, device="p-ios", which="startup")
        assert "ntp server 10.0.0.7" in get_config(state_dir=tmp_path, device="p-ios")
        assert "untagged 1-2" in get_config(state_dir=tmp_path, device="p-hp", which="startup")
    finally:
        stop_lab(state_dir=tmp_path)
    lab = _start(tmp_path, persist=False)
    try:
        assert "saved.example" not in get_config(state_dir=tmp_path, device="p-ios")
    finally:
        stop_lab(state_dir=tmp_path)


def test_stop_without_a_lab_says_false(tmp_path: Path) -> None:
    assert stop_lab(state_dir=tmp_path) is False
    assert lab_status(state_dir=tmp_path) is None
