"""A demo switch's intended config, rendered from the role's template as the net_config action does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from provisioner.netconfig.template import render_template
from tests.integration.switch.hostvars_fixture import LabSwitch, switch_hostvars

ROOT = Path(__file__).resolve().parents[3]
ROLE = ROOT / "roles" / "switch"
PASSWORD = "Demo-Admin-Pw1"
DEMO = {
    "cisco_ios": LabSwitch(name="sw-demo-1", platform="cisco_ios", model="C9300-24P", host="127.0.0.1", port=2222),
    "aruba_osswitch": LabSwitch(name="sw-demo-2", platform="aruba_osswitch", model="2930F-24G-4SFP+", host="127.0.0.1", port=2222),
}
_TEMPLATES = {"cisco_ios": "cisco_ios.j2", "aruba_osswitch": "aruba_osswitch.j2"}


def demo_vars(platform: str, **overrides: Any) -> dict[str, Any]:
    """Role defaults and internals plus the demo host's variables, secrets as plain strings."""
    values: dict[str, Any] = {}
    for name in ("defaults", "vars"):
        values.update(yaml.safe_load((ROLE / name / "main.yml").read_text()))
    host = switch_hostvars(DEMO[platform])
    host["site_snmp"] = {**host["site_snmp"], "auth_password": "snmp-auth-pw1", "priv_password": "snmp-priv-pw1"}
    host["site_admin_users"] = [{"name": "admin", "privilege": 15, "password": PASSWORD}]
    values.update(host)
    values.update(overrides)
    return values


def demo_intended(platform: str, **overrides: Any) -> str:
    """The intended running config of the demo switch of platform."""
    return render_template(ROLE / "templates" / _TEMPLATES[platform], demo_vars(platform, **overrides))
