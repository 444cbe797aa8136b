"""Turn ansible-runner events into host counts, failed tasks and changes, masking each event in place."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from provisioner.netconfig.masking import Masker
from provisioner.records.models import Change, FailedTask, HostCounts, HostResult, HostStatus
from provisioner.rollout.secrets import mask_data

_STATS_KEYS = {
    "ok": "ok",
    "changed": "changed",
    "failures": "failed",
    "dark": "unreachable",
    "skipped": "skipped",
    "rescued": "rescued",
    "ignored": "ignored",
}
_MAX_MESSAGE = 4000

FailureSink = Callable[[FailedTask], None]
TaskSink = Callable[[str], None]


class EventCollector:
    """The event_handler of one wave: masks events, writes masked stdout, aggregates results."""

    def __init__(
        self,
        *,
        wave: int,
        masker: Masker,
        stdout: TextIO | None = None,
        on_failure: FailureSink | None = None,
        on_task: TaskSink | None = None,
    ) -> None:
        self.wave = wave
        self.masker = masker
        self.stdout = stdout
        self.on_failure = on_failure
        self.on_task = on_task
        self.stats: dict[str, dict[str, int]] = {}
        self.failed_tasks: list[FailedTask] = []
        self.changes: list[Change] = []
        # Hosts a run_once task acted for (the WLAN role's AP hosts): their own counts.
        self.delegated: dict[str, dict[str, int]] = {}

    def handle(self, event: dict[str, Any]) -> bool:
        """ansible-runner event_handler: mask in place (the runner then writes it), then aggregate."""
        event.update(mask_data(self.masker, event))
        if self.stdout is not None and event.get("stdout"):
            self.stdout.write(str(event["stdout"]) + "\n")
        self._dispatch(str(event.get("event", "")), event.get("event_data") or {})
        return True

    def _dispatch(self, name: str, data: dict[str, Any]) -> None:
        if name == "playbook_on_task_start" and self.on_task is not None:
            self.on_task(str(data.get("task", "")))
        elif name == "runner_on_ok":
            self._delegated(data)
            self._changed(data)
        elif name == "runner_on_failed" and not data.get("ignore_errors"):
            if self._delegated(data):  # each host's failure is recorded; the task's goes to the device
                self._failed({**data, "host": _device_of(data.get("res") or {}) or data.get("host", "")}, unreachable=False)
            else:
                self._failed(data, unreachable=False)
        elif name == "runner_on_unreachable":
            self._failed(data, unreachable=True)
        elif name == "playbook_on_stats":
            self._stats(data)

    def _failed(self, data: dict[str, Any], *, unreachable: bool) -> None:
        failure = FailedTask(
            host=str(data.get("host", "")),
            wave=self.wave,
            task=str(data.get("task", "")),
            action=str(data.get("resolved_action") or data.get("task_action") or ""),
            message=failure_message(data.get("res") or {}),
            unreachable=unreachable,
        )
        self.failed_tasks.append(failure)
        if self.on_failure is not None:
            self.on_failure(failure)

    def _delegated(self, data: dict[str, Any]) -> bool:
        """Per-host outcomes a run_once action reports under `provisioner_hosts` (loop items merged)."""
        res = data.get("res") or {}
        found = False
        for item in [res, *(r for r in res.get("results") or [] if isinstance(r, dict))]:
            for host, outcome in (item.get("provisioner_hosts") or {}).items():
                found = True
                counts = self.delegated.setdefault(str(host), {"ok": 0, "changed": 0, "failed": 0})
                failed = bool(outcome.get("failed"))
                counts["failed" if failed else "ok"] += 1
                counts["changed"] += int(bool(outcome.get("changed")))
                if failed:
                    self._failed({**data, "host": host, "res": {"msg": outcome.get("msg", "")}}, unreachable=False)
        return found

    def _changed(self, data: dict[str, Any]) -> None:
        res = data.get("res") or {}
        if not res.get("changed"):
            return
        commands, diff = change_details(res)
        device = _device_of(res)
        self.changes.append(
            Change(
                host=str(device or data.get("host", "")),
                wave=self.wave,
                task=str(data.get("task", "")),
                action=str(data.get("resolved_action") or data.get("task_action") or ""),
                commands=tuple(commands),
                diff=diff,
            )
        )

    def _stats(self, data: dict[str, Any]) -> None:
        for key, name in _STATS_KEYS.items():
            for host, count in (data.get(key) or {}).items():
                self.stats.setdefault(host, {})[name] = int(count)

    def host_results(self, *, site_of: dict[str, str], hosts: tuple[str, ...]) -> list[HostResult]:
        """One result per planned host; a host absent from the recap was in no play (`not_in_play`)."""
        return [self._result(h, site_of.get(h, "")) for h in hosts]

    def _result(self, host: str, site: str) -> HostResult:
        counts = self.delegated.get(host) or self.stats.get(host)
        if counts is None:
            return HostResult(host=host, site_id=site, wave=self.wave, status="not_in_play")
        status: HostStatus = "unreachable" if counts.get("unreachable") else "failed" if counts.get("failed") else "ok"
        return HostResult(host=host, site_id=site, wave=self.wave, status=status, counts=HostCounts(**counts))


def _device_of(res: dict[str, Any]) -> str | None:
    """The device a (run_once) result acted on, if it says so (`provisioner_device`)."""
    items = [r for r in [res, *(res.get("results") or [])] if isinstance(r, dict) and r.get("provisioner_device")]
    return str(items[0]["provisioner_device"]) if items else None


def failure_message(res: dict[str, Any]) -> str:
    """The most useful text of a failed result: msg, plus stderr or the first failing loop item."""
    parts = [str(res.get("msg") or "")]
    if res.get("stderr"):
        parts.append(str(res["stderr"]).strip())
    for item in res.get("results") or []:
        if isinstance(item, dict) and item.get("failed"):
            parts.append(f"item {item.get('item')!r}: {item.get('msg') or item.get('stderr') or ''}")
            break
    text = "\n".join(p for p in parts if p) or "(no message)"
    return text[:_MAX_MESSAGE]


def change_details(res: dict[str, Any]) -> tuple[list[str], str]:
    """The `commands` a result reports and its `diff` as unified text; loop results are merged."""
    results = [r for r in res.get("results") or [] if isinstance(r, dict) and r.get("changed")] or [res]
    commands = [str(c) for r in results for c in (r.get("commands") or [])]
    diffs = [render_diff(r.get("diff")) for r in results if r.get("diff")]
    return commands, "\n".join(d for d in diffs if d)


def render_diff(diff: Any) -> str:
    """Ansible's diff (dict or list of dicts with before/after or prepared) as unified diff text."""
    if isinstance(diff, list):
        return "\n".join(render_diff(d) for d in diff)
    if not isinstance(diff, dict):
        return str(diff or "")
    if diff.get("prepared"):
        return str(diff["prepared"])
    before, after = _text(diff.get("before")), _text(diff.get("after"))
    if before == after:
        return ""
    return "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=str(diff.get("before_header", "before")),
            tofile=str(diff.get("after_header", "after")),
        )
    )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "".join(f"{v}\n" for v in value)
    if isinstance(value, dict):
        return "".join(f"{k}: {v}\n" for k, v in value.items())
    text = str(value)
    return text if text.endswith("\n") or not text else text + "\n"


def open_stdout(path: Path) -> TextIO:
    """Our masked replacement of the runner's stdout file (the runner's own is suppressed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return path.open("a", encoding="utf-8")
