"""Conflicts of devices.csv rows with the registry as it is: each named by its CSV line.

An import must report, in one run, every row whose MAC, IP or host name is already used by
something else in the registry, and every IP outside the site's subnet for the row's zone, so
the user fixes the CSV once, not file by file.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network
from typing import Protocol

from provisioner.registry.issues import Issue
from provisioner.registry.load import Registry, SiteEntry


class Row(Protocol):
    """What a devices.csv row needs to have for the conflict checks (importer.DeviceRow)."""

    @property
    def line(self) -> int: ...
    @property
    def room(self) -> str: ...
    @property
    def hostname(self) -> str: ...
    @property
    def mac(self) -> str: ...
    @property
    def ip(self) -> str | None: ...
    @property
    def role(self) -> str: ...


@dataclass(frozen=True)
class Owner:
    """Something in the registry that holds a MAC, an IP or a host name."""

    kind: str
    name: str
    site: str
    where: str

    def describe(self) -> str:
        return f"{self.kind} {self.name} at {self.where}"


Index = dict[str, dict[str, Owner]]


def registry_index(registry: Registry) -> Index:
    """Every MAC, IP and host name in the registry, with what owns it."""
    index: Index = {"mac": {}, "ip": {}, "hostname": {}}
    for controller in registry.org.wlan_controllers:
        owner = Owner("controller", controller.name, "", registry.org_file)
        _add(index, owner, mac=None, ip=controller.mgmt_ip)
    for entry in registry.sites:
        for owner, mac, ip in _owners(entry):
            _add(index, owner, mac=mac, ip=ip)
    return index


def _add(index: Index, owner: Owner, *, mac: str | None, ip: str | None) -> None:
    index["hostname"].setdefault(owner.name.lower(), owner)
    if mac:
        index["mac"].setdefault(mac, owner)
    if ip:
        index["ip"].setdefault(ip, owner)


def _owners(entry: SiteEntry) -> Iterator[tuple[Owner, str | None, str | None]]:
    site, file = entry.site, entry.file
    for s, sw in enumerate(site.switches):
        yield Owner("switch", sw.name, site.id, f"{file}: switches[{s}]"), None, sw.mgmt_ip
    for a, ap in enumerate(site.access_points):
        yield Owner("access point", ap.name, site.id, f"{file}: access_points[{a}]"), ap.mac, ap.ip
    for r, room in enumerate(site.rooms):
        for c, client in enumerate(room.clients):
            yield Owner("client", client.name, site.id, f"{file}: rooms[{r}].clients[{c}]"), client.mac, client.ip
    for p, printer in enumerate(site.printers):
        yield Owner("printer", printer.name, site.id, f"{file}: printers[{p}]"), printer.mac, printer.ip
    for zone, subnet in site.subnets.items():
        yield Owner("gateway", f"of zone {zone}", site.id, f"{file}: subnets.{zone}"), None, subnet.gateway


def row_conflicts(*, rows: Sequence[Row], registry: Registry, site: SiteEntry, zone: str, file: str, printer_role: str) -> list[Issue]:
    """One issue per conflict of a row with the registry (the entry the row replaces excepted)."""
    index = registry_index(registry)
    issues: list[Issue] = []
    for row in rows:
        kind = "printer" if row.role == printer_role else "client"
        for message in _conflicts(row, index, site.site.id, kind):
            issues.append(Issue(file=file, path=f"line {row.line}", message=message, fix="use a free value, or fix the registry entry"))
        problem = _outside(row, site, zone)
        if problem is not None:
            issues.append(Issue(file=file, path=f"line {row.line}", message=problem, fix="use an IP of that subnet, or DHCP"))
    return issues


def _conflicts(row: Row, index: Index, site_id: str, kind: str) -> Iterator[str]:
    for attr, value in (("hostname", row.hostname.lower()), ("mac", row.mac), ("ip", row.ip)):
        owner = index[attr].get(value) if value else None
        if owner is None or _replaced(owner, row, site_id, kind):
            continue
        label = {"hostname": "host name", "mac": "MAC", "ip": "IP"}[attr]
        yield f"{label} '{value}' is already used by {owner.describe()}"


def _replaced(owner: Owner, row: Row, site_id: str, kind: str) -> bool:
    """The import updates the same-named client (or printer) of this site: its old values are no conflict."""
    return owner.kind == kind and owner.site == site_id and owner.name.lower() == row.hostname.lower()


def _outside(row: Row, entry: SiteEntry, default_zone: str) -> str | None:
    if not row.ip:
        return None
    rooms = {room.id: room.zone for room in entry.site.rooms}
    zone = rooms.get(row.room, default_zone)
    subnet = entry.site.subnets.get(zone)
    if subnet is None:
        return f"room {row.room} is in zone {zone}, and site {entry.site.id} has no subnet in it"
    if IPv4Address(row.ip) not in IPv4Network(subnet.subnet):
        return f"IP {row.ip} is outside the site's {zone} subnet {subnet.subnet} (room {row.room} is in zone {zone})"
    return None
