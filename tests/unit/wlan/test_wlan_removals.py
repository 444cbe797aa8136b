"""The controller's removal guard: counted over the whole run on the first read, before the first push."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hier_config import Platform, get_hconfig

from provisioner.netconfig import ApplyOptions, DeviceTarget
from provisioner.netconfig.removals import RemovalRefused
from provisioner.wlan.controller import ControllerRun, apply_controller

MACS = [f"70ea.1a10.{n:04x}" for n in range(1, 14)]
SITE = """wireless profile flex fp_gs-a
 native-vlan-id 99
!
wireless profile policy pp_gs-a_paed
 vlan 10
!
wireless tag site st_gs-a
 flex-profile fp_gs-a
!
wireless tag policy pt_gs-a
 wlan wl_schule policy pp_gs-a_paed
!
"""
WLAN = "wlan wl_schule 1 Schule\n no shutdown\n!\n"


def _aps(macs: list[str]) -> str:
    return "".join(f"ap {mac}\n policy-tag pt_gs-a\n site-tag st_gs-a\n!\n" for mac in macs)


@dataclass
class Controller:
    running: str
    reads: int = 0
    pushes: list[list[str]] = field(default_factory=list)
    closed: int = 0

    def connect(self, target: DeviceTarget, timeout: float) -> Controller:
        return self

    def running_config(self) -> str:
        self.reads += 1
        return self.running

    def push(self, lines: list[str]) -> str:
        self.pushes.append(lines)
        run = get_hconfig(Platform.CISCO_IOS, self.running)
        self.running = "\n".join(run.future(get_hconfig(Platform.CISCO_IOS, "\n".join(lines))).dump_simple())
        return ""

    def save(self) -> str:
        return ""

    def command(self, line: str) -> str:
        return "" if line != "show ap summary" else ""

    def commands(self, lines: list[str]) -> str:
        return ""

    def close(self) -> None:
        self.closed += 1


TARGET = DeviceTarget(
    name="wlc-1", host="127.0.0.1", port=1, username="u", password="p", netmiko_type="cisco_ios", hier_platform="CISCO_IOS"
)


def _apply(device: Controller, run: ControllerRun, intended: str, tmp_path: Path, **opts: bool) -> object:
    options = ApplyOptions(backup_dir=tmp_path, **opts)
    return apply_controller(target=TARGET, intended=intended, run=run, options=options, connect=device.connect)  # type: ignore[arg-type]


def test_removing_every_ap_of_the_registry_is_refused_before_any_push(tmp_path: Path) -> None:
    device = Controller(running=WLAN + SITE + _aps(MACS))
    run = ControllerRun(sites={"gs-a": {}}, scope=["gs-a"], full=True)
    with pytest.raises(RemovalRefused, match="wlc-1: REMOVALS REFUSED: the plan would remove every 'ap' object \\(13 of 13\\)"):
        _apply(device, run, WLAN + SITE, tmp_path)
    assert device.pushes == []
    assert device.closed >= 1


def test_removing_all_sites_is_refused(tmp_path: Path) -> None:
    sites = "".join(SITE.replace("gs-a", f"s{n}") for n in range(6))
    device = Controller(running=WLAN + sites)
    with pytest.raises(RemovalRefused, match="the plan would remove 24 of the device's 25 owned objects"):
        _apply(device, ControllerRun(sites={}, scope=[], full=True), WLAN, tmp_path)
    assert device.pushes == []


def test_with_allow_removals_the_aps_go_and_the_config_is_read_once(tmp_path: Path) -> None:
    device = Controller(running=WLAN + SITE + _aps(MACS))
    run = ControllerRun(sites={"gs-a": {}}, scope=["gs-a"], full=True)
    outcome = _apply(device, run, WLAN + SITE, tmp_path, allow_removals=True)
    assert not outcome.failed  # type: ignore[attr-defined]
    assert sum(line.startswith("no ap ") for push in device.pushes for line in push) == 13


def test_a_normal_run_passes_and_costs_no_extra_read(tmp_path: Path) -> None:
    device = Controller(running=WLAN + SITE + _aps(MACS))
    run = ControllerRun(sites={"gs-a": {}}, scope=["gs-a"], full=True)
    outcome = _apply(device, run, WLAN + SITE + _aps(MACS[:12]), tmp_path)
    assert not outcome.failed  # type: ignore[attr-defined]
    assert [line for push in device.pushes for line in push] == [f"no ap {MACS[12]}"]
    noop = Controller(running=WLAN + SITE + _aps(MACS))
    _apply(noop, run, WLAN + SITE + _aps(MACS), tmp_path)
    assert noop.reads == 1
