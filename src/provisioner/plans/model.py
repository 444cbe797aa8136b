"""A plan's devices and the JSON document that `--out`, the records and `apply` share."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from provisioner.errors import ProvisionerError

FORMAT = "provisioner-plan/1"
DeviceStatus = Literal["planned", "refused", "failed", "unreachable"]


class PlanRefused(ProvisionerError):
    """A plan cannot be made, approved or applied; the message says why and the fix."""


@dataclass(frozen=True)
class PlanDevice:
    """What the plan holds for one device: the exact (masked) commands and the running config they start from."""

    host: str
    site: str
    status: DeviceStatus
    commands: tuple[str, ...] = ()
    running_digest: str | None = None
    unmanaged: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    message: str = ""


@dataclass(frozen=True)
class PlanSource:
    """Who planned, from which commit and registry state."""

    planner: str
    commit: str | None
    dirty: bool | None
    registry_digest: str | None
    registry_path: str | None


@dataclass(frozen=True)
class PlanDocument:
    """The whole plan; `id` and `created_at` are set when it is recorded."""

    source: PlanSource
    options: dict[str, Any]
    check_run: int | None
    devices: tuple[PlanDevice, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "planner": self.source.planner,
            "source": {k: v for k, v in asdict(self.source).items() if k != "planner"},
            "options": self.options,
            "check_run": self.check_run,
            "devices": [asdict(d) for d in self.devices],
        }


def devices_of(document: dict[str, Any]) -> list[PlanDevice]:
    """The devices of a stored plan document."""
    found = []
    for d in document.get("devices") or []:
        found.append(
            PlanDevice(
                host=str(d["host"]),
                site=str(d.get("site", "")),
                status=d.get("status", "failed"),
                commands=tuple(d.get("commands") or ()),
                running_digest=d.get("running_digest"),
                unmanaged=tuple(d.get("unmanaged") or ()),
                notes=tuple(d.get("notes") or ()),
                message=str(d.get("message", "")),
            )
        )
    return found


def expectations(devices: list[PlanDevice]) -> dict[str, Any]:
    """The file net_config's plan_file reads: per planned device its commands and running digest."""
    return {"hosts": {d.host: {"commands": list(d.commands), "running_digest": d.running_digest} for d in devices if d.status == "planned"}}
