"""Read an inventory source file (`*site_registry.yml`): which registry, lab mode, state dir."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from provisioner.errors import ProvisionerError
from provisioner.paths import state_dir

SOURCE_SUFFIXES = ("site_registry.yml", "site_registry.yaml")
PLUGIN_NAME = "schulit.provisioner.site_registry"


class SourceError(ProvisionerError):
    """The inventory source file is missing, malformed or points nowhere."""


@dataclass(frozen=True)
class SourceConfig:
    """What an inventory source file says."""

    path: Path
    registry: Path
    lab: bool
    state_dir: Path
    options: dict[str, Any] = field(default_factory=dict)


def lab_mode_from_env(default: bool) -> bool:
    """PROVISIONER_LAB=1 turns lab mode on, =0 off; unset keeps the source's setting."""
    value = os.environ.get("PROVISIONER_LAB", "").strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    return default


def read_source(path: Path) -> SourceConfig:
    """Parse a site_registry inventory source; relative paths are relative to the file."""
    if not path.name.endswith(SOURCE_SUFFIXES):
        raise SourceError(f"{path}: an inventory source must be named *site_registry.yml")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise SourceError(f"{path}: cannot read the inventory source: {exc}") from exc
    if not isinstance(data, dict) or data.get("plugin") != PLUGIN_NAME:
        found = data.get("plugin") if isinstance(data, dict) else None
        raise SourceError(f"{path}: plugin: expected '{PLUGIN_NAME}', found {found!r} (fix: set 'plugin: {PLUGIN_NAME}')")
    registry = path.parent / str(data.get("registry", "registry"))
    if not registry.is_dir():
        raise SourceError(f"{path}: registry: {registry} is not a directory (fix: point 'registry' at the folder with org.yml)")
    lab = lab_mode_from_env(bool(data.get("lab", False)))
    return SourceConfig(path=path, registry=registry, lab=lab, state_dir=state_dir(), options=data)


def known_hosts_path(source: SourceConfig) -> Path:
    """The known_hosts file devices are checked against: the lab's own in lab mode, else the source's
    `known_hosts:` (relative to the source file), by default `known_hosts` in the registry folder."""
    if source.lab:
        return source.state_dir / "lab" / "known_hosts"
    configured = source.options.get("known_hosts")
    if configured:
        return (source.path.parent / str(configured)).resolve()
    return source.registry / "known_hosts"
