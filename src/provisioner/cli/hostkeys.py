"""provisioner hostkeys: record and check the SSH host keys of the network devices (known_hosts beside the registry)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from provisioner.inventory import load_inventory, read_source
from provisioner.inventory.source import known_hosts_path
from provisioner.netconfig.hostkeys import HostKeyError, check, fetch, record

app = typer.Typer(no_args_is_help=True, help="SSH host keys of switches and controllers: record on first use, refuse changed ones.")
out = Console(highlight=False, soft_wrap=True)


@app.command("scan")
def scan(
    source: Annotated[Path, typer.Option("-i", "--inventory", help="A *site_registry.yml inventory source.")] = Path(
        "inventories/demo/site_registry.yml"
    ),
    site: Annotated[list[str] | None, typer.Option("--site", help="Only these sites (repeatable).")] = None,
) -> None:
    """Read every device's host key; record new ones (printing the fingerprint to compare); report changed ones."""
    config = read_source(source)
    _registry, inventory = load_inventory(config)
    path = known_hosts_path(config)
    hosts = sorted(h for g in ("role_switch", "role_wlan_controller") for h in inventory.groups.get(g, []))
    hosts = [h for h in hosts if not site or inventory.site_of.get(h) in site]
    changed = 0
    for host in hosts:
        values = inventory.hostvars[host]
        address, port = str(values["ansible_host"]), int(values.get("ansible_port") or 22)
        try:
            key = fetch(host=address, port=port)
            state = check(path=path, host=address, port=port, key=key)
        except HostKeyError as error:
            changed += 1
            out.print(f"[red]{host}[/red]: {error}")
            continue
        if state == "new":
            record(path=path, host=address, port=port, key=key)
        out.print(f"{host} {address}:{port} {key.kind} {key.fingerprint} ({'recorded' if state == 'new' else 'known'})")
    out.print(f"{len(hosts)} device(s), {changed} refused; known_hosts: {path}")
    if changed:
        raise typer.Exit(1)
