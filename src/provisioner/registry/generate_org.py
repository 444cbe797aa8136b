"""The org.yml of a generated city: the same zones, SSIDs and images as a real one would have."""

from __future__ import annotations

from typing import Any

ORG_ZONES: dict[str, dict[str, Any]] = {
    "paed": {"vlan": 10, "purpose": "Paedagogisches Netz", "pool": "10.0.0.0/11", "prefix": 22},
    "admin": {"vlan": 20, "purpose": "Verwaltungsnetz", "pool": "10.32.0.0/12", "prefix": 25},
    "guest": {"vlan": 30, "purpose": "Gaeste-WLAN", "pool": "10.48.0.0/12", "prefix": 24},
    "wlan": {"vlan": 40, "purpose": "WLAN-Geraete", "pool": "10.64.0.0/11", "prefix": 22},
    "mgmt": {"vlan": 99, "purpose": "Management", "pool": "10.96.0.0/12", "prefix": 24},
}
_RADIUS = ["10.250.0.30", "10.250.0.31"]


def standard_org() -> dict[str, Any]:
    """org.yml content for a generated city."""
    password = {"env": "PROVISIONER_NET_PASSWORD"}
    return {
        "name": "Generierte Stadt Schul-IT",
        "domain": "schulen.generated.example",
        "zones": ORG_ZONES,
        "defaults": {
            "ntp_servers": ["10.250.0.10", "10.250.0.11"],
            "syslog_servers": ["10.250.0.20"],
            "dns_servers": ["10.250.0.53"],
            "credentials": {"username": "netadmin", "password": password},
            "admin_users": [{"name": "netadmin", "privilege": 15, "password": password}],
            "snmp": {
                "user": "monitoring",
                "group": "netops",
                "auth_password": {"env": "PROVISIONER_SNMP_AUTH"},
                "priv_password": {"env": "PROVISIONER_SNMP_PRIV"},
            },
        },
        "ssids": {
            "schule": {
                "ssid": "Schule",
                "wlan_id": 1,
                "zone": "wlan",
                "audience": "pupils",
                "security": {"mode": "wpa2_enterprise", "radius_servers": _RADIUS},
                "site_types": ["school", "youth_centre"],
            },
            "verwaltung": {
                "ssid": "Verwaltung",
                "wlan_id": 2,
                "zone": "admin",
                "audience": "admin",
                "security": {"mode": "wpa3_enterprise", "radius_servers": _RADIUS},
                "site_types": ["school", "kita", "office"],
            },
            "kita": {
                "ssid": "Kita-Tablets",
                "wlan_id": 3,
                "zone": "paed",
                "audience": "staff",
                "security": {"mode": "wpa2_psk", "psk": {"env": "PROVISIONER_PSK_KITA"}},
                "site_types": ["kita"],
            },
            "gaeste": {
                "ssid": "Stadt-Gast",
                "wlan_id": 4,
                "zone": "guest",
                "audience": "guests",
                "security": {"mode": "open", "portal": "https://portal.generated.example"},
                "site_types": ["school", "youth_centre"],
            },
        },
        "images": {
            "linux-standard": {"os_family": "linux", "release": "bookworm", "packages": ["firefox-esr", "libreoffice-writer", "vlc"]},
            "windows-standard": {"os_family": "windows", "packages": [{"name": "firefox", "version": "132.0.2"}]},
            "windows-verwaltung": {"os_family": "windows", "packages": [{"name": "firefox"}], "policies": {"update_ring": "security_only"}},
        },
        "separation": {
            "purposes": {"classroom": ["paed"], "staff": ["paed"], "office": ["admin"], "technical": ["mgmt"]},
            "images": {"linux-standard": ["paed"], "windows-standard": ["paed"], "windows-verwaltung": ["admin"]},
            "port_zones": ["paed", "guest", "wlan", "mgmt"],
        },
        "wlan_controllers": [
            {"name": "wlc-rz-01", "platform": "cisco_c9800", "model": "C9800-40", "mgmt_ip": "10.250.0.5"},
            {"name": "wlc-rz-02", "platform": "cisco_c9800", "model": "C9800-40", "mgmt_ip": "10.250.0.6"},
        ],
    }
