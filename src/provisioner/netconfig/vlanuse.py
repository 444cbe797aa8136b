"""Which VLANs ports use after a push (the future config), so that a purge never strands a port.

IOS: an interface uses its access, native and voice VLAN and its trunk's allowed list; a trunk
without an allowed list carries every VLAN. ArubaOS-Switch: a VLAN is used while it has tagged
ports, or untagged ports that the intended config does not move into another VLAN.
"""

from __future__ import annotations

import re

from provisioner.netconfig.blocks import Block

EVERY_VLAN = "*"
_IOS_ONE = re.compile(r"^switchport (?:access|voice|trunk native) vlan (\d+)$")
_IOS_LIST = re.compile(r"^switchport trunk allowed vlan (?:add )?([\d,\-]+)$")
_PORT_RANGE = re.compile(r"^(?P<head>.*?)(?P<first>\d+)-(?P=head)?(?P<last>\d+)$")


def used_vlans(*, platform: str, running: list[Block], intended: list[Block]) -> set[str]:
    """VLAN ids (strings) that ports use once intended is applied over running."""
    if platform == "HP_PROCURVE":
        return _procurve_used(running, intended)
    future = {b.header: b for b in running if b.header.startswith("interface ")}
    future.update({b.header: b for b in intended if b.header.startswith("interface ")})
    used: set[str] = set()
    for block in future.values():
        used |= _ios_interface_vlans([child for child, _ in block.children()])
    if EVERY_VLAN in used:
        return {b.header.split()[1] for b in running if b.header.startswith("vlan ")}
    return used


def _ios_interface_vlans(children: list[str]) -> set[str]:
    used: set[str] = set()
    listed = False
    for child in children:
        one, many = _IOS_ONE.match(child), _IOS_LIST.match(child)
        if one:
            used.add(one.group(1))
        elif many:
            listed = True
            used |= expand_numbers(many.group(1))
    if "switchport mode trunk" in children and not listed:
        used.add(EVERY_VLAN)
    return used


def expand_numbers(text: str) -> set[str]:
    """'10,20-22' -> {'10', '20', '21', '22'}."""
    out: set[str] = set()
    for part in filter(None, text.split(",")):
        first, _, last = part.partition("-")
        out |= {str(n) for n in range(int(first), int(last or first) + 1)}
    return out


def expand_ports(text: str) -> set[str]:
    """ProCurve port lists: '1-3,A1-A2,1/1-1/4' -> each port name."""
    out: set[str] = set()
    for part in filter(None, text.split(",")):
        match = _PORT_RANGE.match(part)
        if match is None:
            out.add(part)
            continue
        head, first, last = match["head"], int(match["first"]), int(match["last"])
        out |= {f"{head}{n}" for n in range(first, last + 1)}
    return out


def _members(block: Block, kind: str) -> set[str]:
    ports: set[str] = set()
    for child, _ in block.children():
        if child.startswith(f"{kind} "):
            ports |= expand_ports(child.split(" ", 1)[1])
    return ports


def _procurve_used(running: list[Block], intended: list[Block]) -> set[str]:
    moved: set[str] = set()
    for block in intended:
        if block.header.startswith("vlan "):
            moved |= _members(block, "untagged")
    used: set[str] = set()
    for block in running:
        if block.header.startswith("vlan ") and (_members(block, "tagged") or _members(block, "untagged") - moved):
            used.add(block.header.split()[1])
    return used
