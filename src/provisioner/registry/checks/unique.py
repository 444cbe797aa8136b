"""Uniqueness across the whole city: site ids, host names, MACs and IPs; room ids per site."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from provisioner.registry.issues import Issue
from provisioner.registry.load import Registry, SiteEntry


@dataclass(frozen=True)
class Where:
    """Where a value was first seen."""

    file: str
    path: str


class Seen:
    """Remembers the first place of each value and reports later ones."""

    def __init__(self, what: str, fix: str) -> None:
        self.what, self.fix = what, fix
        self.first: dict[str, Where] = {}

    def add(self, value: str, file: str, path: str) -> Issue | None:
        key = value.lower()
        first = self.first.setdefault(key, Where(file, path))
        if first == Where(file, path):
            return None
        return Issue(file=file, path=path, message=f"{self.what} '{value}' is already used at {first.file}: {first.path}", fix=self.fix)


def check(registry: Registry) -> list[Issue]:
    """All uniqueness checks."""
    hosts = Seen("host name", "give every device a city-wide unique name")
    macs = Seen("MAC", "check the MAC; each device appears once in the registry")
    ips = Seen("IP address", "give every device its own address")
    issues = [i for i in _org(registry, hosts, ips) if i is not None]
    sites = Seen("site id", "give every site its own id")
    for entry in registry.sites:
        issues.extend(i for i in _site(entry, hosts, macs, ips, sites) if i is not None)
    return issues


def _org(registry: Registry, hosts: Seen, ips: Seen) -> Iterator[Issue | None]:
    org, file = registry.org, registry.org_file
    for i, controller in enumerate(org.wlan_controllers):
        yield hosts.add(controller.name, file, f"wlan_controllers[{i}].name")
        yield ips.add(controller.mgmt_ip, file, f"wlan_controllers[{i}].mgmt_ip")
    vlans = Seen("VLAN", "give every zone its own VLAN ID")
    for name, zone in org.zones.items():
        yield vlans.add(str(zone.vlan), file, f"zones.{name}.vlan")
    wlan_ids = Seen("WLAN id", "give every SSID profile its own wlan_id")
    for name, ssid in org.ssids.items():
        yield wlan_ids.add(str(ssid.wlan_id), file, f"ssids.{name}.wlan_id")


def _site(entry: SiteEntry, hosts: Seen, macs: Seen, ips: Seen, sites: Seen) -> Iterator[Issue | None]:
    site, file = entry.site, entry.file
    yield sites.add(site.id, file, "id")
    if file.rsplit("/", 1)[-1].rsplit(".", 1)[0] != site.id:
        yield Issue(
            file=file, path="id", message=f"site id '{site.id}' does not match the file name", fix=f"rename the file to sites/{site.id}.yml"
        )
    rooms = Seen("room id", "give every room of the site its own id")
    for r, room in enumerate(site.rooms):
        yield rooms.add(room.id, file, f"rooms[{r}].id")
        for c, client in enumerate(room.clients):
            path = f"rooms[{r}].clients[{c}]"
            yield hosts.add(client.name, file, f"{path}.name")
            yield macs.add(client.mac, file, f"{path}.mac")
            if client.ip is not None:
                yield ips.add(client.ip, file, f"{path}.ip")
    for s, switch in enumerate(site.switches):
        yield hosts.add(switch.name, file, f"switches[{s}].name")
        yield ips.add(switch.mgmt_ip, file, f"switches[{s}].mgmt_ip")
    for a, ap in enumerate(site.access_points):
        yield hosts.add(ap.name, file, f"access_points[{a}].name")
        yield macs.add(ap.mac, file, f"access_points[{a}].mac")
        if ap.ip is not None:
            yield ips.add(ap.ip, file, f"access_points[{a}].ip")
    for p, printer in enumerate(site.printers):
        yield hosts.add(printer.name, file, f"printers[{p}].name")
        yield ips.add(printer.ip, file, f"printers[{p}].ip")
        if printer.mac is not None:
            yield macs.add(printer.mac, file, f"printers[{p}].mac")
