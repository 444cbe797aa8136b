"""validate, inventory and the registry sub-commands (generate, import-devices)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.tree import Tree

from provisioner.cli.params import output_dir, site_id
from provisioner.inventory import InventoryData, load_inventory, read_source
from provisioner.registry import Issue, errors_of, load_registry
from provisioner.registry.generate import generate as generate_registry
from provisioner.registry.importer import import_devices as run_import
from provisioner.registry.onboard import allocate_site
from provisioner.registry.summary import SiteCounts, site_counts, totals

registry_app = typer.Typer(no_args_is_help=True, help="Generate registries and import devices.")
out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 150)
err = Console(stderr=True, highlight=False, soft_wrap=True)
DEMO_REGISTRY = Path("inventories/demo/registry")
DEMO_SOURCE = Path("inventories/demo/site_registry.yml")


def _print_issues(issues: list[Issue]) -> None:
    for issue in issues:
        colour = "red" if issue.severity == "error" else "yellow"
        err.print(f"[{colour}]{issue.severity}[/{colour}] {issue.format()}", markup=True)


def validate(
    registry: Annotated[Path, typer.Argument(help="The registry directory (holds org.yml and sites/).")] = DEMO_REGISTRY,
    format: Annotated[str, typer.Option("--format", help="text or json")] = "text",
) -> None:
    """Check the whole registry and report every problem; exit 1 on errors."""
    result = load_registry(registry)
    errors = errors_of(result.issues)
    counts = totals(site_counts(result.registry)) if result.registry else {}
    if format == "json":
        report = {
            "ok": not errors and result.registry is not None,
            "errors": len(errors),
            "warnings": len(result.issues) - len(errors),
            "counts": counts,
            "issues": [i.as_dict() for i in result.issues],
        }
        out.print_json(json.dumps(report))
    else:
        _print_issues(result.issues)
        summary = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items())
        verdict = "[red]invalid[/red]" if errors else "[green]valid[/green]"
        out.print(f"{registry}: {verdict}: {len(errors)} error(s), {len(result.issues) - len(errors)} warning(s); {summary}")
    if errors or result.registry is None:
        raise typer.Exit(1)


def inventory(
    source: Annotated[Path, typer.Argument(help="A *site_registry.yml inventory source.")] = DEMO_SOURCE,
    graph: Annotated[bool, typer.Option("--graph", help="Also print the group tree.")] = False,
) -> None:
    """Show the inventory the site_registry plugin builds: a per-site table and, optionally, the groups."""
    registry, data = load_inventory(read_source(source))
    if graph:
        out.print(_graph(data))
    rows = site_counts(registry)
    out.print(_site_table(rows, data))
    for warning in data.warnings:
        err.print(f"[yellow]warning[/yellow] {warning}")


def _graph(data: InventoryData) -> Tree:
    tree = Tree("@all")
    for group in sorted(set(data.groups) | set(data.children)):
        if group == "all":
            continue
        node = tree.add(f"@{group}")
        for child in data.children.get(group, []):
            node.add(f"@{child}")
        hosts = data.groups.get(group, [])
        if hosts:
            node.add(f"{len(hosts)} hosts: " + ", ".join(hosts[:6]) + (" ..." if len(hosts) > 6 else ""))
    return tree


def _site_table(rows: list[SiteCounts], data: InventoryData) -> Table:
    table = Table(title="Sites in the inventory")
    for column in ("site", "type", "form", "switches", "APs", "rooms", "clients", "linux", "windows", "hosts"):
        table.add_column(column, justify="right" if column not in ("site", "type", "form") else "left")
    hosts = {site: 0 for site in data.site_of.values()}
    for site in data.site_of.values():
        hosts[site] += 1
    for r in rows:
        table.add_row(
            r.site,
            r.type,
            r.school_form,
            *(str(v) for v in (r.switches, r.access_points, r.rooms, r.clients, r.linux, r.windows, hosts.get(r.site, 0))),
        )
    total = totals(rows)
    table.add_row(
        "total",
        f"{total['schools']} schools",
        "",
        *(str(total[k]) for k in ("switches", "access_points", "rooms", "clients", "linux", "windows")),
        str(len(data.site_of)),
        style="bold",
    )
    return table


@registry_app.command("generate")
def generate(
    sites: Annotated[int, typer.Option("--sites", min=1, help="How many sites (89 is the real city).")],
    out_dir: Annotated[Path, typer.Option("--out", help="Directory to write org.yml and sites/ into.", callback=output_dir)],
    seed: Annotated[int, typer.Option("--seed", help="Random seed; same seed, same registry.")] = 1,
) -> None:
    """Write a deterministic, valid registry of a realistic city."""
    if (out_dir / "sites").exists() and any((out_dir / "sites").iterdir()):
        err.print(f"{out_dir}/sites is not empty; choose an empty --out directory")
        raise typer.Exit(2)
    counts = generate_registry(sites=sites, out=out_dir, seed=seed)
    out.print(f"wrote {out_dir}: " + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items()))


@registry_app.command("import-devices")
def import_devices(
    file: Annotated[Path, typer.Argument(help="A linuxmuster.net devices.csv.", exists=True, dir_okay=False)],
    site: Annotated[str, typer.Option("--site", help="The site id to import into.", callback=site_id)],
    registry: Annotated[Path, typer.Option("--registry", help="The registry directory.")] = DEMO_REGISTRY,
    mapping: Annotated[list[str] | None, typer.Option("--map", help="DEVICEGROUP=IMAGE_PROFILE, repeatable.")] = None,
    default_image: Annotated[str | None, typer.Option("--default-image", help="Image profile for unmapped device groups.")] = None,
    zone: Annotated[str, typer.Option("--zone", help="Zone of rooms the import creates.")] = "paed",
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check only, write nothing.")] = False,
) -> None:
    """Merge a linuxmuster.net devices.csv into a site's rooms and clients (all or nothing)."""
    group_map = dict(_pair(m) for m in mapping or [])
    result = run_import(
        registry=registry, site_id=site, csv_path=file, group_map=group_map, default_image=default_image, zone=zone, dry_run=dry_run
    )
    _print_issues(result.issues)
    for note in result.skipped:
        out.print(f"skipped {note}")
    if errors_of(result.issues):
        err.print("[red]nothing was written[/red]: fix the rows above and run the import again")
        raise typer.Exit(1)
    action = "would add" if dry_run else "added"
    out.print(f"{action} {result.added} client(s), updated {result.updated}, {result.printers} printer(s) for site {site}")


def _pair(text: str) -> tuple[str, str]:
    group, sep, profile = text.partition("=")
    if not sep or not group or not profile:
        raise typer.BadParameter(f"'{text}' is not DEVICEGROUP=IMAGE_PROFILE")
    return group, profile


@registry_app.command("allocate")
def allocate(
    site: Annotated[str, typer.Argument(help="The site id (sites/<id>.yml must exist).", callback=site_id)],
    registry: Annotated[Path, typer.Option("--registry", help="The registry directory.")] = DEMO_REGISTRY,
    zone: Annotated[
        list[str] | None, typer.Option("--zone", help="Only these zones (repeatable); default: what the site type needs.")
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show, write nothing.")] = False,
) -> None:
    """Give a new site its missing subnets: the lowest free block of each zone's pool."""
    allocated = allocate_site(registry=registry, site_id=site, zones=zone or [], dry_run=dry_run)
    for name, net in allocated.items():
        out.print(f"{site}: {name} {net}" + (" (dry run)" if dry_run else ""))
    if not allocated:
        out.print(f"{site}: every zone already has a subnet")
