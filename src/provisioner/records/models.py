"""What a rollout record holds: plain frozen values, no storage or Ansible knowledge."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

RunStatus = Literal["running", "successful", "failed", "interrupted", "canceled", "refused"]
WaveStatus = Literal["pending", "running", "successful", "failed", "skipped", "interrupted"]
HostStatus = Literal["ok", "failed", "unreachable", "not_in_play"]
Trigger = Literal["cli", "ci", "onboarding", "ansible-playbook", "awx"]

RUN_STATUSES: tuple[RunStatus, ...] = ("running", "successful", "failed", "interrupted", "canceled", "refused")
COUNT_NAMES: tuple[str, ...] = ("ok", "changed", "failed", "unreachable", "skipped", "rescued", "ignored")


@dataclass(frozen=True)
class Operator:
    """Who ran it: the OS user, or the CI user and pipeline."""

    user: str
    kind: str = "os"
    os_user: str = ""
    machine: str = ""
    pipeline: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Source:
    """What it ran from: the git commit (and whether the tree was dirty) and the registry digest."""

    commit: str | None = None
    dirty: bool | None = None
    registry_digest: str | None = None
    registry_path: str | None = None


@dataclass(frozen=True)
class Options:
    """How it was invoked; extra vars are already redacted."""

    playbook: str
    inventory: tuple[str, ...] = ()
    limit: str | None = None
    sites: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    skip_tags: tuple[str, ...] = ()
    check: bool = False
    diff: bool = False
    extra_vars: dict[str, object] = field(default_factory=dict)
    canary: str | None = None
    wave_size: int | None = None
    max_fail_percent: float | None = None
    hosts: tuple[str, ...] = ()
    vault: str | None = None


@dataclass(frozen=True)
class ProcessId:
    """A process that can hold locks: pid plus its start time, so a reused pid is not mistaken for it."""

    pid: int
    start: int | None
    machine: str


@dataclass(frozen=True)
class WavePlan:
    """One wave: an ansible-runner run limited to these sites' hosts."""

    index: int
    name: str
    sites: tuple[str, ...]
    hosts: tuple[str, ...]
    host_sites: tuple[str, ...] = ()

    def host_site_pairs(self) -> list[tuple[str, str]]:
        """(host, site) for every host of the wave."""
        if len(self.host_sites) == len(self.hosts):
            return list(zip(self.hosts, self.host_sites, strict=True))
        return [(h, self.sites[0] if len(self.sites) == 1 else "") for h in self.hosts]


@dataclass(frozen=True)
class HostCounts:
    """Task result counts of one host, as in Ansible's play recap."""

    ok: int = 0
    changed: int = 0
    failed: int = 0
    unreachable: int = 0
    skipped: int = 0
    rescued: int = 0
    ignored: int = 0

    def as_dict(self) -> dict[str, int]:
        return {name: int(getattr(self, name)) for name in COUNT_NAMES}


@dataclass(frozen=True)
class HostResult:
    """How one host ended."""

    host: str
    site_id: str
    wave: int
    status: HostStatus
    counts: HostCounts = HostCounts()


@dataclass(frozen=True)
class FailedTask:
    """A task that failed (or found the host unreachable), with its masked message."""

    host: str
    wave: int
    task: str
    action: str
    message: str
    unreachable: bool = False


@dataclass(frozen=True)
class Change:
    """What a changed task changed: the config commands and/or a unified diff, masked."""

    host: str
    wave: int
    task: str
    action: str
    commands: tuple[str, ...] = ()
    diff: str = ""


@dataclass(frozen=True)
class WaveOutcome:
    """What one wave produced."""

    index: int
    status: WaveStatus
    rc: int | None
    runner_status: str
    hosts: tuple[HostResult, ...] = ()
    failed_tasks: tuple[FailedTask, ...] = ()
    changes: tuple[Change, ...] = ()


@dataclass(frozen=True)
class WaveRecord:
    """A wave as recorded."""

    plan: WavePlan
    status: WaveStatus
    started_at: str | None = None
    ended_at: str | None = None
    rc: int | None = None
    runner_status: str | None = None
    artifact_dir: str | None = None


@dataclass(frozen=True)
class NewRun:
    """Everything known when a run starts."""

    operator: Operator
    source: Source
    trigger: Trigger
    options: Options
    process: ProcessId
    waves: tuple[WavePlan, ...] = ()
    sites: tuple[str, ...] = ()
    rerun_of: int | None = None
    artifacts_dir: str | None = None


@dataclass(frozen=True)
class RunSummary:
    """One line of `provisioner history`."""

    id: int
    status: RunStatus
    started_at: str
    ended_at: str | None
    duration_s: float | None
    operator: str
    trigger: str
    playbook: str
    sites: tuple[str, ...]
    hosts_total: int
    hosts_failed: int
    message: str | None


@dataclass(frozen=True)
class RunRecord:
    """Everything recorded about one run."""

    summary: RunSummary
    operator: Operator
    source: Source
    options: Options
    waves: tuple[WaveRecord, ...]
    hosts: tuple[HostResult, ...]
    failed_tasks: tuple[FailedTask, ...]
    changes: tuple[Change, ...]
    errors: tuple[str, ...]
    artifacts_dir: str | None
    exit_code: int | None
    rerun_of: int | None
    process: ProcessId | None


@dataclass(frozen=True)
class LockConflict:
    """Sites another live run holds."""

    run_id: int
    sites: tuple[str, ...]
    pid: int
    operator: str | None = None


@dataclass(frozen=True)
class HistoryFilter:
    """Which runs `history` lists."""

    site: str | None = None
    host: str | None = None
    status: tuple[str, ...] = ()
    since: str | None = None
    limit: int = 100
