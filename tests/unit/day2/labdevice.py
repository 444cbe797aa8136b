"""Sessions into the lab's device engine without SSH: the real grammars, no network."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from provisioner.lab.engine import Device, handle_line, open_session
from provisioner.lab.grammars import grammar_for
from provisioner.lab.models import LabDeviceSpec
from provisioner.netconfig import DeviceError, DeviceTarget
from provisioner.netconfig.platform_data import net_platform


@dataclass
class LabFleet:
    """Lab engine devices by name; `connect` is a netconfig Connect over them."""

    devices: dict[str, Device] = field(default_factory=dict)
    connects: int = 0

    def add(self, spec: LabDeviceSpec) -> Device:
        self.devices[spec.name] = Device(spec=spec, grammar=grammar_for(platform=spec.platform))
        return self.devices[spec.name]

    def connect(self, target: DeviceTarget, timeout: float) -> LabSession:
        if target.name not in self.devices:
            raise DeviceError(f"could not connect to {target.host}:{target.port}: TimeoutError")
        self.connects += 1
        return LabSession(self.devices[target.name], net_platform(target.hier_platform).error_pattern())


class LabSession:
    """Like NetmikoSession: the platform's rejection texts in a reply fail the push."""

    def __init__(self, device: Device, errors: str) -> None:
        self.device = device
        self.session = open_session(device=device)
        self.errors = re.compile(errors)

    def _send(self, line: str) -> str:
        return handle_line(device=self.device, session=self.session, line=line).text

    def running_config(self) -> str:
        return self._send("show running-config")

    def push(self, lines: list[str], revert_minutes: int = 0) -> str:
        out = "".join(self._send(ln) for ln in ["configure terminal", *lines, "end"])
        if self.errors.search(out):
            raise DeviceError(f"the device rejected a command: {out.strip().splitlines()[-1]}")
        return out

    def save(self) -> str:
        return self._send("write memory")

    def command(self, line: str) -> str:
        return self._send(line)

    def commands(self, lines: list[str]) -> str:
        return "".join(self._send(ln) for ln in lines)

    def close(self) -> None:
        pass
