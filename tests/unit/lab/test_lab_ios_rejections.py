"""Lines a real IOS switch refuses, refused with the device's own text; interface range; show run interface."""

from __future__ import annotations

from lab_cli import Cli

MARKER = "% Invalid input detected at '^' marker."


def test_network_or_broadcast_address_is_a_bad_mask(ios: Cli) -> None:
    """`% Bad mask /30 for address 172.20.100.96` (network address). Source: connecteddots.online
    "Cisco CLI Error: % Bad mask /xx for address X.X.X.X" (Cisco IOS capture)."""
    out = ios.config("interface vlan 10", "ip address 172.20.100.96 255.255.255.252")
    assert "% Bad mask /30 for address 172.20.100.96\n" in out
    out = ios.config("interface vlan 10", "ip address 10.1.1.255 255.255.255.0")
    assert "% Bad mask /24 for address 10.1.1.255\n" in out
    assert ios.device.running.svis[10].ip is None


def test_a_non_contiguous_mask_is_shown_in_hex(ios: Cli) -> None:
    """`Bad mask 0xE1E1E100 for address 192.168.1.4` (mask 225.225.225.0). Source: Infosec Institute
    community thread "Help needed... 1841 router (Bad Mask)" (IOS capture)."""
    out = ios.config("interface vlan 10", "ip address 192.168.1.4 225.225.225.0")
    assert "Bad mask 0xE1E1E100 for address 192.168.1.4\n" in out
    assert ios.device.running.svis[10].ip is None


def test_overlapping_subnets_are_refused(ios: Cli) -> None:
    """`% 10.0.0.0 overlaps with Vlan10`: a second interface in the same subnet (brownfield facts)."""
    ios.config("interface vlan 10", "ip address 10.0.0.1 255.255.255.0")
    out = ios.config("interface vlan 20", "ip address 10.0.0.2 255.255.255.0")
    assert "% 10.0.0.0 overlaps with Vlan10\n" in out
    assert ios.device.running.svis[20].ip is None
    assert "% " not in ios.config("interface vlan 10", "ip address 10.0.0.3 255.255.255.0")


def test_a_description_over_240_characters_is_invalid_input(ios: Cli) -> None:
    """IOS interface descriptions take up to 240 characters ("LINE Up to 240 characters describing
    this interface"); the marker sits under the 241st."""
    ios.send("configure terminal")
    ios.send("interface gi1/0/1")
    prompt = ios.prompt
    reply = ios.send("description " + "x" * 241)
    assert reply.text == " " * (len(prompt) + len("description ") + 240) + "^\n" + MARKER + "\n\n"
    assert ios.device.running.ports["GigabitEthernet1/0/1"].description is None
    assert ios.send("description " + "y" * 240).text == ""
    assert ios.device.running.ports["GigabitEthernet1/0/1"].description == "y" * 240


def test_switchport_commands_on_a_routed_port_are_rejected(ios: Cli) -> None:
    """After `no switchport` a port is routed: switchport lines get "Command rejected: ... is not a
    switching port." and it takes an IP address, printed after ` no switchport`."""
    ios.config("interface gi1/0/8", "switchport access vlan 20", "description wan", "no switchport")
    out = ios.config("interface gi1/0/8", "switchport access vlan 10", "ip address 192.0.2.1 255.255.255.252")
    assert "Command rejected: GigabitEthernet1/0/8 is not a switching port.\n" in out
    block = ios.run("show running-config interface gi1/0/8")
    assert "interface GigabitEthernet1/0/8\n description wan\n no switchport\n ip address 192.0.2.1 255.255.255.252\nend\n" in block
    ios.config("interface gi1/0/8", "switchport")
    assert "ip address" not in ios.run("show running-config interface gi1/0/8")
    assert MARKER in ios.config("interface vlan 10", "no switchport")


def test_interfaces_the_model_lacks_are_invalid_input(ios: Cli) -> None:
    """A C1000-8P has Gi1/0/1-10 only; IOS marks the unknown interface name."""
    out = ios.config("interface GigabitEthernet1/0/11")
    assert MARKER in out
    assert "interface GigabitEthernet1/0/11" not in ios.running()


def test_interface_range_applies_each_line_to_every_port(ios: Cli) -> None:
    """`interface range Gi1/0/1 - 4` enters (config-if-range) and applies each line to every port."""
    ios.send("configure terminal")
    ios.send("interface range Gi1/0/1 - 4, gi1/0/6")
    assert ios.prompt == "Switch(config-if-range)#"
    ios.send("description room 1")
    ios.send("switchport access vlan 30")
    ios.send("end")
    ports = ios.device.running.ports
    assert [n for n, p in ports.items() if p.description == "room 1"] == [f"GigabitEthernet1/0/{i}" for i in (1, 2, 3, 4, 6)]
    assert ports["GigabitEthernet1/0/5"].access_vlan == 1
    assert MARKER in ios.config("interface range Gi1/0/9 - 12")


def test_show_running_config_interface(ios: Cli) -> None:
    """`show running-config interface X`: Building configuration..., the size, `!`, the block, `end`."""
    ios.config("interface gi1/0/2", "description printer")
    text = ios.run("show running-config interface GigabitEthernet1/0/2")
    body = "!\ninterface GigabitEthernet1/0/2\n description printer\nend\n"
    assert text == f"Building configuration...\n\nCurrent configuration : {len(body)} bytes\n{body}\n"
    assert MARKER in ios.run("show running-config interface GigabitEthernet1/0/99")
