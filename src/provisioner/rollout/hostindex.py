"""Which hosts exist, which site each belongs to, and their groups: from the registry or ansible-inventory."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from provisioner.rollout.errors import RolloutRefused

REGISTRY_SOURCE_SUFFIXES = ("site_registry.yml", "site_registry.yaml")
# Hosts in no site group (the WLAN controllers) belong here; it is rolled out after every site.
CENTRAL = "(central)"
# Hosts configured through a device every site shares (APs through their WLAN controller): a run
# that selects any of them also takes the (central) lock, so two runs never edit it at once.
SHARED_DEVICE_GROUPS = ("role_access_point", "role_wlan_controller")


@dataclass(frozen=True)
class HostIndex:
    """Hosts in inventory order with their site, the site order, and group membership."""

    site_of: dict[str, str]
    site_order: tuple[str, ...]
    groups: dict[str, frozenset[str]]
    registry_root: Path | None = None
    registry_digest: str | None = None
    warnings: tuple[str, ...] = field(default=())

    def hosts_of(self, site: str) -> list[str]:
        return [h for h, s in self.site_of.items() if s == site]


def site_group(site_id: str) -> str:
    """The inventory group of a site: dashes become underscores."""
    return "site_" + site_id.replace("-", "_")


def is_registry_source(path: str) -> bool:
    return path.endswith(REGISTRY_SOURCE_SUFFIXES)


def load_index(*, sources: Sequence[str], vault_password_file: str | None, cwd: Path) -> HostIndex:
    """The index of the inventory sources; a site_registry source is read without running Ansible."""
    if len(sources) == 1 and is_registry_source(sources[0]):
        return registry_index(source=Path(sources[0]) if Path(sources[0]).is_absolute() else cwd / sources[0])
    return from_inventory_json(data=ansible_inventory(sources=sources, vault_password_file=vault_password_file, cwd=cwd))


def registry_index(*, source: Path) -> HostIndex:
    """Read a `*site_registry.yml` source, validate the registry (refusing on errors) and build groups."""
    from provisioner.errors import ProvisionerError
    from provisioner.inventory import build_inventory, lab_endpoints, read_source
    from provisioner.registry import errors_of, load_registry

    try:
        config = read_source(source)
        result = load_registry(config.registry)
        errors = errors_of(result.issues)
        if result.registry is None or errors:
            raise RolloutRefused(f"{config.registry}: the registry is invalid ({len(errors)} error(s))", [i.format() for i in errors])
        data = build_inventory(result.registry, lab_endpoints=lab_endpoints(config) if config.lab else None)
    except RolloutRefused:
        raise
    except ProvisionerError as exc:
        raise RolloutRefused(str(exc)) from exc
    groups = {name: sorted(_expand(data.groups, data.children, name, set())) for name in set(data.groups) | set(data.children)}
    order = tuple(entry.site.id for entry in result.registry.sites)
    hostvars = {h: {**v, "site_id": data.site_of.get(h) or v.get("site_id")} for h, v in data.hostvars.items()}
    index = _from_groups(groups=groups, hostvars=hostvars, order=order)
    warnings = tuple(i.format() for i in result.issues if i.severity != "error")
    return HostIndex(index.site_of, index.site_order, index.groups, result.registry.root, result.registry.digest, warnings)


def _expand(hosts: Mapping[str, Sequence[str]], children: Mapping[str, Sequence[str]], name: str, seen: set[str]) -> set[str]:
    if name in seen:
        return set()
    seen.add(name)
    found = set(hosts.get(name, []))
    for child in children.get(name, []):
        found |= _expand(hosts, children, child, seen)
    return found


def ansible_inventory(*, sources: Sequence[str], vault_password_file: str | None, cwd: Path) -> dict[str, Any]:
    """`ansible-inventory --list` of these sources as JSON."""
    cmd = [_tool("ansible-inventory"), "--list"]
    for source in sources:
        cmd += ["-i", source]
    if vault_password_file:
        cmd += ["--vault-password-file", vault_password_file]
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False, env=tool_env())
    if done.returncode != 0:
        raise RolloutRefused(f"ansible-inventory could not read {', '.join(sources)}", _tail(done.stderr))
    try:
        data: dict[str, Any] = json.loads(done.stdout)
    except json.JSONDecodeError as exc:
        raise RolloutRefused(f"ansible-inventory returned invalid JSON: {exc}") from exc
    return data


def _tail(text: str) -> list[str]:
    return [line for line in text.strip().splitlines() if line.strip()][-10:]


def tool_env() -> dict[str, str]:
    """The environment with this interpreter's bin directory on PATH, so Ansible's tools are found."""
    env = dict(os.environ)
    bindir = str(Path(sys.executable).parent)
    if bindir not in env.get("PATH", "").split(os.pathsep):
        env["PATH"] = bindir + os.pathsep + env.get("PATH", "")
    return env


def _tool(name: str) -> str:
    local = Path(sys.executable).parent / name
    return str(local) if local.exists() else (shutil.which(name) or name)


def from_inventory_json(*, data: Mapping[str, Any]) -> HostIndex:
    """Index ansible-inventory JSON: site from the `site_id` hostvar, else the `site_*` group."""
    members = {name: _members(data, name, set()) for name in data if name != "_meta"}
    hostvars = data.get("_meta", {}).get("hostvars", {})
    return _from_groups(groups={k: sorted(v) for k, v in members.items()}, hostvars=hostvars, order=_group_order(data))


def _members(data: Mapping[str, Any], name: str, seen: set[str]) -> set[str]:
    if name in seen:
        return set()
    seen.add(name)
    group = data.get(name) or {}
    hosts = set(group.get("hosts", []))
    for child in group.get("children", []):
        hosts |= _members(data, child, seen)
    return hosts


def _group_order(data: Mapping[str, Any]) -> tuple[str, ...]:
    names = [n for n in data if n.startswith("site_")]
    return tuple(n[len("site_") :] for n in names)


def _from_groups(*, groups: Mapping[str, Sequence[str]], hostvars: Mapping[str, Any], order: Sequence[str]) -> HostIndex:
    site_of: dict[str, str] = {}
    for name, hosts in groups.items():
        if not name.startswith("site_"):
            continue
        for host in hosts:
            site_of.setdefault(host, str((hostvars.get(host) or {}).get("site_id") or name[len("site_") :]))
    by_group = {site_group(s): s for s in set(site_of.values())}
    ordered = [by_group.get(site_group(s), s) for s in order]
    ordered = list(dict.fromkeys(s for s in ordered if s in by_group.values()))
    ordered += sorted(set(site_of.values()) - set(ordered))
    every = dict.fromkeys([*hostvars, *(h for hosts in groups.values() for h in hosts)])
    central = [h for h in every if h not in site_of]
    if central:
        site_of.update(dict.fromkeys(central, CENTRAL))
        ordered.append(CENTRAL)
    return HostIndex(
        site_of=dict(sorted(site_of.items(), key=lambda kv: (ordered.index(kv[1]), kv[0]))),
        site_order=tuple(ordered),
        groups={k: frozenset(v) for k, v in groups.items()},
    )
