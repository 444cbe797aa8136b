"""The inventory as plain data, without Ansible: groups, variables and lab mode."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from provisioner.inventory import SourceError, TrustedExpr, build_inventory, read_source
from provisioner.registry import load_registry
from tests.conftest import DEMO


@dataclass(frozen=True)
class _Endpoint:
    host: str
    port: int


@pytest.fixture(scope="module")
def demo():  # type: ignore[no-untyped-def]
    return build_inventory(load_registry(DEMO / "registry").require())


def test_groups_follow_the_naming_contract(demo) -> None:  # type: ignore[no-untyped-def]
    for group in (
        "site_gym_lise_meitner",
        "role_switch",
        "role_access_point",
        "role_wlan_controller",
        "role_linux_client",
        "role_windows_client",
        "platform_cisco_ios",
        "platform_aruba_osswitch",
        "room_gym_lise_meitner_r101",
        "image_linux_standard",
        "zone_paed",
    ):
        assert demo.groups[group], group
    assert "site_kita_regenbogen" in demo.children["type_kita"]
    assert "site_gym_lise_meitner" in demo.children["form_gymnasium"]
    assert all("-" not in g for g in demo.groups)


def test_switch_vars_describe_every_port(demo) -> None:  # type: ignore[no-untyped-def]
    sw = demo.vars_for("lmg-sw-core")
    assert sw["ansible_host"] == "10.96.0.2"
    assert sw["ansible_connection"] == "local"
    ports = {p["name"]: p for p in sw["device_ports"]}
    assert len(ports) == 64  # 48 + Te1/1/1-8 + Gi1/1/1-4, Fo1/1/1-2, TwentyFiveGigE1/1/1-2 (C9300 uplink slot)
    assert (ports["GigabitEthernet1/0/1"]["access_vlan"], ports["GigabitEthernet1/0/1"]["description"]) == (10, "r101 paed")
    assert ports["GigabitEthernet1/0/25"]["access_vlan"] == 20
    assert (ports["GigabitEthernet1/0/29"]["native_vlan"], ports["GigabitEthernet1/0/29"]["description"]) == (99, "ap lmg-r101-ap01")
    assert ports["GigabitEthernet1/0/29"]["tagged_vlans"] == [20, 30, 40]
    assert ports["TenGigabitEthernet1/1/1"]["tagged_vlans"] == [10, 20, 30, 40, 99]
    assert ports["GigabitEthernet1/0/40"]["shutdown"] is True
    assert sw["device_mgmt_gateway"] == "10.96.0.1"
    assert sw["device_mgmt_netmask"] == "255.255.255.0"


def test_secrets_are_expressions_never_values(demo) -> None:  # type: ignore[no-untyped-def]
    sw = demo.vars_for("lmg-sw-core")
    assert isinstance(sw["ansible_password"], TrustedExpr)
    assert sw["ansible_password"] == "{{ lookup('ansible.builtin.env', 'PROVISIONER_NET_PASSWORD') }}"
    assert isinstance(sw["site_snmp"]["priv_password"], TrustedExpr)


def test_client_vars_carry_image_printers_and_proxy(demo) -> None:  # type: ignore[no-untyped-def]
    pc = demo.vars_for("lmg-r101-lehrer")
    assert pc["ansible_host"] == "10.0.1.10"
    assert pc["device_image"]["name"] == "linux-standard"
    assert pc["device_os_family"] == "linux"
    assert pc["device_printers"][0]["uri"] == "ipp://10.0.1.250/ipp/print"
    assert pc["device_proxy"].startswith("http://filter.")
    assert demo.vars_for("lmg-r101-pc01")["ansible_host"] == "lmg-r101-pc01.gym-lise-meitner.schulen.rheinhausen.example"
    assert demo.site_of["lmg-r101-pc01"] == "gym-lise-meitner"


def test_lab_mode_points_devices_at_the_lab_and_leaves_out_the_rest() -> None:
    registry = load_registry(DEMO / "registry").require()
    inv = build_inventory(registry, lab_endpoints={"lmg-sw-core": _Endpoint("127.100.0.1", 2222)})
    assert (inv.hostvars["lmg-sw-core"]["ansible_host"], inv.hostvars["lmg-sw-core"]["ansible_port"]) == ("127.100.0.1", 2222)
    assert "lmg-sw-a1" not in inv.hostvars
    assert "lmg-r101-pc01" not in inv.hostvars
    assert "lmg-sw-a1" in inv.left_out
    assert len(inv.warnings) == 1
    assert "lmg-r101-ap01" in inv.hostvars, "APs have no connection of their own"


def test_source_file_is_checked(tmp_path: Path) -> None:
    bad = tmp_path / "x_site_registry.yml"
    bad.write_text("plugin: yaml\n", encoding="utf-8")
    with pytest.raises(SourceError, match="plugin: expected 'schulit.provisioner.site_registry', found 'yaml'"):
        read_source(bad)
    bad.write_text("plugin: schulit.provisioner.site_registry\nregistry: nowhere\n", encoding="utf-8")
    with pytest.raises(SourceError, match="is not a directory"):
        read_source(bad)


def test_lab_mode_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROVISIONER_LAB", "1")
    assert read_source(DEMO / "site_registry.yml").lab is True
    monkeypatch.setenv("PROVISIONER_LAB", "0")
    assert read_source(DEMO / "site_registry.yml").lab is False
