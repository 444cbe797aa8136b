"""Where one lab keeps its files under the state directory, and which address each device gets."""

from __future__ import annotations

import ipaddress
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from provisioner.lab.models import LabDeviceSpec, LabEndpoint, LabError

FIRST_ADDRESS = ipaddress.IPv4Address("127.100.0.1")
LAST_ADDRESS = ipaddress.IPv4Address("127.255.255.254")


@dataclass(frozen=True)
class LabPaths:
    """The files of the lab that belongs to one state directory."""

    state_dir: Path

    @property
    def root(self) -> Path:
        return self.state_dir / "lab"

    @property
    def socket(self) -> Path:
        return self.root / "control.sock"

    @property
    def pid_file(self) -> Path:
        return self.root / "lab.pid"

    @property
    def endpoints(self) -> Path:
        return self.root / "endpoints.json"

    @property
    def log_file(self) -> Path:
        return self.root / "lab.log"

    @property
    def host_key(self) -> Path:
        return self.root / "ssh_host_ed25519_key"

    def device_file(self, name: str) -> Path:
        return self.root / "devices" / f"{name}.json"


def _addresses() -> Iterator[ipaddress.IPv4Address]:
    address = FIRST_ADDRESS
    while address <= LAST_ADDRESS:
        if str(address).split(".")[-1] not in ("0", "255"):
            yield address
        address += 1


def allocate_endpoints(*, devices: Sequence[LabDeviceSpec], port: int) -> list[LabEndpoint]:
    """One loopback address per device, from 127.100.0.1 up in name order (x.x.x.0 and .255 skipped)."""
    duplicates = sorted(n for n, count in Counter(d.name for d in devices).items() if count > 1)
    if duplicates:
        raise LabError(f"lab devices must have unique names; repeated: {', '.join(duplicates)}")
    ordered = sorted(devices, key=lambda d: d.name)
    addresses = _addresses()
    return [LabEndpoint(d.name, d.platform, str(next(addresses)), port) for d in ordered]
