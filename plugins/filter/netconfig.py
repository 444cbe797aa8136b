"""Jinja filters for the device templates: provisioner.netconfig.render.jinja_filters."""

from __future__ import annotations

from typing import Any

from provisioner.netconfig import render

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


class FilterModule:
    """provisioner network filters (the same ones the net_config action's renderer has)."""

    def filters(self) -> dict[str, Any]:
        return render.jinja_filters()
