"""Rich renderings of rollouts: the live progress display, the per-site table, history and `show`."""

from __future__ import annotations

import threading
from collections import Counter
from types import TracebackType

from rich.console import Console, Group, RenderableType
from rich.live import Live
from rich.table import Table
from rich.text import Text

from provisioner.records.models import (
    COUNT_NAMES,
    FailedTask,
    HostResult,
    LockConflict,
    RunRecord,
    RunSummary,
    WaveOutcome,
    WavePlan,
    WaveRecord,
)

_STYLE = {
    "successful": "green",
    "ok": "green",
    "failed": "red",
    "unreachable": "red",
    "interrupted": "yellow",
    "canceled": "yellow",
    "refused": "magenta",
    "skipped": "dim",
    "pending": "dim",
    "running": "cyan",
    "not_in_play": "dim",
}


def styled(value: object) -> Text:
    text = str(value)
    return Text(text, style=_STYLE.get(text, ""))


class LiveProgress:
    """Observer that keeps a live table of waves, hosts done/total and failures as they happen."""

    def __init__(self, *, console: Console) -> None:
        self.console = console
        self.run_id: int | None = None
        self.waves: tuple[WavePlan, ...] = ()
        self.status: dict[int, str] = {}
        self.done: dict[int, int] = {}
        self.task = ""
        self.failed: list[FailedTask] = []
        self.lock = threading.Lock()
        self.live = Live(console=console, auto_refresh=True, refresh_per_second=2, get_renderable=self.render, transient=False)

    def __enter__(self) -> LiveProgress:
        self.live.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.live.stop()

    def render(self) -> RenderableType:
        with self.lock:
            total = sum(len(w.hosts) for w in self.waves)
            done = sum(self.done.values())
            title = f"run {self.run_id}: {done}/{total} hosts done, {len({f.host for f in self.failed})} failed"
            table = Table(title=title, title_justify="left", expand=False)
            for column in ("wave", "sites", "hosts", "status"):
                table.add_column(column)
            for wave in self.waves:
                status = self.status.get(wave.index, "pending")
                table.add_row(
                    Text(wave.name), Text(_sites(wave.sites)), Text(f"{self.done.get(wave.index, 0)}/{len(wave.hosts)}"), styled(status)
                )
            current = Text(f"task: {self.task}", style="dim") if self.task else Text("")
            return Group(table, current)

    def planned(self, *, run_id: int, waves: tuple[WavePlan, ...]) -> None:
        with self.lock:
            self.run_id, self.waves = run_id, waves

    def waiting(self, *, conflict: LockConflict) -> None:
        self.live.console.print(Text(f"waiting for run {conflict.run_id} to release site(s) {', '.join(conflict.sites)} ..."))

    def wave_started(self, *, wave: WavePlan) -> None:
        with self.lock:
            self.status[wave.index] = "running"

    def task_started(self, *, wave: WavePlan, task: str) -> None:
        with self.lock:
            self.task = task

    def host_failed(self, *, failure: FailedTask) -> None:
        with self.lock:
            self.failed.append(failure)
            wave = self.done.get(failure.wave, 0)
            self.done[failure.wave] = wave + (1 if failure.host not in {f.host for f in self.failed[:-1]} else 0)
        kind = "UNREACHABLE" if failure.unreachable else "FAILED"
        self.live.console.print(Text(f"{kind} {failure.host} | {failure.task}: {_first_line(failure.message)}", style="red"))

    def wave_finished(self, *, wave: WavePlan, outcome: WaveOutcome) -> None:
        with self.lock:
            self.status[wave.index] = outcome.status
            self.done[wave.index] = len(wave.hosts)
            self.task = ""

    def waves_skipped(self, *, waves: tuple[WavePlan, ...], reason: str) -> None:
        with self.lock:
            for wave in waves:
                self.status[wave.index] = "skipped"
        self.live.console.print(Text(f"stopping: {reason}; skipped {', '.join(w.name for w in waves)}", style="yellow"))


def _first_line(text: str) -> str:
    return text.splitlines()[0] if text else ""


def _sites(sites: tuple[str, ...], limit: int = 4) -> str:
    return ", ".join(sites[:limit]) + (f" (+{len(sites) - limit})" if len(sites) > limit else "")


def site_table(record: RunRecord) -> Table:
    """Final per-site table: hosts by outcome and summed counts."""
    table = Table(title=f"run {record.summary.id}: {record.summary.status}", title_justify="left")
    for column in ("site", "wave", "hosts", "ok", "changed", "failed", "unreachable", "skipped", "status"):
        table.add_column(column)
    for site, wave, hosts in _site_rows(record):
        counts: Counter[str] = Counter()
        for host in hosts:
            counts.update(host.counts.as_dict())
        bad = sum(1 for h in hosts if h.status in ("failed", "unreachable"))
        status = "failed" if bad else ("ok" if hosts and all(h.status == "ok" for h in hosts) else wave.status)
        table.add_row(
            Text(site),
            Text(wave.plan.name),
            Text(str(len(hosts) or sum(1 for _, s in wave.plan.host_site_pairs() if s == site))),
            *(Text(str(counts[k])) for k in ("ok", "changed", "failed", "unreachable", "skipped")),
            styled(status),
        )
    return table


def _site_rows(record: RunRecord) -> list[tuple[str, WaveRecord, list[HostResult]]]:
    rows: list[tuple[str, WaveRecord, list[HostResult]]] = []
    for wave in record.waves:
        for site in wave.plan.sites:
            rows.append((site, wave, [h for h in record.hosts if h.site_id == site and h.wave == wave.plan.index]))
    return rows


def history_table(runs: list[RunSummary]) -> Table:
    table = Table(title="rollouts", title_justify="left")
    for column in ("id", "status", "started", "duration", "operator", "trigger", "playbook", "sites", "hosts", "failed"):
        table.add_column(column)
    for run in runs:
        table.add_row(
            Text(str(run.id)),
            styled(run.status),
            Text(run.started_at[:19].replace("T", " ")),
            Text(_duration(run.duration_s)),
            Text(run.operator),
            Text(run.trigger),
            Text(run.playbook.rsplit("/", 1)[-1]),
            Text(_sites(run.sites, 3)),
            Text(str(run.hosts_total)),
            Text(str(run.hosts_failed)),
        )
    return table


def _duration(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds:.1f}s"


def show_renderables(record: RunRecord) -> list[RenderableType]:
    """Everything `provisioner show` prints about one run."""
    parts: list[RenderableType] = [_facts(record), _options(record)]
    if record.errors:
        parts.append(_lines("validation errors", record.errors, style="red"))
    parts += [_waves(record), site_table(record), _hosts(record)]
    if record.failed_tasks:
        parts.append(_failures(record))
    parts += _changes(record)
    parts.append(Text(f"artifacts: {record.artifacts_dir or '-'}", style="dim"))
    return parts


def _kv(title: str, rows: list[tuple[str, object]]) -> Table:
    table = Table(title=title, title_justify="left", show_header=False, box=None, padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    for key, value in rows:
        table.add_row(Text(key), value if isinstance(value, Text) else Text("-" if value in (None, "", ()) else str(value)))
    return table


def _facts(record: RunRecord) -> Table:
    s, op, src = record.summary, record.operator, record.source
    dirty = "" if src.dirty is None else (" (dirty)" if src.dirty else " (clean)")
    return _kv(
        f"run {s.id}",
        [
            ("status", styled(s.status)),
            ("message", s.message),
            ("started", s.started_at),
            ("ended", s.ended_at),
            ("duration", _duration(s.duration_s)),
            ("exit code", record.exit_code),
            ("operator", f"{op.user} ({op.kind})"),
            ("os user", op.os_user),
            ("machine", op.machine),
            ("pipeline", op.pipeline),
            ("pipeline url", op.url),
            ("trigger", s.trigger),
            ("rerun of", record.rerun_of),
            ("git commit", f"{src.commit}{dirty}" if src.commit else None),
            ("registry digest", src.registry_digest),
            ("registry", src.registry_path),
        ],
    )


def _options(record: RunRecord) -> Table:
    o = record.options
    extra = ", ".join(f"{k}={v}" for k, v in o.extra_vars.items())
    return _kv(
        "options",
        [
            ("playbook", o.playbook),
            ("inventory", ", ".join(o.inventory)),
            ("limit", o.limit),
            ("sites", ", ".join(o.sites)),
            ("types", ", ".join(o.types)),
            ("tags", ", ".join(o.tags)),
            ("skip tags", ", ".join(o.skip_tags)),
            ("check", o.check),
            ("diff", o.diff),
            ("extra vars", extra),
            ("canary", o.canary),
            ("wave size", o.wave_size),
            ("max fail percent", o.max_fail_percent),
            ("hosts", ", ".join(o.hosts)),
            ("vault password", o.vault),
        ],
    )


def _lines(title: str, lines: tuple[str, ...], style: str = "") -> Group:
    return Group(Text(title, style="bold"), *(Text(f"  {line}", style=style) for line in lines))


def _waves(record: RunRecord) -> Table:
    table = Table(title="wave plan", title_justify="left")
    for column in ("#", "wave", "status", "sites", "hosts", "rc", "started", "ended", *COUNT_NAMES):
        table.add_column(column)
    for w in record.waves:
        counts = _wave_counts(record, w.plan.index)
        table.add_row(
            Text(str(w.plan.index)),
            Text(w.plan.name),
            styled(w.status),
            Text(", ".join(w.plan.sites)),
            Text(str(len(w.plan.hosts))),
            Text("-" if w.rc is None else str(w.rc)),
            Text((w.started_at or "-")[11:19]),
            Text((w.ended_at or "-")[11:19]),
            *(Text(str(counts[k])) for k in COUNT_NAMES),
        )
    return table


def _wave_counts(record: RunRecord, index: int) -> Counter[str]:
    """Per-wave counts: the sum over the wave's hosts."""
    counts: Counter[str] = Counter({k: 0 for k in COUNT_NAMES})
    for host in record.hosts:
        if host.wave == index:
            counts.update(host.counts.as_dict())
    return counts


def _hosts(record: RunRecord) -> Table:
    table = Table(title="hosts", title_justify="left")
    for column in ("host", "site", "wave", "status", "ok", "changed", "failed", "unreachable", "skipped", "rescued", "ignored"):
        table.add_column(column)
    for h in record.hosts:
        table.add_row(
            Text(h.host), Text(h.site_id), Text(str(h.wave)), styled(h.status), *(Text(str(v)) for v in h.counts.as_dict().values())
        )
    return table


def _failures(record: RunRecord) -> Table:
    table = Table(title="failed tasks", title_justify="left")
    for column in ("host", "task", "action", "message"):
        table.add_column(column)
    for f in record.failed_tasks:
        table.add_row(Text(f.host), Text(f.task), Text(f.action), Text(("UNREACHABLE: " if f.unreachable else "") + f.message, style="red"))
    return table


def _changes(record: RunRecord) -> list[RenderableType]:
    if not record.changes:
        return [Text("changes: none recorded", style="dim")]
    parts: list[RenderableType] = [Text("changes", style="bold")]
    for c in record.changes:
        parts.append(Text(f"{c.host} | {c.task} ({c.action})", style="bold cyan"))
        parts += [Text(f"    {line}") for line in c.commands]
        parts += [Text(f"    {line}", style=_diff_style(line)) for line in c.diff.splitlines()]
    return parts


def _diff_style(line: str) -> str:
    return "green" if line.startswith("+") else "red" if line.startswith("-") else ""
