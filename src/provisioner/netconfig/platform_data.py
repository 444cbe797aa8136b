"""What the engine knows about each CLI platform, as data: rejection texts, the revert timer,
and which lines carry the way in (management plane) or must never be removed.

One `NetPlatform` per hier_config platform name. Ownership of config sections lives next door
in provisioner.netconfig.ownership; the lockout rules that use these patterns in
provisioner.netconfig.guard.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class NetPlatform:
    """One CLI platform's facts the engine acts on (all patterns match stripped lines)."""

    name: str
    # Any of these in the device's reply to a config line stops the push (then rollback).
    rejections: tuple[str, ...]
    # Top-level lines the project never removes (`no <line>` is refused by the guard).
    protected: tuple[str, ...]
    # Top-level lines whose loss cuts the way in: local users, gateway, default route.
    users: str
    privileged_user: str
    gateways: tuple[str, ...]
    # A block holding an interface address (IOS `interface X`, ProCurve `vlan N`) and its address line.
    l3_block: str
    svi: str
    address: str
    shutdown: tuple[str, ...]
    # `configure terminal revert timer` support: a regex on the running config (None: never).
    revert_when: str | None = None
    revert_archive: str | None = None

    def error_pattern(self) -> str:
        """One regex for netmiko's error_pattern (multiline, anywhere in a reply line)."""
        return "(?m)(" + "|".join(self.rejections) + ")"

    def rejected(self, output: str) -> str | None:
        """The first reply line that is a rejection, or None."""
        pattern = re.compile("|".join(self.rejections))
        return next((ln.strip() for ln in output.splitlines() if pattern.search(ln)), None)


CISCO_IOS = NetPlatform(
    name="CISCO_IOS",
    rejections=(
        r"% ?Invalid input",
        r"% ?Incomplete command",
        r"% ?Ambiguous command",
        r"% ?Unknown command",
        r"% ?Unrecognized command",
        r"Bad mask",
        r"Command rejected",
        r"overlaps with",
        r"% ?Error",
        r"(?i:^\s*error:)",
        r"%.*(?:not allowed|not supported|is not permitted|failed)",
    ),
    protected=(
        r"^username ",
        r"^aaa ",
        r"^line vty ",
        r"^line con ",
        r"^ip ssh ",
        r"^crypto ",
        r"^vrf definition ",
        r"^ip vrf ",
        r"^interface Port-channel",
        r"^enable (?:secret|password) ",
        r"^archive$",
        r"^ip route 0\.0\.0\.0 0\.0\.0\.0 ",
        r"^ip route vrf \S+ 0\.0\.0\.0 0\.0\.0\.0 ",
        r"^ip default-gateway ",
    ),
    users=r"^username (?P<user>\S+)",
    privileged_user=r"^username \S+ privilege 15 ",
    gateways=(r"^ip default-gateway (?P<gw>\S+)$", r"^ip route 0\.0\.0\.0 0\.0\.0\.0 (?P<gw>\S+)"),
    l3_block=r"^interface (?P<name>\S+)$",
    svi=r"^interface Vlan\d+$",
    address=r"^ip address (?P<ip>\d+\.\d+\.\d+\.\d+|dhcp)(?: (?P<mask>\d+\.\d+\.\d+\.\d+))?",
    shutdown=(r"^shutdown$",),
    # IOS-XE (16.x, 17.x and later) prints `version 16.`/`version 17.`; classic IOS 15 has no revert timer.
    revert_when=r"(?m)^version (?:1[6-9]|[2-9]\d)\.",
    revert_archive=r"(?ms)^archive$(?:\n .*)*?\n path \S+",
)

HP_PROCURVE = NetPlatform(
    name="HP_PROCURVE",
    rejections=(
        r"Invalid input",
        r"Incomplete input",
        r"Ambiguous input",
        r"Value .* is (?:out of range|invalid|not valid)",
        r"(?i:invalid (?:value|port|vlan|ip|mask|address|parameter|character))",
        r"Module not present",
        r"Command rejected",
        r"(?i:already (?:exists|in use|configured))",
        r"overlaps with",
        r"^\s*Error",
        r"%\s?Error",
    ),
    protected=(
        r"^password ",
        r"^aaa ",
        r"^ip ssh",
        r"^crypto ",
        r"^include-credentials",
        r"^trunk ",
        r"^ip route 0\.0\.0\.0 0\.0\.0\.0 ",
        r"^ip default-gateway ",
        r"^ip authorized-managers ",
        r"^oobm$",
    ),
    users=r"^password (?P<user>manager|operator)\b",
    privileged_user=r"^password manager\b",
    gateways=(r"^ip default-gateway (?P<gw>\S+)$", r"^ip route 0\.0\.0\.0 0\.0\.0\.0 (?P<gw>\S+)"),
    l3_block=r"^vlan (?P<name>\d+)$",
    svi=r"^vlan \d+$",
    address=r"^ip address (?P<ip>\d+\.\d+\.\d+\.\d+|dhcp-bootp)(?: (?P<mask>\d+\.\d+\.\d+\.\d+))?",
    shutdown=(r"^disable$",),
    # ArubaOS-Switch has no confirmed-commit or revert timer: the guard and the ordered push stand in.
    revert_when=None,
)

NET_PLATFORMS: dict[str, NetPlatform] = {p.name: p for p in (CISCO_IOS, HP_PROCURVE)}


def net_platform(name: str) -> NetPlatform:
    """The platform's data; unknown names get the IOS rejections (the strictest list)."""
    return NET_PLATFORMS.get(name, CISCO_IOS)
