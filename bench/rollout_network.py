#!/usr/bin/env python3
"""Time switch rollouts against the device lab (a benchmark, not a test).

    .venv/bin/python bench/rollout_network.py --sites 3          # try small first
    .venv/bin/python bench/rollout_network.py --sites 89         # the city

Phases: (a) first rollout, (b) no-op, (c) one-line change on every switch, (d) the no-op with a
baseline playbook (cisco.ios.ios_config over ansible.netcommon.network_cli, IOS switches only),
(e) the floor: a netmiko ThreadPool that only connects and runs `show running-config`,
(j) Ansible's own floor: one trivial task (debug, skipped below -v) per switch, no connection.
Targets: (b) at least 5x faster than (d), and within 3x of (e).

With --wlan (registry path only), the WLAN controllers of the generated city instead (about 1,400
APs for 89 sites): (f) first run of playbooks/wlan.yml, (g) no-op, (h) one AP replaced (new MAC in
the registry), (i) the floor: netmiko connects to each controller and reads running config and AP
summary. It reports the SSH sessions the controllers saw during (g): one per controller, never per AP.

Switches come from `provisioner registry generate --sites N`, `provisioner lab up` and the
site_registry inventory with PROVISIONER_LAB=1 (the real path); `--synthetic` uses two made-up
switches per site and a static inventory instead (tests/integration/switch/hostvars_fixture.py).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests" / "integration" / "switch")]

from hostvars_fixture import PASSWORD_ENV, SNMP_AUTH_ENV, SNMP_PRIV_ENV, LabSwitch, write_inventory  # noqa: E402

PASSWORD = "Bench-Secr3t!"
MODELS = {"cisco_ios": "C9200L-24P-4X", "aruba_osswitch": "2930F-24G-4SFP+"}


@dataclass
class Phase:
    name: str
    seconds: float
    devices: int
    rc: int
    changed: int = 0

    @property
    def rate(self) -> float:
        return self.devices / self.seconds if self.seconds else 0.0


STATE: dict[str, str] = {}
# Phase (c) adds one NTP server to the (city-wide) list: one line per switch.
STATE_NTP: list[str] = ["10.250.0.1", "10.250.0.2", "10.250.0.3"]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update({PASSWORD_ENV: PASSWORD, SNMP_AUTH_ENV: "BenchAuth123", SNMP_PRIV_ENV: "BenchPriv123"})
    env.update({"PROVISIONER_NET_PASSWORD": PASSWORD, "PROVISIONER_SNMP_AUTH": "BenchAuth123", "PROVISIONER_PSK_KITA": "BenchPsk123",
                "PROVISIONER_SNMP_PRIV": "BenchPriv123", "PROVISIONER_LAB": "1", **STATE})
    env["PATH"] = f"{ROOT / '.venv' / 'bin'}:{env['PATH']}"
    env["ANSIBLE_CONFIG"] = str(ROOT / "ansible.cfg")
    return env


def _switches(sites: int) -> list[tuple[str, str]]:
    """(name, platform) for every switch; synthetic until the registry CLI is importable."""
    out = []
    for site in range(1, sites + 1):
        for n, platform in enumerate(("cisco_ios", "aruba_osswitch") if site % 2 else ("cisco_ios", "cisco_ios")):
            out.append((f"sw-s{site:02d}-{n + 1}", platform))
    return out


def _start_lab(state: Path, switches: list[tuple[str, str]], port: int) -> list[LabSwitch]:
    from provisioner.lab import LabDeviceSpec, start_lab

    specs = [LabDeviceSpec(name, platform, MODELS[platform], "admin", PASSWORD) for name, platform in switches]
    endpoints = {e.name: e for e in start_lab(devices=specs, state_dir=state, port=port, timeout=120)}
    return [LabSwitch(n, p, MODELS[p], endpoints[n].host, endpoints[n].port) for n, p in switches]


def _playbook(name: str, inventory: Path, playbook: Path, count: int, *extra: str) -> Phase:
    cmd = ["ansible-playbook", "-i", str(inventory), str(playbook), *extra]
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=_env(), cwd=ROOT, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if proc.returncode:
        print(f"[{name}] rc={proc.returncode}\n{proc.stdout[-3000:]}\n{proc.stderr[-2000:]}", file=sys.stderr)
    changed = sum(int(n) for n in re.findall(r" changed=(\d+)", proc.stdout))
    return Phase(name, seconds, count, proc.returncode, changed)


def _baseline_playbooks(folder: Path) -> tuple[Path, Path]:
    """(render, apply): ios_config cannot template `src` under ansible-core 2.19 (untrusted file
    content stays literal), so the configs are rendered first, untimed, and applied as files."""
    render, apply = folder / "baseline_render.yml", folder / "baseline_ios_config.yml"
    rendered = folder / "rendered"
    rendered.mkdir(exist_ok=True)
    render.write_text(
        "- hosts: platform_cisco_ios\n  gather_facts: false\n"
        f"  vars_files: [{ROOT / 'roles/switch/defaults/main.yml'}, {ROOT / 'roles/switch/vars/main.yml'}]\n"
        "  tasks:\n    - ansible.builtin.template:\n"
        f"        src: {ROOT / 'roles/switch/templates/cisco_ios.j2'}\n"
        f"        dest: {rendered}/{{{{ inventory_hostname }}}}.cfg\n"
        '        mode: "0600"\n'
    )
    apply.write_text(
        "- hosts: platform_cisco_ios\n  gather_facts: false\n"
        "  vars: {ansible_connection: ansible.netcommon.network_cli, ansible_network_os: cisco.ios.ios}\n"
        "  tasks:\n    - cisco.ios.ios_config:\n"
        f"        src: {rendered}/{{{{ inventory_hostname }}}}.cfg\n"
    )
    return render, apply


def _floor(switches: list[LabSwitch], forks: int) -> Phase:
    from netmiko import ConnectHandler

    from provisioner.platforms import PLATFORMS

    def one(sw: LabSwitch) -> None:
        conn = ConnectHandler(device_type=PLATFORMS[sw.platform].netmiko_device_type, host=sw.host,
                              port=sw.port, username=sw.user, password=PASSWORD, fast_cli=True)
        conn.send_command("show running-config")
        conn.disconnect()

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=forks) as pool:
        list(pool.map(one, switches))
    return Phase("(e) netmiko floor", time.perf_counter() - start, len(switches), 0)


def _cli(*args: str) -> None:
    subprocess.run([str(ROOT / ".venv/bin/provisioner"), *args], env=_env(), cwd=ROOT, check=True)


def _registry_lab(folder: Path, sites: int, port: int) -> tuple[Path, list[LabSwitch]]:
    """Generate the registry, start the lab for it, and list its switches (the real path)."""
    STATE["PROVISIONER_STATE_DIR"] = str(folder / "state")
    _cli("registry", "generate", "--sites", str(sites), "--out", str(folder / "registry"))
    source = folder / "site_registry.yml"
    source.write_text("plugin: schulit.provisioner.site_registry\nregistry: registry\n")
    _cli("lab", "up", str(source), "--port", str(port))
    listing = subprocess.run([str(ROOT / ".venv/bin/ansible-inventory"), "-i", str(source), "--list"],
                             env=_env(), cwd=ROOT, capture_output=True, text=True, check=True)
    data = _plain(json.loads(listing.stdout))
    hostvars = data["_meta"]["hostvars"]
    names = data.get("role_switch", {}).get("hosts", [])
    ntp_lists = {tuple(hostvars[n].get("site_ntp_servers", [])) for n in names}
    if len(ntp_lists) == 1:
        STATE_NTP[:] = [*next(iter(ntp_lists)), "10.250.0.99"]
    return source, [_lab_switch(n, hostvars[n]) for n in names]


def _plain(value: object) -> Any:
    """ansible-inventory --list prints unsafe strings as {"__ansible_unsafe": "..."}: unwrap them."""
    if isinstance(value, dict):
        if set(value) == {"__ansible_unsafe"}:
            return value["__ansible_unsafe"]
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _lab_switch(name: str, hv: dict[str, object]) -> LabSwitch:
    return LabSwitch(name, str(hv["device_platform"]), str(hv["device_model"]), str(hv["ansible_host"]),
                     int(str(hv["ansible_port"])), user=str(hv["ansible_user"]))


def _config_lines_since(state: Path, names: list[str], since: float) -> dict[str, int]:
    """Config-mode lines each device received since `since` (mode changes and blanks excluded)."""
    from provisioner.lab import command_log

    skip = {"", "end", "exit", "configure terminal"}
    counts = {}
    for name in names:
        log = command_log(state_dir=state, device=name)
        counts[name] = sum(1 for e in log if e.time >= since and e.mode.startswith("config")
                           and e.line.strip() not in skip)
    return counts


def _controllers(source: Path) -> tuple[list[LabSwitch], int]:
    """The lab's controllers (as connection records) and the number of APs in the inventory."""
    listing = subprocess.run([str(ROOT / ".venv/bin/ansible-inventory"), "-i", str(source), "--list"],
                             env=_env(), cwd=ROOT, capture_output=True, text=True, check=True)
    data = _plain(json.loads(listing.stdout))
    hostvars = data["_meta"]["hostvars"]
    names = data.get("role_wlan_controller", {}).get("hosts", [])
    aps = len(data.get("role_access_point", {}).get("hosts", []))
    return [_lab_switch(n, hostvars[n]) for n in names], aps


def _replace_one_ap(registry: Path) -> str:
    """Swap the MAC of the first AP of the first site with APs (a technician replaced it)."""
    import yaml

    for path in sorted((registry / "sites").glob("*.yml")):
        data = yaml.safe_load(path.read_text())
        if data.get("access_points"):
            ap = data["access_points"][0]
            ap["mac"] = "02:be:2c:00:00:01"
            path.write_text(yaml.safe_dump(data, sort_keys=False))
            return str(ap["name"])
    raise SystemExit("no site with access points")


def _sessions_since(state: Path, names: list[str], since: float) -> int:
    from provisioner.lab import command_log

    return sum(len({e.session for e in command_log(state_dir=state, device=n) if e.time >= since}) for n in names)


def _controller_floor(controllers: list[LabSwitch]) -> Phase:
    from netmiko import ConnectHandler

    def one(wlc: LabSwitch) -> None:
        conn = ConnectHandler(device_type="cisco_ios", host=wlc.host, port=wlc.port, username=wlc.user,
                              password=PASSWORD, fast_cli=True)
        conn.send_command("show running-config")
        conn.send_command("show ap summary")
        conn.disconnect()

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=max(len(controllers), 1)) as pool:
        list(pool.map(one, controllers))
    return Phase("(i) controller floor", time.perf_counter() - start, len(controllers), 0)


def run_wlan(args: argparse.Namespace, folder: Path) -> list[Phase]:
    source, _ = _registry_lab(folder, args.sites, args.port)
    controllers, aps = _controllers(source)
    names, state = [c.name for c in controllers], folder / "state"
    book = ROOT / "playbooks" / "wlan.yml"
    phases = [_playbook("(f) WLAN first run", source, book, aps)]
    started = time.time()
    phases.append(_playbook("(g) WLAN no-op", source, book, aps))
    pushed = _config_lines_since(state, names, started)
    print(f"(g) SSH sessions on {len(names)} controller(s): {_sessions_since(state, names, started)}; "
          f"config lines received: {sum(pushed.values())} (for {aps} APs)")
    replaced = _replace_one_ap(folder / "registry")
    started = time.time()
    phases.append(_playbook("(h) WLAN one AP replaced", source, book, aps))
    pushed = _config_lines_since(state, names, started)
    print(f"(h) replaced {replaced}: config lines received: {sum(pushed.values())}; "
          f"SSH sessions: {_sessions_since(state, names, started)}")
    phases.append(_controller_floor(controllers))
    return phases


def run(args: argparse.Namespace, folder: Path) -> list[Phase]:
    if args.wlan:
        return run_wlan(args, folder)
    if args.synthetic:
        STATE["PROVISIONER_STATE_DIR"] = str(folder / "state")  # backups stay out of the checkout
        switches = _start_lab(folder / "lab", _switches(args.sites), args.port)
        inventory = write_inventory(path=folder / "inventory.json", switches=switches)
    else:
        inventory, switches = _registry_lab(folder, args.sites, args.port)
    book, forks = ROOT / "playbooks" / "switches.yml", ["-f", str(args.forks)]
    phases = [_playbook("(a) first rollout", inventory, book, len(switches), *forks)]
    phases.append(_playbook("(b) no-op", inventory, book, len(switches), *forks))
    ntp = json.dumps({"site_ntp_servers": STATE_NTP})
    started = time.time()
    phases.append(_playbook("(c) one-line change", inventory, book, len(switches), *forks, "-e", ntp))
    state = folder / ("lab" if args.synthetic else "state")
    pushed = _config_lines_since(state, [sw.name for sw in switches], started)
    print(f"(c) config lines received: {sum(pushed.values())} on {len(pushed)} devices "
          f"(max per device {max(pushed.values(), default=0)})")
    ios = sum(1 for sw in switches if sw.platform == "cisco_ios")
    if not args.skip_baseline:
        render, base = _baseline_playbooks(folder)
        _playbook("baseline render (untimed)", inventory, render, ios, *forks, "-e", ntp)
        phases.append(_playbook("(d) ios_config no-op", inventory, base, ios, *forks))
    phases.append(_floor(switches, args.forks))
    trivial = folder / "ansible_floor.yml"
    trivial.write_text("- hosts: role_switch\n  gather_facts: false\n  tasks:\n"
                       "    - ansible.builtin.debug: {msg: x, verbosity: 1}\n")
    phases.append(_playbook("(j) Ansible floor", inventory, trivial, len(switches), *forks))
    return phases


def report(phases: list[Phase]) -> None:
    for p in phases:
        print(f"{p.name:28s} {p.devices:4d} devices {p.seconds:8.2f} s {p.rate:7.2f} dev/s "
              f"changed={p.changed} rc={p.rc}")
    by = {p.name[:3]: p for p in phases}
    if "(b)" in by and "(d)" in by and by["(d)"].rate:
        print(f"no-op vs ios_config baseline: {by['(b)'].rate / by['(d)'].rate:.2f}x faster per device (target >= 5)")
    if "(b)" in by and "(e)" in by and by["(b)"].rate:
        print(f"no-op vs netmiko floor: {by['(e)'].rate / by['(b)'].rate:.2f}x slower per device (target <= 3)")
    if "(j)" in by and "(e)" in by and by["(j)"].rate:
        print(f"Ansible floor vs netmiko floor: {by['(e)'].rate / by['(j)'].rate:.2f}x slower per device "
              "(one worker per host, no work at all)")
    if "(g)" in by and "(i)" in by and by["(i)"].seconds:
        print(f"WLAN no-op vs controller floor: {by['(g)'].seconds / by['(i)'].seconds:.2f}x the time; "
              f"first run {by['(f)'].seconds / by['(g)'].seconds:.2f}x the no-op")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sites", type=int, default=89)
    parser.add_argument("--forks", type=int, default=20)
    parser.add_argument("--port", type=int, default=2292, help="lab SSH port (one 127.100.x.y per switch)")
    parser.add_argument("--out", help="work folder (default: a new temp dir)")
    parser.add_argument("--skip-baseline", action="store_true", help="skip phase (d)")
    parser.add_argument("--wlan", action="store_true", help="phases (f)-(i): the WLAN controllers instead of the switches")
    parser.add_argument("--synthetic", action="store_true",
                        help="two synthetic switches per site and a static inventory instead of the generated registry")
    args = parser.parse_args()
    folder = Path(args.out or tempfile.mkdtemp(prefix="bench-net-"))
    folder.mkdir(parents=True, exist_ok=True)
    phases: list[Phase] = []
    try:
        phases = run(args, folder)
    finally:
        _stop(folder)
    report(phases)
    return 0 if all(p.rc == 0 for p in phases) else 1


def _stop(folder: Path) -> None:
    from provisioner.lab import stop_lab

    for state in (folder / "lab", folder / "state"):
        if state.exists():
            stop_lab(state_dir=state)


if __name__ == "__main__":
    sys.exit(main())
