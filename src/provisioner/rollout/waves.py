"""Run the planned waves in order, stopping after a failed canary or above --max-fail-percent."""

from __future__ import annotations

import threading
from pathlib import Path

from provisioner.netconfig.removals import REFUSED_MARK
from provisioner.records.models import RunStatus, WaveOutcome, WavePlan
from provisioner.records.store import RecordStore
from provisioner.rollout import orphans
from provisioner.rollout.events import EventCollector
from provisioner.rollout.hostindex import tool_env
from provisioner.rollout.plan import limit_patterns, over_threshold
from provisioner.rollout.request import Observer, Prepared, RolloutRequest, RolloutResult
from provisioner.rollout.wave import WaveSpec, run_wave

_EXIT = {"successful": 0, "failed": 1, "interrupted": 3}
EXIT_REFUSED = 2


class WaveLoop:
    """One run's waves."""

    def __init__(
        self,
        *,
        request: RolloutRequest,
        store: RecordStore,
        observer: Observer,
        cancel: threading.Event,
        prepared: Prepared,
        run_id: int,
        cmdline: tuple[str, ...],
    ) -> None:
        self.request, self.store, self.observer, self.cancel = request, store, observer, cancel
        self.prepared, self.run_id, self.cmdline = prepared, run_id, cmdline
        self.run_dir = request.state_dir / "runs" / str(run_id)
        self.finished_hosts = 0
        self.failed_hosts = 0
        self.any_failed = False

    def run(self) -> RolloutResult:
        """Run every wave until done, stopped or interrupted; record and return the end state."""
        stop: str | None = None
        interrupted = False
        for wave in self.prepared.waves:
            if self.cancel.is_set():
                interrupted = True
                break
            outcome = self._one(wave)
            if outcome.status == "interrupted" or self.cancel.is_set():
                interrupted = True
                break
            stop = self._stop_reason(wave, outcome)
            if stop:
                break
        return self._finish(stop, interrupted)

    def _one(self, wave: WavePlan) -> WaveOutcome:
        spec = self._spec(wave)
        self.store.start_wave(run_id=self.run_id, index=wave.index, artifact_dir=str(spec.artifact_dir))
        self.observer.wave_started(wave=wave)
        collector = EventCollector(
            wave=wave.index,
            masker=self.prepared.masker,
            on_failure=lambda f: self.observer.host_failed(failure=f),
            on_task=lambda t: self.observer.task_started(wave=wave, task=t),
        )
        outcome = run_wave(
            spec=spec, collector=collector, masker=self.prepared.masker, site_of=self.prepared.site_of, cancel=self.cancel.is_set
        )
        if outcome.status == "interrupted":
            orphans.terminate(marker=str(spec.limit_file.parent) + "/")
        self.store.finish_wave(run_id=self.run_id, outcome=outcome)
        self.observer.wave_finished(wave=wave, outcome=outcome)
        self.finished_hosts += len(outcome.hosts)
        self.failed_hosts += sum(1 for h in outcome.hosts if h.status in ("failed", "unreachable"))
        self.any_failed = self.any_failed or outcome.status == "failed"
        return outcome

    def _spec(self, wave: WavePlan) -> WaveSpec:
        limits = self.run_dir / "limits"
        limits.mkdir(parents=True, exist_ok=True)
        return WaveSpec(
            index=wave.index,
            private_data_dir=self.run_dir,
            ident=f"wave-{wave.index}",
            playbook=Path(self.prepared.options.playbook),
            project_dir=self.request.cwd,
            inventory=self.prepared.options.inventory,
            limit_file=limits / f"wave-{wave.index}.txt",
            hosts=wave.hosts,
            limit_patterns=tuple(limit_patterns(wave=wave, site_of=self.prepared.site_of)),
            cmdline=self.cmdline,
            tags=",".join(self.request.tags) or None,
            skip_tags=",".join(self.request.skip_tags) or None,
            path_env=tool_env()["PATH"],
        )

    def _stop_reason(self, wave: WavePlan, outcome: WaveOutcome) -> str | None:
        if wave.name == "canary" and outcome.status != "successful":
            return f"the canary site {wave.sites[0]} failed"
        if over_threshold(failed=self.failed_hosts, total=self.finished_hosts, max_fail_percent=self.request.max_fail_percent):
            percent = self.failed_hosts * 100.0 / max(self.finished_hosts, 1)
            limit = f"--max-fail-percent {self.request.max_fail_percent:g}"
            return f"{self.failed_hosts} of {self.finished_hosts} hosts failed ({percent:.1f}% > {limit})"
        return None

    def _finish(self, stop: str | None, interrupted: bool) -> RolloutResult:
        pending = self._pending()
        self.store.skip_waves(run_id=self.run_id)
        if pending and not interrupted:
            self.observer.waves_skipped(waves=pending, reason=stop or "")
        status: RunStatus = "interrupted" if interrupted else "failed" if self.any_failed else "successful"
        message = self._message(stop, interrupted, pending)
        code = _EXIT[status]
        refused = self._removals_refused() if status == "failed" else []
        if refused:  # a plan refused before its push is a refusal (exit 2), not a device failure
            code = EXIT_REFUSED
            message = f"removals refused on {', '.join(refused)} (nothing pushed there; check the registry or use --allow-removals)"
        self.store.finish_run(run_id=self.run_id, status=status, exit_code=code, message=message)
        return RolloutResult(run_id=self.run_id, status=status, exit_code=code, message=message or "")

    def _removals_refused(self) -> list[str]:
        record = self.store.get(run_id=self.run_id)
        failed = record.failed_tasks if record else ()
        return sorted({f.host for f in failed if REFUSED_MARK in f.message})

    def _pending(self) -> tuple[WavePlan, ...]:
        record = self.store.get(run_id=self.run_id)
        pending = {w.plan.index for w in record.waves if w.status == "pending"} if record else set()
        return tuple(w for w in self.prepared.waves if w.index in pending)

    def _message(self, stop: str | None, interrupted: bool, pending: tuple[WavePlan, ...]) -> str | None:
        if interrupted:
            return f"interrupted (SIGINT/SIGTERM); {len(pending)} wave(s) not started"
        if stop:
            return f"stopped: {stop}; {len(pending)} wave(s) skipped"
        return None
