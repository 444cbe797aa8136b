"""The intended config of a device, rendered as the switch and wlan roles render it (no Ansible).

The roles' net_config/wlan_config actions render their template with provisioner's renderer
from the host's variables; here the same template gets the same variables: the role's
defaults, under the inventory's variables, under the role's vars (Ansible's precedence for
these three). Role values that are Jinja expressions, and group_vars/host_vars folders, are
refused or reported, since only Ansible could evaluate them.
"""

from __future__ import annotations

import configparser
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from provisioner.day2.devices import Day2Error, Device
from provisioner.netconfig import template as net_template

ROLE_OF = {"switch": "switch", "wlan_controller": "wlan"}


@dataclass(frozen=True)
class Role:
    """A role's folder and its defaults and vars."""

    path: Path
    defaults: dict[str, Any]
    variables: dict[str, Any]

    def template(self, platform: str) -> Path:
        table = self.variables.get(f"__{self.path.name}_templates") or {}
        if platform not in table:
            raise Day2Error(f"{self.path}/vars/main.yml: no template for platform {platform!r} (known: {', '.join(table)})")
        return self.path / "templates" / str(table[platform])


def roles_dir(*, cwd: Path) -> Path:
    """$ANSIBLE_ROLES_PATH (first entry), else roles_path of the ansible.cfg Ansible would read, else ./roles."""
    if os.environ.get("ANSIBLE_ROLES_PATH"):
        return Path(os.environ["ANSIBLE_ROLES_PATH"].split(os.pathsep)[0]).absolute()
    config = Path(os.environ.get("ANSIBLE_CONFIG") or cwd / "ansible.cfg")
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(config)
    value = parser.get("defaults", "roles_path", fallback="").split(os.pathsep)[0].strip()
    return (config.parent / value).absolute() if value else cwd / "roles"


def load_role(root: Path, name: str) -> Role:
    """A role's defaults/main.yml and vars/main.yml; a Jinja expression there is refused."""
    path = root / name
    if not (path / "templates").is_dir():
        raise Day2Error(f"{path}: no such role (fix: run from the project folder, or set ANSIBLE_ROLES_PATH)")
    role = Role(path, _yaml(path / "defaults" / "main.yml"), _yaml(path / "vars" / "main.yml"))
    for key, value in {**role.defaults, **role.variables}.items():
        if "{{" in repr(value) or "{%" in repr(value):
            raise Day2Error(f"{path}: {key} is a Jinja expression, which only Ansible evaluates (fix: use `provisioner rollout --check`)")
    return role


def _yaml(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise Day2Error(f"{path}: expected a mapping of variables")
    return data


def host_variables(role: Role, device: Device) -> dict[str, Any]:
    """Role defaults < inventory variables < role vars."""
    return {**role.defaults, **device.variables, **role.variables}


def render_intended(role: Role, device: Device) -> str:
    """The device's intended config, as the role's action renders it."""
    path = role.template(device.platform)
    variables = host_variables(role, device)
    names = net_template.compile_template(path).names
    chosen: dict[str, Any] = {n: variables[n] for n in names if n in variables and n != "wlan"}
    if "wlan" in names:
        chosen["wlan"] = {key: variables[key] for key in ("wlan_ssids", "wlan_sites")}
    return net_template.render_template(path, chosen)


def overrides_warning(*, source: Path, playbooks: Path) -> str | None:
    """A warning when group_vars/host_vars exist that only Ansible would read."""
    found = [str(p) for base in (source.parent, playbooks) for p in (base / "group_vars", base / "host_vars") if p.exists()]
    if not found:
        return None
    return f"drift renders from the registry and role defaults; {', '.join(found)} are not read (use `provisioner rollout --check` there)"
