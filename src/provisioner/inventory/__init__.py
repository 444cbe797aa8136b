"""The inventory: registry -> groups and host variables, computed without Ansible."""

from __future__ import annotations

from collections.abc import Mapping

from provisioner.errors import ProvisionerError
from provisioner.inventory.build import Endpoint, build_inventory, check_host_keys
from provisioner.inventory.data import InventoryData, TrustedExpr, group_name
from provisioner.inventory.source import SourceConfig, SourceError, known_hosts_path, read_source
from provisioner.registry import Registry, load_registry

__all__ = [
    "InventoryData",
    "SourceConfig",
    "SourceError",
    "TrustedExpr",
    "build_inventory",
    "group_name",
    "load_inventory",
    "read_source",
]


def lab_endpoints(source: SourceConfig) -> Mapping[str, Endpoint]:
    """The running lab's endpoints, or SourceError naming the fix."""
    from provisioner.lab import read_endpoints

    try:
        endpoints = read_endpoints(state_dir=source.state_dir)
    except ProvisionerError as exc:
        raise SourceError(f"{source.path}: lab mode is on but the lab cannot be read: {exc}") from exc
    if not endpoints:
        raise SourceError(
            f"{source.path}: lab mode is on (PROVISIONER_LAB=1 or lab: true) but no lab is running under "
            f"{source.state_dir} (fix: provisioner lab up {source.path}, or unset PROVISIONER_LAB)"
        )
    return endpoints


def load_inventory(source: SourceConfig) -> tuple[Registry, InventoryData]:
    """Load and validate the source's registry and build its inventory (RegistryError if invalid)."""
    registry = load_registry(source.registry).require()
    endpoints = lab_endpoints(source) if source.lab else None
    inventory = build_inventory(registry, lab_endpoints=endpoints)
    check_host_keys(inventory, known_hosts=known_hosts_path(source))
    return registry, inventory
