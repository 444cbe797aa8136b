"""Read what net_config planned for each device out of a check run's (masked) runner events."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from provisioner.netconfig.removals import REFUSED_MARK
from provisioner.plans.model import DeviceStatus, PlanDevice
from provisioner.rollout.events import failure_message

ACTION = "net_config"
_EVENTS = {"runner_on_ok": "planned", "runner_on_failed": "failed", "runner_on_unreachable": "unreachable"}
GUARD_MARKS = ("refused by the lockout guard", REFUSED_MARK)


def collect_devices(*, run_dir: Path, site_of: Mapping[str, str]) -> list[PlanDevice]:
    """One PlanDevice per host that reached net_config (or failed or was unreachable there), by site and host."""
    found: dict[str, PlanDevice] = {}
    for event in _events(run_dir):
        data = event.get("event_data") or {}
        status = _EVENTS.get(str(event.get("event")))
        if status is None or not _is_net_config(data) and status != "unreachable":
            continue
        host = str(data.get("host", ""))
        found[host] = _device(host, site_of.get(host, ""), status, data.get("res") or {})  # type: ignore[arg-type]
    return sorted(found.values(), key=lambda d: (d.site, d.host))


def _events(run_dir: Path) -> Iterator[dict[str, Any]]:
    for folder in sorted(run_dir.glob("artifacts/*/job_events")):
        for path in sorted(folder.glob("*.json"), key=lambda p: int(p.name.split("-")[0]) if p.name[0].isdigit() else 0):
            try:
                yield json.loads(path.read_text())
            except (OSError, ValueError):
                continue


def _is_net_config(data: Mapping[str, Any]) -> bool:
    action = str(data.get("resolved_action") or data.get("task_action") or "")
    return action == ACTION or action.endswith("." + ACTION)


def _device(host: str, site: str, status: DeviceStatus, res: Mapping[str, Any]) -> PlanDevice:
    if status != "planned":
        message = failure_message(dict(res))
        refused = status == "failed" and any(mark in message for mark in GUARD_MARKS)
        return PlanDevice(host=host, site=site, status="refused" if refused else status, message=message)
    return PlanDevice(
        host=host,
        site=site,
        status="planned",
        commands=tuple(str(c) for c in res.get("commands") or ()),
        running_digest=res.get("running_digest"),
        unmanaged=tuple(str(u) for u in res.get("unmanaged") or ()),
        notes=tuple(str(n) for n in res.get("notes") or ()),
    )
