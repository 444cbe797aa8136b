"""No mass removal by accident: the share and emptied-kind rules, and the engine refusing before a push."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from provisioner.netconfig import ApplyOptions, DeviceTarget, apply_config
from provisioner.netconfig.removals import (
    RemovalPolicy,
    RemovalRefused,
    kind_of,
    owned_objects,
    removal_problem,
    removed_by_commands,
)

VLANS = [f"vlan {n}" for n in range(100, 150)]


def test_the_limit_is_ten_percent_or_twenty_whichever_is_larger() -> None:
    policy = RemovalPolicy()
    assert policy.limit(50) == 20
    assert policy.limit(500) == 50
    owned = [f"interface Gi1/0/{n}" for n in range(1, 301)]
    assert removal_problem(owned=owned, removed=owned[:30], policy=policy) is None
    problem = removal_problem(owned=owned, removed=owned[:31], policy=policy)
    assert problem is not None
    assert "would remove 31 of the device's 300 owned objects, more than the limit of 30" in problem


def test_emptying_a_kind_is_refused_but_one_of_one_is_not() -> None:
    owned = ["ap aaaa.bbbb.0001", "ap aaaa.bbbb.0002", "wireless tag site st_a", "hostname wlc"]
    problem = removal_problem(owned=owned, removed=owned[:2], policy=RemovalPolicy())
    assert problem is not None
    assert "every 'ap' object (2 of 2)" in problem
    assert removal_problem(owned=owned, removed=["ap aaaa.bbbb.0001"], policy=RemovalPolicy()) is None
    assert removal_problem(owned=owned, removed=["wireless tag site st_a"], policy=RemovalPolicy()) is None


def test_allow_lets_anything_through() -> None:
    assert removal_problem(owned=VLANS, removed=VLANS, policy=RemovalPolicy(allow=True)) is None


def test_objects_and_kinds() -> None:
    text = "Building configuration...\n!\nhostname sw\nvlan 10\n name paed\ninterface Gi1/0/1\n description x\nend\n"
    assert owned_objects(text) == ["hostname sw", "vlan 10", "interface Gi1/0/1"]
    assert kind_of("wireless profile policy pp_a_paed") == "wireless profile policy"
    assert kind_of("wlan wl_schule 1 Schule") == "wlan"
    owned = ["username old privilege 15 secret 5 $1$x", "vlan 10"]
    assert removed_by_commands(["no username old", " no name", "no vlan 10", "no vlan 99", "vlan 20"], owned) == ["username old", "vlan 10"]


def _running(vlans: list[str]) -> str:
    return "hostname sw-test-1\nvtp mode transparent\n" + "".join(f"{v}\n name v{v.split()[1]}\n" for v in vlans)


@pytest.mark.parametrize("check", [False, True])
def test_the_engine_refuses_a_plan_removing_too_much_before_any_push(
    target: DeviceTarget, tmp_path: Path, make_device: Any, check: bool
) -> None:
    dev = make_device(running=_running(VLANS))
    options = ApplyOptions(backup_dir=tmp_path, check=check, purge_vlans=True)
    with pytest.raises(RemovalRefused) as caught:
        apply_config(target=target, intended=_running(VLANS[:10]), options=options, connect=dev.connect)
    assert str(caught.value).startswith("sw-test-1: REMOVALS REFUSED: the plan would remove 40 of the device's 52 owned objects")
    assert "--allow-removals" in str(caught.value)
    assert dev.pushes == []


def test_the_engine_pushes_with_allow_removals_and_small_removals_pass(target: DeviceTarget, tmp_path: Path, make_device: Any) -> None:
    dev = make_device(running=_running(VLANS))
    purge = ApplyOptions(backup_dir=tmp_path, purge_vlans=True)
    small = apply_config(target=target, intended=_running(VLANS[:35]), options=purge, connect=dev.connect)
    assert not small.failed
    assert sum(c.startswith("no vlan") for c in small.commands) == 15
    allowed = ApplyOptions(backup_dir=tmp_path, allow_removals=True, purge_vlans=True)
    res = apply_config(target=target, intended=_running([]), options=allowed, connect=dev.connect)
    assert not res.failed
    assert sum(c.startswith("no vlan") for c in res.commands) == 35
