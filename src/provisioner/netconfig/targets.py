"""What the action plugins hand the engine: a DeviceTarget from host variables (docs/hostvars.md),
and ApplyOptions from the task's arguments and mode."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from provisioner.netconfig.models import ApplyOptions, DeviceTarget, NetconfigError

HOST_VARS = ("ansible_host", "ansible_user", "ansible_password", "device_netmiko_type", "device_hier_platform")


def target_from_vars(hostname: str, values: Mapping[str, Any], *, template: Callable[[Any], Any]) -> DeviceTarget:
    """Where and how to log in; `template` resolves expressions such as the password lookup."""
    missing = [name for name in HOST_VARS if not values.get(name)]
    if missing:
        raise NetconfigError(f"{hostname}: the host variables {', '.join(missing)} are not set (see docs/hostvars.md)")
    password = str(template(values["ansible_password"]))
    if not password:
        raise NetconfigError(
            f"{hostname}: ansible_password is empty: set the environment variable (or vault variable) that org.yml "
            "defaults.credentials.password refers to, e.g. PROVISIONER_NET_PASSWORD"
        )
    return DeviceTarget(
        name=str(template(values.get("device_name") or hostname)),
        host=str(template(values["ansible_host"])),
        port=int(template(values.get("ansible_port") or 22)),
        username=str(template(values["ansible_user"])),
        password=password,
        netmiko_type=str(template(values["device_netmiko_type"])),
        hier_platform=str(template(values["device_hier_platform"])),
        known_hosts=str(template(values["device_known_hosts"])) if values.get("device_known_hosts") else None,
    )


def options_from_args(args: Mapping[str, Any], *, check: bool, diff: bool) -> ApplyOptions:
    """ApplyOptions from validated task arguments (backup_dir, save, rotate_secrets, timeout, secrets,
    purge_vlans, revert_timer,
    allow_removals)."""
    return ApplyOptions(
        check=check,
        diff=diff,
        save=bool(args["save"]),
        rotate_secrets=bool(args["rotate_secrets"]),
        backup_dir=Path(args["backup_dir"]) if args.get("backup_dir") else None,
        extra_secrets=tuple(str(s) for s in args.get("secrets") or ()),
        timeout=float(args["timeout"]),
        purge_vlans=bool(args.get("purge_vlans", False)),
        revert_minutes=int(args.get("revert_timer", 0)),
        allow_removals=bool(args.get("allow_removals", False)),
    )
