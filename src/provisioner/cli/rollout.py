"""`provisioner rollout`, `history`, `show` and `rerun`: the only place rollouts print or exit.

Exit codes: 0 ok, 1 a host failed, 2 invalid input or refused, 3 interrupted.
"""

from __future__ import annotations

import json
import re
import shlex
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import FrameType
from typing import Annotated, Any

import typer
import yaml
from rich.console import Console

from provisioner.cli.params import output_file
from provisioner.cli.plans_views import record_window_override, run_links
from provisioner.cli.rollout_views import LiveProgress, history_table, show_renderables, site_table
from provisioner.errors import ProvisionerError
from provisioner.netconfig.masking import MASK
from provisioner.netconfig.removals import ALLOW_VAR
from provisioner.paths import state_dir
from provisioner.plans.gates import window_gate
from provisioner.records import RUN_STATUSES, HistoryFilter, RecordStore, RunRecord, default_db_path
from provisioner.registry.files import read_user_file
from provisioner.rollout import EXIT_REFUSED, RolloutRequest, RolloutResult, recover, run_rollout
from provisioner.rollout.artifacts import remove_run_dir
from provisioner.rollout.reports import junit_xml, record_json, summary_dict

_WIDE = None if sys.stdout.isatty() else 200
console = Console(highlight=False, width=_WIDE)
err = Console(stderr=True, highlight=False, width=_WIDE)

DbOpt = Annotated[Path | None, typer.Option("--db", help="Records database (default $PROVISIONER_DB or <state dir>/rollouts.db).")]


def _db(db: Path | None) -> Path:
    return db.absolute() if db else default_db_path()


@contextmanager
def _store(db: Path | None) -> Iterator[RecordStore]:
    try:
        store = RecordStore(path=_db(db))
    except ProvisionerError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(EXIT_REFUSED) from exc
    try:
        recover(store=store, state_dir=state_dir())
        yield store
    finally:
        store.close()


# -- rollout ------------------------------------------------------------------
def rollout(
    playbook: Annotated[Path, typer.Argument(help="The playbook to run.")],
    inventory: Annotated[list[str] | None, typer.Option("-i", "--inventory", help="Inventory source (repeatable).")] = None,
    site: Annotated[list[str] | None, typer.Option("--site", help="Only these site ids (repeatable).")] = None,
    type_: Annotated[list[str] | None, typer.Option("--type", help="Only sites of this type: school, kita, ... (repeatable).")] = None,
    limit: Annotated[str | None, typer.Option("--limit", "-l", help="Ansible host pattern to further limit hosts.")] = None,
    tags: Annotated[
        list[str] | None, typer.Option("--tags", "-t", help="Only tasks with these tags (comma separated or repeated).")
    ] = None,
    skip_tags: Annotated[list[str] | None, typer.Option("--skip-tags", help="Skip tasks with these tags.")] = None,
    check: Annotated[bool, typer.Option("--check", "-C", help="Ansible check mode: change nothing.")] = False,
    diff: Annotated[bool, typer.Option("--diff", "-D", help="Show and record the differences.")] = False,
    extra_vars: Annotated[list[str] | None, typer.Option("--extra-vars", "-e", help="key=value, YAML/JSON or @file (repeatable).")] = None,
    canary: Annotated[str | None, typer.Option("--canary", help="Run this site first; stop if it fails.")] = None,
    wave_size: Annotated[int | None, typer.Option("--wave-size", min=1, help="Sites per wave (default: all remaining in one).")] = None,
    max_fail_percent: Annotated[float | None, typer.Option("--max-fail-percent", help="Stop once failed hosts exceed this %.")] = None,
    wait: Annotated[bool, typer.Option("--wait", help="Wait for site locks instead of refusing.")] = False,
    wait_timeout: Annotated[float | None, typer.Option("--wait-timeout", help="Give up waiting after this many seconds.")] = None,
    onboarding: Annotated[bool, typer.Option("--onboarding", help="Record the trigger as onboarding.")] = False,
    allow_removals: Annotated[
        bool, typer.Option("--allow-removals", help="Let a device plan remove more than max(10%, 20) of its owned objects (recorded).")
    ] = False,
    vault_password_file: Annotated[
        Path | None, typer.Option("--vault-password-file", help="Vault password file (else $PROVISIONER_VAULT_PASSWORD).")
    ] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the run record as JSON here.", callback=output_file)] = None,
    junit: Annotated[
        Path | None, typer.Option("--junit", help="Write JUnit XML here (one test case per host).", callback=output_file)
    ] = None,
    outside_window: Annotated[
        str | None, typer.Option("--outside-window", help="Run although a site is outside its change window; the reason is recorded.")
    ] = None,
    db: DbOpt = None,
) -> None:
    """Roll a playbook out over the sites in waves, and record everything. Exit: 0 ok, 1 host failed, 2 refused, 3 interrupted."""
    try:
        request = RolloutRequest(
            playbook=playbook,
            inventory=tuple(inventory or ()),
            sites=tuple(site or ()),
            types=tuple(type_ or ()),
            limit=limit,
            tags=_split(tags),
            skip_tags=_split(skip_tags),
            check=check,
            diff=diff,
            extra_vars={**parse_extra_vars(extra_vars or []), **({ALLOW_VAR: True} if allow_removals else {})},
            canary=canary,
            wave_size=wave_size,
            max_fail_percent=max_fail_percent,
            wait=wait,
            wait_timeout=wait_timeout,
            onboarding=onboarding,
            vault_password_file=vault_password_file,
            state_dir=state_dir(),
            db_path=_db(db),
            gates=(window_gate(override=outside_window),),
        )
    except ProvisionerError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(EXIT_REFUSED) from exc
    _execute(request, json_out=json_out, junit=junit, outside_window=outside_window)


def _execute(request: RolloutRequest, *, json_out: Path | None, junit: Path | None, outside_window: str | None = None) -> None:
    cancel = threading.Event()
    try:
        with _signals(cancel), LiveProgress(console=console) as progress:
            result = run_rollout(request=request, observer=progress, cancel=cancel)
    except ProvisionerError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(EXIT_REFUSED) from exc
    if outside_window and result.run_id is not None and result.status != "refused" and not request.check:
        record_window_override(request.database, run_id=result.run_id, reason=outside_window)
    _report(request, result, json_out=json_out, junit=junit)
    raise typer.Exit(result.exit_code)


def _report(request: RolloutRequest, result: RolloutResult, *, json_out: Path | None, junit: Path | None) -> None:
    record = _load(request.database, result.run_id)
    if record is not None and record.summary.status != "refused":
        console.print(site_table(record))
    if result.status == "refused":
        err.print(f"refused (run {result.run_id}): {result.message}", markup=False)
        for line in result.errors:
            err.print(f"  {line}", markup=False)
    elif result.message:
        console.print(f"run {result.run_id}: {result.status}: {result.message}", markup=False)
    else:
        console.print(f"run {result.run_id}: {result.status} (provisioner show {result.run_id})", markup=False)
    if record is not None:
        _write_outputs(record, json_out=json_out, junit=junit)


def _write_outputs(record: RunRecord, *, json_out: Path | None, junit: Path | None) -> None:
    for path, render in ((json_out, record_json), (junit, junit_xml)):
        if path is None:
            continue
        try:
            path.write_text(render(record))
        except OSError as exc:
            err.print(f"error: run {record.summary.id} is recorded, but {path} cannot be written: {exc.strerror}", markup=False)
            raise typer.Exit(EXIT_REFUSED) from None


def _load(db: Path, run_id: int | None) -> RunRecord | None:
    if run_id is None:
        return None
    store = RecordStore(path=db)
    try:
        return store.get(run_id=run_id)
    finally:
        store.close()


@contextmanager
def _signals(cancel: threading.Event) -> Iterator[None]:
    """SIGINT/SIGTERM cancel the runner (through its cancel_callback) instead of killing us."""

    def handler(signum: int, frame: FrameType | None) -> None:
        cancel.set()

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, h in previous.items():
            signal.signal(s, h)


def _split(values: list[str] | None) -> tuple[str, ...]:
    return tuple(t.strip() for v in values or [] for t in v.split(",") if t.strip())


def parse_extra_vars(values: list[str]) -> dict[str, Any]:
    """Merge -e values: `@file` (YAML/JSON), an inline YAML/JSON mapping, or key=value pairs."""
    merged: dict[str, Any] = {}
    for value in values:
        merged.update(_one_extra(value))
    return merged


def _one_extra(value: str) -> dict[str, Any]:
    text = value.strip()
    if text.startswith("@"):
        return _mapping(read_user_file(Path(text[1:]), what="--extra-vars"), value)
    if text.startswith("{"):
        return _mapping(text, value)
    pairs: dict[str, Any] = {}
    for token in shlex.split(text):
        key, sep, val = token.partition("=")
        if not sep or not key:
            raise ProvisionerError(f"--extra-vars {MASK}: expected key=value, a YAML mapping or @file (fix: -e name=value)")
        pairs[key] = val
    return pairs


def _mapping(text: str, origin: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ProvisionerError(f"--extra-vars {origin.split('=')[0][:40]}: not valid YAML/JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise ProvisionerError("--extra-vars: expected a mapping")
    return data


# -- history, show, rerun -----------------------------------------------------
history_app = typer.Typer(
    help="List recorded rollouts; `history prune` removes old ones.", invoke_without_command=True, no_args_is_help=False
)


@history_app.callback()
def history(
    ctx: typer.Context,
    site: Annotated[str | None, typer.Option("--site", help="Runs that touched this site.")] = None,
    host: Annotated[str | None, typer.Option("--host", help="Runs that ran on this host.")] = None,
    status: Annotated[list[str] | None, typer.Option("--status", help=f"One of {', '.join(RUN_STATUSES)} (repeatable).")] = None,
    since: Annotated[str | None, typer.Option("--since", help="ISO date/time, or an age such as 7d or 12h.")] = None,
    limit: Annotated[int, typer.Option("--last", help="At most this many runs.")] = 100,
    fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    db: DbOpt = None,
) -> None:
    """List runs, newest first."""
    if ctx.invoked_subcommand is not None:
        return
    statuses = tuple(_split(status))
    _check_choice("--status", statuses, RUN_STATUSES)
    _check_choice("--format", (fmt,), ("table", "json"))
    with _store(db) as store:
        runs = store.history(filter=HistoryFilter(site=site, host=host, status=statuses, since=parse_since(since), limit=limit))
    if fmt == "json":
        console.file.write(json.dumps([summary_dict(r) for r in runs], indent=2) + "\n")
    else:
        console.print(history_table(runs))


@history_app.command("prune")
def prune(
    older_than: Annotated[str, typer.Option("--older-than", help="Age such as 180d, 12w or 24h.")],
    db: DbOpt = None,
) -> None:
    """Delete runs older than this, with their artifact directories."""
    cutoff = datetime.now(UTC) - parse_age(older_than)
    with _store(db) as store:
        removed = store.prune(before=cutoff.isoformat())
    for _, path in removed:
        remove_run_dir(path)
    console.print(f"removed {len(removed)} run(s) started before {cutoff.isoformat(timespec='seconds')}", markup=False)


def show(
    run_id: Annotated[str, typer.Argument(help="The run id (see `provisioner history`), or `last`.")],
    fmt: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    db: DbOpt = None,
) -> None:
    """Show one run: parameters, wave plan, per-host results, failed tasks and changes."""
    _check_choice("--format", (fmt,), ("text", "json"))
    with _store(db) as store:
        wanted = store.last_run_id() if run_id == "last" else _run_id(run_id)
        record = store.get(run_id=wanted) if wanted is not None else None
    if record is None:
        err.print(f"error: no run {run_id} in {_db(db)} (fix: see provisioner history)", markup=False)
        raise typer.Exit(EXIT_REFUSED)
    if fmt == "json":
        console.file.write(record_json(record))
        return
    for part in show_renderables(record):
        console.print(part)
    for line in run_links(db=_db(db), run_id=record.summary.id):
        console.print(line, markup=False)


def _run_id(text: str) -> int:
    if not text.isdigit():
        raise typer.BadParameter(f"{text!r}: expected a run id (a number) or 'last'")
    return int(text)


def rerun(
    run_id: Annotated[int, typer.Argument(help="The run to repeat.")],
    failed_only: Annotated[bool, typer.Option("--failed-only", help="Only hosts that failed or were unreachable.")] = False,
    extra_vars: Annotated[list[str] | None, typer.Option("--extra-vars", "-e", help="Give redacted extra vars again.")] = None,
    vault_password_file: Annotated[Path | None, typer.Option("--vault-password-file")] = None,
    wait: Annotated[bool, typer.Option("--wait")] = False,
    json_out: Annotated[Path | None, typer.Option("--json", callback=output_file)] = None,
    junit: Annotated[Path | None, typer.Option("--junit", callback=output_file)] = None,
    db: DbOpt = None,
) -> None:
    """Repeat a recorded run with the same options, or only for its failed and unreachable hosts."""
    with _store(db) as store:
        record = store.get(run_id=run_id)
    if record is None:
        err.print(f"error: no run {run_id} in {_db(db)}", markup=False)
        raise typer.Exit(EXIT_REFUSED)
    try:
        request = rerun_request(
            record=record,
            failed_only=failed_only,
            extra_vars=parse_extra_vars(extra_vars or []),
            vault_password_file=vault_password_file,
            wait=wait,
            db=_db(db),
        )
    except ProvisionerError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(EXIT_REFUSED) from exc
    _execute(request, json_out=json_out, junit=junit)


def rerun_request(
    *, record: RunRecord, failed_only: bool, extra_vars: dict[str, Any], vault_password_file: Path | None, wait: bool, db: Path
) -> RolloutRequest:
    """The request that repeats a recorded run; redacted extra vars must be given again."""
    o = record.options
    merged = {**o.extra_vars, **extra_vars}
    missing = sorted(k for k, v in merged.items() if v == MASK)
    if missing:
        raise ProvisionerError(f"run {record.summary.id}: extra var(s) {', '.join(missing)} were redacted (fix: pass them again with -e)")
    hosts = o.hosts
    if failed_only:
        hosts = tuple(h.host for h in record.hosts if h.status in ("failed", "unreachable"))
        if not hosts:
            raise ProvisionerError(f"run {record.summary.id} has no failed or unreachable hosts to rerun")
    vault = vault_password_file or (Path(o.vault[5:]) if o.vault and o.vault.startswith("file:") else None)
    return RolloutRequest(
        playbook=Path(o.playbook),
        inventory=o.inventory,
        sites=o.sites,
        types=o.types,
        limit=o.limit,
        tags=o.tags,
        skip_tags=o.skip_tags,
        check=o.check,
        diff=o.diff,
        extra_vars=merged,
        canary=None if failed_only else o.canary,
        wave_size=o.wave_size,
        max_fail_percent=o.max_fail_percent,
        wait=wait,
        vault_password_file=vault,
        hosts=hosts,
        rerun_of=record.summary.id,
        state_dir=state_dir(),
        db_path=db,
    )


# -- parsing helpers ----------------------------------------------------------
_AGE = re.compile(r"^\s*(\d+)\s*([smhdw])\s*$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_age(text: str) -> timedelta:
    match = _AGE.match(text)
    if not match:
        raise typer.BadParameter(f"{text!r}: expected an age such as 180d, 12w, 24h")
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


def parse_since(text: str | None) -> str | None:
    """An ISO UTC timestamp for --since: a date, a date-time, or an age (7d)."""
    if not text:
        return None
    if _AGE.match(text):
        return (datetime.now(UTC) - parse_age(text)).isoformat()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise typer.BadParameter(f"{text!r}: expected YYYY-MM-DD, an ISO date-time or an age such as 7d") from exc
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC).isoformat()


def _check_choice(option: str, values: tuple[str, ...], allowed: tuple[str, ...]) -> None:
    bad = [v for v in values if v not in allowed]
    if bad:
        raise typer.BadParameter(f"{', '.join(bad)}: expected one of {', '.join(allowed)}", param_hint=option)


# -- registration ---------------------------------------------------------------
COMMANDS: dict[str, Callable[..., None]] = {"rollout": rollout, "show": show, "rerun": rerun}


def register(app: typer.Typer) -> None:
    """Add rollout, show, rerun and the history group to the main CLI app."""
    for name, command in COMMANDS.items():
        app.command(name)(command)
    app.add_typer(history_app, name="history")


app = typer.Typer(help="Rollouts and their records.", no_args_is_help=True)
register(app)


if __name__ == "__main__":
    app()
