"""provisioner lab: start, inspect, fault and stop the simulated devices."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from provisioner import lab
from provisioner.cli.params import host_name, site_ids
from provisioner.inventory import read_source
from provisioner.lab.fromregistry import device_specs, with_seeds
from provisioner.paths import state_dir
from provisioner.registry import load_registry

app = typer.Typer(no_args_is_help=True, help="The device lab: simulated switches on loopback, over real SSH.")
out = Console(highlight=False, soft_wrap=True)


@app.command("up")
def up(
    source: Annotated[Path, typer.Argument(help="A *site_registry.yml inventory source.")] = Path("inventories/demo/site_registry.yml"),
    site: Annotated[list[str] | None, typer.Option("--site", help="Only these sites (repeatable).", callback=site_ids)] = None,
    port: Annotated[int, typer.Option("--port", help="TCP port every device listens on.")] = 2222,
    persist: Annotated[bool, typer.Option("--persist", help="Keep configs under .provisioner/lab/ across restarts.")] = False,
    seed: Annotated[
        Path | None, typer.Option("--seed", help="Directory of <inventory_hostname>.cfg running configs the devices start from.")
    ] = None,
) -> None:
    """Start a simulated device for every switch of the registry (each on its own 127.x address)."""
    registry = load_registry(read_source(source).registry).require()
    specs = device_specs(registry, sites=site or [])
    if seed is not None:
        specs = with_seeds(specs, directory=seed)
    endpoints = lab.start_lab(devices=specs, state_dir=state_dir(), port=port, persist=persist)
    out.print(f"lab up: {len(endpoints)} device(s) under {state_dir()}; run playbooks with PROVISIONER_LAB=1")


@app.command("status")
def status() -> None:
    """List the running lab's devices, their addresses and faults."""
    current = lab.lab_status(state_dir=state_dir())
    if current is None:
        out.print("no lab is running")
        raise typer.Exit(1)
    table = Table(title=f"lab (pid {current.pid})")
    for column in ("device", "platform", "address", "unsaved", "sessions", "faults"):
        table.add_column(column)
    for name, device in sorted(current.devices.items()):
        faults = ", ".join(f"{k}={v}" for k, v in device.faults.to_json().items() if v)
        where = f"{device.endpoint.host}:{device.endpoint.port}"
        table.add_row(name, device.endpoint.platform, where, "yes" if device.dirty else "", str(device.sessions), faults)
    out.print(table)


@app.command("down")
def down() -> None:
    """Stop the lab."""
    stopped = lab.stop_lab(state_dir=state_dir())
    out.print("lab stopped" if stopped else "no lab was running")


@app.command("fault")
def fault(
    device: Annotated[str, typer.Argument(help="Device name.", callback=host_name)],
    auth_failure: Annotated[bool, typer.Option("--auth-failure")] = False,
    drop_after: Annotated[int | None, typer.Option("--drop-after", help="Drop the session at the Nth config line.")] = None,
    latency_ms: Annotated[int, typer.Option("--latency-ms")] = 0,
    reject: Annotated[str | None, typer.Option("--reject", help="Regex of command lines to reject.")] = None,
    unreachable: Annotated[bool, typer.Option("--unreachable")] = False,
    clear: Annotated[bool, typer.Option("--clear", help="Remove every fault of the device.")] = False,
) -> None:
    """Inject a fault into one device (or --clear it)."""
    if clear:
        lab.clear_faults(state_dir=state_dir(), device=device)
        out.print(f"{device}: faults cleared")
        return
    spec = lab.Fault(
        auth_failure=auth_failure, drop_after_lines=drop_after, latency_ms=latency_ms, reject_pattern=reject, unreachable=unreachable
    )
    lab.set_fault(state_dir=state_dir(), device=device, fault=spec)
    out.print(f"{device}: {', '.join(f'{k}={v}' for k, v in spec.to_json().items() if v) or 'no fault'}")


@app.command("reload")
def reload(device: Annotated[str, typer.Argument(help="Device name.")]) -> None:
    """Power-cycle one device: its running config becomes its startup config, logins work again."""
    lab.reload_device(state_dir=state_dir(), device=device)
    out.print(f"{device}: reloaded from its startup config")


@app.command("show")
def show(
    device: Annotated[str, typer.Argument(help="Device name.", callback=host_name)],
    startup: Annotated[bool, typer.Option("--startup", help="Show the startup config instead of the running one.")] = False,
) -> None:
    """Print a device's running (or startup) config."""
    out.print(lab.get_config(state_dir=state_dir(), device=device, which="startup" if startup else "running"), markup=False)
