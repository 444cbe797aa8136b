"""`provisioner backup`, `drift` and `report`: the day-2 commands (the only place they print or exit).

Exit codes: backup 0 ok, 1 a device could not be read; drift 0 no drift, 2 drift, 1 error
(Terraform's -detailed-exitcode); report 0 written. Invalid input: 1 for drift, 2 otherwise.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from provisioner.cli.params import output_file
from provisioner.day2.backup import BackupRun, run_backup
from provisioner.day2.devices import Fleet, load_fleet
from provisioner.day2.drift import DriftRun, run_drift
from provisioner.day2.formats import drift_json, drift_junit, drift_outcomes
from provisioner.day2.intent import ROLE_OF, load_role, overrides_warning, roles_dir
from provisioner.day2.report import write_report
from provisioner.day2.report_data import gather
from provisioner.errors import ProvisionerError
from provisioner.inventory import read_source
from provisioner.netconfig.archive import Archive, default_archive_dir
from provisioner.paths import output_path_problem
from provisioner.records import default_db_path
from provisioner.records.day2 import Day2Store, DeviceOutcome, DeviceStatus
from provisioner.registry import load_registry
from provisioner.rollout.prepare import default_inventory

console = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

SourceOpt = Annotated[Path | None, typer.Option("-i", "--inventory", help="The *site_registry.yml source (default: ansible.cfg's).")]
SitesOpt = Annotated[list[str] | None, typer.Option("--site", help="Only this site id (repeatable; '(central)': the controllers).")]
RepoOpt = Annotated[Path | None, typer.Option("--repo", help="Archive repository (default $PROVISIONER_ARCHIVE, <state dir>/archive).")]
DbOpt = Annotated[Path | None, typer.Option("--db", help="Records database (default $PROVISIONER_DB or <state dir>/rollouts.db).")]
WorkersOpt = Annotated[int, typer.Option("--workers", min=1, help="Devices read at the same time.")]


def fleet_of(source: Path | None, sites: list[str] | None, *, exit_code: int) -> Fleet:
    """The selected devices, or a one-line error and exit."""
    try:
        path = source or _default_source()
        fleet = load_fleet(source=path, sites=tuple(sites or ()))
    except ProvisionerError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(exit_code) from exc
    for warning in fleet.warnings:
        err.print(f"warning: {warning}", markup=False)
    return fleet


def _default_source() -> Path:
    found = default_inventory(cwd=Path.cwd())
    if not found:
        raise ProvisionerError("no inventory source given and none in ansible.cfg (fix: -i inventories/demo/site_registry.yml)")
    return Path(found[0])


@contextmanager
def day2_store(db: Path | None) -> Iterator[Day2Store]:
    store = Day2Store(path=db.absolute() if db else default_db_path())
    try:
        yield store
    finally:
        store.close()


def _archive(repo: Path | None) -> Archive:
    return Archive(repo or default_archive_dir())


# -- backup -------------------------------------------------------------------
backup_app = typer.Typer(help="Archive running configs in git; `history` and `diff` read the archive.", invoke_without_command=True)


@backup_app.callback()
def backup(
    ctx: typer.Context,
    inventory: SourceOpt = None,
    site: SitesOpt = None,
    repo: RepoOpt = None,
    workers: WorkersOpt = 32,
    db: DbOpt = None,
) -> None:
    """Read every selected switch and controller (read-only) into the archive; one commit if anything changed."""
    if ctx.invoked_subcommand is not None:
        return
    fleet = fleet_of(inventory, site, exit_code=2)
    archive = _archive(repo)
    try:
        run = run_backup(fleet=fleet, archive=archive, workers=workers)
        with day2_store(db) as store:
            store.record(kind="backup", started_at=run.started_at, seconds=run.seconds, outcomes=backup_outcomes(run), commit=run.commit)
    except ProvisionerError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(2) from exc
    _print_backup(run, archive)
    raise typer.Exit(1 if run.failed else 0)


def backup_outcomes(run: BackupRun) -> list[DeviceOutcome]:
    changed = set(run.changed)
    return [
        DeviceOutcome(
            host=r.device.name,
            site=r.device.site,
            state="error" if r.error else ("changed" if r.device.name in changed else "unchanged"),
            detail={"error": r.error} if r.error else {"commit": run.commit} if r.device.name in changed else {},
        )
        for r in run.results
    ]


def _print_backup(run: BackupRun, archive: Archive) -> None:
    for result in run.failed:
        err.print(f"unreachable: {result.error}", markup=False)
    for name in run.changed:
        console.print(f"changed: {name}", markup=False)
    read = len(run.results) - len(run.failed)
    done = f"commit {run.commit[:12]}" if run.commit else "nothing changed, no commit"
    summary = f"backup: {read}/{len(run.results)} device(s) read, {len(run.changed)} changed, {done}"
    console.print(f"{summary} ({archive.root}, {run.seconds:.1f}s)", markup=False)


@backup_app.command("history")
def backup_history(host: Annotated[str, typer.Argument(help="The device name.")], repo: RepoOpt = None) -> None:
    """The archived versions of a device, newest first."""
    try:
        revisions = _archive(repo).history(host)
    except ProvisionerError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(2) from exc
    if not revisions:
        err.print(f"error: {host}: not in the archive (fix: check the name, or run provisioner backup)", markup=False)
        raise typer.Exit(2)
    for rev in revisions:
        console.print(f"{rev.sha[:12]}  {rev.date}  {rev.subject}", markup=False)


@backup_app.command("diff")
def backup_diff(
    host: Annotated[str, typer.Argument(help="The device name.")],
    revs: Annotated[list[str] | None, typer.Argument(help="REV [REV]: REV to latest, or between two; none: the last change.")] = None,
    repo: RepoOpt = None,
) -> None:
    """`git diff` of a device's archived config."""
    chosen = list(revs or [])
    if len(chosen) > 2:
        raise typer.BadParameter("at most two revisions", param_hint="REV")
    try:
        text = _archive(repo).diff(host, *chosen)
    except ProvisionerError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(2) from exc
    console.file.write(text or f"{host}: no earlier version to compare with\n")


def register(app: typer.Typer) -> None:
    """Add backup (with history, diff), drift and report to the main CLI app."""
    app.add_typer(backup_app, name="backup")
    app.command("drift")(drift)
    app.command("report")(report)


# -- drift --------------------------------------------------------------------
def drift(
    inventory: SourceOpt = None,
    site: SitesOpt = None,
    fmt: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    junit: Annotated[Path | None, typer.Option("--junit", help="Write JUnit XML (a case per device).", callback=output_file)] = None,
    show_unmanaged: Annotated[bool, typer.Option("--unmanaged", help="List the unmanaged lines too (text format).")] = False,
    workers: WorkersOpt = 32,
    db: DbOpt = None,
) -> None:
    """Owned lines that differ from the registry, and unmanaged lines, per device. Exit: 0 none, 2 drift, 1 error."""
    if fmt not in ("text", "json"):
        raise typer.BadParameter(f"{fmt}: expected text or json", param_hint="--format")
    fleet = fleet_of(inventory, site, exit_code=1)
    try:
        warning = overrides_warning(source=inventory or _default_source(), playbooks=Path.cwd() / "playbooks")
        if warning:
            err.print(f"warning: {warning}", markup=False)
        roles = {name: load_role(roles_dir(cwd=Path.cwd()), name) for name in set(ROLE_OF.values())}
        run = run_drift(fleet=fleet, roles=roles, workers=workers)
        with day2_store(db) as store:
            store.record(kind="drift", started_at=run.started_at, seconds=run.seconds, outcomes=drift_outcomes(run))
            statuses = store.statuses()
        if junit is not None:
            junit.write_text(drift_junit(run))
    except (ProvisionerError, OSError) as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(1) from exc
    if fmt == "json":
        console.file.write(drift_json(run, statuses))
    else:
        _print_drift(run, statuses, show_unmanaged=show_unmanaged)
    raise typer.Exit(run.exit_code)


def _print_drift(run: DriftRun, statuses: dict[str, DeviceStatus], *, show_unmanaged: bool) -> None:
    for r in run.results:
        if r.error:
            err.print(f"ERROR  {r.device.name} ({r.device.site}): {r.error}", markup=False)
            continue
        if not r.commands and not (show_unmanaged and r.unmanaged):
            continue
        status = statuses.get(r.device.name)
        since = f", drifting since {status.drift_since}" if status and status.drift_since else ""
        label = "DRIFT " if r.commands else "clean "
        numbers = f"{len(r.commands)} owned line(s) differ, {len(r.unmanaged)} unmanaged{since}"
        console.print(f"{label} {r.device.name} ({r.device.site}): {numbers}", markup=False)
        for line in r.commands:
            console.print(f"    {line}", markup=False)
        for line in r.unmanaged if show_unmanaged else []:
            console.print(f"    (unmanaged) {line}", markup=False)
    counts = {s: sum(1 for r in run.results if r.state == s) for s in ("clean", "drift", "error")}
    unmanaged = sum(len(r.unmanaged) for r in run.results)
    summary = f"drift: {counts['drift']} drifted, {counts['clean']} clean, {counts['error']} error(s) of {len(run.results)} device(s)"
    console.print(f"{summary}; {unmanaged} unmanaged line(s) in all ({run.seconds:.1f}s)", markup=False)


# -- report -------------------------------------------------------------------
def report(
    out: Annotated[Path, typer.Option("--out", help="The folder to write the HTML site into.")],
    inventory: SourceOpt = None,
    repo: RepoOpt = None,
    db: DbOpt = None,
) -> None:
    """Write a self-contained static HTML status site: city page, a page per run and per device."""
    problem = output_path_problem(out, directory=True)
    if problem:
        err.print(f"error: --out {out} {problem}", markup=False)
        raise typer.Exit(2)
    try:
        source = read_source((inventory or _default_source()).absolute())
        registry = load_registry(source.registry).require()
        data = gather(registry=registry, db=db.absolute() if db else default_db_path(), archive=_archive(repo))
        written = write_report(data=data, out=out)
    except ProvisionerError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(2) from exc
    console.print(f"report: {len(written)} page(s), {len(data.sites)} site(s); open {(out / 'index.html').absolute()}", markup=False)
