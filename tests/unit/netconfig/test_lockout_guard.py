"""The lockout guard: every rule has a plan it lets through and a plan it refuses."""

from __future__ import annotations

import pytest

from provisioner.netconfig.guard import RULES, LockoutError, check_plan, management_first, violations

IOS_RUNNING = """version 17.12
hostname sw1
vtp mode transparent
username admin privilege 15 secret 9 $9$abc$def
username ops privilege 1 secret 9 $9$abc$xyz
aaa new-model
vlan 10
 name a
interface Vlan11
 ip address 10.1.1.5 255.255.255.0
ip default-gateway 10.1.1.1
line vty 0 4
 login local
"""
PROCURVE_RUNNING = """hostname "sw2"
ip default-gateway 10.2.2.1
vlan 1
   name "DEFAULT_VLAN"
   ip address dhcp-bootp
   exit
password manager
"""

# rule id -> (platform, running, good plan, bad plan)
CASES = {
    "login-user": ("CISCO_IOS", IOS_RUNNING, ["username admin privilege 15 secret 9 $9$new$hash"], ["no username admin"]),
    "privileged-user": (
        "HP_PROCURVE",
        PROCURVE_RUNNING,
        ['password manager user-name "admin" plaintext "x"'],
        ["no password manager"],
    ),
    "management-plane": ("CISCO_IOS", IOS_RUNNING, ["no ip http server"], ["no aaa new-model"]),
    "gateway": ("CISCO_IOS", IOS_RUNNING, ["ip default-gateway 10.1.1.1"], ["ip default-gateway 10.9.9.1"]),
    "session-interface": (
        "CISCO_IOS",
        IOS_RUNNING,
        ["interface Vlan11", " description mgmt"],
        ["interface Vlan11", " ip address 10.7.7.5 255.255.255.0"],
    ),
    "additions-first": (
        "CISCO_IOS",
        IOS_RUNNING.replace("Vlan11", "Vlan1"),
        ["interface Vlan99", " ip address 10.0.1.10 255.255.255.0", "interface Vlan1", " no ip address"],
        ["interface Vlan1", " no ip address", "interface Vlan99", " ip address 10.0.1.10 255.255.255.0"],
    ),
    "vtp-mode": (
        "CISCO_IOS",
        IOS_RUNNING.replace("vtp mode transparent\n", "vtp version 1\n"),
        ["vtp mode transparent", "vlan 20", " name b"],
        ["vlan 20", " name b", "vtp mode transparent"],
    ),
}


def test_every_rule_has_a_case() -> None:
    assert {rule.id for rule in RULES} == set(CASES)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_the_good_plan_passes(rule: str) -> None:
    platform, running, good, _ = CASES[rule]
    found = violations(platform=platform, running=running, commands=good, login_user="admin", session_host="10.1.1.50")
    assert not [v for v in found if v.startswith(f"rule {rule} ")]


@pytest.mark.parametrize("rule", sorted(CASES))
def test_the_bad_plan_is_refused_naming_rule_and_line(rule: str) -> None:
    platform, running, _, bad = CASES[rule]
    with pytest.raises(LockoutError, match=f"rule {rule} ") as caught:
        check_plan(platform=platform, running=running, commands=bad, login_user="admin", session_host="10.1.1.50")
    assert "nothing was sent" in str(caught.value)
    assert any(line.strip() in str(caught.value) for line in bad)


def test_management_first_moves_additions_before_removals() -> None:
    bad = CASES["additions-first"][3]
    ordered = management_first(platform="CISCO_IOS", running=IOS_RUNNING.replace("Vlan11", "Vlan1"), commands=bad)
    assert ordered == CASES["additions-first"][2]
    running = IOS_RUNNING.replace("Vlan11", "Vlan1")
    found = violations(platform="CISCO_IOS", running=running, commands=ordered, login_user="admin", session_host="x")
    assert not [v for v in found if v.startswith("rule additions-first ")]


def test_a_new_vlan_without_address_is_not_a_removal() -> None:
    commands = ["vlan 10", "   no ip address", "interface 49", "   tagged vlan 10"]
    assert management_first(platform="HP_PROCURVE", running="hostname x", commands=commands) == commands
