"""Static inventory for lab switches that follows docs/hostvars.md (until site_registry lands)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from provisioner.platforms import PLATFORMS

PASSWORD_ENV = "PROV_TEST_SWITCH_PASSWORD"
SNMP_AUTH_ENV = "PROV_TEST_SNMP_AUTH"
SNMP_PRIV_ENV = "PROV_TEST_SNMP_PRIV"
ZONES = (("paed", 10), ("admin", 20), ("guest", 30), ("wlan", 40), ("mgmt", 99))


@dataclass(frozen=True)
class LabSwitch:
    """One lab switch: inventory name, platform, model and where the lab listens."""

    name: str
    platform: str
    model: str
    host: str
    port: int
    site: str = "ggs-test"
    user: str = "admin"


def _env(name: str) -> str:
    return "{{ lookup('ansible.builtin.env', '" + name + "') }}"


def _ports(platform: str, model: str) -> list[dict[str, Any]]:
    names = PLATFORMS[platform].layout(model).names()
    ports = []
    for index, name in enumerate(names):
        ports.append(_port(name, index, len(names)))
    return ports


def _port(name: str, index: int, total: int) -> dict[str, Any]:
    base = {"name": name, "access_vlan": None, "native_vlan": None, "tagged_vlans": []}
    if index >= total - 2:
        return {
            **base,
            "profile": "uplink",
            "description": "Uplink core",
            "native_vlan": 99,
            "tagged_vlans": [10, 20, 30, 40],
            "poe": False,
            "edge": False,
            "shutdown": False,
        }
    if index < 4:
        return {
            **base,
            "profile": "access",
            "description": f"Raum 10{index + 1} paed",
            "access_vlan": 10,
            "poe": False,
            "edge": True,
            "shutdown": False,
        }
    if index < 6:
        return {**base, "profile": "access", "description": "Verwaltung", "access_vlan": 20, "poe": False, "edge": True, "shutdown": False}
    if index < 8:
        return {
            **base,
            "profile": "ap",
            "description": f"AP Flur {index - 5}",
            "native_vlan": 99,
            "tagged_vlans": [30, 40],
            "poe": True,
            "edge": True,
            "shutdown": False,
        }
    return {**base, "profile": "unused", "description": "unused", "poe": False, "edge": False, "shutdown": True}


def switch_hostvars(sw: LabSwitch, *, index: int = 1) -> dict[str, Any]:
    """Every variable docs/hostvars.md promises for a switch."""
    spec = PLATFORMS[sw.platform]
    mgmt_ip = f"10.{index // 250}.{index % 250}.{10}"
    return {
        "site_id": sw.site,
        "site_name": "GGS Test",
        "site_type": "school",
        "site_school_form": "ggs",
        "site_maintenance_window": {"days": ["sat"], "start": "06:00", "end": "12:00"},
        "site_domain": f"{sw.site}.schulen.example",
        "device_name": sw.name,
        "ansible_host": sw.host,
        "ansible_port": sw.port,
        "ansible_user": "admin",
        "ansible_password": _env(PASSWORD_ENV),
        "ansible_connection": "local",
        "ansible_python_interpreter": "{{ ansible_playbook_python }}",
        "ansible_network_os": spec.ansible_network_os,
        "device_platform": sw.platform,
        "device_netmiko_type": spec.netmiko_device_type,
        "device_hier_platform": spec.hier_config_platform,
        "device_model": sw.model,
        "device_room": "Keller",
        "device_mgmt_ip": mgmt_ip,
        "device_lab": True,
        "device_vlans": [{"id": vid, "name": zone, "zone": zone} for zone, vid in ZONES],
        "device_ports": _ports(sw.platform, sw.model),
        "device_mgmt_vlan": 99,
        "device_mgmt_netmask": "255.255.255.0",
        "device_mgmt_prefixlen": 24,
        "device_mgmt_gateway": mgmt_ip.rsplit(".", 1)[0] + ".1",
        "site_ntp_servers": ["10.250.0.1", "10.250.0.2"],
        "site_syslog_servers": ["10.250.0.10"],
        "site_dns_servers": ["10.250.0.53"],
        "site_snmp": {
            "user": "monitor",
            "group": "provisioner",
            "auth_protocol": "sha",
            "priv_protocol": "aes128",
            "auth_password": _env(SNMP_AUTH_ENV),
            "priv_password": _env(SNMP_PRIV_ENV),
            "location": "GGS Test Keller",
            "contact": "netz@example.org",
        },
        "site_admin_users": [{"name": "admin", "privilege": 15, "password": _env(PASSWORD_ENV)}],
    }


def write_inventory(*, path: Path, switches: list[LabSwitch]) -> Path:
    """Write a YAML (JSON is YAML) inventory with role_switch, platform_* and site_* groups."""
    hosts = {sw.name: switch_hostvars(sw, index=i + 1) for i, sw in enumerate(switches)}
    children: dict[str, Any] = {"role_switch": {"hosts": {n: {} for n in hosts}}}
    for sw in switches:
        children.setdefault(f"platform_{sw.platform}", {"hosts": {}})["hosts"][sw.name] = {}
        children.setdefault(f"site_{sw.site.replace('-', '_')}", {"hosts": {}})["hosts"][sw.name] = {}
    inventory = {"all": {"hosts": hosts, "children": children}}
    path.write_text(json.dumps(inventory, indent=1))
    return path
