#!/usr/bin/env python3
"""Benchmark: the site_registry inventory plugin against a static YAML inventory of the same hosts.

For each size it generates the city registry, writes a static YAML inventory with exactly the same
hosts, groups and variables, and times `ansible-inventory --list` on both in the same run
(best of --repeat). It also times `provisioner validate`. Baseline: Ansible's own `yaml` plugin.

    .venv/bin/python bench/inventory.py [--sizes 89,890] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "src"))

from provisioner.inventory import InventoryData, build_inventory  # noqa: E402
from provisioner.registry import load_registry  # noqa: E402
from provisioner.registry.generate import generate  # noqa: E402


def static_inventory(data: InventoryData) -> dict[str, Any]:
    """The same hosts, groups and variables as a plain YAML inventory."""
    groups: dict[str, Any] = {}
    placed: set[str] = set()
    for group in sorted(set(data.groups) | set(data.children)):
        if group == "all":
            continue
        entry: dict[str, Any] = {}
        hosts = {}
        for host in data.groups.get(group, []):
            hosts[host] = None if host in placed else _plain(data.hostvars[host])
            placed.add(host)
        if hosts:
            entry["hosts"] = hosts
        if data.group_vars.get(group):
            entry["vars"] = _plain(data.group_vars[group])
        if data.children.get(group):
            entry["children"] = {child: None for child in data.children[group]}
        groups[group] = entry or None
    return {"all": {"vars": _plain(data.group_vars.get("all", {})), "children": groups}}


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return str(value) if isinstance(value, str) else value


def best_of(command: list[str], repeat: int) -> float:
    env = {**os.environ, "ANSIBLE_CONFIG": str(ROOT / "ansible.cfg"), "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return min(times)


def bench_size(sites: int, work: Path, repeat: int) -> dict[str, float]:
    registry = work / f"city{sites}"
    counts = generate(sites=sites, out=registry)
    source = work / f"city{sites}_site_registry.yml"
    source.write_text(f"plugin: schulit.provisioner.site_registry\nregistry: {registry}\n", encoding="utf-8")
    static = work / f"city{sites}.yml"
    with static.open("w", encoding="utf-8") as fh:
        yaml.dump(static_inventory(build_inventory(load_registry(registry).require())), fh, Dumper=yaml.CSafeDumper, sort_keys=False)
    out = work / "out.json"
    inventory = str(BIN / "ansible-inventory")
    plugin = best_of([inventory, "-i", str(source), "--list", "--output", str(out)], repeat)
    baseline = best_of([inventory, "-i", str(static), "--list", "--output", str(out)], repeat)
    validate = best_of([str(BIN / "provisioner"), "validate", str(registry)], repeat)
    hosts = counts["clients"] + counts["access_points"] + counts["switches"] + 2
    return {
        "sites": sites,
        "hosts": hosts,
        "plugin_s": plugin,
        "static_yaml_s": baseline,
        "ratio": plugin / baseline,
        "validate_s": validate,
        "static_mb": static.stat().st_size / 1e6,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="89,890")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'sites':>6} {'hosts':>8} {'site_registry':>14} {'static yaml':>12} {'ratio':>6} {'validate':>9} {'static file':>12}")
    with tempfile.TemporaryDirectory(prefix="bench-inventory-") as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            r = bench_size(size, Path(tmp), args.repeat if size < 500 else 1)
            timings = f"{r['plugin_s']:>13.2f}s {r['static_yaml_s']:>11.2f}s {r['ratio']:>6.2f} {r['validate_s']:>8.2f}s"
            print(f"{r['sites']:>6} {r['hosts']:>8} {timings} {r['static_mb']:>9.1f} MB", flush=True)
    print("ratio = site_registry / static yaml (baseline: Ansible's yaml inventory plugin, same hosts, groups and vars); target <= 1.0")


if __name__ == "__main__":
    main()
