"""Every name a site refers to exists: zones, rooms, images, switches and their AP ports, the controller."""

from __future__ import annotations

from collections.abc import Iterator

from provisioner.platforms import PortSpecError, normalize_port
from provisioner.registry.issues import Issue
from provisioner.registry.load import Registry, SiteEntry
from provisioner.registry.org import Org
from provisioner.registry.ports import assigned_ports

MGMT_ZONE = "mgmt"


def check(registry: Registry) -> list[Issue]:
    """Reference checks for the org file and every site."""
    issues = list(_org_refs(registry.org, registry.org_file))
    for entry in registry.sites:
        issues.extend(_site_refs(registry.org, entry))
    return issues


def _org_refs(org: Org, file: str) -> Iterator[Issue]:
    for name, profile in org.ssids.items():
        if profile.zone not in org.zones:
            yield _unknown(file, f"ssids.{name}.zone", "zone", profile.zone, org.zones)


def _unknown(file: str, path: str, what: str, value: str, defined: object) -> Issue:
    names = ", ".join(sorted(defined)) if defined else "none"  # type: ignore[call-overload]
    where = "org.yml" if what in ("zone", "image profile", "WLAN controller") else "this site"
    return Issue(
        file=file,
        path=path,
        message=f"{what} '{value}' is not defined in {where} (defined: {names})",
        fix=f"use a defined {what} or add '{value}'",
    )


def _site_refs(org: Org, entry: SiteEntry) -> Iterator[Issue]:
    yield from _subnet_refs(org, entry)
    yield from _room_refs(org, entry)
    yield from _switch_refs(org, entry)
    yield from _ap_refs(entry)
    yield from _misc_refs(org, entry)


def _subnet_refs(org: Org, entry: SiteEntry) -> Iterator[Issue]:
    for zone in entry.site.subnets:
        if zone not in org.zones:
            yield _unknown(entry.file, f"subnets.{zone}", "zone", zone, org.zones)


def _needs_subnet(entry: SiteEntry, zone: str, path: str) -> Issue | None:
    if zone in entry.site.subnets:
        return None
    return Issue(
        file=entry.file,
        path=path,
        message=f"zone '{zone}' is used here but the site has no subnet for it",
        fix=f"add subnets.{zone} (provisioner registry allocate can pick one from the pool)",
    )


def _room_refs(org: Org, entry: SiteEntry) -> Iterator[Issue]:
    for r, room in enumerate(entry.site.rooms):
        path = f"rooms[{r}]"
        if room.zone not in org.zones:
            yield _unknown(entry.file, f"{path}.zone", "zone", room.zone, org.zones)
        elif room.clients and (missing := _needs_subnet(entry, room.zone, f"{path}.zone")):
            yield missing
        if room.image is not None and room.image not in org.images:
            yield _unknown(entry.file, f"{path}.image", "image profile", room.image, org.images)
        for c, client in enumerate(room.clients):
            if client.image is not None and client.image not in org.images:
                yield _unknown(entry.file, f"{path}.clients[{c}].image", "image profile", client.image, org.images)
            elif client.image is None and room.image is None:
                yield Issue(
                    file=entry.file,
                    path=f"{path}.clients[{c}]",
                    message=f"client '{client.name}' has no image profile",
                    fix="set image on the client or on its room",
                )


def _switch_refs(org: Org, entry: SiteEntry) -> Iterator[Issue]:
    rooms = {room.id for room in entry.site.rooms}
    if entry.site.switches and (missing := _needs_subnet(entry, MGMT_ZONE, "switches")):
        yield missing
    for s, switch in enumerate(entry.site.switches):
        if switch.room is not None and switch.room not in rooms:
            yield _unknown(entry.file, f"switches[{s}].room", "room", switch.room, rooms)
        for p, group in enumerate(switch.ports):
            path = f"switches[{s}].ports[{p}]"
            if group.room is not None and group.room not in rooms:
                yield _unknown(entry.file, f"{path}.room", "room", group.room, rooms)
            if group.zone is not None and group.zone not in org.zones:
                yield _unknown(entry.file, f"{path}.zone", "zone", group.zone, org.zones)
            elif group.zone is not None and (missing := _needs_subnet(entry, group.zone, f"{path}.zone")):
                yield missing


def _ap_refs(entry: SiteEntry) -> Iterator[Issue]:
    rooms = {room.id for room in entry.site.rooms}
    switches = {sw.name: (i, sw) for i, sw in enumerate(entry.site.switches)}
    port_maps: dict[str, dict[str, object]] = {}
    for a, ap in enumerate(entry.site.access_points):
        path = f"access_points[{a}]"
        if ap.room not in rooms:
            yield _unknown(entry.file, f"{path}.room", "room", ap.room, rooms)
        if ap.switch not in switches:
            yield _unknown(entry.file, f"{path}.switch", "switch", ap.switch, switches)
            continue
        index, switch = switches[ap.switch]
        if ap.switch not in port_maps:
            port_maps[ap.switch] = dict(assigned_ports(switch=switch, path=f"switches[{index}]", file=entry.file)[0])
        yield from _ap_port(entry.file, path, ap.port, switch.platform, ap.switch, port_maps[ap.switch])


def _ap_port(file: str, path: str, port: str, platform: str, switch: str, ports: dict[str, object]) -> Iterator[Issue]:
    try:
        name = normalize_port(platform=platform, name=port)
    except PortSpecError as exc:
        yield Issue(file=file, path=f"{path}.port", message=f"port {exc}", fix="use a port name of the switch's platform")
        return
    assigned = ports.get(name)
    profile = getattr(getattr(assigned, "group", None), "profile", None)
    if profile != "ap":
        found = f"has profile '{profile}'" if profile else "is not assigned in the registry"
        yield Issue(
            file=file,
            path=f"{path}.port",
            message=f"port {name} on {switch} {found}, but an AP hangs on it",
            fix=f"give {name} the 'ap' profile on {switch}, or move the AP to an AP port",
        )


def _misc_refs(org: Org, entry: SiteEntry) -> Iterator[Issue]:
    site = entry.site
    rooms = {room.id for room in site.rooms}
    controllers = {c.name for c in org.wlan_controllers}
    for p, printer in enumerate(site.printers):
        if printer.room not in rooms:
            yield _unknown(entry.file, f"printers[{p}].room", "room", printer.room, rooms)
    if site.controller is not None and site.controller not in controllers:
        yield _unknown(entry.file, "controller", "WLAN controller", site.controller, controllers)
    if site.access_points and site.controller is None:
        yield Issue(
            file=entry.file,
            path="controller",
            message="the site has access points but no WLAN controller",
            fix=f"set controller: to one of {', '.join(sorted(controllers)) or 'the controllers in org.yml'}",
        )
    yield from _ssid_subnets(org, entry)


def _ssid_subnets(org: Org, entry: SiteEntry) -> Iterator[Issue]:
    if not entry.site.access_points:
        return
    for name, profile in org.ssids.items():
        if entry.site.type in profile.site_types and profile.zone in org.zones and profile.zone not in entry.site.subnets:
            yield Issue(
                file=entry.file,
                path="subnets",
                message=f"the site gets SSID profile '{name}' (zone {profile.zone}) but has no subnet for zone {profile.zone}",
                fix=f"add subnets.{profile.zone}",
            )
