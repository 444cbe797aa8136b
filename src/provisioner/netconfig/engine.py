"""Diff-first apply: read, plan, (check | backup, push, verify, save), roll back on failure."""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace

from provisioner.netconfig.backup import archive_push, write_backup
from provisioner.netconfig.expect import check_fresh, check_same, running_digest
from provisioner.netconfig.guard import check_plan, management_first
from provisioner.netconfig.lines import check_lines, split_intended
from provisioner.netconfig.masking import Masker, secret_values
from provisioner.netconfig.models import (
    ApplyOptions,
    ApplyResult,
    DeviceError,
    DeviceTarget,
    NetconfigError,
    Transaction,
    as_planned,
    whole,
)
from provisioner.netconfig.platform_data import net_platform
from provisioner.netconfig.remediation import normalized, remediation
from provisioner.netconfig.removals import check_plan as check_removals
from provisioner.netconfig.scope import plan_scope
from provisioner.netconfig.session import Session, open_netmiko
from provisioner.netconfig.writeonly import WriteOnlyLine, merge_write_only, split_write_only, strip_write_only

Connect = Callable[[DeviceTarget, float], Session]


@dataclass(frozen=True, slots=True)
class _Job:
    target: DeviceTarget
    options: ApplyOptions
    masker: Masker
    visible: str
    connect: Connect
    view: Callable[[str], str] = whole
    adjust: Callable[[str, list[str]], list[str]] = as_planned
    scoped: bool = False  # ownership from provisioner.netconfig.ownership (a whole switch config)

    @property
    def platform(self) -> str:
        return self.target.hier_platform


def apply_config(*, target: DeviceTarget, intended: str, options: ApplyOptions, connect: Connect = open_netmiko) -> ApplyResult:
    """Bring one device to `intended`; see docs/netconfig.md for the full contract.

    Raises NetconfigError (message masked) for anything that fails before a push.
    Returns a failed ApplyResult when a push or its verification fails (after rollback).
    """
    lines = split_intended(intended)
    masker = Masker().with_values([target.password, *options.extra_secrets, *secret_values(lines)])
    try:
        check_lines(lines=lines, masker=masker)
        visible, hidden = split_write_only(platform=target.hier_platform, lines=lines)
        job = _Job(target, options, masker, "\n".join(visible), connect, scoped=True)
        result = ApplyResult()
        with _session(job, result, "connect") as session:
            return _apply(job, session, hidden, result)
    except NetconfigError as exc:
        raise type(exc)(masker.mask(f"{target.name}: {exc}")) from None


def apply_transactions(
    *,
    target: DeviceTarget,
    transactions: Sequence[Transaction],
    options: ApplyOptions,
    connect: Connect = open_netmiko,
    finish: Callable[[Session], None] | None = None,
) -> list[ApplyResult]:
    """Apply several parts of one device's config over one session, each diff-first on its own.

    The running config is read once and re-read only after a push, so a no-op costs one read.
    A part whose push or verification fails is rolled back alone (its view only) and the
    remaining parts still run; the device is saved once at the end if anything was pushed.
    `finish` runs last on the open session (exec-mode work such as renames).
    Raises NetconfigError (masked) if the device cannot be reached or a line is unsafe.
    """
    everything = [line for tx in transactions for line in split_intended(tx.intended)]
    masker = Masker().with_values([target.password, *options.extra_secrets, *secret_values(everything)])
    per_part = replace(options, save=False)
    try:
        check_lines(lines=everything, masker=masker)
        jobs: list[tuple[_Job, list[WriteOnlyLine]]] = []
        for tx in transactions:
            visible, hidden = split_write_only(platform=target.hier_platform, lines=split_intended(tx.intended))
            jobs.append((_Job(target, per_part, masker, "\n".join(visible), connect, tx.view, tx.adjust), hidden))
        results = [ApplyResult() for _ in jobs]
        if jobs:
            _run_parts(jobs, results, save=options.save and not options.check, finish=finish)
        return results
    except NetconfigError as exc:
        raise type(exc)(masker.mask(f"{target.name}: {exc}")) from None


def _run_parts(
    jobs: list[tuple[_Job, list[WriteOnlyLine]]],
    results: list[ApplyResult],
    *,
    save: bool,
    finish: Callable[[Session], None] | None,
) -> None:
    first = jobs[0][0]
    session: Session | None = _open(first, results[0])
    try:
        for (job, hidden), result in zip(jobs, results, strict=True):
            try:
                session = session or _open(job, result)
                _apply(job, session, hidden, result)
            except NetconfigError as exc:
                result.failed, result.msg = True, job.masker.mask(f"{job.target.name}: {exc}")
            if result.failed:  # rolled back over fresh sessions (or never pushed): start clean
                _close(session, result)
                session = None
        pushed = save and any(r.backup_path for r in results)
        if finish is not None or pushed:
            session = session or _open(first, results[-1])
            if finish is not None:
                finish(session)
            if pushed:
                saved = ApplyResult()
                _save(first, session, saved)
                for result in results:  # every pushed part is unsaved, not just the last one
                    if saved.failed and result.backup_path and not result.failed:
                        result.failed, result.msg = True, saved.msg
                results[-1].timings.update(saved.timings)
    finally:
        _close(session, results[-1])


def _open(job: _Job, result: ApplyResult) -> Session:
    with _timed(result, "connect"):
        return _CachedReads(job.connect(job.target, job.options.timeout))


class _CachedReads:
    """A session that reads the running config again only after something was sent.

    Parts of one device share it: the read after one part's push (its verification) is the
    next part's starting point, so a no-op reads once and each push costs one read.
    """

    def __init__(self, inner: Session) -> None:
        self._inner = inner
        self._text: str | None = None

    def running_config(self) -> str:
        if self._text is None:
            self._text = self._inner.running_config()
        return self._text

    def push(self, lines: list[str], revert_minutes: int = 0) -> str:
        self._text = None
        return self._inner.push(lines, revert_minutes) if revert_minutes else self._inner.push(lines)

    def save(self) -> str:
        return self._inner.save()

    def command(self, line: str) -> str:
        self._text = None
        return self._inner.command(line)

    def commands(self, lines: list[str]) -> str:
        self._text = None
        return self._inner.commands(lines)

    def close(self) -> None:
        self._inner.close()


def _close(session: Session | None, result: ApplyResult) -> None:
    if session is not None:
        with _timed(result, "close"):
            session.close()


@contextmanager
def _session(job: _Job, result: ApplyResult, label: str) -> Iterator[Session]:
    with _timed(result, label):
        session = job.connect(job.target, job.options.timeout)
    try:
        yield session
    finally:
        with _timed(result, "close"):
            session.close()


@contextmanager
def _timed(result: ApplyResult, label: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        result.timings[label] = round(result.timings.get(label, 0.0) + time.perf_counter() - start, 4)


def _apply(job: _Job, session: Session, hidden: list[WriteOnlyLine], result: ApplyResult) -> ApplyResult:
    with _timed(result, "read"):
        running = session.running_config()
    result.running_digest = running_digest(running)
    expected = job.options.expected
    if expected is not None:
        check_fresh(expected=expected, digest=result.running_digest)
    with _timed(result, "plan"):
        job = _scoped(job, running, result)
        visible_running = _visible(job, running)
        plan = remediation(platform=job.platform, running=visible_running, intended=job.visible, predict=job.options.diff)
        commands = merge_write_only(commands=plan.commands, hidden=hidden, rotate=job.options.rotate_secrets)
        commands = management_first(platform=job.platform, running=running, commands=job.adjust(visible_running, commands))
        check_lines(lines=commands, masker=job.masker)
        if commands and job.scoped:  # a whole switch; controller parts own only their objects
            target = job.target
            check_plan(platform=job.platform, running=running, commands=commands, login_user=target.username, session_host=target.host)
        check_removals(running=visible_running, commands=commands, allow=job.options.allow_removals)
    result.changed = bool(commands)
    result.commands = job.masker.mask_lines(commands)
    if expected is not None:
        check_same(expected=expected, commands=result.commands)
    if job.options.diff:
        result.before = job.masker.mask(normalized(platform=job.platform, text=visible_running))
        result.after = job.masker.mask(plan.future or "")
    if not commands or job.options.check:
        return result
    return _push(job, session, running, commands, result)


def _scoped(job: _Job, running: str, result: ApplyResult) -> _Job:
    """A whole-switch job planned over the owned lines only; the rest is reported as unmanaged."""
    if not job.scoped:
        return job
    scope = plan_scope(
        platform=job.platform,
        running=strip_write_only(platform=job.platform, text=running),
        intended=job.visible,
        session_host=job.target.host,
        purge_vlans=job.options.purge_vlans,
    )
    result.unmanaged = job.masker.mask_lines(scope.unmanaged)
    result.notes = job.masker.mask_lines(scope.notes)
    return replace(job, view=scope.view, visible=scope.intended)


def _revert_minutes(job: _Job, running: str, result: ApplyResult) -> int:
    """The revert timer to push under, or 0 (with a note saying why not, where it matters)."""
    data, minutes = net_platform(job.platform), job.options.revert_minutes
    if not minutes or data.revert_when is None or not re.search(data.revert_when, running):
        return 0
    if data.revert_archive and not re.search(data.revert_archive, running):
        result.notes.append(
            "no revert timer: the device has no `archive` with a `path` (set switch_archive_path); pushed without one"
        )
        return 0
    return minutes


def _push(job: _Job, session: Session, running: str, commands: list[str], result: ApplyResult) -> ApplyResult:
    try:
        backup = write_backup(root=job.options.backup_dir, device=job.target.name, masked_text=job.masker.mask(running))
    except OSError as exc:
        raise NetconfigError(f"refusing to push without a backup: {exc}") from exc
    result.backup_path = str(backup)
    _archive(job, running, "before", result)
    revert = _revert_minutes(job, running, result)
    try:
        with _timed(result, "push"):
            session.push(commands, revert_minutes=revert) if revert else session.push(commands)
        with _timed(result, "verify"):
            after_full = _verify(job, session)
            after = _visible(job, after_full)
        if revert:
            session.command("configure confirm")
            result.notes.append(f"pushed under a {revert}-minute revert timer, confirmed after verification")
    except DeviceError as exc:
        if revert:
            _revert_now(session)
        return _fail_and_roll_back(job, running, str(exc), result)
    _archive(job, after_full, "after", result)
    if job.options.diff:
        result.after = job.masker.mask(normalized(platform=job.platform, text=after))
    if job.options.save:
        _save(job, session, result)
    return result


def _revert_now(session: Session) -> None:
    """Ask the device to roll back to its archive now; the rollback below verifies and finishes it."""
    with contextlib.suppress(DeviceError):
        session.command("configure revert now")


def _save(job: _Job, session: Session, result: ApplyResult) -> None:
    """Save; a failure here leaves a correct running config, so no rollback, but a failed host."""
    try:
        with _timed(result, "save"):
            session.save()
    except DeviceError as exc:
        result.failed = True
        result.msg = job.masker.mask(
            f"{job.target.name}: the push was applied and verified, but saving failed: {exc}; "
            "the startup config is stale until the next successful run"
        )


def _verify(job: _Job, session: Session) -> str:
    """The whole running config after the push, once its owned part matches the intended config."""
    full = session.running_config()
    left = remediation(platform=job.platform, running=_visible(job, full), intended=job.visible).commands
    if left:
        shown = "; ".join(job.masker.mask_lines(ln.strip() for ln in left[:5]))
        raise DeviceError(f"verification failed: {len(left)} line(s) still differ after the push ({shown})")
    return full


def _archive(job: _Job, running: str, stage: str, result: ApplyResult) -> None:
    """The whole masked config into the config archive (a failure there is a note, not a failed push)."""
    note = archive_push(root=job.options.backup_dir, device=job.target.name, masked_text=job.masker.mask(running), stage=stage)
    if note:
        result.notes.append(job.masker.mask(note))


def _fail_and_roll_back(job: _Job, running: str, failure: str, result: ApplyResult) -> ApplyResult:
    ok, detail = _roll_back(job, running, result)
    result.failed, result.rolled_back = True, ok
    state = (
        "rolled back to the pre-change config (verified: no differences left)"
        if ok
        else f"ROLLBACK FAILED ({detail}); the device may be partly configured, restore it by hand"
    )
    result.msg = job.masker.mask(
        f"{job.target.name}: push failed: {failure}; {state}; masked backup of the pre-change config: {result.backup_path}"
    )
    return result


ROLLBACK_ATTEMPTS = 3
ROLLBACK_ROUNDS = 25


def _roll_back(job: _Job, pre_change: str, result: ApplyResult) -> tuple[bool, str]:
    """Push current -> pre-change on fresh sessions until nothing differs.

    Each round re-reads and re-plans, so a session that drops part-way still makes progress.
    It gives up after ROLLBACK_ATTEMPTS rounds in a row without progress (fewer lines left),
    or after ROLLBACK_ROUNDS rounds in all; the last round only reads, which is the verification.
    """
    want, problem = _visible(job, pre_change), ""
    stalled, best = 0, None
    for _ in range(ROLLBACK_ROUNDS):
        try:
            with _session(job, result, "rollback") as session:
                current = _visible(job, session.running_config())
                back = job.adjust(current, remediation(platform=job.platform, running=current, intended=want).commands)
                if not back:
                    return True, ""
                problem = f"{len(back)} line(s) still differed from the pre-change config"
                stalled = 0 if best is None or len(back) < best else stalled + 1
                best = len(back) if best is None else min(best, len(back))
                if stalled > ROLLBACK_ATTEMPTS:
                    break
                check_lines(lines=back, masker=job.masker)
                session.push(back)
        except NetconfigError as exc:
            problem = str(exc)
            stalled += 1
            if stalled > ROLLBACK_ATTEMPTS:
                break
    return False, problem


def _visible(job: _Job, text: str) -> str:
    return job.view(strip_write_only(platform=job.platform, text=text))
