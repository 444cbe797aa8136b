"""Running config from the lab -> edited intended config -> hier_config remediation -> netmiko -> empty."""

from __future__ import annotations

import pytest
from hier_config import Platform, WorkflowRemediation, get_hconfig
from lab_session import LabUnderTest

pytestmark = pytest.mark.integration

IOS_SETUP = [
    "vtp mode transparent",
    "vlan 30",
    " name old",
    "interface GigabitEthernet1/0/2",
    " description old",
    "interface GigabitEthernet1/0/3",
    " switchport mode trunk",
    " switchport trunk allowed vlan 10,20",
    "ntp server 10.9.9.9",
]
IOS_EDITS = [
    ("hostname Switch\n", "hostname sw-ios-1\nip domain name school.example\n"),
    ("vlan 30\n name old\n!\n", "vlan 10\n name paed\n!\n"),
    (
        "interface GigabitEthernet1/0/1\n!",
        "interface GigabitEthernet1/0/1\n description AP 1\n switchport access vlan 10\n"
        " switchport mode access\n spanning-tree portfast\n spanning-tree bpduguard enable\n!",
    ),
    ("interface GigabitEthernet1/0/2\n description old\n", "interface GigabitEthernet1/0/2\n power inline never\n shutdown\n"),
    (" switchport trunk allowed vlan 10,20\n", " switchport trunk native vlan 99\n switchport trunk allowed vlan 10,30\n"),
    ("interface Vlan1\n no ip address\n!", "interface Vlan1\n no ip address\n!\ninterface Vlan10\n ip address 10.0.0.2 255.255.255.0\n!"),
    ("ntp server 10.9.9.9\n", "ntp server 10.0.0.1\n"),
    ("spanning-tree mode pvst\n", "spanning-tree mode rapid-pvst\n"),
]
HP_EDITS = [
    ('hostname "HP-2530-8G-PoEP"', 'hostname "sw-hp-1"\ntimesync ntp\nntp unicast\nntp server 10.0.0.1 iburst\nntp enable'),
    (
        'vlan 1\n   name "DEFAULT_VLAN"\n   untagged 1-10\n   ip address dhcp-bootp\n   ipv6 enable\n   ipv6 address dhcp full\n   exit\n',
        'vlan 1\n   name "DEFAULT_VLAN"\n   no untagged 1-2,9-10\n   untagged 3-8\n   no ip address\n   exit\n'
        'vlan 10\n   name "paed"\n   untagged 1-2\n   tagged 9-10\n   no ip address\n   exit\n'
        'vlan 99\n   name "mgmt"\n   tagged 9-10\n   ip address 10.1.99.2 255.255.255.0\n   exit\n',
    ),
    (
        'snmp-server community "public" unrestricted\n',
        'interface 3\n   name "AP 3"\n   no power-over-ethernet\n   exit\nspanning-tree\nspanning-tree 1-8 admin-edge-port\n',
    ),
]


def _edit(text: str, edits: list[tuple[str, str]]) -> str:
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    return text


def _remediation(platform: Platform, running: str, intended: str) -> list[str]:
    workflow = WorkflowRemediation(get_hconfig(platform, running), get_hconfig(platform, intended))
    return [line.cisco_style_text() for line in workflow.remediation_config.all_children_sorted()]


@pytest.mark.parametrize(
    ("name", "platform", "setup", "edits"),
    [
        ("ios-2", Platform.CISCO_IOS, IOS_SETUP, IOS_EDITS),
        ("hp-2", Platform.HP_PROCURVE, [], HP_EDITS),
    ],
)
def test_remediation_converges(lab: LabUnderTest, name: str, platform: Platform, setup: list[str], edits: list[tuple[str, str]]) -> None:
    with lab.connect(name) as conn:
        if setup:
            conn.send_config_set(setup)
        running = conn.send_command("show running-config")
        intended = _edit(running + "\n", edits)
        commands = _remediation(platform, running, intended)
        assert commands
        out = conn.send_config_set(commands)
        conn.set_base_prompt()
        assert "Invalid input" not in out
        assert "% " not in out
        after = conn.send_command("show running-config")
    assert _remediation(platform, after, intended) == []
    assert after == lab.running(name).rstrip("\n")
