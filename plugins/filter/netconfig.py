"""Jinja filters for the device templates: provisioner.netconfig.render.jinja_filters.

Each filter documents itself in a YAML file beside this one (ios_secret5.yml, vlan_ranges.yml, ...).
"""

from __future__ import annotations

from typing import Any

from provisioner.netconfig import render


class FilterModule:
    """provisioner network filters (the same ones the net_config action's renderer has)."""

    def filters(self) -> dict[str, Any]:
        return render.jinja_filters()
