from provisioner.netconfig.remediation import remediation

IOS_RUNNING = """Building configuration...
hostname old
spanning-tree mode pvst
line vty 0 4
 login
interface GigabitEthernet1/0/1
 switchport access vlan 10
end
"""
IOS_INTENDED = """hostname new
spanning-tree mode rapid-pvst
vlan 20
 name admin
line vty 0 4
 login local
interface GigabitEthernet1/0/1
 switchport access vlan 20
"""


def test_ios_replaces_in_place_and_creates_vlans_first() -> None:
    cmds = [c.strip() for c in remediation(platform="CISCO_IOS", running=IOS_RUNNING, intended=IOS_INTENDED).commands]
    assert not [c for c in cmds if c.startswith("no ")]
    assert cmds.index("vlan 20") < cmds.index("interface GigabitEthernet1/0/1")
    assert "login local" in cmds
    assert "switchport access vlan 20" in cmds


def test_identical_configs_need_nothing() -> None:
    assert remediation(platform="CISCO_IOS", running=IOS_RUNNING, intended=IOS_RUNNING).commands == []


def test_procurve_ranges_are_expanded_per_port() -> None:
    running = 'Running configuration:\nhostname "a"\nvlan 1\n   name "DEFAULT_VLAN"\n   untagged 1-4\n   exit\n'
    intended = (
        'hostname "a"\nvlan 1\n   name "DEFAULT_VLAN"\n   no untagged 1-2\n   untagged 3-4\n   exit\n'
        'vlan 10\n   name "paed"\n   untagged 1-2\n   exit\n'
    )
    cmds = [c.strip() for c in remediation(platform="HP_PROCURVE", running=running, intended=intended).commands]
    assert cmds[:2] == ["vlan 10", 'name "paed"']
    assert cmds.count("untagged vlan 10") == 2
    assert not [c for c in cmds if c.startswith("no untagged vlan")]


def test_predict_returns_future_only_when_asked() -> None:
    plan = remediation(platform="CISCO_IOS", running=IOS_RUNNING, intended=IOS_INTENDED)
    assert plan.future is None
    plan = remediation(platform="CISCO_IOS", running=IOS_RUNNING, intended=IOS_INTENDED, predict=True)
    assert plan.future is not None
    assert "hostname new" in plan.future


def test_procurve_bare_password_lines_are_never_removed() -> None:
    """ArubaOS-Switch prints a set password as a bare `password manager` line (corpus
    2920-16.08-hpe-community-dhcp-snooping.cfg); the intended config has only the write-only form."""
    running = 'hostname "sw"\npassword manager\npassword operator\n'
    intended = 'hostname "sw"\n'
    assert remediation(platform="HP_PROCURVE", running=running, intended=intended).commands == []
