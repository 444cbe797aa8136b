"""Apply exactly a plan: the device must be as it was planned on, and the fresh plan must be the planned one.

`provisioner plan` records each device's running-config digest and its (masked) commands;
`provisioner apply` hands them back to the engine as an Expectation. The engine re-reads the
running config and refuses the device as STALE when its digest differs, and refuses it when the
commands it computes now are not the approved ones. Either way nothing is sent.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from provisioner.netconfig.masking import MASK
from provisioner.netconfig.models import Expectation, NetconfigError

STALE_MARK = "STALE"
MISMATCH_MARK = "PLAN MISMATCH"
NOT_PLANNED_MARK = "NOT PLANNED"


class StaleDevice(NetconfigError):
    """The device's running config changed since the plan was made."""


class PlanMismatch(NetconfigError):
    """The commands computed now differ from the approved plan's."""


def running_digest(text: str) -> str:
    """sha256 of the running config as read from the device."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8", errors="surrogateescape")).hexdigest()


def check_fresh(*, expected: Expectation, digest: str) -> None:
    """Refuse a device whose running config is not the one the plan was made on."""
    if digest != expected.running_digest:
        raise StaleDevice(
            f"{STALE_MARK}: the running config changed since the plan was made (planned on {expected.running_digest[:19]}, "
            f"now {digest[:19]}); nothing was sent (fix: make and approve a new plan)"
        )


def check_same(*, expected: Expectation, commands: list[str]) -> None:
    """Refuse when the freshly computed (masked) commands are not the planned ones.

    A masked span in the plan matches any text, because the rollout may mask more values than the engine.
    """
    planned = list(expected.commands)
    if len(planned) == len(commands) and all(_same(p, c) for p, c in zip(planned, commands, strict=True)):
        return
    first = next((i for i, (p, c) in enumerate(zip(planned, commands, strict=False)) if not _same(p, c)), min(len(planned), len(commands)))
    raise PlanMismatch(
        f"{MISMATCH_MARK}: {len(commands)} command(s) computed now, {len(planned)} approved; first difference at line {first + 1} "
        f"(approved {_at(planned, first)!r}, now {_at(commands, first)!r}); nothing was sent (fix: make and approve a new plan)"
    )


def _same(planned: str, now: str) -> bool:
    if MASK not in planned:
        return planned == now
    pattern = ".+?".join(re.escape(part) for part in planned.split(MASK))
    return re.fullmatch(pattern, now, flags=re.DOTALL) is not None


def _at(lines: list[str], index: int) -> str:
    return lines[index] if index < len(lines) else "(none)"


def load_expectation(*, path: Path, host: str) -> Expectation:
    """The expectation for one host from an expectations file ({"hosts": {host: {commands, running_digest}}})."""
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise NetconfigError(f"plan file {path}: cannot be read: {exc} (fix: run `provisioner apply PLAN_ID`)") from exc
    entry = (data.get("hosts") or {}).get(host) if isinstance(data, dict) else None
    if not isinstance(entry, dict):
        raise NetconfigError(f"{NOT_PLANNED_MARK}: {host} is not in the plan {path}; nothing was sent")
    return Expectation(commands=tuple(str(c) for c in entry.get("commands") or ()), running_digest=str(entry.get("running_digest", "")))
