"""Scoped ownership through the engine: owned lines are planned, everything else is left and reported."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from provisioner.netconfig import ApplyOptions, DeviceTarget, NetconfigError, apply_config
from provisioner.netconfig.platform_data import net_platform
from provisioner.netconfig.scope import plan_scope

BROWNFIELD = """version 17.12
hostname old
no ip http server
ip http secure-server
banner motd ^C
Authorised use only
no shutdown
^C
vtp mode transparent
username admin privilege 15 secret 9 $9$abc$def
vlan 10
 name paed
vlan 30
 name legacy
vlan 31
 name unused
interface GigabitEthernet1/0/1
 switchport access vlan 30
 switchport mode access
 channel-group 1 mode active
interface GigabitEthernet1/0/2
 description not ours
 switchport access vlan 30
interface Vlan1
 ip address dhcp
ntp server 192.0.2.1
ntp server 192.0.2.2
line vty 0 4
 login local
 exec-timeout 5 0
"""
INTENDED = """hostname new
vtp mode transparent
vlan 10
 name paed
interface GigabitEthernet1/0/1
 switchport access vlan 10
 switchport mode access
interface Vlan1
 no ip address
ntp server 192.0.2.1
line vty 0 4
 login local
 transport input ssh
"""


def _opts(tmp_path: Path, **kw: Any) -> ApplyOptions:
    return ApplyOptions(backup_dir=tmp_path, **kw)


def test_only_owned_lines_are_planned_and_the_rest_is_reported(target: DeviceTarget, tmp_path: Path, make_device: Any) -> None:
    dev = make_device(BROWNFIELD)
    res = apply_config(target=target, intended=INTENDED, options=_opts(tmp_path, check=True), connect=dev.connect)
    cmds = [c.strip() for c in res.commands]
    assert "no ntp server 192.0.2.2" in cmds  # NTP: the set is the registry's
    assert "switchport access vlan 10" in cmds  # a named interface is replaced
    assert not [c for c in cmds if "channel-group" in c or "exec-timeout" in c or "banner" in c or "http" in c]
    assert not [c for c in cmds if c.startswith(("no vlan", "no interface", "no username"))]
    assert "no ip address" not in cmds  # Vlan1 may carry this session: left in place
    assert "ip http secure-server" in res.unmanaged
    assert "banner motd ^C" in res.unmanaged
    assert "interface GigabitEthernet1/0/2" in res.unmanaged
    assert "line vty 0 4 / exec-timeout 5 0" in res.unmanaged
    assert any(n.startswith("left in place: interface Vlan1 / ip address dhcp") for n in res.notes)
    assert any("30, 31" in n and "purge is off" in n for n in res.notes)


def test_purge_removes_only_unused_unknown_vlans(target: DeviceTarget, tmp_path: Path, make_device: Any) -> None:
    dev = make_device(BROWNFIELD)
    res = apply_config(target=target, intended=INTENDED, options=_opts(tmp_path, check=True, purge_vlans=True), connect=dev.connect)
    assert res.commands[-1] == "no vlan 31"  # after the ports moved
    assert "no vlan 30" not in res.commands  # Gi1/0/2 (not ours) still uses it
    assert any("left in place (still used by a port): 30" in n for n in res.notes)


def test_push_then_idempotent_on_a_brownfield_device(target: DeviceTarget, tmp_path: Path, make_device: Any) -> None:
    dev = make_device(BROWNFIELD)
    res = apply_config(target=target, intended=INTENDED, options=_opts(tmp_path), connect=dev.connect)
    assert not res.failed, res.msg
    assert "ip http secure-server" in dev.running
    assert "Authorised use only" in dev.running
    again = apply_config(target=target, intended=INTENDED, options=_opts(tmp_path), connect=dev.connect)
    assert (again.changed, again.commands) == (False, [])


def test_a_guard_violation_refuses_and_sends_nothing(target: DeviceTarget, tmp_path: Path, make_device: Any) -> None:
    dev = make_device(BROWNFIELD + "ip default-gateway 10.9.9.1\n")
    with pytest.raises(NetconfigError, match="rule gateway .*ip default-gateway 10.0.0.1"):
        apply_config(target=target, intended=INTENDED + "ip default-gateway 10.0.0.1\n", options=_opts(tmp_path), connect=dev.connect)
    assert dev.pushes == []


@pytest.mark.parametrize(
    ("running", "reverts", "note"),
    [
        ("version 17.12\narchive\n path flash:prov\n", [5], "revert timer, confirmed"),
        ("version 17.12\n", [0], "no `archive`"),
        ("version 15.2\n", [0], None),
    ],
)
def test_revert_timer_where_the_platform_has_it(
    target: DeviceTarget, tmp_path: Path, make_device: Any, running: str, reverts: list[int], note: str | None
) -> None:
    dev = make_device(running + "hostname old\n")
    res = apply_config(target=target, intended="hostname new", options=_opts(tmp_path, revert_minutes=5), connect=dev.connect)
    assert not res.failed, res.msg
    assert dev.reverts == reverts
    assert ("configure confirm" in dev.commands) == (reverts == [5])
    assert (note is None and not res.notes) or any(note in n for n in res.notes if note)


def test_procurve_has_no_revert_timer() -> None:
    assert net_platform("HP_PROCURVE").revert_when is None


def test_a_banner_is_one_unmanaged_unit() -> None:
    scope = plan_scope(platform="CISCO_IOS", running=BROWNFIELD, intended=INTENDED, session_host="10.0.0.9")
    assert "no shutdown" not in scope.view(BROWNFIELD)  # the banner's text line is not a command
    assert "Authorised use only" not in "\n".join(scope.unmanaged)
