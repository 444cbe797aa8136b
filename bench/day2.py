#!/usr/bin/env python3
"""Time `provisioner backup` and `provisioner drift` against the device lab (a benchmark, not a test).

    .venv/bin/python bench/day2.py --sites 3          # try small first
    .venv/bin/python bench/day2.py --sites 89         # the city (about 415 switches and 2 controllers)

Phases, all over every switch and controller of a generated city (`provisioner registry generate`,
`provisioner lab up`, the site_registry inventory with PROVISIONER_LAB=1):
(a) the floor: a netmiko ThreadPool that only connects and runs `show running-config`;
(b) `provisioner backup` (first run: every file is new, one commit);
(c) `provisioner backup` again (nothing changed, no commit);
(d) `provisioner drift`. The switches start from their rendered intended config (`lab up --seed`),
the steady state after a rollout; with --factory they start from the factory config instead, so
every owned line drifts (the worst case).
(e) the floor again (the lab warmed up). Each CLI phase is the real command in a subprocess, so
Python start-up, registry load and the records write are included. Target: (b), (c), (d) within
2x of the floor (the better of (a) and (e)). Ratios only, measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SECRETS = {"PROVISIONER_NET_PASSWORD": "Bench-Secr3t!", "PROVISIONER_SNMP_AUTH": "BenchAuth123",
           "PROVISIONER_SNMP_PRIV": "BenchPriv123", "PROVISIONER_PSK_KITA": "BenchPsk123"}


@dataclass
class Phase:
    name: str
    seconds: float
    devices: int
    rc: int

    @property
    def rate(self) -> float:
        return self.devices / self.seconds if self.seconds else 0.0


def _env(state: Path) -> dict[str, str]:
    env = {**os.environ, **SECRETS, "PROVISIONER_STATE_DIR": str(state), "PROVISIONER_LAB": "1"}
    env["PATH"] = f"{ROOT / '.venv' / 'bin'}:{env['PATH']}"
    env["ANSIBLE_CONFIG"] = str(ROOT / "ansible.cfg")
    return env


def _cli(state: Path, *args: str) -> tuple[int, float, str]:
    start = time.perf_counter()
    cmd = [str(ROOT / ".venv/bin/provisioner"), *args]
    proc = subprocess.run(cmd, env=_env(state), cwd=ROOT, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 2):
        print(f"[{' '.join(args[:2])}] rc={proc.returncode}\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}", file=sys.stderr)
    return proc.returncode, seconds, proc.stdout


def _floor(source: Path, state: Path, workers: int) -> Phase:
    from netmiko import ConnectHandler

    os.environ.update(_env(state))
    from provisioner.day2.devices import load_fleet
    from provisioner.netconfig.models import DeviceTarget

    devices = load_fleet(source=source).devices

    def one(t: DeviceTarget) -> None:
        conn = ConnectHandler(device_type=t.netmiko_type, host=t.host, port=t.port, username=t.username, password=t.password, fast_cli=True)
        conn.send_command("show running-config", read_timeout=60)
        conn.disconnect()

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(one, [d.target for d in devices]))
    return Phase("netmiko floor", time.perf_counter() - start, len(devices), 0)


def _seeds(source: Path, state: Path, folder: Path) -> Path:
    """Every switch starts from its rendered intended config: the steady state after a rollout."""
    os.environ.update(_env(state), PROVISIONER_LAB="0")
    from provisioner.day2.devices import load_fleet
    from provisioner.day2.intent import load_role, render_intended

    folder.mkdir()
    role = load_role(ROOT / "roles", "switch")
    for device in load_fleet(source=source).devices:
        if device.role == "switch":
            (folder / f"{device.name}.cfg").write_text(render_intended(role, device))
    os.environ["PROVISIONER_LAB"] = "1"
    return folder


def _lab_up(source: Path, state: Path, seeds: Path | None, port: int) -> None:
    """`provisioner lab up SOURCE [--seed DIR]`, through the API for a longer start-up timeout (seeding 400 devices)."""
    os.environ.update(_env(state))
    from provisioner.inventory import read_source
    from provisioner.lab import start_lab
    from provisioner.lab.fromregistry import device_specs, with_seeds
    from provisioner.registry import load_registry

    specs = device_specs(load_registry(read_source(source).registry).require())
    start_lab(devices=with_seeds(specs, directory=seeds) if seeds else specs, state_dir=state, port=port, timeout=600)


def run(args: argparse.Namespace, folder: Path) -> list[Phase]:
    state = folder / "state"
    generate = ["registry", "generate", "--sites", str(args.sites), "--out", str(folder / "registry")]
    subprocess.run([str(ROOT / ".venv/bin/provisioner"), *generate], env=_env(state), cwd=ROOT, check=True, capture_output=True)
    source = folder / "site_registry.yml"
    source.write_text("plugin: schulit.provisioner.site_registry\nregistry: registry\n")
    _lab_up(source, state, None if args.factory else _seeds(source, state, folder / "seeds"), args.port)
    try:
        phases = [_floor(source, state, args.workers)]
        n = phases[0].devices
        workers = ("--workers", str(args.workers))
        backup = ("backup", "-i", str(source), *workers)
        drift = ("drift", "-i", str(source), "--format", "json", *workers)
        for name, cmd in (("backup (first)", backup), ("backup (no change)", backup), ("drift", drift)):
            rc, seconds, _ = _cli(state, *cmd)
            phases.append(Phase(name, seconds, n, rc))
        phases.append(_floor(source, state, args.workers))
        return phases
    finally:
        subprocess.run([str(ROOT / ".venv/bin/provisioner"), "lab", "down"], env=_env(state), cwd=ROOT, check=False, capture_output=True)


def report(phases: list[Phase]) -> None:
    floor = min((p for p in phases if p.name == "netmiko floor"), key=lambda p: p.seconds)
    for p in phases:
        ratio = p.seconds / floor.seconds if floor.seconds else 0.0
        print(f"{p.name:22s} {p.devices:4d} devices {p.seconds:8.2f} s {p.rate:7.1f} dev/s  rc={p.rc}  {ratio:5.2f}x the floor")
    print("target: backup and drift within 2x of the netmiko floor")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sites", type=int, default=3)
    parser.add_argument("--port", type=int, default=2302)
    parser.add_argument("--workers", type=int, default=32)
    parser.add_argument("--factory", action="store_true", help="Devices at their factory config (every owned line drifts).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-day2-") as tmp:
        report(run(args, Path(tmp)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
