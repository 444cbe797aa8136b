"""Diff-first network config engine: plan with hier_config, push with netmiko, verify, roll back.

Plain Python (no Ansible). `apply_config` is the entry point; the `net_config` action
plugin is a thin adapter around it.
"""

from provisioner.netconfig.engine import apply_config
from provisioner.netconfig.md5crypt import derive_salt, md5_crypt
from provisioner.netconfig.models import (
    ApplyOptions,
    ApplyResult,
    DeviceError,
    DeviceTarget,
    LineCheckError,
    NetconfigError,
)

__all__ = [
    "ApplyOptions",
    "ApplyResult",
    "DeviceError",
    "DeviceTarget",
    "LineCheckError",
    "NetconfigError",
    "apply_config",
    "derive_salt",
    "md5_crypt",
    "preload",
]


def preload() -> None:
    """Import netmiko and hier_config and build the drivers now (call before forking workers)."""
    import netmiko  # noqa: F401

    from provisioner.netconfig.remediation import remediation

    for platform in ("CISCO_IOS", "HP_PROCURVE"):
        remediation(platform=platform, running="hostname a", intended="hostname b", predict=True)
