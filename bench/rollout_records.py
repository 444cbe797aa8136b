#!/usr/bin/env python3
"""Recording overhead of `provisioner rollout` against plain ansible-runner (a benchmark, not a test).

    .venv/bin/python bench/rollout_records.py --sites 3 --repeat 1     # try small first
    .venv/bin/python bench/rollout_records.py --sites 89 --repeat 3    # the city

Both sides run the same trivial playbook (one debug task per host, no connection) over the same
generated registry through the site_registry inventory plugin, from the repository root (so the same
ansible.cfg), with the same extra vars, limited to the hosts of site groups, as one ansible-runner run:
  plain:    a Python process that calls ansible_runner.run(...) and nothing else (no recording);
  rollout:  `python -m provisioner.cli.rollout rollout ...` (registry validation, wave plan, locks,
            secret masking of every event, the SQLite record, artifact scrubbing, the rich display).
Runs alternate; the medians are compared. Target: rollout at most 5% slower than plain.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src")]

PLAYBOOK = """\
- name: Trivial task per host
  hosts: all
  gather_facts: false
  tasks:
    - name: Report the site
      ansible.builtin.debug:
        msg: "{{ inventory_hostname }} is in {{ site_id | default('no site') }}"
"""

PLAIN = """\
import json, sys, ansible_runner
args = json.loads(sys.argv[1])
r = ansible_runner.run(private_data_dir=args["pdd"], playbook=args["playbook"], inventory=[args["inventory"]],
                       project_dir=args["root"], extravars=args["extravars"], limit=args["limit"], quiet=True, ignore_logging=True)
sys.exit(0 if r.status == "successful" else 1)
"""


def make_registry(work: Path, sites: int) -> tuple[Path, dict[str, str]]:
    """A generated registry plus its site_registry source; dummy values for every vault variable it names."""
    from provisioner.registry.generate import generate

    generate(sites=sites, out=work / "registry", seed=1)
    (work / "site_registry.yml").write_text("plugin: schulit.provisioner.site_registry\nregistry: registry\n")
    names = set(re.findall(r"vault:\s*([A-Za-z_][A-Za-z0-9_]*)", (work / "registry" / "org.yml").read_text()))
    for site in (work / "registry" / "sites").glob("*.yml"):
        names |= set(re.findall(r"vault:\s*([A-Za-z_][A-Za-z0-9_]*)", site.read_text()))
    return work / "site_registry.yml", {n: "bench-dummy" for n in sorted(names)}


def env_for(state: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env["PROVISIONER_STATE_DIR"] = str(state)
    env.pop("PROVISIONER_LAB", None)
    return env


def run_plain(work: Path, n: int, source: Path, playbook: Path, extravars: dict[str, str], limit: str | None) -> float:
    pdd = work / f"plain-{n}"
    pdd.mkdir()
    pattern = f"site_*:&{limit}" if limit else "site_*"
    data = {
        "pdd": str(pdd),
        "playbook": str(playbook),
        "inventory": str(source),
        "root": str(ROOT),
        "extravars": extravars,
        "limit": pattern,
    }
    args = json.dumps(data)
    return _timed([sys.executable, "-c", PLAIN, args], env_for(work / "plain-state"))


def run_rollout(work: Path, source: Path, playbook: Path, extravars: dict[str, str], wave_size: int | None, limit: str | None) -> float:
    cmd = [sys.executable, "-m", "provisioner.cli.rollout", "rollout", str(playbook), "-i", str(source), "-e", json.dumps(extravars)]
    if limit:
        cmd += ["--limit", limit]
    if wave_size:
        cmd += ["--wave-size", str(wave_size)]
    return _timed(cmd, env_for(work / "state"))


CPU: list[float] = []


def _timed(cmd: list[str], env: dict[str, str]) -> float:
    """Wall-clock seconds; the CPU seconds of the whole process tree go to CPU (robust on a busy machine)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        raise SystemExit(f"failed ({done.returncode}): {' '.join(cmd[:6])} ...\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sites", type=int, default=89)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--wave-size", type=int, default=None, help="also time the rollout in waves of N sites")
    parser.add_argument("--limit", default=None, help="an Ansible pattern for both sides, e.g. role_switch (89 sites = 14k hosts)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-records-") as tmp:
        work = Path(tmp)
        source, extravars = make_registry(work, args.sites)
        playbook = work / "trivial.yml"
        playbook.write_text(PLAYBOOK)
        plain, rollout, waves = [], [], []
        for n in range(args.repeat):
            plain.append(run_plain(work, n, source, playbook, extravars, args.limit))
            rollout.append(run_rollout(work, source, playbook, extravars, None, args.limit))
            if args.wave_size:
                waves.append(run_rollout(work, source, playbook, extravars, args.wave_size, args.limit))
        report(args, work, plain, rollout, waves)


def report(args: argparse.Namespace, work: Path, plain: list[float], rollout: list[float], waves: list[float]) -> None:
    import sqlite3

    conn = sqlite3.connect(str(work / "state" / "rollouts.db"))
    hosts = conn.execute("SELECT COUNT(*) FROM host_results WHERE run_id = 1").fetchone()[0]
    events = conn.execute("SELECT COUNT(*) FROM changes").fetchone()[0]
    conn.close()
    p, r = statistics.median(plain), statistics.median(rollout)
    step = 3 if waves else 2
    cpu_plain, cpu_rollout = statistics.median(CPU[0::step]), statistics.median(CPU[1::step])
    print(f"sites={args.sites} limit={args.limit} hosts={hosts} repeat={args.repeat} (changes recorded: {events})")
    print(f"plain ansible-runner : median {p:.2f}s  runs {', '.join(f'{x:.2f}' for x in plain)}")
    print(f"provisioner rollout  : median {r:.2f}s  runs {', '.join(f'{x:.2f}' for x in rollout)}")
    print(f"overhead (wall)      : {100 * (r - p) / p:+.1f}% (target <= 5%)")
    cpu_overhead = 100 * (cpu_rollout - cpu_plain) / cpu_plain
    print(f"CPU of process tree  : plain {cpu_plain:.2f}s, rollout {cpu_rollout:.2f}s, overhead {cpu_overhead:+.1f}%")
    print(f"load average at end  : {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if waves:
        w = statistics.median(waves)
        print(
            f"rollout --wave-size {args.wave_size}: median {w:.2f}s ({100 * (w - p) / p:+.1f}%;"
            " each wave is one more ansible-playbook start)"
        )


if __name__ == "__main__":
    main()
