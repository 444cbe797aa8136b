"""Thin adapter: one WLAN controller, the sites of the play -> provisioner.wlan.apply_controller.

Run it with `run_once: true`: it looks at the whole play (which AP hosts and controllers are
in it) and configures the controller in one SSH session, one transaction per site, so no AP
host costs an SSH session or a worker. Documentation: plugins/modules/wlan_config.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase
from ansible.template import is_trusted_as_template

import provisioner.netconfig as netconfig
from provisioner.netconfig import template as net_template
from provisioner.netconfig.render import cisco_mac
from provisioner.netconfig.targets import options_from_args, target_from_vars
from provisioner.wlan.controller import ControllerOutcome, ControllerRun, apply_controller

ARGUMENT_SPEC: dict[str, dict[str, Any]] = {
    "controller": {"type": "str", "required": True},
    "intended": {"type": "str"},
    "template": {"type": "str"},
    "backup_dir": {"type": "path"},
    "save": {"type": "bool", "default": True},
    "rotate_secrets": {"type": "bool", "default": False},
    "timeout": {"type": "int", "default": 20},
    "allow_removals": {"type": "bool", "default": False},
}


class ActionModule(ActionBase):
    """Configure one controller for the sites in the play; see the module documentation."""

    TRANSFERS_FILES = False
    _requires_connection = False

    def run(self, tmp: str | None = None, task_vars: dict[str, Any] | None = None) -> dict[str, Any]:
        result = super().run(tmp, task_vars)
        _, args = self.validate_argument_spec(
            argument_spec=ARGUMENT_SPEC, mutually_exclusive=[("intended", "template")], required_one_of=[("intended", "template")]
        )
        task_vars = task_vars or {}
        name = str(args["controller"])
        controller = task_vars["hostvars"][name]
        sites = controller["wlan_sites"]
        run = _run_of(name, sites, task_vars)
        if not run.scope and not run.full:
            return {**result, "changed": False, "skipped": True, "msg": f"{name}: no site of this controller is in the play"}
        play = set(task_vars.get("ansible_play_hosts") or ())
        aps = {site: [(name, mac) for mac, name in run.sites[site].items() if name in play] for site in run.scope}
        try:
            target = target_from_vars(name, controller, template=self._templar.template)
        except netconfig.NetconfigError as exc:
            raise AnsibleActionFail(str(exc)) from None
        options = options_from_args(args, check=bool(self._task.check_mode), diff=bool(self._task.diff))
        try:
            intended = self._render(str(args["template"]), controller, task_vars) if args["template"] else str(args["intended"])
            outcome = apply_controller(target=target, intended=intended, run=run, options=options)
        except netconfig.NetconfigError as exc:
            hosts = {host: {"changed": False, "failed": True, "msg": str(exc)} for ap_list in aps.values() for host, _ in ap_list}
            return {**result, "failed": True, "changed": False, "msg": str(exc), "provisioner_device": name, "provisioner_hosts": hosts}
        return {**result, **_to_result(name, run, outcome, diff=options.diff), "provisioner_hosts": _ap_results(aps, outcome)}

    def _render(self, name: str, controller: Mapping[str, Any], task_vars: Mapping[str, Any]) -> str:
        """The role's template through provisioner's guarded renderer; `wlan` = the controller's WLAN variables."""
        path = Path(self._find_needle("templates", name))
        names = net_template.compile_template(path).names
        variables = {n: self._resolve(task_vars[n]) for n in names if n in task_vars and n != "wlan"}
        variables["wlan"] = {key: self._resolve(controller[key]) for key in ("wlan_ssids", "wlan_sites")}
        return net_template.render_template(path, variables)

    def _resolve(self, value: Any) -> Any:
        """Template only trusted strings (role values, the inventory's secret lookups); registry strings stay data."""
        return net_template.resolve_trusted(value, is_trusted=is_trusted_as_template, template=self._templar.template)


def _run_of(name: str, sites: Mapping[str, Any], task_vars: Mapping[str, Any]) -> ControllerRun:
    """Which sites this run converges; see the module documentation.

    A site with AP hosts is in scope when one of them is in the play (so --limit is obeyed).
    With the controller in the play, the sites without AP hosts are in scope too, and the run
    cleans up after removed sites and WLANs.
    """
    play = set(task_vars.get("ansible_play_hosts") or ())
    groups: Mapping[str, list[str]] = task_vars.get("groups") or {}
    aps = set(groups.get("role_access_point") or ())
    full = name in play
    scope = []
    for site, data in sites.items():
        members = aps.intersection(groups.get(str(data["group"])) or ())
        if play.intersection(members) or (full and not members):
            scope.append(site)
    macs = {site: {cisco_mac(str(ap["mac"])): str(ap["name"]) for ap in data["aps"]} for site, data in sites.items()}
    return ControllerRun(sites=macs, scope=scope, full=full)


def _ap_results(aps: Mapping[str, list[tuple[str, str]]], outcome: ControllerOutcome) -> dict[str, dict[str, Any]]:
    """Each AP host of the play: changed when its entry was pushed or it was renamed, failed with its site."""
    out: dict[str, dict[str, Any]] = {}
    for site, hosts in aps.items():
        part = outcome.parts.get(site)
        pushed = set(part.commands) if part else set()
        renamed = {r.rsplit(" name ", 1)[1] for r in outcome.renames.get(site, [])}
        for host, mac in hosts:
            entry: dict[str, Any] = {"changed": f"ap {mac}" in pushed or f"no ap {mac}" in pushed or host in renamed}
            if part is not None and part.failed:
                entry.update(failed=True, msg=part.msg)
            out[host] = entry
    return out


def _to_result(name: str, run: ControllerRun, outcome: ControllerOutcome, *, diff: bool) -> dict[str, Any]:
    sites: dict[str, Any] = {}
    diffs: list[dict[str, str]] = []
    for label, part in outcome.parts.items():
        entry: dict[str, Any] = {"changed": part.changed, "commands": part.commands, "timings": part.timings}
        if label in run.sites:
            entry.update(renames=outcome.renames.get(label, []), not_joined=outcome.not_joined.get(label, []))
            entry["changed"] = part.changed or bool(entry["renames"])
        if part.failed:
            entry.update(failed=True, msg=part.msg, rolled_back=part.rolled_back)
        if part.backup_path:
            entry["backup_path"] = part.backup_path
        sites[label] = entry
        if diff and part.changed and part.before is not None:
            header = f"{name} [{label}]"
            diffs.append(
                {"before_header": header, "after_header": header, "before": part.before + "\n", "after": (part.after or "") + "\n"}
            )
    out: dict[str, Any] = {
        "changed": outcome.changed,
        "controller": name,
        "provisioner_device": name,
        "scope": list(run.scope),
        "full": run.full,
        "sites": sites,
        "commands": [c for part in outcome.parts.values() for c in part.commands] + [r for rs in outcome.renames.values() for r in rs],
    }
    if diffs:
        out["diff"] = diffs
    if outcome.failed:
        failed = [label for label, part in outcome.parts.items() if part.failed]
        reasons = [outcome.parts[label].msg for label in failed] + ([outcome.rename_error] if outcome.rename_error else [])
        out.update(failed=True, msg=f"{name}: {len(reasons)} part(s) failed, the others were applied: " + " | ".join(reasons))
    return out
