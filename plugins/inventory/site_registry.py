# Copyright: provisioner contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Thin adapter: the groups and variables are computed by provisioner.inventory."""

from __future__ import annotations

DOCUMENTATION = r"""
name: site_registry
version_added: "0.1.0"
author: provisioner contributors
short_description: Hosts and groups from the provisioner site registry
description:
  - Reads the YAML site registry (org.yml and sites/*.yml), validates it and adds every switch,
    access point, WLAN controller and classroom client with its groups and variables.
  - Groups are C(site_<id>), C(type_<type>), C(role_<role>), C(platform_<platform>), C(room_<site>_<room>),
    C(image_<profile>), C(zone_<zone>) and C(form_<school form>); the host variables are listed in the
    project's docs/hostvars.md.
  - An invalid registry fails with one line per problem, naming the file, the YAML path and the fix.
  - Every string from the registry is marked unsafe, so it is never templated.
  - With C(PROVISIONER_LAB=1) (or O(lab=true)) every network device points at the device lab.
  - The source file's name must end in C(site_registry.yml) or C(site_registry.yaml).
requirements:
  - the C(provisioner) Python package on the controller (C(pip install provisioner))
extends_documentation_fragment:
  - constructed
options:
  plugin:
    description: Marks this file as a source for this plugin.
    required: true
    type: str
    choices: [schulit.provisioner.site_registry]
  registry:
    description:
      - The registry directory (with C(org.yml) and C(sites/)), relative to this file or absolute.
    type: str
    default: registry
  lab:
    description:
      - Point connections at the device lab (C(provisioner lab up)); the environment variable
        C(PROVISIONER_LAB) (C(1) or C(0)) overrides this.
      - The lab's endpoints are read from C(PROVISIONER_STATE_DIR) (default C(./.provisioner)).
    type: bool
    default: false
"""

EXAMPLES = r"""
---
# city.site_registry.yml: the registry next to this file
plugin: schulit.provisioner.site_registry
registry: registry

---
# lab.site_registry.yml: a registry elsewhere, devices in the device lab, extra groups per model
plugin: schulit.provisioner.site_registry
registry: /srv/provisioner/registry
lab: true
keyed_groups:
  - key: device_model
    prefix: model
groups:
  aruba_in_kitas: device_platform == 'aruba_osswitch' and site_type == 'kita'
compose:
  device_short_name: device_name.split('-')[-1]
strict: false
"""

from pathlib import Path
from typing import Any

from ansible.errors import AnsibleParserError
from ansible.plugins.inventory import BaseInventoryPlugin, Constructable
from ansible.template import trust_as_template
from ansible.utils.unsafe_proxy import wrap_var

from provisioner.errors import ProvisionerError
from provisioner.inventory import InventoryData, TrustedExpr, load_inventory, read_source


def _safe(value: Any) -> Any:
    """Registry data stays literal; only expressions provisioner built itself may be templated."""
    if isinstance(value, TrustedExpr):
        return trust_as_template(str(value))
    if isinstance(value, dict):
        return {k: _safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_safe(v) for v in value]
    return wrap_var(value) if isinstance(value, str) else value


class InventoryModule(BaseInventoryPlugin, Constructable):
    NAME = "schulit.provisioner.site_registry"

    def verify_file(self, path: str) -> bool:
        return super().verify_file(path) and path.endswith(("site_registry.yml", "site_registry.yaml"))

    def parse(self, inventory: Any, loader: Any, path: str, cache: bool = True) -> None:
        super().parse(inventory, loader, path, cache)
        self._read_config_data(path)
        try:
            _, data = load_inventory(read_source(Path(path)))
        except ProvisionerError as exc:
            raise AnsibleParserError(str(exc)) from exc
        for warning in data.warnings:
            self.display.warning(warning)
        self._populate(data)

    def _populate(self, data: InventoryData) -> None:
        for group in (*data.groups, *data.children):
            self.inventory.add_group(group)
        for parent, kids in data.children.items():
            for kid in kids:
                self.inventory.add_child(parent, kid)
        for group, values in data.group_vars.items():
            for key, value in values.items():
                self.inventory.set_variable(group, key, _safe(value))
        constructed = any(self.get_option(o) for o in ("compose", "groups", "keyed_groups"))
        for host, values in data.hostvars.items():
            self._add_host(data, host, values, constructed)

    def _add_host(self, data: InventoryData, host: str, values: dict[str, Any], constructed: bool) -> None:
        self.inventory.add_host(host)
        for group in data.memberships[host]:
            self.inventory.add_child(group, host)
        for key, value in values.items():
            self.inventory.set_variable(host, key, _safe(value))
        if constructed:
            merged = _safe(data.vars_for(host))
            strict = self.get_option("strict")
            self._set_composite_vars(self.get_option("compose"), merged, host, strict=strict)
            self._add_host_to_composed_groups(self.get_option("groups"), merged, host, strict=strict)
            self._add_host_to_keyed_groups(self.get_option("keyed_groups"), merged, host, strict=strict)
