"""A fake device for engine tests: running config text that pushes edit via hier_config."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from hier_config import Platform, get_hconfig

from provisioner.netconfig import DeviceError, DeviceTarget

PLANTED = "Pl4nted-Secr3t!"


@dataclass
class FakeDevice:
    """Applies pushed lines with hier_config's `future`, like a forgiving switch."""

    running: str
    platform: str = "CISCO_IOS"
    reject: str | None = None
    drop_after: int | None = None
    ignore: str | None = None
    pushes: list[list[str]] = field(default_factory=list)
    saves: int = 0
    fail_save: bool = False
    connects: int = 0
    reads: int = 0
    commands: list[str] = field(default_factory=list)
    reverts: list[int] = field(default_factory=list)

    def connect(self, target: DeviceTarget, timeout: float) -> FakeSession:
        self.connects += 1
        return FakeSession(self)


class FakeSession:
    def __init__(self, device: FakeDevice) -> None:
        self.device = device

    def running_config(self) -> str:
        self.device.reads += 1
        return self.device.running

    def push(self, lines: list[str], revert_minutes: int = 0) -> str:
        dev = self.device
        dev.reverts.append(revert_minutes)
        dev.pushes.append(list(lines))
        sent = lines
        if dev.drop_after is not None and len(dev.pushes) == 1:
            sent = lines[: dev.drop_after]
        kept = [ln for ln in sent if not (dev.ignore and dev.ignore in ln)]
        plat = Platform[dev.platform]
        run = get_hconfig(plat, dev.running)
        dev.running = "\n".join(run.future(get_hconfig(plat, "\n".join(kept))).dump_simple())
        if dev.reject and any(dev.reject in ln for ln in lines) and len(dev.pushes) == 1:
            raise DeviceError(f"the device rejected a command: {dev.reject}")
        if sent is not lines:
            raise DeviceError("the session failed during the push: EOFError")
        return ""

    def save(self) -> str:
        if self.device.fail_save:
            raise DeviceError("could not save the config (write memory): EOFError")
        self.device.saves += 1
        return ""

    def command(self, line: str) -> str:
        self.device.commands.append(line)
        return ""

    def commands(self, lines: list[str]) -> str:
        self.device.commands.extend(lines)
        return ""

    def close(self) -> None:
        pass


@pytest.fixture
def target() -> DeviceTarget:
    return DeviceTarget(
        name="sw-test-1",
        host="127.0.0.1",
        port=2222,
        username="admin",
        password=PLANTED,
        netmiko_type="cisco_ios",
        hier_platform="CISCO_IOS",
    )


@pytest.fixture
def make_device() -> type[FakeDevice]:
    return FakeDevice
