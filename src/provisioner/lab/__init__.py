"""The device lab: simulated switches that speak real SSH on loopback addresses.

``start_lab`` spawns one background process (``python -m provisioner.lab.serve``) that serves
every device; the other functions talk to it over ``<state_dir>/lab/control.sock``.
"""

from provisioner.lab.control import (
    clear_command_log,
    clear_faults,
    command_log,
    get_config,
    lab_status,
    read_endpoints,
    reload_device,
    reset_device,
    set_fault,
    start_lab,
    stop_lab,
)
from provisioner.lab.models import DeviceStatus, Fault, LabDeviceSpec, LabEndpoint, LabError, LabStatus, LogEntry

__all__ = [
    "DeviceStatus",
    "Fault",
    "LabDeviceSpec",
    "LabEndpoint",
    "LabError",
    "LabStatus",
    "LogEntry",
    "clear_command_log",
    "clear_faults",
    "command_log",
    "get_config",
    "lab_status",
    "read_endpoints",
    "reload_device",
    "reset_device",
    "set_fault",
    "start_lab",
    "stop_lab",
]
