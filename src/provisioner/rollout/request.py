"""What the operator asked for, and what the runner learns before Ansible starts."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from provisioner.netconfig.masking import Masker
from provisioner.records.models import FailedTask, LockConflict, Options, RunStatus, WaveOutcome, WavePlan

VAULT_ENV = "PROVISIONER_VAULT_PASSWORD"


@dataclass(frozen=True)
class RolloutRequest:
    """One `provisioner rollout` invocation (or a rerun of a recorded one)."""

    playbook: Path
    inventory: tuple[str, ...] = ()
    sites: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    limit: str | None = None
    tags: tuple[str, ...] = ()
    skip_tags: tuple[str, ...] = ()
    check: bool = False
    diff: bool = False
    extra_vars: dict[str, Any] = field(default_factory=dict)
    canary: str | None = None
    wave_size: int | None = None
    max_fail_percent: float | None = None
    wait: bool = False
    wait_timeout: float | None = None
    onboarding: bool = False
    vault_password_file: Path | None = None
    hosts: tuple[str, ...] = ()
    rerun_of: int | None = None
    state_dir: Path = Path(".provisioner")
    db_path: Path | None = None
    cwd: Path = field(default_factory=Path.cwd)
    gates: tuple[Gate, ...] = ()  # checks after the waves are planned; each raises RolloutRefused to refuse the run

    @property
    def database(self) -> Path:
        return self.db_path or self.state_dir / "rollouts.db"

    def vault_source(self) -> str | None:
        """How the vault password is given (never the password itself)."""
        if self.vault_password_file is not None:
            return f"file:{self.vault_password_file}"
        return f"env:{VAULT_ENV}" if os.environ.get(VAULT_ENV) else None


Gate = Callable[["RolloutRequest", "Prepared"], None]


@dataclass(frozen=True)
class RolloutResult:
    """How the rollout ended."""

    run_id: int | None
    status: RunStatus
    exit_code: int
    message: str = ""
    errors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Prepared:
    """Everything decided before Ansible starts."""

    options: Options
    waves: tuple[WavePlan, ...]
    site_of: dict[str, str]
    masker: Masker
    registry_digest: str | None
    registry_path: str | None
    warnings: tuple[str, ...] = ()
    shared_lock: bool = False  # the run touches a device all sites share: take the (central) lock too


class Observer(Protocol):
    """Progress callbacks for a live display; the engine never prints."""

    def planned(self, *, run_id: int, waves: tuple[WavePlan, ...]) -> None: ...
    def waiting(self, *, conflict: LockConflict) -> None: ...
    def wave_started(self, *, wave: WavePlan) -> None: ...
    def task_started(self, *, wave: WavePlan, task: str) -> None: ...
    def host_failed(self, *, failure: FailedTask) -> None: ...
    def wave_finished(self, *, wave: WavePlan, outcome: WaveOutcome) -> None: ...
    def waves_skipped(self, *, waves: tuple[WavePlan, ...], reason: str) -> None: ...


class NullObserver:
    """Ignores progress."""

    def planned(self, *, run_id: int, waves: tuple[WavePlan, ...]) -> None: ...
    def waiting(self, *, conflict: LockConflict) -> None: ...
    def wave_started(self, *, wave: WavePlan) -> None: ...
    def task_started(self, *, wave: WavePlan, task: str) -> None: ...
    def host_failed(self, *, failure: FailedTask) -> None: ...
    def wave_finished(self, *, wave: WavePlan, outcome: WaveOutcome) -> None: ...
    def waves_skipped(self, *, waves: tuple[WavePlan, ...], reason: str) -> None: ...
