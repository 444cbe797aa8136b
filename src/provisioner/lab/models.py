"""The lab's public value types and its exception."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from provisioner.errors import ProvisionerError


class LabError(ProvisionerError):
    """The device lab could not be started, reached or asked to do something."""


@dataclass(frozen=True)
class LabDeviceSpec:
    """One simulated device: its name, platform, model and login.

    seed: a real `show running-config` the device starts from (else the factory default).
    mgmt_address: the address whose interface carries the management session (else, on a seeded
        device, the first VLAN interface with an address).
    """

    name: str
    platform: str
    model: str
    username: str
    password: str
    seed: str | None = None
    mgmt_address: str | None = None


@dataclass(frozen=True)
class LabEndpoint:
    """Where a simulated device listens."""

    name: str
    platform: str
    host: str
    port: int


@dataclass(frozen=True)
class Fault:
    """Faults injected into one device; the default injects nothing.

    auth_failure: every login is refused.
    drop_after_lines: the session closes abruptly when its Nth config-mode line arrives;
        that line is not applied (lines 1..N-1 are). Counted per session.
    latency_ms: added before every answer to a command line.
    reject_pattern: a regex; matching lines get the platform's error and change nothing.
    unreachable: the listener is closed (connection refused).
    """

    auth_failure: bool = False
    drop_after_lines: int | None = None
    latency_ms: int = 0
    reject_pattern: str | None = None
    unreachable: bool = False

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Fault:
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})

    def check(self) -> None:
        """Raise LabError naming every field that cannot be applied."""
        problems = []
        if self.drop_after_lines is not None and self.drop_after_lines < 1:
            problems.append(f"drop_after_lines must be 1 or more, got {self.drop_after_lines}")
        if self.latency_ms < 0:
            problems.append(f"latency_ms must be 0 or more, got {self.latency_ms}")
        if self.reject_pattern is not None:
            try:
                re.compile(self.reject_pattern)
            except re.error as error:
                problems.append(f"reject_pattern {self.reject_pattern!r} is not a valid regular expression: {error}")
        if problems:
            raise LabError("invalid fault: " + "; ".join(problems))

    @property
    def active(self) -> bool:
        return self != Fault()


@dataclass(frozen=True)
class LogEntry:
    """One line a device received: when (UNIX time), in which mode, and the text."""

    time: float
    mode: str
    line: str
    session: int = 0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class DeviceStatus:
    """What the control channel reports about one device."""

    endpoint: LabEndpoint
    model: str
    faults: Fault
    dirty: bool
    sessions: int


@dataclass(frozen=True)
class LabStatus:
    """A running lab: its process and devices."""

    pid: int
    state_dir: str
    devices: dict[str, DeviceStatus] = field(default_factory=dict)
