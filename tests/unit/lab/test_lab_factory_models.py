"""Factory defaults per model: what a new Catalyst prints (sources: the real captures in tests/fixtures/real/cisco_ios/,
c9300-24ux-17.12-netcanon-contrib.cfg and c9200l-17.9-oxidized.cfg, both IOS-XE 17 with `interface GigabitEthernet0/0`
/ ` vrf forwarding Mgmt-vrf`, the `vrf definition Mgmt-vrf` block, the uplink slot Gi1/1/1-4 ... and vty lines to 31)."""

from __future__ import annotations

from provisioner.lab.engine import Device, handle_line, open_session
from provisioner.lab.grammars import grammar_for
from provisioner.lab.models import LabDeviceSpec
from tests.conftest import FIXTURES

REAL = FIXTURES / "real" / "cisco_ios"


def factory(model: str) -> Device:
    return Device(spec=LabDeviceSpec("sw", "cisco_ios", model, "admin", "pw"), grammar=grammar_for(platform="cisco_ios"))


def test_a_catalyst_9300_prints_its_management_port_vrf_and_uplinks_like_the_capture() -> None:
    printed = factory("C9300-48P").show("running")
    capture = (REAL / "c9300-24ux-17.12-netcanon-contrib.cfg").read_text()
    for block in (
        "interface GigabitEthernet0/0\n vrf forwarding Mgmt-vrf\n no ip address\n negotiation auto\n!\n",
        "vrf definition Mgmt-vrf\n !\n address-family ipv4\n exit-address-family\n !\n address-family ipv6\n exit-address-family\n!\n",
        "interface GigabitEthernet1/1/1\n!\n",
    ):
        assert block in printed
        assert block in capture
    assert "interface FortyGigabitEthernet1/1/1\n" in printed
    assert "interface FortyGigabitEthernet1/1/1\n" in capture
    assert "line vty 0 4\n" in printed
    assert "line vty 5 31\n" in printed
    assert "version 17." in printed


def test_vty_5_15_splits_the_range_as_ios_prints_it() -> None:
    device = factory("C9300-24P")
    session = open_session(device=device)
    for line in ("enable", "configure terminal", "line vty 5 15", " transport input ssh", "end"):
        handle_line(device=device, session=session, line=line)
    printed = device.show("running")
    assert "line vty 5 15\n login\n transport input ssh\nline vty 16 31\n login\n" in printed


def test_a_c1000_runs_classic_ios_without_the_catalyst_9000_defaults() -> None:
    printed = factory("C1000-8P").show("running")
    assert "version 15.2" in printed
    assert "Mgmt-vrf" not in printed
    assert "line vty 5 15\n" in printed
