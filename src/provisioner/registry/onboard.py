"""Onboarding: give a new site its subnets from the zone pools, in place in its site file."""

from __future__ import annotations

from collections.abc import Sequence
from ipaddress import IPv4Network
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml.comments import CommentedMap

from provisioner.errors import ProvisionerError
from provisioner.registry.allocate import SubnetAllocator
from provisioner.registry.files import RegistryFileError, read_registry_file, writable_registry_file
from provisioner.registry.load import ORG_FILE, SITES_DIR, find_root, site_files
from provisioner.registry.roundtrip import dump_roundtrip, load_roundtrip
from provisioner.registry.types import check_identifier

ZONES_BY_TYPE = {"kita": ("paed", "admin", "mgmt"), "office": ("admin", "mgmt")}


class OnboardingError(ProvisionerError):
    """The site cannot get its subnets."""


def used_subnets(root: Path) -> list[str]:
    """Every subnet written in any site file, read leniently (the new site may not validate yet)."""
    used = []
    for file in site_files(root):
        data = _lenient(root, file)
        for entry in (data.get("subnets") or {}).values():
            if isinstance(entry, dict) and isinstance(entry.get("subnet"), str):
                used.append(entry["subnet"])
    return used


def allocate_site(*, registry: Path, site_id: str, zones: Sequence[str] = (), dry_run: bool = False) -> dict[str, str]:
    """Add the missing zone subnets (and gateways) to sites/<id>.yml; return what was allocated."""
    check_identifier(site_id, what="site")
    root = find_root(registry)
    org = _lenient(root, root / ORG_FILE)
    site_file = root / SITES_DIR / f"{site_id}.yml"
    if not site_file.is_file():
        raise OnboardingError(f"{site_file} does not exist (fix: create the site file first, see docs/registry.md)")
    try:
        data = load_roundtrip(site_file, root=root)
        writable_registry_file(root, site_file)
    except RegistryFileError as exc:
        raise OnboardingError(f"{site_file} {exc}") from None
    wanted = list(zones) or _default_zones(data, org)
    unknown = [z for z in wanted if z not in org.get("zones", {})]
    if unknown:
        raise OnboardingError(f"zone(s) {', '.join(unknown)} are not defined in org.yml (defined: {', '.join(org.get('zones', {}))})")
    subnets = data.setdefault("subnets", CommentedMap())
    allocated = _allocate(org["zones"], [z for z in wanted if z not in subnets], used_subnets(root))
    for zone, net in allocated.items():
        entry = CommentedMap([("subnet", net), ("gateway", str(IPv4Network(net).network_address + 1))])
        entry.fa.set_flow_style()
        subnets[zone] = entry
    if allocated and not dry_run:
        site_file.write_text(dump_roundtrip(data), encoding="utf-8")
    return allocated


def _lenient(root: Path, file: Path) -> dict[str, Any]:
    """A registry file read as load does (regular, inside, bounded), parsed leniently; OnboardingError if unreadable."""
    try:
        data = yaml.safe_load(read_registry_file(root, file).decode("utf-8-sig"))
    except RegistryFileError as exc:
        raise OnboardingError(f"{file} {exc}") from None
    except yaml.YAMLError as exc:
        raise OnboardingError(f"{file}: not valid YAML ({exc}) (fix: provisioner validate shows the line)") from None
    return data if isinstance(data, dict) else {}


def _default_zones(data: Any, org: dict[str, Any]) -> list[str]:
    return list(ZONES_BY_TYPE.get(str(data.get("type")), org.get("zones", {}).keys()))


def _allocate(zones: dict[str, Any], missing: list[str], used: list[str]) -> dict[str, str]:
    out = {}
    for zone in missing:
        spec = zones[zone]
        out[zone] = SubnetAllocator(pool=spec["pool"], prefix=int(spec.get("prefix", 24)), used=used).allocate()
    return out
