"""CLI safety: strings that reach a device config fit the platform's limits (content is checked by the schema)."""

from __future__ import annotations

from collections.abc import Iterator

from provisioner.platforms import PLATFORMS
from provisioner.registry.issues import Issue
from provisioner.registry.load import Registry, SiteEntry
from provisioner.registry.org import Org

SSID_MAX_BYTES = 32
WINDOWS_NAME_MAX = 15


def check(registry: Registry) -> list[Issue]:
    """Length limits per platform, SSID length and Windows computer names."""
    issues = list(_ssids(registry.org, registry.org_file))
    issues.extend(_reserved_vlans(registry))
    for entry in registry.sites:
        issues.extend(_switches(entry))
        issues.extend(_windows_names(registry.org, entry))
    return issues


def _ssids(org: Org, file: str) -> Iterator[Issue]:
    for name, profile in org.ssids.items():
        size = len(profile.ssid.encode())
        if size > SSID_MAX_BYTES:
            yield Issue(
                file=file,
                path=f"ssids.{name}.ssid",
                message=f"SSID '{profile.ssid}' is {size} bytes long, the limit is {SSID_MAX_BYTES}",
                fix="shorten the SSID",
            )
    for name in org.zones:
        for platform in PLATFORMS.values():
            if len(name) > platform.vlan_name_max:
                yield Issue(
                    file=file,
                    path=f"zones.{name}",
                    message=f"zone name '{name}' is too long for a {platform.name} VLAN name (max {platform.vlan_name_max})",
                    fix="shorten the zone name",
                )


def _reserved_vlans(registry: Registry) -> Iterator[Issue]:
    """A zone's VLAN must not be one the platforms in use keep for themselves (IOS: 1002-1005)."""
    used: set[str] = {c.platform for c in registry.org.wlan_controllers}
    used.update(sw.platform for e in registry.sites for sw in e.site.switches)
    for name, zone in registry.org.zones.items():
        for platform in sorted(used):
            reserved = PLATFORMS[platform].reserved_vlans
            if zone.vlan in reserved:
                yield Issue(
                    file=registry.org_file,
                    path=f"zones.{name}.vlan",
                    message=f"VLAN {zone.vlan} is reserved on {platform} ({min(reserved)}-{max(reserved)}), which this registry uses",
                    fix="choose another VLAN id for the zone",
                )


def _switches(entry: SiteEntry) -> Iterator[Issue]:
    for s, switch in enumerate(entry.site.switches):
        spec = PLATFORMS[switch.platform]
        if len(switch.name) > spec.hostname_max:
            yield Issue(
                file=entry.file,
                path=f"switches[{s}].name",
                message=f"'{switch.name}' is longer than the {spec.hostname_max} characters {switch.platform} allows in a host name",
                fix="shorten the name",
            )
        for p, group in enumerate(switch.ports):
            if group.description is not None and len(group.description) > spec.description_max:
                yield Issue(
                    file=entry.file,
                    path=f"switches[{s}].ports[{p}].description",
                    message=f"description is {len(group.description)} characters, {switch.platform} allows {spec.description_max}",
                    fix="shorten the description",
                )


def _windows_names(org: Org, entry: SiteEntry) -> Iterator[Issue]:
    for r, room in enumerate(entry.site.rooms):
        for c, client in enumerate(room.clients):
            image = org.images.get(client.image or room.image or "")
            if image is not None and image.os_family == "windows" and len(client.name) > WINDOWS_NAME_MAX:
                yield Issue(
                    file=entry.file,
                    path=f"rooms[{r}].clients[{c}].name",
                    message=f"Windows computer name '{client.name}' has {len(client.name)} characters, Windows allows {WINDOWS_NAME_MAX}",
                    fix="use a name of at most 15 characters",
                )
