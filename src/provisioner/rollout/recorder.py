"""Record a run that did not start through `provisioner rollout` (plain ansible-playbook, AWX) from its events.

The collection's callback plugin (schulit.provisioner.records) feeds this with plain dicts; the records are the
same as a rollout's: one wave, a result per host, failed tasks and changes, all masked.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from provisioner.netconfig.masking import Masker
from provisioner.records import RECORDED_BY_ENV, NewRun, Operator, Options, RecordStore, Source, WaveOutcome, WavePlan
from provisioner.records.models import RunStatus, Trigger, WaveStatus
from provisioner.records.procinfo import current as current_process
from provisioner.rollout import context
from provisioner.rollout.events import EventCollector
from provisioner.rollout.secrets import env_references, extra_var_secrets, redact, secret_env_values

_WAVE = 0


@dataclass(frozen=True)
class PlainRun:
    """What the callback knows when the first play starts."""

    playbook: str
    inventory: tuple[str, ...]
    limit: str | None
    tags: tuple[str, ...]
    skip_tags: tuple[str, ...]
    check: bool
    diff: bool
    extra_vars: Mapping[str, Any]
    hosts: Mapping[str, str]  # host -> site id ("" for none)


def is_recorded_elsewhere(*, env: Mapping[str, str] | None = None) -> bool:
    """True inside a `provisioner rollout` wave or an image build, which record themselves."""
    return bool((os.environ if env is None else env).get(RECORDED_BY_ENV))


def awx_job(extra_vars: Mapping[str, Any]) -> str | None:
    """The AWX (or Tower) job id AWX passes as an extra var, if AWX runs us."""
    job = extra_vars.get("awx_job_id") or extra_vars.get("tower_job_id")
    return str(job) if job is not None else None


def operator_of(extra_vars: Mapping[str, Any], *, env: Mapping[str, str] | None = None) -> Operator:
    """AWX's launching user and job, else the OS or CI user (as for a rollout)."""
    env = os.environ if env is None else env
    job = awx_job(extra_vars)
    if job is None:
        return context.operator(env=env)
    local = context.operator(env={})
    user = str(extra_vars.get("awx_user_name") or extra_vars.get("tower_user_name") or local.user)
    host = env.get("AWX_HOST") or env.get("TOWER_HOST")
    url = f"{host.rstrip('/')}/#/jobs/playbook/{job}" if host else None
    return Operator(user=user, kind="awx", os_user=local.os_user, machine=local.machine, pipeline=job, url=url)


def trigger_of(extra_vars: Mapping[str, Any]) -> Trigger:
    return "awx" if awx_job(extra_vars) is not None else "ansible-playbook"


def source_of(run: PlainRun) -> Source:
    """The git state of the playbook's checkout; under AWX the project revision it synced."""
    revision = run.extra_vars.get("awx_project_revision") or run.extra_vars.get("tower_project_revision")
    if revision:
        return Source(commit=str(revision), dirty=None)
    return context.source(cwd=Path(run.playbook).resolve().parent, registry_digest=None, registry_path=None)


def masker_of(run: PlainRun, *, env: Mapping[str, str] | None = None) -> Masker:
    """Secret env values the inventory references or whose names look secret, and secret extra vars."""
    folders = [Path(i).resolve().parent for i in run.inventory if Path(i).exists()]
    names = env_references(paths=folders)
    return Masker().with_values([*secret_env_values(names=names, env=env), *extra_var_secrets(dict(run.extra_vars))])


class RunRecorder:
    """One plain run in the records: start at the first play, events while it runs, finish at the recap."""

    def __init__(self, *, store: RecordStore, masker: Masker) -> None:
        self.store = store
        self.collector = EventCollector(wave=_WAVE, masker=masker)
        self.sites: dict[str, str] = {}
        self.run_id: int | None = None

    def start(self, *, run: PlainRun) -> int:
        options = Options(
            playbook=run.playbook,
            inventory=run.inventory,
            limit=run.limit,
            tags=run.tags,
            skip_tags=run.skip_tags,
            check=run.check,
            diff=run.diff,
            extra_vars=redact(dict(run.extra_vars)),
            hosts=tuple(run.hosts),
        )
        self.sites.update(run.hosts)
        wave = WavePlan(
            index=_WAVE,
            name=trigger_of(run.extra_vars),
            sites=_sites(run.hosts),
            hosts=tuple(run.hosts),
            host_sites=tuple(run.hosts.values()),
        )
        new = NewRun(
            operator=operator_of(run.extra_vars),
            source=source_of(run),
            trigger=trigger_of(run.extra_vars),
            options=options,
            process=current_process(),
            waves=(wave,),
            sites=_sites(run.hosts),
        )
        self.run_id = self.store.start_run(run=new)
        self.store.start_wave(run_id=self.run_id, index=_WAVE, artifact_dir="")
        return self.run_id

    def play(self, *, hosts: Mapping[str, str]) -> None:
        """A later play: its hosts and sites join the run."""
        new = {h: s for h, s in hosts.items() if h not in self.sites}
        self.sites.update(new)
        if self.run_id is not None and new:
            self.store.add_sites(run_id=self.run_id, sites=_sites(new))

    def event(self, *, name: str, data: dict[str, Any]) -> None:
        """An event in ansible-runner's shape (runner_on_ok, runner_on_failed, ..., playbook_on_stats)."""
        self.collector.handle({"event": name, "event_data": data})

    def finish(self) -> RunStatus:
        hosts = tuple(sorted({*self.sites, *self.collector.stats}))
        results = self.collector.host_results(site_of=self.sites, hosts=hosts)
        failed = any(r.status in ("failed", "unreachable") for r in results)
        unreachable = any(r.status == "unreachable" for r in results)
        status: RunStatus = "failed" if failed else "successful"
        wave_status: WaveStatus = "failed" if failed else "successful"
        outcome = WaveOutcome(
            index=_WAVE,
            status=wave_status,
            rc=4 if unreachable else 2 if failed else 0,
            runner_status=status,
            hosts=tuple(results),
            failed_tasks=tuple(self.collector.failed_tasks),
            changes=tuple(self.collector.changes),
        )
        if self.run_id is not None:
            self.store.finish_wave(run_id=self.run_id, outcome=outcome)
            self.store.finish_run(run_id=self.run_id, status=status, exit_code=outcome.rc or 0)
        return status


def _sites(hosts: Mapping[str, str] | Sequence[str]) -> tuple[str, ...]:
    values = hosts.values() if isinstance(hosts, Mapping) else hosts
    return tuple(sorted({s for s in values if s}))
