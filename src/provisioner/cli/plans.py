"""`provisioner plan`, `approve`, `apply`, `windows` and `plans show`: the only place plans print or exit.

Exit codes: 0 ok, 1 a device failed or was refused (stale, guard), 2 refused whole or invalid input, 3 interrupted.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from provisioner.cli.params import output_file
from provisioner.cli.plans_views import apply_lines, link_lines, plan_lines, plan_table, windows_table
from provisioner.cli.rollout import DbOpt, _db, _signals, _split, console, err, parse_extra_vars
from provisioner.cli.rollout_views import LiveProgress
from provisioner.errors import ProvisionerError
from provisioner.netconfig.removals import ALLOW_VAR
from provisioner.paths import state_dir
from provisioner.plans.apply import ApplySettings, apply_plan
from provisioner.plans.approve import approve as record_approval
from provisioner.plans.markdown import plan_markdown
from provisioner.plans.plan import make_plan
from provisioner.plans.windows import is_open, next_windows, window_of
from provisioner.records.plans import PlanRecords
from provisioner.records.store import RecordStore
from provisioner.registry.load import load_registry
from provisioner.rollout import EXIT_REFUSED, RolloutRequest
from provisioner.rollout.context import operator


def plan(
    playbook: Annotated[Path, typer.Argument(help="The playbook a rollout would run.")],
    out: Annotated[Path, typer.Option("--out", help="Write the plan JSON here.", callback=output_file)],
    markdown: Annotated[Path | None, typer.Option("--markdown", help="Write a merge-request comment here.", callback=output_file)] = None,
    inventory: Annotated[list[str] | None, typer.Option("-i", "--inventory", help="Inventory source (repeatable).")] = None,
    site: Annotated[list[str] | None, typer.Option("--site", help="Only these site ids (repeatable).")] = None,
    type_: Annotated[list[str] | None, typer.Option("--type", help="Only sites of this type (repeatable).")] = None,
    limit: Annotated[str | None, typer.Option("--limit", "-l", help="Ansible host pattern.")] = None,
    tags: Annotated[list[str] | None, typer.Option("--tags", "-t", help="Only tasks with these tags.")] = None,
    skip_tags: Annotated[list[str] | None, typer.Option("--skip-tags", help="Skip tasks with these tags.")] = None,
    extra_vars: Annotated[list[str] | None, typer.Option("--extra-vars", "-e", help="key=value, YAML/JSON or @file.")] = None,
    canary: Annotated[str | None, typer.Option("--canary", help="Apply this site first (kept for apply).")] = None,
    wave_size: Annotated[int | None, typer.Option("--wave-size", min=1, help="Sites per wave (kept for apply).")] = None,
    max_fail_percent: Annotated[float | None, typer.Option("--max-fail-percent", help="Kept for apply.")] = None,
    allow_removals: Annotated[bool, typer.Option("--allow-removals", help="Plan removals above the limit (recorded).")] = False,
    vault_password_file: Annotated[Path | None, typer.Option("--vault-password-file")] = None,
    db: DbOpt = None,
) -> None:
    """Record the exact commands a rollout would send to every selected device (check mode, nothing is changed)."""
    request = RolloutRequest(
        playbook=playbook,
        inventory=tuple(inventory or ()),
        sites=tuple(site or ()),
        types=tuple(type_ or ()),
        limit=limit,
        tags=_split(tags),
        skip_tags=_split(skip_tags),
        check=True,
        extra_vars={**parse_extra_vars(extra_vars or []), **({ALLOW_VAR: True} if allow_removals else {})},
        canary=canary,
        wave_size=wave_size,
        max_fail_percent=max_fail_percent,
        vault_password_file=vault_password_file,
        state_dir=state_dir(),
        db_path=_db(db),
    )
    cancel = threading.Event()
    try:
        with _signals(cancel), LiveProgress(console=console) as progress:
            outcome = make_plan(request=request, observer=progress, cancel=cancel)
    except ProvisionerError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(EXIT_REFUSED) from exc
    document = outcome.plan.document
    out.write_text(json.dumps(document, indent=2) + "\n")
    if markdown is not None:
        markdown.write_text(plan_markdown(document))
    console.print(plan_table(document))
    for line in plan_lines(document, out=out):
        console.print(line, markup=False)
    raise typer.Exit(0 if all(d["status"] == "planned" for d in document["devices"]) else 1)


def approve(
    plan_id: Annotated[int, typer.Argument(help="The plan id `provisioner plan` printed.")],
    comment: Annotated[str, typer.Option("--comment", help="Why (recorded).")] = "",
    db: DbOpt = None,
) -> None:
    """Approve a plan (who and when are recorded); org.yml change_control may require someone other than the planner."""
    who = operator().user
    with _records(db) as records:
        try:
            approval = record_approval(records=records, plan_id=plan_id, approver=who, comment=comment, now=_now())
        except ProvisionerError as exc:
            err.print(f"error: {exc}", markup=False)
            raise typer.Exit(EXIT_REFUSED) from exc
    console.print(f"plan {plan_id} approved by {approval.approver} at {approval.approved_at}", markup=False)


def apply(
    plan_ref: Annotated[str, typer.Argument(help="A plan id, or commit:SHA for the newest approved plan made at that commit.")],
    outside_window: Annotated[
        str | None, typer.Option("--outside-window", help="Run although a site is outside its change window; the reason is recorded.")
    ] = None,
    extra_vars: Annotated[list[str] | None, typer.Option("--extra-vars", "-e", help="Give redacted extra vars again.")] = None,
    vault_password_file: Annotated[Path | None, typer.Option("--vault-password-file")] = None,
    wait: Annotated[bool, typer.Option("--wait", help="Wait for site locks instead of refusing.")] = False,
    db: DbOpt = None,
) -> None:
    """Send exactly the approved commands; a device changed since the plan is refused as stale, the others go on."""
    plan_id = _plan_id(plan_ref, db)
    settings = ApplySettings(
        plan_id=plan_id,
        operator=operator().user,
        state_dir=state_dir(),
        db_path=_db(db),
        cwd=Path.cwd(),
        outside_window=outside_window,
        extra_vars=parse_extra_vars(extra_vars or []),
        vault_password_file=vault_password_file,
        wait=wait,
    )
    cancel = threading.Event()
    try:
        with _signals(cancel), LiveProgress(console=console) as progress:
            record, result = apply_plan(settings=settings, now=_now(), observer=progress, cancel=cancel)
    except ProvisionerError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(EXIT_REFUSED) from exc
    for line in apply_lines(record, result):
        (err if record.status == "refused" else console).print(line, markup=False)
    raise typer.Exit(EXIT_REFUSED if result is None else result.exit_code)


def windows(
    site: Annotated[list[str] | None, typer.Option("--site", help="Only these sites (repeatable).")] = None,
    registry: Annotated[Path, typer.Option("--registry", help="The registry folder.")] = Path("inventories/demo/registry"),
    count: Annotated[int, typer.Option("--count", min=1, help="Windows per site.")] = 3,
) -> None:
    """Show each site's change window: open now or not, and the next windows."""
    loaded = load_registry(registry).require()
    control, moment = loaded.org.change_control, _now()
    chosen = site or [e.site.id for e in loaded.sites]
    rows = []
    for site_id in chosen:
        if loaded.site(site_id) is None:
            err.print(f"error: unknown site {site_id} in {registry}", markup=False)
            raise typer.Exit(EXIT_REFUSED)
        found = window_of(registry=loaded, site=site_id)
        upcoming = next_windows(window=found.window, control=control, moment=moment, count=count)
        always = found.window is None or found.window.always
        shown = [str(i) for i in upcoming] or (["always open"] if always else ["none within 400 days"])
        rows.append((site_id, found.name, is_open(window=found.window, control=control, moment=moment), shown))
    console.print(windows_table(rows, moment=moment.astimezone(dt.UTC)))


plans_app = typer.Typer(help="Recorded plans.", no_args_is_help=True)


@plans_app.command("show")
def show_plan(plan_id: Annotated[int, typer.Argument(help="The plan id.")], db: DbOpt = None) -> None:
    """A plan with its approvals and applies (and the runs they started)."""
    with _records(db) as records:
        stored = records.plan(plan_id)
        if stored is None:
            err.print(f"error: no plan {plan_id} in {_db(db)}", markup=False)
            raise typer.Exit(EXIT_REFUSED)
        console.print(plan_table(stored.document))
        for line in link_lines(records, plan_id=plan_id):
            console.print(line, markup=False)


def _plan_id(ref: str, db: Path | None) -> int:
    if ref.isdigit():
        return int(ref)
    if not ref.startswith("commit:") or len(ref) < 8:
        raise typer.BadParameter(f"{ref!r}: expected a plan id or commit:SHA")
    with _records(db) as records:
        found = records.latest_approved(commit=ref.removeprefix("commit:"))
    if found is None:
        err.print(f"error: no approved plan was made at {ref} (fix: plan and approve in the merge request first)", markup=False)
        raise typer.Exit(EXIT_REFUSED)
    return found


class _records:
    """PlanRecords over the records database, closed on exit."""

    def __init__(self, db: Path | None) -> None:
        self.store = RecordStore(path=_db(db))

    def __enter__(self) -> PlanRecords:
        return PlanRecords(self.store.conn)

    def __exit__(self, *exc: object) -> None:
        self.store.close()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def register(app: typer.Typer) -> None:
    """Add plan, approve, apply, windows and the plans group to the main CLI app."""
    commands: dict[str, Callable[..., None]] = {"plan": plan, "approve": approve, "apply": apply, "windows": windows}
    for name, command in commands.items():
        app.command(name)(command)
    app.add_typer(plans_app, name="plans")


__all__ = ["register"]
