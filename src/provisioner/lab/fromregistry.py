"""Which devices of a registry the lab simulates, and with which login."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

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
                LabDeviceSpec(
                    name=switch.name,
                    platform=switch.platform,
                    model=switch.model,
                    username=creds.username,
                    password=password,
                    mgmt_address=str(switch.mgmt_ip),
                )
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


SEED_LIMIT = 2_000_000


def read_seed(*, directory: Path, name: str) -> str | None:
    """The seed of one device: DIR/<name>.cfg, a regular file of at most 2 MB of UTF-8 text, or None."""
    path = directory / f"{name}.cfg"
    if not path.exists() and not path.is_symlink():
        return None
    if not path.is_file() or path.resolve().parent != directory.resolve():
        raise LabError(f"{path}: a seed must be a regular file inside {directory} (fix: copy the config there)")
    if path.stat().st_size > SEED_LIMIT:
        raise LabError(f"{path}: {path.stat().st_size} bytes is more than a running config ({SEED_LIMIT} bytes at most)")
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise LabError(f"{path}: not UTF-8 text ({error}); save the capture as UTF-8") from error


def with_seeds(specs: Sequence[LabDeviceSpec], *, directory: Path) -> list[LabDeviceSpec]:
    """The specs, each with DIR/<name>.cfg as its seed where that file exists."""
    if not directory.is_dir():
        raise LabError(f"--seed {directory}: not a directory (fix: a directory of <inventory_hostname>.cfg files)")
    known = {spec.name for spec in specs}
    stray = sorted(p.stem for p in directory.glob("*.cfg") if p.stem not in known)
    if stray:
        raise LabError(f"--seed {directory}: no lab device is named {', '.join(stray)} (devices: {', '.join(sorted(known))})")
    return [replace(spec, seed=read_seed(directory=directory, name=spec.name)) for spec in specs]
