"""The inventory as plain data: groups, group variables and host variables."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class TrustedExpr(str):
    """A Jinja expression that provisioner built itself (a secret lookup); the only string Ansible may template."""

    __slots__ = ()


@dataclass
class InventoryData:
    """Groups with their hosts, variables per group and per host, and each host's site."""

    groups: dict[str, list[str]] = field(default_factory=dict)
    children: dict[str, list[str]] = field(default_factory=dict)
    group_vars: dict[str, dict[str, Any]] = field(default_factory=dict)
    hostvars: dict[str, dict[str, Any]] = field(default_factory=dict)
    site_of: dict[str, str] = field(default_factory=dict)
    memberships: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)

    def add_host(self, host: str, hostvars: dict[str, Any], groups: list[str], site: str | None) -> None:
        self.hostvars[host] = hostvars
        self.memberships[host] = groups
        for group in groups:
            self.groups.setdefault(group, []).append(host)
        if site is not None:
            self.site_of[host] = site

    def set_group_vars(self, group: str, values: dict[str, Any]) -> None:
        self.groups.setdefault(group, [])
        self.group_vars.setdefault(group, {}).update(values)

    def vars_for(self, host: str) -> dict[str, Any]:
        """The host's variables merged over its groups' (all first), as Ansible would see them."""
        merged = dict(self.group_vars.get("all", {}))
        for group in sorted(self.memberships.get(host, [])):
            merged.update(self.group_vars.get(group, {}))
        merged.update(self.hostvars[host])
        return merged


def group_name(*parts: str) -> str:
    """'site', 'gym-lise-meitner' -> 'site_gym_lise_meitner' (Ansible group names take no dashes)."""
    return "_".join(parts).replace("-", "_").replace(".", "_")
