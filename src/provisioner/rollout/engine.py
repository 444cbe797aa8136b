"""The rollout: record the run, take the site locks, run the waves, stop early when told, record everything."""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from pathlib import Path

from provisioner.records.models import LockConflict, NewRun, Operator, Source, Trigger, WaveOutcome, WavePlan
from provisioner.records.procinfo import current
from provisioner.records.store import RecordStore
from provisioner.rollout import context, orphans
from provisioner.rollout.artifacts import scrub_tree
from provisioner.rollout.errors import RolloutRefused
from provisioner.rollout.hostindex import CENTRAL
from provisioner.rollout.prepare import options_of, prepare
from provisioner.rollout.request import VAULT_ENV, NullObserver, Observer, Prepared, RolloutRequest, RolloutResult
from provisioner.rollout.waves import WaveLoop

LOCK_POLL_SECONDS = 1.0
EXIT_OK, EXIT_FAILED, EXIT_REFUSED, EXIT_INTERRUPTED = 0, 1, 2, 3


def run_rollout(*, request: RolloutRequest, observer: Observer | None = None, cancel: threading.Event | None = None) -> RolloutResult:
    """Run (and record) one rollout; never raises for a refusal, which is recorded instead."""
    store = RecordStore(path=request.database)
    try:
        recover(store=store, state_dir=request.state_dir)
        return _run(request, store, observer or NullObserver(), cancel or threading.Event())
    finally:
        store.close()


def recover(*, store: RecordStore, state_dir: Path) -> list[int]:
    """Mark runs whose process died as interrupted and clean what they left behind."""
    found = store.recover_interrupted()
    for run_id, artifacts in found:
        if artifacts:
            orphans.terminate(marker=str(Path(artifacts) / "limits") + "/")
            scrub_tree(root=Path(artifacts), masker=None)
        shutil.rmtree(state_dir / "tmp" / str(run_id), ignore_errors=True)
    return [run_id for run_id, _ in found]


def _run(request: RolloutRequest, store: RecordStore, observer: Observer, cancel: threading.Event) -> RolloutResult:
    operator, trigger = context.operator(), context.trigger(onboarding=request.onboarding)
    try:
        prepared = prepare(request=request, vault_password_file=_vault_file(request))
        for gate in request.gates:
            gate(request, prepared)
    except RolloutRefused as exc:
        return _refuse_early(store, request, operator, trigger, exc)
    source = context.source(cwd=request.cwd, registry_digest=prepared.registry_digest, registry_path=prepared.registry_path)
    sites = tuple(dict.fromkeys(s for w in prepared.waves for s in w.sites))
    run_id = store.start_run(
        run=NewRun(
            operator=operator,
            source=source,
            trigger=trigger,
            options=prepared.options,
            process=current(),
            waves=prepared.waves,
            sites=sites,
            rerun_of=request.rerun_of,
        )
    )
    run_dir = request.state_dir / "runs" / str(run_id)
    run_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    store.set_artifacts_dir(run_id=run_id, path=str(run_dir))
    observer.planned(run_id=run_id, waves=prepared.waves)
    try:
        locks = (*sites, CENTRAL) if prepared.shared_lock and CENTRAL not in sites else sites
        return _locked(request, store, observer, cancel, prepared, run_id, locks)
    except BaseException as exc:
        orphans.terminate(marker=str(run_dir / "limits") + "/")
        store.abort_waves(run_id=run_id)
        store.finish_run(
            run_id=run_id,
            status="interrupted" if isinstance(exc, KeyboardInterrupt) else "failed",
            exit_code=EXIT_INTERRUPTED if isinstance(exc, KeyboardInterrupt) else EXIT_FAILED,
            message=prepared.masker.mask(f"{type(exc).__name__}: {exc}"),
        )
        raise
    finally:
        shutil.rmtree(request.state_dir / "tmp" / str(run_id), ignore_errors=True)
        scrub_tree(root=run_dir, masker=prepared.masker)


def _locked(
    request: RolloutRequest,
    store: RecordStore,
    observer: Observer,
    cancel: threading.Event,
    prepared: Prepared,
    run_id: int,
    sites: tuple[str, ...],
) -> RolloutResult:
    conflict = _acquire(request, store, observer, cancel, run_id, sites)
    if conflict is not None:
        message = _conflict_message(conflict)
        store.skip_waves(run_id=run_id)
        store.finish_run(run_id=run_id, status="refused", exit_code=EXIT_REFUSED, message=message)
        return RolloutResult(run_id=run_id, status="refused", exit_code=EXIT_REFUSED, message=message)
    if cancel.is_set():
        store.skip_waves(run_id=run_id)
        store.finish_run(run_id=run_id, status="canceled", exit_code=EXIT_INTERRUPTED, message="canceled before any wave started")
        return RolloutResult(run_id=run_id, status="canceled", exit_code=EXIT_INTERRUPTED, message="canceled before any wave started")
    loop = WaveLoop(
        request=request,
        store=store,
        observer=observer,
        cancel=cancel,
        prepared=prepared,
        run_id=run_id,
        cmdline=_cmdline(request, run_id),
    )
    return loop.run()


def _acquire(
    request: RolloutRequest, store: RecordStore, observer: Observer, cancel: threading.Event, run_id: int, sites: tuple[str, ...]
) -> LockConflict | None:
    deadline = None if request.wait_timeout is None else time.monotonic() + request.wait_timeout
    told = False
    while True:
        conflict = store.acquire_locks(run_id=run_id, sites=sites, process=current())
        if conflict is None:
            return None
        if request.wait and cancel.is_set():
            return None  # canceled while waiting: the caller records the run as canceled
        if not request.wait or (deadline is not None and time.monotonic() > deadline):
            return conflict
        if not told:
            observer.waiting(conflict=conflict)
            told = True
        cancel.wait(LOCK_POLL_SECONDS)


def _conflict_message(conflict: LockConflict) -> str:
    who = f" by {conflict.operator}" if conflict.operator else ""
    return (
        f"site(s) {', '.join(conflict.sites)} are being rolled out by run {conflict.run_id}{who} (pid {conflict.pid});"
        f" wait for it (provisioner show {conflict.run_id}) or use --wait"
    )


def _refuse_early(store: RecordStore, request: RolloutRequest, operator: Operator, trigger: Trigger, exc: RolloutRefused) -> RolloutResult:
    options = options_of(request, tuple(request.inventory))
    commit, dirty = context.git_state(cwd=request.cwd)
    run = NewRun(
        operator=operator,
        source=Source(commit=commit, dirty=dirty),
        trigger=trigger,
        options=options,
        process=current(),
        sites=request.sites,
        rerun_of=request.rerun_of,
    )
    run_id = store.start_run(run=run, status="refused")
    store.finish_run(run_id=run_id, status="refused", exit_code=EXIT_REFUSED, message=str(exc), errors=exc.errors)
    return RolloutResult(run_id=run_id, status="refused", exit_code=EXIT_REFUSED, message=str(exc), errors=tuple(exc.errors))


def _vault_file(request: RolloutRequest) -> str | None:
    """The vault password file for Ansible: the operator's file, or a script that prints the env variable."""
    if request.vault_password_file is not None:
        path = request.vault_password_file
        return str(path if path.is_absolute() else request.cwd / path)
    if not os.environ.get(VAULT_ENV):
        return None
    script = request.state_dir / "vault-password-from-env.sh"
    script.parent.mkdir(parents=True, exist_ok=True)
    script.write_text(f"#!/bin/sh\nprintf '%s\\n' \"${VAULT_ENV}\"\n")
    script.chmod(0o700)
    return str(script)


def _cmdline(request: RolloutRequest, run_id: int) -> tuple[str, ...]:
    args: list[str] = []
    if request.check:
        args.append("--check")
    if request.diff:
        args.append("--diff")
    vault = _vault_file(request)
    if vault:
        args += ["--vault-password-file", vault]
    if request.extra_vars:
        args += ["-e", "@" + str(_write_extra_vars(request, run_id))]
    return tuple(args)


def _write_extra_vars(request: RolloutRequest, run_id: int) -> Path:
    """Extra vars may hold secrets: a 0600 file outside the artifacts, removed when the run ends."""
    folder = request.state_dir / "tmp" / str(run_id)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / "extra-vars.json"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump(request.extra_vars, f)
    return path


__all__ = ["EXIT_FAILED", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_REFUSED", "WaveOutcome", "WavePlan", "recover", "run_rollout"]
