"""Network sanity: subnets inside their pools and never overlapping, addresses inside their subnets, ports."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Network

from provisioner.platforms import PLATFORMS
from provisioner.registry.checks.references import MGMT_ZONE
from provisioner.registry.issues import Issue
from provisioner.registry.load import Registry, SiteEntry
from provisioner.registry.org import Org
from provisioner.registry.ports import assigned_ports


@dataclass(frozen=True)
class PlacedSubnet:
    """A site subnet and where it is written."""

    net: IPv4Network
    file: str
    path: str


def check(registry: Registry) -> list[Issue]:
    """All network checks; the overlap check sorts once instead of comparing all pairs."""
    issues: list[Issue] = []
    placed: list[PlacedSubnet] = []
    for entry in registry.sites:
        issues.extend(_subnets(registry.org, entry, placed))
        issues.extend(_addresses(entry))
        issues.extend(_ports(entry))
    issues.extend(_overlaps(placed))
    return issues


def _subnets(org: Org, entry: SiteEntry, placed: list[PlacedSubnet]) -> Iterator[Issue]:
    for zone, subnet in entry.site.subnets.items():
        path = f"subnets.{zone}"
        net = IPv4Network(subnet.subnet)
        placed.append(PlacedSubnet(net, entry.file, path))
        pool = org.zones.get(zone)
        if pool is not None and not net.subnet_of(IPv4Network(pool.pool)):
            yield Issue(
                file=entry.file,
                path=f"{path}.subnet",
                message=f"{net} is not inside the {zone} pool {pool.pool}",
                fix="allocate the subnet from the zone's pool in org.yml",
            )
        gateway = IPv4Address(subnet.gateway)
        if problem := _host_problem(gateway, net, None):
            yield Issue(file=entry.file, path=f"{path}.gateway", message=f"gateway {gateway} {problem}", fix=f"use a host address of {net}")


def _host_problem(ip: IPv4Address, net: IPv4Network, gateway: IPv4Address | None) -> str | None:
    if ip not in net:
        return f"is not inside {net}"
    if net.prefixlen < 31 and ip in (net.network_address, net.broadcast_address):
        return f"is the {'network' if ip == net.network_address else 'broadcast'} address of {net}"
    if ip == gateway:
        return "is the subnet's gateway"
    return None


def _addresses(entry: SiteEntry) -> Iterator[Issue]:
    subnets = {z: (IPv4Network(s.subnet), IPv4Address(s.gateway)) for z, s in entry.site.subnets.items()}
    site = entry.site
    for s, switch in enumerate(site.switches):
        yield from _in_zone(entry.file, f"switches[{s}].mgmt_ip", switch.mgmt_ip, MGMT_ZONE, subnets)
    for a, ap in enumerate(site.access_points):
        if ap.ip is not None:
            yield from _in_zone(entry.file, f"access_points[{a}].ip", ap.ip, MGMT_ZONE, subnets)
    zones = {room.id: room.zone for room in site.rooms}
    for r, room in enumerate(site.rooms):
        for c, client in enumerate(room.clients):
            if client.ip is not None:
                yield from _in_zone(entry.file, f"rooms[{r}].clients[{c}].ip", client.ip, room.zone, subnets)
    for p, printer in enumerate(site.printers):
        if printer.room in zones:
            yield from _in_zone(entry.file, f"printers[{p}].ip", printer.ip, zones[printer.room], subnets)


def _in_zone(file: str, path: str, ip: str, zone: str, subnets: dict[str, tuple[IPv4Network, IPv4Address]]) -> Iterator[Issue]:
    if zone not in subnets:
        return  # reported by the reference checks
    net, gateway = subnets[zone]
    if problem := _host_problem(ipaddress.IPv4Address(ip), net, gateway):
        yield Issue(
            file=file, path=path, message=f"{ip} {problem} (zone {zone})", fix=f"use a free host address of the site's {zone} subnet {net}"
        )


def _overlaps(placed: list[PlacedSubnet]) -> Iterator[Issue]:
    """Sort by start address; a subnet overlaps another iff it starts before the furthest end so far."""
    placed.sort(key=lambda p: (int(p.net.network_address), p.net.prefixlen))
    widest: PlacedSubnet | None = None
    for current in placed:
        if widest is not None and int(current.net.network_address) <= int(widest.net.broadcast_address):
            yield Issue(
                file=current.file,
                path=current.path,
                message=f"{current.net} overlaps {widest.net} at {widest.file}: {widest.path}",
                fix="allocate a free subnet from the zone's pool",
            )
        if widest is None or int(current.net.broadcast_address) > int(widest.net.broadcast_address):
            widest = current


def _ports(entry: SiteEntry) -> Iterator[Issue]:
    for s, switch in enumerate(entry.site.switches):
        spec = PLATFORMS[switch.platform]
        if switch.model not in spec.models:
            known = ", ".join(sorted(spec.models))
            yield Issue(
                file=entry.file,
                path=f"switches[{s}].model",
                message=f"model '{switch.model}' is unknown for {switch.platform}",
                fix=f"use one of {known}, or add its port layout to provisioner/platforms.py",
            )
            continue
        yield from assigned_ports(switch=switch, path=f"switches[{s}]", file=entry.file)[1]
