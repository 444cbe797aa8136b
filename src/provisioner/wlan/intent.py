"""What a controller should hold, as plain data for the inventory and the platform templates."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from provisioner.registry.org import Org, SsidProfile
from provisioner.registry.site import Site
from provisioner.wlan import names

# registry band -> the band word the templates use
BANDS = {"2.4ghz": "24ghz", "5ghz": "5ghz", "6ghz": "6ghz"}


def site_ssids(org: Org, site: Site) -> dict[str, SsidProfile]:
    """The SSID profiles this site's type gets, where the site has a subnet for their zone."""
    return {key: p for key, p in org.ssids.items() if site.type in p.site_types and p.zone in site.subnets and p.zone in org.zones}


def ssid_vars(org: Org, secret: Callable[[Any], Any]) -> list[dict[str, Any]]:
    """Every SSID profile, ordered by WLAN id; `secret` turns a secret reference into a lookup."""
    out = []
    for key, profile in sorted(org.ssids.items(), key=lambda item: item[1].wlan_id):
        security = profile.security
        out.append(
            {
                "key": key,
                "profile": names.wlan_profile(key),
                "ssid": profile.ssid,
                "wlan_id": profile.wlan_id,
                "zone": profile.zone,
                "vlan": org.zones[profile.zone].vlan if profile.zone in org.zones else None,
                "audience": profile.audience,
                "bands": [BANDS[b] for b in profile.bands],
                "hidden": profile.hidden,
                "security": {
                    "mode": security.mode,
                    "radius_servers": list(security.radius_servers),
                    "psk": secret(security.psk),
                    "portal": security.portal,
                },
            }
        )
    return out


def site_vars(org: Org, site: Site, *, group: str, mgmt_zone: str) -> dict[str, Any]:
    """One site as its controller sees it: object names, VLANs per zone, SSIDs and APs."""
    ssids = site_ssids(org, site)
    zones = sorted({p.zone for p in ssids.values()}, key=lambda z: org.zones[z].vlan)
    return {
        "group": group,
        "flex_profile": names.flex_profile(site.id),
        "site_tag": names.site_tag(site.id),
        "policy_tag": names.policy_tag(site.id),
        "native_vlan": org.zones[mgmt_zone].vlan if mgmt_zone in org.zones else None,
        "zones": [{"zone": z, "vlan": org.zones[z].vlan, "policy_profile": names.policy_profile(site.id, z)} for z in zones],
        "wlans": [
            {"key": key, "profile": names.wlan_profile(key), "policy_profile": names.policy_profile(site.id, p.zone)}
            for key, p in ssids.items()
        ],
        "aps": [{"name": ap.name, "mac": ap.mac, "room": ap.room, "model": ap.model} for ap in site.access_points],
    }


def controller_sites(sites: Iterable[Site], controller: str) -> list[Site]:
    """The sites a controller runs, in registry order."""
    return [site for site in sites if site.controller == controller]
