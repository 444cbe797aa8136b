"""Host variables of switches: VLANs, one entry per interface, the management SVI."""

from __future__ import annotations

from ipaddress import IPv4Network
from typing import Any

from provisioner.platforms import PLATFORMS, normalize_port
from provisioner.registry.checks.references import MGMT_ZONE
from provisioner.registry.org import Org
from provisioner.registry.ports import AssignedPort, assigned_ports
from provisioner.registry.site import AccessPoint, Site, Switch
from provisioner.wlan.intent import site_ssids


def site_vlans(org: Org, site: Site) -> list[dict[str, Any]]:
    """Every zone that has a subnet at the site, as a VLAN named by its zone."""
    vlans = [{"id": org.zones[z].vlan, "name": z, "zone": z} for z in site.subnets if z in org.zones]
    return sorted(vlans, key=lambda v: v["id"])


def wlan_vlans(org: Org, site: Site) -> list[int]:
    """The VLANs of the SSIDs this site type gets, where the site has a subnet for them."""
    return sorted({org.zones[p.zone].vlan for p in site_ssids(org, site).values()})


def switch_vars(*, org: Org, site: Site, switch: Switch, file: str, index: int) -> dict[str, Any]:
    """device_* variables of one switch."""
    mgmt = IPv4Network(site.subnets[MGMT_ZONE].subnet)
    ports, _ = assigned_ports(switch=switch, path=f"switches[{index}]", file=file)
    aps = _ap_ports(site, switch)
    context = _PortContext(org=org, site=site, aps=aps, vlans=[v["id"] for v in site_vlans(org, site)])
    layout = PLATFORMS[switch.platform].layout(switch.model).names()
    return {
        "device_vlans": site_vlans(org, site),
        "device_ports": [_port(context, name, ports.get(name)) for name in layout],
        "device_mgmt_vlan": org.zones[MGMT_ZONE].vlan,
        "device_mgmt_netmask": str(mgmt.netmask),
        "device_mgmt_prefixlen": mgmt.prefixlen,
        "device_mgmt_gateway": site.subnets[MGMT_ZONE].gateway,
    }


def _ap_ports(site: Site, switch: Switch) -> dict[str, AccessPoint]:
    """The APs hanging on this switch, by full port name."""
    return {normalize_port(platform=switch.platform, name=ap.port): ap for ap in site.access_points if ap.switch == switch.name}


class _PortContext:
    def __init__(self, *, org: Org, site: Site, aps: dict[str, AccessPoint], vlans: list[int]) -> None:
        self.org, self.site, self.aps, self.vlans = org, site, aps, vlans
        self.rooms = {room.id: room for room in site.rooms}
        self.wlan = wlan_vlans(org, site)
        self.mgmt_vlan = org.zones[MGMT_ZONE].vlan


def _port(ctx: _PortContext, name: str, assigned: AssignedPort | None) -> dict[str, Any]:
    profile = assigned.group.profile if assigned else "unused"
    explicit = assigned.group.description if assigned else None
    base: dict[str, Any] = {
        "name": name,
        "profile": profile,
        "access_vlan": None,
        "native_vlan": None,
        "tagged_vlans": [],
        "poe": True,
        "edge": True,
        "shutdown": False,
    }
    if profile == "access" and assigned is not None:
        zone = assigned.group.zone or ctx.rooms[str(assigned.group.room)].zone
        label = f"{assigned.group.room} {zone}" if assigned.group.room else zone
        return {**base, "description": explicit or label, "access_vlan": ctx.org.zones[zone].vlan}
    if profile == "ap":
        ap = ctx.aps.get(name)
        label = f"ap {ap.name}" if ap else "ap port"
        return {**base, "description": explicit or label, "native_vlan": ctx.mgmt_vlan, "tagged_vlans": ctx.wlan}
    if profile == "uplink":
        return {**base, "description": explicit or "uplink", "tagged_vlans": ctx.vlans, "poe": False, "edge": False}
    return {**base, "description": explicit or "unused", "poe": False, "shutdown": True}
