"""IOS trunk allowed lists: how long lists print and which input forms change them."""

from __future__ import annotations

import re

from lab_cli import Cli

LONG = ",".join(str(v) for v in range(100, 400, 10))


def _allowed(text: str, port: str) -> list[str]:
    block = text.split(f"interface {port}\n", 1)[1].split("!\n", 1)[0]
    return [line for line in block.splitlines() if "allowed vlan" in line]


def test_a_long_list_wraps_into_add_lines_at_a_comma(ios: Cli) -> None:
    """IOS prints a long allowed list as a first line plus `switchport trunk allowed vlan add` lines.

    Source: brownfield facts from Cisco running configs (the lab's list-width is 48 characters per
    line, cut at a comma); the `add` continuation form is the same command IOS accepts as input.
    """
    ios.config("interface gi1/0/1", "switchport mode trunk", f"switchport trunk allowed vlan {LONG}")
    lines = _allowed(ios.running(), "GigabitEthernet1/0/1")
    assert len(lines) > 1
    assert lines[0].startswith(" switchport trunk allowed vlan 100,110,")
    assert all(line.startswith(" switchport trunk allowed vlan add ") for line in lines[1:])
    lists = [re.sub(r"^ switchport trunk allowed vlan (add )?", "", line) for line in lines]
    assert all(len(chunk) <= 48 and not chunk.endswith(",") for chunk in lists)
    assert ",".join(lists) == LONG


def test_the_printed_lines_rebuild_the_same_list(ios: Cli) -> None:
    """Pasting what the device printed (first line, then add lines) gives the same config back."""
    ios.config("interface gi1/0/1", f"switchport trunk allowed vlan {LONG}")
    printed = _allowed(ios.running(), "GigabitEthernet1/0/1")
    ios.config("interface gi1/0/2", *printed)
    assert _allowed(ios.running(), "GigabitEthernet1/0/2") == printed


def test_short_lists_stay_on_one_line_and_keep_ranges(ios: Cli) -> None:
    """Corpus c9300-24ux-17.12-netcanon-contrib.cfg: ` switchport trunk allowed vlan 1,10,11,20,100,150`."""
    ios.config("interface gi1/0/1", "switchport trunk allowed vlan 1,10,11,20,100,150")
    assert _allowed(ios.running(), "GigabitEthernet1/0/1") == [" switchport trunk allowed vlan 1,10-11,20,100,150"]


def test_add_remove_except_all_none(ios: Cli) -> None:
    """`switchport trunk allowed vlan add|remove|except|all|none` (Catalyst 9300 command reference)."""
    port = "GigabitEthernet1/0/3"
    ios.config("interface gi1/0/3", "switchport trunk allowed vlan none")
    assert _allowed(ios.running(), port) == [" switchport trunk allowed vlan none"]
    ios.config("interface gi1/0/3", "switchport trunk allowed vlan add 10-12")
    ios.config("interface gi1/0/3", "switchport trunk allowed vlan remove 11")
    assert _allowed(ios.running(), port) == [" switchport trunk allowed vlan 10,12"]
    ios.config("interface gi1/0/3", "switchport trunk allowed vlan except 2-4093")
    assert _allowed(ios.running(), port) == [" switchport trunk allowed vlan 1,4094"]
    ios.config("interface gi1/0/3", "switchport trunk allowed vlan all")
    assert _allowed(ios.running(), port) == []
