"""Expand a switch's port groups into one entry per interface, with the issues found on the way."""

from __future__ import annotations

from dataclasses import dataclass

from provisioner.platforms import PLATFORMS, PortSpecError, expand_ports
from provisioner.registry.issues import Issue
from provisioner.registry.site import PortGroup, Switch


@dataclass(frozen=True)
class AssignedPort:
    """One interface and the registry port group that configures it."""

    name: str
    group: PortGroup
    group_index: int


def assigned_ports(*, switch: Switch, path: str, file: str) -> tuple[dict[str, AssignedPort], list[Issue]]:
    """Map full interface name -> its port group; report bad names, unknown ports and doubles."""
    spec = PLATFORMS[switch.platform]
    layout = set(spec.models[switch.model].names()) if switch.model in spec.models else None
    out: dict[str, AssignedPort] = {}
    issues: list[Issue] = []
    for index, group in enumerate(switch.ports):
        where = f"{path}.ports[{index}]"
        try:
            names = expand_ports(platform=switch.platform, spec=group.ports)
        except PortSpecError as exc:
            issues.append(Issue(file=file, path=where, message=f"ports {exc}", fix=_port_fix(switch.platform)))
            continue
        for name in names:
            issues.extend(_place(out=out, name=name, group=group, index=index, layout=layout, where=where, file=file, switch=switch))
    return out, issues


def _place(
    *, out: dict[str, AssignedPort], name: str, group: PortGroup, index: int, layout: set[str] | None, where: str, file: str, switch: Switch
) -> list[Issue]:
    if layout is not None and name not in layout:
        return [
            Issue(file=file, path=where, message=f"port {name} does not exist on a {switch.model}", fix="use a port of the model's layout")
        ]
    if name in out:
        first = out[name].group_index
        return [
            Issue(file=file, path=where, message=f"port {name} is already assigned in ports[{first}]", fix="assign each port only once")
        ]
    out[name] = AssignedPort(name=name, group=group, group_index=index)
    return []


def _port_fix(platform: str) -> str:
    if platform == "cisco_ios":
        return "write ports like Gi1/0/1, Gi1/0/1-24 or Te1/1/1, separated by commas"
    return "write ports like 1, 1-24 or A1, separated by commas"
