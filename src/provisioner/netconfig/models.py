"""The engine's inputs and outputs: small frozen dataclasses (cheap to import per host)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from provisioner.errors import ProvisionerError


class NetconfigError(ProvisionerError):
    """The config engine could not do what it was asked; the message says what and why."""


class LineCheckError(NetconfigError):
    """An intended line is unsafe to send (control characters, newline, too long)."""


class DeviceError(NetconfigError):
    """Talking to the device failed (connect, read, push or save)."""


@dataclass(frozen=True, slots=True)
class DeviceTarget:
    """Where a device is and how to log in; the password never leaves this object unmasked."""

    name: str
    host: str
    port: int
    username: str
    password: str = field(repr=False)
    netmiko_type: str
    hier_platform: str
    known_hosts: str | None = None  # OpenSSH known_hosts the device's key is checked against (None: not checked)


@dataclass(frozen=True, slots=True)
class Expectation:
    """What an approved plan holds for one device: its masked commands and the running config digest."""

    commands: tuple[str, ...]
    running_digest: str


@dataclass(frozen=True, slots=True)
class ApplyOptions:
    """What the caller wants: check/diff mode, saving, secret rotation, backups, VLAN purge, revert timer."""

    check: bool = False
    diff: bool = False
    save: bool = True
    rotate_secrets: bool = False
    backup_dir: Path | None = None
    extra_secrets: tuple[str, ...] = field(default=(), repr=False)
    timeout: float = 20.0
    purge_vlans: bool = False
    revert_minutes: int = 0
    allow_removals: bool = False  # let a plan remove more than netconfig.removals allows
    expected: Expectation | None = None  # apply exactly this plan (netconfig.expect), else nothing


@dataclass(slots=True)
class ApplyResult:
    """What happened on one device; every text field is already masked."""

    changed: bool = False
    failed: bool = False
    msg: str = ""
    commands: list[str] = field(default_factory=list)
    before: str | None = None
    after: str | None = None
    backup_path: str | None = None
    rolled_back: bool | None = None
    running_digest: str | None = None  # of the running config read before planning (netconfig.expect)
    unmanaged: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def whole(text: str) -> str:
    """The view of a plain apply: the whole config."""
    return text


def as_planned(running: str, commands: list[str]) -> list[str]:
    """The commands of a plain apply: as hier_config planned them."""
    return commands


@dataclass(frozen=True, slots=True)
class Transaction:
    """One part of a device's config, planned, pushed, verified and rolled back on its own.

    `view` selects the part of a running config this transaction owns; lines outside it are
    neither compared nor removed. `intended` holds only lines inside the view. `adjust` may
    rewrite the planned commands for the platform (given the viewed running config), for the
    push and for a rollback alike.
    """

    label: str
    intended: str
    view: Callable[[str], str] = whole
    adjust: Callable[[str, list[str]], list[str]] = as_planned
