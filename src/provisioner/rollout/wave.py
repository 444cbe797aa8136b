"""Run one wave through ansible-runner with masked events and a redacted command file."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ansible_runner

from provisioner.netconfig.masking import Masker
from provisioner.records import RECORDED_BY_ENV
from provisioner.records.models import WaveOutcome, WaveStatus
from provisioner.rollout.artifacts import redact_command_file
from provisioner.rollout.events import EventCollector, open_stdout

PEXPECT_TIMEOUT = 0.25


@dataclass(frozen=True)
class WaveSpec:
    """What ansible-runner needs for one wave."""

    index: int
    private_data_dir: Path
    ident: str
    playbook: Path
    project_dir: Path
    inventory: tuple[str, ...]
    limit_file: Path
    hosts: tuple[str, ...]
    limit_patterns: tuple[str, ...] = ()
    cmdline: tuple[str, ...] = ()
    tags: str | None = None
    skip_tags: str | None = None
    path_env: str | None = None

    @property
    def artifact_dir(self) -> Path:
        return self.private_data_dir / "artifacts" / self.ident


def run_wave(
    *, spec: WaveSpec, collector: EventCollector, masker: Masker, site_of: dict[str, str], cancel: Callable[[], bool]
) -> WaveOutcome:
    """Run the playbook limited to the wave's hosts and summarise what happened."""
    spec.limit_file.write_text("".join(f"{p}\n" for p in spec.limit_patterns or spec.hosts))
    with open_stdout(spec.artifact_dir / "stdout") as stdout:
        collector.stdout = stdout
        runner = ansible_runner.run(**_runner_kwargs(spec, collector, masker, cancel))
    status, rc = str(runner.status), runner.rc
    hosts = collector.host_results(site_of=site_of, hosts=spec.hosts)
    return WaveOutcome(
        index=spec.index,
        status=_wave_status(status, hosts),
        rc=rc if isinstance(rc, int) else None,
        runner_status=status,
        hosts=tuple(hosts),
        failed_tasks=tuple(collector.failed_tasks),
        changes=tuple(collector.changes),
    )


def _runner_kwargs(spec: WaveSpec, collector: EventCollector, masker: Masker, cancel: Callable[[], bool]) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "private_data_dir": str(spec.private_data_dir),
        "ident": spec.ident,
        "playbook": str(spec.playbook),
        "project_dir": str(spec.project_dir),
        "inventory": list(spec.inventory),
        "limit": f"@{spec.limit_file}",
        "quiet": True,
        "ignore_logging": True,
        "settings": {"suppress_output_file": True, "pexpect_timeout": PEXPECT_TIMEOUT, "suppress_ansible_output": True},
        "event_handler": collector.handle,
        "status_handler": _status_handler(masker),
        "cancel_callback": cancel,
    }
    if spec.cmdline:
        kwargs["cmdline"] = shlex.join(spec.cmdline)
    if spec.tags:
        kwargs["tags"] = spec.tags
    if spec.skip_tags:
        kwargs["skip_tags"] = spec.skip_tags
    # The collection's records callback must not record a wave a second time.
    kwargs["envvars"] = {RECORDED_BY_ENV: "rollout", **({"PATH": spec.path_env} if spec.path_env else {})}
    return kwargs


def _status_handler(masker: Masker) -> Callable[..., None]:
    def handle(data: dict[str, Any], runner_config: Any = None) -> None:
        if data.get("status") == "running" and runner_config is not None:
            redact_command_file(artifact_dir=Path(runner_config.artifact_dir), masker=masker)

    return handle


def _wave_status(runner_status: str, hosts: list[Any]) -> WaveStatus:
    if runner_status == "canceled":
        return "interrupted"
    if runner_status != "successful":
        return "failed"
    # After a successful run, a host without results was in no play (an AP in a switch playbook), not failed.
    if any(h.status in ("failed", "unreachable") for h in hosts):
        return "failed"
    return "successful"
