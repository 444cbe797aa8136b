"""Thin adapter: task options + host variables -> provisioner.netconfig.apply_config -> result.

Documentation: plugins/modules/net_config.py.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase
from ansible.template import is_trusted_as_template

import provisioner.netconfig as netconfig
from provisioner.netconfig import template as net_template
from provisioner.netconfig.expect import load_expectation
from provisioner.netconfig.targets import options_from_args, target_from_vars

ARGUMENT_SPEC: dict[str, dict[str, Any]] = {
    "intended": {"type": "str"},
    "template": {"type": "str"},
    "backup_dir": {"type": "path"},
    "save": {"type": "bool", "default": True},
    "rotate_secrets": {"type": "bool", "default": False},
    "secrets": {"type": "list", "elements": "str", "default": [], "no_log": True},
    "timeout": {"type": "int", "default": 20},
    "purge_vlans": {"type": "bool", "default": False},
    "revert_timer": {"type": "int", "default": 0},
    "allow_removals": {"type": "bool", "default": False},
    "plan_file": {"type": "path"},
}

# The linear strategy loads this class in the controller before it forks a worker per host,
# so importing netmiko and hier_config here is paid once per run instead of once per host.
if os.environ.get("PROVISIONER_NETCONFIG_PRELOAD", "1") != "0":
    netconfig.preload()
    net_template.preload(sorted((Path(__file__).resolve().parents[2] / "roles").glob("*/templates")))


class ActionModule(ActionBase):
    """Configure one network device diff-first; see the module documentation."""

    TRANSFERS_FILES = False
    _requires_connection = False

    def run(self, tmp: str | None = None, task_vars: dict[str, Any] | None = None) -> dict[str, Any]:
        result = super().run(tmp, task_vars)
        _, args = self.validate_argument_spec(
            argument_spec=ARGUMENT_SPEC, mutually_exclusive=[("intended", "template")], required_one_of=[("intended", "template")]
        )
        task_vars = task_vars or {}
        target = self._target(task_vars)
        options = options_from_args(args, check=bool(self._task.check_mode), diff=bool(self._task.diff))
        try:
            if args.get("plan_file"):
                host = str(task_vars.get("inventory_hostname"))
                options = replace(options, expected=load_expectation(path=Path(args["plan_file"]), host=host))
            started = time.perf_counter()
            intended = self._render(str(args["template"]), task_vars) if args["template"] else str(args["intended"])
            rendered = time.perf_counter() - started
            outcome = netconfig.apply_config(target=target, intended=intended, options=options)
            outcome.timings["render"] = round(rendered, 4)
        except netconfig.NetconfigError as exc:
            return {**result, "failed": True, "changed": False, "msg": str(exc)}
        return {**result, **_to_result(outcome, diff=options.diff)}

    def _render(self, name: str, task_vars: dict[str, Any]) -> str:
        """The role's template, rendered by provisioner.netconfig.template from resolved variables."""
        path = Path(self._find_needle("templates", name))
        names = net_template.compile_template(path).names
        resolved = {n: self._resolve(task_vars[n]) for n in names if n in task_vars}
        return net_template.render_template(path, resolved)

    def _resolve(self, value: Any) -> Any:
        """Template exactly the strings Ansible would (trusted ones: playbook and role values, the
        inventory's secret lookups); registry strings are untrusted and stay data. Walking the data
        ourselves instead of templar.template(value) on a whole structure is about 20x cheaper."""
        if isinstance(value, str):
            return self._templar.template(value) if is_trusted_as_template(value) else value
        if isinstance(value, Mapping):
            return {k: self._resolve(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [self._resolve(v) for v in value]
        return value

    def _target(self, task_vars: dict[str, Any]) -> netconfig.DeviceTarget:
        try:
            return target_from_vars(str(task_vars.get("inventory_hostname")), task_vars, template=self._templar.template)
        except netconfig.NetconfigError as exc:
            raise AnsibleActionFail(str(exc)) from None


def _to_result(outcome: netconfig.ApplyResult, *, diff: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "changed": outcome.changed,
        "commands": outcome.commands,
        "timings": outcome.timings,
        "unmanaged": outcome.unmanaged,
        "notes": outcome.notes,
        "running_digest": outcome.running_digest,
    }
    if diff and outcome.before is not None:
        out["diff"] = {"before": outcome.before + "\n", "after": (outcome.after or "") + "\n"}
    if outcome.backup_path:
        out["backup_path"] = outcome.backup_path
    if outcome.failed:
        out.update(failed=True, msg=outcome.msg, rolled_back=outcome.rolled_back)
    return out
