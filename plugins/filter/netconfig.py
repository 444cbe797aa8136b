"""Jinja filters for the switch templates; thin wrappers over provisioner.netconfig.render."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

try:
    from provisioner.netconfig import render
except ImportError:  # running from a checkout without `pip install -e .`
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
    from provisioner.netconfig import render
from provisioner.wlan.intent import cisco_mac as _cisco_mac

DOCUMENTATION = r"""
name: netconfig
short_description: Filters for rendering switch and controller configs
description:
  - C(ios_secret5) turns a password into an IOS C(secret 5) md5-crypt hash with a salt derived
    from the device and user names, so the rendered line matches the running config every time.
  - C(vlan_ranges) prints a VLAN list the way IOS does (C(10,40,99-100)).
  - C(port_ranges) prints ProCurve port lists (C(1-3,26)) in the device's port order.
  - C(cisco_mac) writes a MAC the IOS-XE way (C(aabb.ccdd.eeff)).
"""


def ios_secret5(password: Any, device: Any, user: Any) -> str:
    return render.ios_secret5(password=str(password), device=str(device), user=str(user))


def vlan_ranges(numbers: Any) -> str:
    return render.number_ranges(numbers=[int(n) for n in numbers])


def port_ranges(ports: Any, order: Any) -> str:
    return render.port_ranges(ports=[str(p) for p in ports], order=[str(o) for o in order])


def cisco_mac(mac: Any) -> str:
    return _cisco_mac(str(mac))


class FilterModule:
    """provisioner network filters."""

    def filters(self) -> dict[str, Any]:
        return {"ios_secret5": ios_secret5, "vlan_ranges": vlan_ranges, "port_ranges": port_ranges, "cisco_mac": cisco_mac}
