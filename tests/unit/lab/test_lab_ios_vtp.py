"""VTP on a simulated IOS switch: where VLANs live decides whether `show running-config` prints them."""

from __future__ import annotations

from collections.abc import Callable

from lab_cli import Cli

VLAN_BLOCKS = "vlan 10\n name paed\n!\nvlan 20\n!\n"


def test_server_mode_is_the_default_and_keeps_vlans_out_of_the_config(ios: Cli) -> None:
    """VTP server is the default mode; server VLANs are stored in vlan.dat, not the config.

    Source: Catalyst 3750-X/3560-X Software Configuration Guide (OL-21521-01) ch. 16 "VTP Modes"
    ("VTP server is the default mode"); corpus iosvl2-15.2-cml-interswitch-sw1.cfg (ports use
    VLANs, no vlan blocks, no vtp line on IOS 15.2).
    """
    ios.config("vlan 10", "name paed", "vlan 20", "interface gi1/0/1", "switchport access vlan 20")
    text = ios.running()
    assert "\nvlan 10\n" not in text
    assert "\nvlan 20\n" not in text
    assert "vtp" not in text
    assert " switchport access vlan 20\n" in text
    brief = ios.run("show vlan brief")
    assert "\n10   paed                             active\n" in brief
    assert brief.startswith("VLAN Name                             Status    Ports\n---- ----")
    assert "\n1    default                          active    Gi1/0/2, Gi1/0/3, Gi1/0/4, Gi1/0/5\n" in brief
    assert "\n1005 trnet-default                    act/unsup\n" in brief
    assert "\n20   VLAN0020                         active    Gi1/0/1\n" in brief


def test_transparent_and_off_print_the_vlans_after_the_vtp_lines(ios: Cli) -> None:
    """In transparent mode VLANs are saved in the running config; the mode line precedes them.

    Source: corpus iosvl2-15.2-cml-vtp-transparent-asw1.cfg (`vtp mode transparent` near the top,
    vlan blocks after `spanning-tree extend system-id`); same guide, "VTP transparent ... saved in
    the switch running configuration".
    """
    ios.config("vlan 10", "name paed", "vlan 20")
    ios.config("vtp mode transparent")
    text = ios.running()
    assert "!\nvtp mode transparent\n!\n" in text
    assert "spanning-tree extend system-id\n!\n" + VLAN_BLOCKS in text
    assert text.index("vtp mode transparent") < text.index("spanning-tree mode")
    ios.config("vtp mode off")
    assert "vtp mode off\n" in ios.running()
    assert VLAN_BLOCKS in ios.running()
    ios.config("vtp mode client")
    assert "vlan 10" not in ios.running()
    ios.config("no vtp mode")
    assert ios.device.running.vtp_mode == "server"


def test_ios_xe_prints_vtp_version_and_domain_like_the_c9200l(make_cli: Callable[..., Cli]) -> None:
    """IOS-XE 17 prints `vtp version 1` even in server mode; transparent adds domain and mode first.

    Source: corpus c9300-24ux-17.12-netcanon-contrib.cfg and iol-l2-17.12-*.cfg (`vtp version 1`
    alone), c9200l-17.9-oxidized.cfg (`vtp domain Oxidized` / `vtp mode transparent` / `vtp version 1`).
    """
    cli = make_cli("cisco_ios", "C9200L-24P-4X")
    assert "\nvtp version 1\n!\n" in cli.running()
    cli.config("vtp domain Oxidized", "vtp mode transparent", "vtp version 2")
    assert "vtp domain Oxidized\nvtp mode transparent\nvtp version 2\n!\n" in cli.running()
    assert "% Invalid input" in cli.config("vtp version 4")
    cli.config("no vtp version")
    assert "vtp mode transparent\nvtp version 1\n" in cli.running()


def test_extended_vlans_stay_in_the_config_in_server_mode(ios: Cli) -> None:
    """VLANs above 1005 are not stored in vlan.dat but in the configuration file.

    Source: Cisco IE 3000 command reference, "vtp (global configuration)" usage guidelines
    ("VLANs greater than 1005 are configured from the switch configuration file").
    """
    ios.config("vlan 10", "vlan 2000")
    text = ios.running()
    assert "\nvlan 2000\n!\n" in text
    assert "\nvlan 10\n" not in text


def test_a_mode_change_is_a_config_change_saved_and_reloaded(ios: Cli) -> None:
    """`vtp mode transparent` is a config line: it is saved with `write memory` and survives reload."""
    ios.config("vlan 30", "vtp mode transparent")
    assert ios.device.dirty
    ios.run("write memory")
    assert "vtp mode transparent\n" in ios.startup()
    assert "\nvlan 30\n" in ios.startup()
