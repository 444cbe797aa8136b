"""Issue 11 acceptance without SSH: the real config engine (plan, lockout guard, push, verify, rollback) against
lab devices seeded with every real config of tests/fixtures/real, and against factory-default devices.

The integration test tests/integration/switch/test_brownfield_rollout.py does the same through ansible-playbook,
net_config and netmiko; this one runs in-process so that every corpus file is covered in seconds.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from provisioner.lab.engine import Device, handle_line, open_session
from provisioner.lab.grammars import grammar_for
from provisioner.lab.models import Fault, LabDeviceSpec
from provisioner.netconfig.engine import apply_config
from provisioner.netconfig.models import ApplyOptions, ApplyResult, DeviceError, DeviceTarget, NetconfigError
from provisioner.netconfig.platform_data import net_platform
from tests.conftest import FIXTURES
from tests.corpus import with_account
from tests.integration.switch.hostvars_fixture import switch_hostvars
from tests.unit.netconfig.demo_switch import DEMO, PASSWORD, demo_intended

HIER = {"cisco_ios": "CISCO_IOS", "aruba_osswitch": "HP_PROCURVE"}
# Every real config onto every demo model of its platform (inventories/demo): C9300, C9200L, C1000 (IOS 15.2), 2930F, 2530.
MODELS = {"cisco_ios": ["C9300-24P", "C9200L-48P-4X", "C1000-8P"], "aruba_osswitch": ["2930F-24G-4SFP+", "2530-8G-PoEP"]}
CASES = [
    (platform, model, path)
    for platform, models in MODELS.items()
    for model in models
    for path in sorted((FIXTURES / "real" / platform).glob("*.cfg"))
]


class LabSession:
    """The engine's Session over a lab device's line handler (what netmiko does over SSH)."""

    def __init__(self, device: Device) -> None:
        self.device = device
        self.session = open_session(device=device)
        self.errors = re.compile(net_platform(device.spec.platform).error_pattern())
        self.run("enable")

    def run(self, line: str) -> str:
        reply = handle_line(device=self.device, session=self.session, line=line)
        if reply.drop:
            raise DeviceError("the device cut the session")
        return reply.text

    def running_config(self) -> str:
        return self.run("show running-config")

    def push(self, lines: list[str], revert_minutes: int = 0) -> str:
        output = self.run(f"configure terminal revert timer {revert_minutes}" if revert_minutes else "configure terminal")
        for line in lines:
            answer = self.run(line)
            if self.errors.search(answer):
                raise DeviceError(f"the device rejected a command: {answer.strip()}")
            output += answer
        return output + self.run("end")

    def save(self) -> str:
        return self.run("write memory")

    def command(self, line: str) -> str:
        return self.run(line)

    def commands(self, lines: list[str]) -> str:
        return "".join(self.run(line) for line in lines)

    def close(self) -> None:
        pass


def with_admin(text: str, platform: str) -> str:
    return with_account(text, platform, user="admin", password=PASSWORD)


def _device(platform: str, *, model: str | None = None, seed: str | None = None, mgmt_address: str | None = None) -> Device:
    switch = DEMO[platform]
    spec = LabDeviceSpec(switch.name, platform, model or switch.model, "admin", PASSWORD, seed=seed, mgmt_address=mgmt_address)
    return Device(spec=spec, grammar=grammar_for(platform=platform))


def _intended(platform: str, model: str) -> str:
    """The role's intended config for the demo switch, as the given model (its ports)."""
    switch = replace(DEMO[platform], model=model)
    return demo_intended(platform, **{k: v for k, v in switch_hostvars(switch).items() if k in ("device_model", "device_ports")})


def _apply(device: Device, platform: str) -> Callable[[], ApplyResult]:
    switch = DEMO[platform]
    target = DeviceTarget(switch.name, "127.0.0.1", 22, "admin", PASSWORD, platform, HIER[platform])
    intended = _intended(platform, device.spec.model)
    return lambda: apply_config(
        target=target, intended=intended, options=ApplyOptions(save=False), connect=lambda _t, _timeout: LabSession(device)
    )


def _safe_or_refused(device: Device, platform: str) -> str:
    before = device.show("running")
    apply = _apply(device, platform)
    try:
        first = apply()
    except NetconfigError as refused:
        message = str(refused)
        first = None
    if first is None:
        assert "lockout guard" in message
        assert device.show("running") == before, "a refused plan changed the device"
        return "refused"
    assert not first.failed, first.msg
    assert first.changed
    assert device.locked is None
    assert device.login_ok(username="admin", password=PASSWORD)
    second = apply()
    assert not second.changed, second.commands
    return "applied"


@pytest.mark.parametrize(("platform", "model", "path"), CASES, ids=[f"{m}-{p.name}" for _, m, p in CASES])
def test_a_real_config_is_changed_safely_or_refused_untouched(platform: str, model: str, path: Path) -> None:
    device = _device(platform, model=model, seed=with_admin(path.read_text(), platform))
    assert _safe_or_refused(device, platform) in ("applied", "refused")


@pytest.mark.parametrize(("platform", "model"), [(p, m) for p, models in MODELS.items() for m in models])
def test_a_factory_default_device_takes_its_first_rollout(platform: str, model: str) -> None:
    assert _safe_or_refused(_device(platform, model=model, mgmt_address="10.0.1.10"), platform) == "applied"


def test_a_factory_procurve_reached_over_vlan1_dhcp_keeps_its_address() -> None:
    """16.x factory default: VLAN 1 `ip address dhcp-bootp`; the session runs over it until management moved."""
    device = _device("aruba_osswitch", mgmt_address="dhcp-bootp")
    assert device.mgmt.block == "vlan 1"
    assert _safe_or_refused(device, "aruba_osswitch") == "applied"
    assert "ip address dhcp-bootp" in device.show("running")


def test_a_session_dropped_under_the_revert_timer_rolls_back_without_reconnecting(monkeypatch: pytest.MonkeyPatch) -> None:
    """IOS-XE 17.12 capture plus an archive path: the push runs under `configure terminal revert timer`;
    the lab cuts the session mid-push and the engine cannot reconnect; the device reverts on its own."""
    monkeypatch.setenv("PROVISIONER_LAB_MINUTE_SECONDS", "1.5")
    seed = with_admin((FIXTURES / "real" / "cisco_ios" / "iol-l2-17.12-cml-route-and-vlan-sw1.cfg").read_text(), "cisco_ios")
    seed = seed.replace("\nend", "\narchive\n path flash:archive\n maximum 5\n!\nend")
    device = _device("cisco_ios", seed=seed)
    before = device.show("running")
    device.fault = Fault(drop_after_lines=12)
    sessions: list[LabSession] = []

    def connect(_target: DeviceTarget, _timeout: float) -> LabSession:
        if sessions:
            raise DeviceError("could not connect (the administrator's path is gone)")
        sessions.append(LabSession(device))
        return sessions[-1]

    switch = DEMO["cisco_ios"]
    target = DeviceTarget(switch.name, "127.0.0.1", 22, "admin", PASSWORD, "cisco_ios", HIER["cisco_ios"])
    options = ApplyOptions(save=False, revert_minutes=1)
    result = apply_config(target=target, intended=_intended("cisco_ios", "C9300-24P"), options=options, connect=connect)
    assert result.failed
    assert device.revert is not None, "the push did not run under a revert timer"
    assert device.show("running") != before
    time.sleep(1.6)
    assert device.show("running") == before
