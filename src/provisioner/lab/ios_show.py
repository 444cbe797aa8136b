"""Show commands of a simulated IOS switch beyond the configs: `show vlan brief`."""

from __future__ import annotations

from provisioner.lab.ios_config import IosConfig, IosInterface

_SHORT = {
    "GigabitEthernet": "Gi",
    "TenGigabitEthernet": "Te",
    "FortyGigabitEthernet": "Fo",
    "TwentyFiveGigE": "Twe",
    "AppGigabitEthernet": "Ap",
    "FastEthernet": "Fa",
}
_RESERVED = ((1002, "fddi-default"), (1003, "token-ring-default"), (1004, "fddinet-default"), (1005, "trnet-default"))
_PER_ROW = 4


def short_name(name: str) -> str:
    """'GigabitEthernet1/0/1' -> 'Gi1/0/1', as IOS abbreviates in tables."""
    for long, short in _SHORT.items():
        if name.startswith(long):
            return short + name[len(long) :]
    return name


def _access_member(port: IosInterface) -> bool:
    return port.mode != "trunk" and not port.routed


def _port_cells(names: list[str]) -> list[str]:
    """Four port names per row, comma separated (IOS's layout of the Ports column)."""
    rows = [", ".join(names[i : i + _PER_ROW]) for i in range(0, len(names), _PER_ROW)]
    return rows or [""]


def _row(vlan_id: int, name: str, status: str, ports: list[str]) -> list[str]:
    cells = _port_cells(ports)
    first = f"{vlan_id:<4} {name:<32} {status:<9} {cells[0]}"
    return [first.rstrip() if not cells[0] else first] + [" " * 48 + cell for cell in cells[1:]]


def show_vlan_brief(config: IosConfig) -> str:
    """`show vlan brief`: every VLAN the switch has (VTP mode does not matter), with its access ports."""
    members: dict[int, list[str]] = {}
    for name, port in config.ports.items():
        if _access_member(port):
            members.setdefault(port.access_vlan, []).append(short_name(name))
    lines = [
        "VLAN Name                             Status    Ports",
        "---- -------------------------------- --------- -------------------------------",
    ]
    rows = [(1, "default", "active")] + [(i, n or f"VLAN{i:04d}", "active") for i, n in config.vlans.items()]
    rows += [(i, n, "act/unsup") for i, n in _RESERVED]
    for vlan_id, vlan_name, status in sorted(rows):
        lines += _row(vlan_id, vlan_name, status, members.get(vlan_id, []))
    return "\n".join(lines) + "\n"
