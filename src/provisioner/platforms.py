"""What the project knows about each device platform: port naming, models and CLI limits.

Shared by validation (is this port name valid?), the inventory (connection variables)
and the device lab (which interfaces a simulated switch has).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

SwitchPlatform = Literal["cisco_ios", "aruba_osswitch"]
ControllerPlatform = Literal["cisco_c9800"]
Platform = Literal["cisco_ios", "aruba_osswitch", "cisco_c9800"]

SWITCH_PLATFORMS: tuple[SwitchPlatform, ...] = ("cisco_ios", "aruba_osswitch")
CONTROLLER_PLATFORMS: tuple[ControllerPlatform, ...] = ("cisco_c9800",)


@dataclass(frozen=True)
class PortLayout:
    """The interfaces a switch model has, as (prefix, first, last) runs of full names."""

    runs: tuple[tuple[str, int, int], ...]

    def names(self) -> list[str]:
        return [f"{prefix}{n}" for prefix, first, last in self.runs for n in range(first, last + 1)]


@dataclass(frozen=True)
class PlatformSpec:
    """Naming rules and limits of one platform's CLI."""

    name: str
    netmiko_device_type: str
    hier_config_platform: str
    ansible_network_os: str
    description_max: int
    hostname_max: int
    vlan_name_max: int
    port_aliases: dict[str, str]
    port_pattern: re.Pattern[str]
    models: dict[str, PortLayout] = field(default_factory=dict)
    default_model: str = ""
    cli_refused: str = "?"
    """Characters a config line cannot hold: '?' calls the CLI's help, '"' ends a quoted value."""
    cli_ascii_only: bool = True
    reserved_vlans: tuple[int, ...] = ()
    """VLAN IDs the platform keeps for itself (IOS: 1002-1005, the FDDI and Token Ring defaults)."""

    def layout(self, model: str) -> PortLayout:
        return self.models.get(model, self.models[self.default_model])


_C9300_UPLINKS = (("GigabitEthernet1/1/", 1, 4), ("FortyGigabitEthernet1/1/", 1, 2), ("TwentyFiveGigE1/1/", 1, 2))

_IOS_ALIASES = {
    "gi": "GigabitEthernet",
    "gigabitethernet": "GigabitEthernet",
    "te": "TenGigabitEthernet",
    "tengigabitethernet": "TenGigabitEthernet",
    "fa": "FastEthernet",
    "fastethernet": "FastEthernet",
    "fo": "FortyGigabitEthernet",
    "fortygigabitethernet": "FortyGigabitEthernet",
    "twe": "TwentyFiveGigE",
    "twentyfivegige": "TwentyFiveGigE",
}

CISCO_IOS = PlatformSpec(
    name="cisco_ios",
    netmiko_device_type="cisco_ios",
    hier_config_platform="CISCO_IOS",
    ansible_network_os="cisco.ios.ios",
    description_max=200,
    hostname_max=63,
    vlan_name_max=32,
    port_aliases=_IOS_ALIASES,
    port_pattern=re.compile(
        r"^(GigabitEthernet|TenGigabitEthernet|FastEthernet|FortyGigabitEthernet|TwentyFiveGigE)(\d+/\d+/\d+|\d+/\d+)$"
    ),
    models={
        # A C9300 prints its uplink module slot in full (17.x): Gi1/1/1-4, Te1/1/1-8, Fo1/1/1-2, TwentyFiveGigE1/1/1-2.
        "C9300-48P": PortLayout((("GigabitEthernet1/0/", 1, 48), ("TenGigabitEthernet1/1/", 1, 8), *_C9300_UPLINKS)),
        "C9300-24P": PortLayout((("GigabitEthernet1/0/", 1, 24), ("TenGigabitEthernet1/1/", 1, 8), *_C9300_UPLINKS)),
        "C9200L-48P-4X": PortLayout((("GigabitEthernet1/0/", 1, 48), ("TenGigabitEthernet1/1/", 1, 4))),
        "C9200L-24P-4X": PortLayout((("GigabitEthernet1/0/", 1, 24), ("TenGigabitEthernet1/1/", 1, 4))),
        "C1000-8P": PortLayout((("GigabitEthernet1/0/", 1, 10),)),
    },
    default_model="C9300-48P",
    reserved_vlans=(1002, 1003, 1004, 1005),
)

ARUBA_OSSWITCH = PlatformSpec(
    name="aruba_osswitch",
    netmiko_device_type="aruba_osswitch",
    hier_config_platform="HP_PROCURVE",
    ansible_network_os="arubanetworks.aos_switch.arubaoss",
    description_max=64,
    hostname_max=32,
    vlan_name_max=32,
    port_aliases={},
    port_pattern=re.compile(r"^([A-F]?\d{1,2}|\d/\d{1,2})$"),
    models={
        "2930F-48G-4SFP+": PortLayout((("", 1, 52),)),
        "2930F-24G-4SFP+": PortLayout((("", 1, 28),)),
        "2530-8G-PoEP": PortLayout((("", 1, 10),)),
        "2540-48G-4SFP+": PortLayout((("", 1, 52),)),
    },
    default_model="2930F-48G-4SFP+",
    cli_refused='"?',
)

CISCO_C9800 = PlatformSpec(
    name="cisco_c9800",
    netmiko_device_type="cisco_ios",
    hier_config_platform="CISCO_IOS",
    ansible_network_os="cisco.ios.ios",
    description_max=200,
    hostname_max=63,
    vlan_name_max=32,
    port_aliases={},
    port_pattern=re.compile(r"^$"),
    models={"C9800-L": PortLayout(()), "C9800-40": PortLayout(()), "C9800-CL": PortLayout(())},
    default_model="C9800-CL",
    reserved_vlans=(1002, 1003, 1004, 1005),
)

PLATFORMS: dict[str, PlatformSpec] = {p.name: p for p in (CISCO_IOS, ARUBA_OSSWITCH, CISCO_C9800)}

_RANGE = re.compile(r"^(?P<head>.*?)(?P<first>\d+)-(?P<last>\d+)$")


class PortSpecError(ValueError):
    """A port or port range cannot be read for its platform."""


def normalize_port(*, platform: str, name: str) -> str:
    """Return the full, canonical interface name, or raise PortSpecError."""
    spec = PLATFORMS[platform]
    match = re.match(r"^([A-Za-z]+)(.*)$", name.strip())
    full = name.strip()
    if match and spec.port_aliases:
        prefix = spec.port_aliases.get(match.group(1).lower())
        if prefix is None:
            raise PortSpecError(f"'{name}' has an unknown interface type '{match.group(1)}'")
        full = prefix + match.group(2)
    if not spec.port_pattern.match(full):
        raise PortSpecError(f"'{name}' is not a valid {platform} interface name")
    return full


def expand_ports(*, platform: str, spec: str) -> list[str]:
    """Expand 'Gi1/0/1-24', '1-24' or 'Gi1/0/1, Gi1/0/3' into full interface names."""
    names: list[str] = []
    for part in (p.strip() for p in spec.split(",")):
        if not part:
            raise PortSpecError(f"'{spec}' has an empty entry")
        match = _RANGE.match(part)
        if match is None:
            names.append(normalize_port(platform=platform, name=part))
            continue
        first, last = int(match["first"]), int(match["last"])
        if last < first:
            raise PortSpecError(f"'{part}' counts backwards")
        names.extend(normalize_port(platform=platform, name=f"{match['head']}{n}") for n in range(first, last + 1))
    return names


def _split_port(name: str) -> tuple[str, int]:
    match = re.fullmatch(r"(.*?)(\d+)", name)
    return (name, -1) if match is None else (match.group(1), int(match.group(2)))


def _continues(previous: str, name: str) -> bool:
    prefix_a, number_a = _split_port(previous)
    prefix_b, number_b = _split_port(name)
    return prefix_a == prefix_b and number_b == number_a + 1 >= 1


def compress_ports(ports: Iterable[str], *, order: Sequence[str]) -> str:
    """['1','2','3','26'] -> '1-3,26': ProCurve port lists, runs within one prefix, in device order."""
    wanted = set(ports)
    parts: list[str] = []
    run: list[str] = []
    for name in [*order, ""]:
        if name in wanted and run and _continues(run[-1], name):
            run.append(name)
            continue
        if run:
            parts.append(run[0] if len(run) == 1 else f"{run[0]}-{run[-1]}")
        run = [name] if name in wanted else []
    return ",".join(parts)
