"""Diff-first apply: read, plan, (check | backup, push, verify, save), roll back on failure."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from provisioner.netconfig.backup import write_backup
from provisioner.netconfig.lines import check_lines, split_intended
from provisioner.netconfig.masking import Masker, secret_values
from provisioner.netconfig.models import (
    ApplyOptions,
    ApplyResult,
    DeviceError,
    DeviceTarget,
    NetconfigError,
)
from provisioner.netconfig.remediation import normalized, remediation
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
        job = _Job(target, options, masker, "\n".join(visible), connect)
        result = ApplyResult()
        with _session(job, result, "connect") as session:
            return _apply(job, session, hidden, result)
    except NetconfigError as exc:
        raise type(exc)(masker.mask(f"{target.name}: {exc}")) from None


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
    with _timed(result, "plan"):
        visible_running = _visible(job, running)
        plan = remediation(platform=job.platform, running=visible_running, intended=job.visible, predict=job.options.diff)
        commands = merge_write_only(commands=plan.commands, hidden=hidden, rotate=job.options.rotate_secrets)
        check_lines(lines=commands, masker=job.masker)
    result.changed = bool(commands)
    result.commands = job.masker.mask_lines(commands)
    if job.options.diff:
        result.before = job.masker.mask(normalized(platform=job.platform, text=visible_running))
        result.after = job.masker.mask(plan.future or "")
    if not commands or job.options.check:
        return result
    return _push(job, session, running, commands, result)


def _push(job: _Job, session: Session, running: str, commands: list[str], result: ApplyResult) -> ApplyResult:
    try:
        backup = write_backup(root=job.options.backup_dir, device=job.target.name, masked_text=job.masker.mask(running))
    except OSError as exc:
        raise NetconfigError(f"refusing to push without a backup: {exc}") from exc
    result.backup_path = str(backup)
    try:
        with _timed(result, "push"):
            session.push(commands)
        with _timed(result, "verify"):
            after = _verify(job, session)
    except DeviceError as exc:
        return _fail_and_roll_back(job, running, str(exc), result)
    if job.options.diff:
        result.after = job.masker.mask(normalized(platform=job.platform, text=after))
    if job.options.save:
        _save(job, session, result)
    return result


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
    after = _visible(job, session.running_config())
    left = remediation(platform=job.platform, running=after, intended=job.visible).commands
    if left:
        shown = "; ".join(job.masker.mask_lines(ln.strip() for ln in left[:5]))
        raise DeviceError(f"verification failed: {len(left)} line(s) still differ after the push ({shown})")
    return after


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


def _roll_back(job: _Job, pre_change: str, result: ApplyResult) -> tuple[bool, str]:
    """Push current -> pre-change on fresh sessions until nothing differs (or attempts run out).

    Each attempt re-reads and re-plans, so a session that drops part-way still makes progress;
    the last round only reads, which is the verification.
    """
    want, problem = _visible(job, pre_change), ""
    for _ in range(ROLLBACK_ATTEMPTS + 1):
        try:
            with _session(job, result, "rollback") as session:
                current = _visible(job, session.running_config())
                back = remediation(platform=job.platform, running=current, intended=want).commands
                if not back:
                    return True, ""
                problem = f"{len(back)} line(s) still differed from the pre-change config"
                check_lines(lines=back, masker=job.masker)
                session.push(back)
        except NetconfigError as exc:
            problem = str(exc)
    return False, problem


def _visible(job: _Job, text: str) -> str:
    return strip_write_only(platform=job.platform, text=text)
