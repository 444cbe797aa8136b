"""Helpers for the lab integration tests: the device list and netmiko connections."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from netmiko import ConnectHandler

from provisioner.lab import LabDeviceSpec, LabEndpoint, get_config

PASSWORD = "Lab-Pl4nted-Pw!"
PORT = int(os.environ.get("PROV_LAB_TEST_PORT", "2281"))
DEVICES = [
    LabDeviceSpec("ios-1", "cisco_ios", "C9300-24P", "admin", PASSWORD),
    LabDeviceSpec("ios-2", "cisco_ios", "C1000-8P", "admin", PASSWORD),
    LabDeviceSpec("hp-1", "aruba_osswitch", "2930F-24G-4SFP+", "admin", PASSWORD),
    LabDeviceSpec("hp-2", "aruba_osswitch", "2530-8G-PoEP", "admin", PASSWORD),
]


@dataclass
class LabUnderTest:
    state: Path
    endpoints: dict[str, LabEndpoint]

    def connect(self, name: str, *, password: str = PASSWORD, **extra: Any) -> Any:
        endpoint = self.endpoints[name]
        return ConnectHandler(
            device_type=endpoint.platform, host=endpoint.host, port=endpoint.port, username="admin", password=password, **extra
        )

    def running(self, name: str) -> str:
        return get_config(state_dir=self.state, device=name)

    def startup(self, name: str) -> str:
        return get_config(state_dir=self.state, device=name, which="startup")
