"""The network devices of an inventory source, with their variables and a login, for backup and drift.

The same registry -> inventory path as the site_registry plugin (provisioner.inventory), so a
device has exactly the host, port, user and password a rollout would use; with PROVISIONER_LAB=1
the endpoints are the running lab's. Secrets are the inventory's own expressions: an `env`
reference is read from the environment; a vault reference needs Ansible and is refused by name.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from provisioner.errors import ProvisionerError
from provisioner.inventory import InventoryData, TrustedExpr, load_inventory, read_source
from provisioner.netconfig.models import DeviceTarget

CENTRAL = "(central)"
"""The pseudo-site of hosts in no site (the WLAN controllers), as rollouts name it."""
ROLES = ("role_switch", "role_wlan_controller")
_ENV_LOOKUP = re.compile(r"^\{\{\s*lookup\(\s*'(?:ansible\.builtin\.)?env'\s*,\s*'([A-Za-z_][A-Za-z0-9_]*)'\s*\)\s*\}\}$")


class Day2Error(ProvisionerError):
    """Backup, drift or report cannot run as asked; the message names the input and the fix."""


@dataclass(frozen=True)
class Device:
    """One switch or WLAN controller: its site, role, variables (secrets resolved) and login."""

    name: str
    site: str
    role: str
    platform: str
    target: DeviceTarget
    variables: dict[str, Any] = field(repr=False, compare=False)
    secrets: tuple[str, ...] = field(default=(), repr=False, compare=False)
    """The values of the device's secret references (to mask them anywhere)."""


@dataclass(frozen=True)
class Fleet:
    """The selected devices, every site id with its type, and the warnings of the inventory."""

    devices: tuple[Device, ...]
    site_types: dict[str, str]
    warnings: tuple[str, ...] = ()

    def secrets(self) -> list[str]:
        """Every resolved secret value (to mask them wherever they might appear)."""
        return sorted({s for d in self.devices for s in d.secrets})


def load_fleet(*, source: Path, sites: Sequence[str] = ()) -> Fleet:
    """The switches and controllers of `source` (a *site_registry.yml), limited to `sites` if given."""
    if not source.exists():
        raise Day2Error(f"inventory {source}: no such file (fix: -i path/to/site_registry.yml)")
    registry, inventory = load_inventory(read_source(source.absolute()))
    site_types = {entry.site.id: str(entry.site.type) for entry in registry.sites}
    unknown = [s for s in sites if s not in site_types and s != CENTRAL]
    if unknown:
        raise Day2Error(f"--site {', '.join(unknown)}: not in the registry {source} (known: {', '.join(sorted(site_types)[:8])}, ...)")
    devices = [d for d in _devices(inventory) if not sites or d.site in sites]
    return Fleet(devices=tuple(devices), site_types=site_types, warnings=tuple(inventory.warnings))


def _devices(inventory: InventoryData) -> list[Device]:
    out: list[Device] = []
    for role in ROLES:
        for host in inventory.groups.get(role, []):
            secrets: list[str] = []
            variables = resolve(inventory.vars_for(host), where=host, found=secrets)
            site = inventory.site_of.get(host, CENTRAL)
            platform = str(variables["device_platform"])
            target = _target(host, variables)
            out.append(Device(host, site, role.removeprefix("role_"), platform, target, variables, tuple(sorted(set(secrets)))))
    return out


def _target(host: str, values: Mapping[str, Any]) -> DeviceTarget:
    password = str(values.get("ansible_password") or "")
    if not password:
        raise Day2Error(f"{host}: ansible_password is empty (fix: set the environment variable org.yml credentials refer to)")
    return DeviceTarget(
        name=str(values.get("device_name") or host),
        host=str(values["ansible_host"]),
        port=int(values.get("ansible_port") or 22),
        username=str(values["ansible_user"]),
        password=password,
        netmiko_type=str(values["device_netmiko_type"]),
        hier_platform=str(values["device_hier_platform"]),
    )


def resolve(value: Any, *, where: str, found: list[str]) -> Any:
    """The value with every TrustedExpr (a secret lookup) replaced by its secret, appended to `found`."""
    if isinstance(value, TrustedExpr):
        secret = _secret(value, where)
        found.extend([secret] if secret else [])
        return secret
    if isinstance(value, Mapping):
        return {k: resolve(v, where=where, found=found) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [resolve(v, where=where, found=found) for v in value]
    return value


def _secret(expr: TrustedExpr, where: str) -> str:
    match = _ENV_LOOKUP.match(expr)
    if match is None:
        if "ansible_playbook_python" in expr:
            return ""
        raise Day2Error(
            f"{where}: the secret {expr} is a vault variable; backup and drift read secrets from the environment only "
            "(fix: reference it as {env: NAME} in org.yml, or use `provisioner rollout --check`)"
        )
    value = os.environ.get(match.group(1), "")
    if not value:
        raise Day2Error(f"{where}: the environment variable {match.group(1)} is not set (fix: export it, as for a rollout)")
    return value

