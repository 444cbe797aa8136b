"""IPv4 address checks of a simulated IOS device, with the messages IOS prints when it refuses one."""

from __future__ import annotations

import ipaddress

from provisioner.lab.ios_config import IosConfig


def mask_problem(ip: str, mask: str) -> str | None:
    """IOS's refusal of an address/mask pair, or None when an interface may hold it.

    A mask that is not contiguous: ``Bad mask 0xFF00FF00 for address A``; a network or broadcast
    address (prefixes up to /30): ``% Bad mask /24 for address A``.
    """
    try:
        network = ipaddress.IPv4Network(f"{ip}/{mask}", strict=False)
    except ValueError:
        return f"Bad mask 0x{int(ipaddress.IPv4Address(mask)):08X} for address {ip}\n"
    address = ipaddress.IPv4Address(ip)
    if network.prefixlen <= 30 and address in (network.network_address, network.broadcast_address):
        return f"% Bad mask /{network.prefixlen} for address {ip}\n"
    return None


def _subnets(config: IosConfig) -> list[tuple[str, ipaddress.IPv4Network]]:
    found = [(f"Vlan{vlan_id}", svi.ip) for vlan_id, svi in sorted(config.svis.items())]
    found += [(name, port.ip) for name, port in config.ports.items()]
    return [(name, ipaddress.IPv4Interface(ip.replace(" ", "/")).network) for name, ip in found if ip]


def overlap(config: IosConfig, *, interface: str, ip: str, mask: str) -> str | None:
    """``% 10.0.0.0 overlaps with Vlan10`` when another interface holds a subnet that overlaps."""
    wanted = ipaddress.IPv4Interface(f"{ip}/{mask}").network
    for name, subnet in _subnets(config):
        if name != interface and subnet.overlaps(wanted):
            return f"% {wanted.network_address} overlaps with {name}\n"
    return None
