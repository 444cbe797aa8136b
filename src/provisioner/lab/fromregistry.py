"""Which devices of a registry the lab simulates, and with which login."""

from __future__ import annotations

import os
from collections.abc import Sequence

from provisioner.lab.grammars import GRAMMARS
from provisioner.lab.models import LabDeviceSpec, LabError
from provisioner.registry import Registry
from provisioner.registry.base import SecretRef


def resolve_secret(ref: SecretRef, *, what: str) -> str:
    """The lab needs real passwords: take them from the environment reference."""
    if ref.env is None:
        raise LabError(
            f"{what} is a vault reference ({ref.vault}); the lab reads passwords from environment variables only "
            "(fix: use env: in org.yml for lab runs)"
        )
    value = os.environ.get(ref.env, "")
    if not value:
        raise LabError(f"{what} comes from ${ref.env}, which is not set (fix: export {ref.env}=...)")
    return value


def device_specs(registry: Registry, *, sites: Sequence[str] = ()) -> list[LabDeviceSpec]:
    """Every switch (and controller whose platform the lab speaks) of the chosen sites."""
    unknown = sorted(set(sites) - {e.site.id for e in registry.sites})
    if unknown:
        raise LabError(f"unknown site(s): {', '.join(unknown)}")
    specs = []
    for entry in registry.sites:
        if sites and entry.site.id not in sites:
            continue
        for switch in entry.site.switches:
            creds = registry.org.network_defaults(switch.platform).credentials
            password = resolve_secret(creds.password, what=f"the {switch.platform} password")
            specs.append(
                LabDeviceSpec(name=switch.name, platform=switch.platform, model=switch.model, username=creds.username, password=password)
            )
    for controller in registry.org.wlan_controllers:
        if controller.platform in GRAMMARS:
            creds = registry.org.network_defaults(controller.platform).credentials
            password = resolve_secret(creds.password, what=f"the {controller.platform} password")
            specs.append(
                LabDeviceSpec(
                    name=controller.name, platform=controller.platform, model=controller.model, username=creds.username, password=password
                )
            )
    return specs
