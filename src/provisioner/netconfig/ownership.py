"""What the project owns on each platform, as data (documented in roles/switch/README.md).

A `Section` is one kind of top-level line or block of a running config. Its `pattern` matches the
top-level line; the named group `key` (if any) tells instances apart (one VLAN, one user).
Everything that no section owns is *unmanaged*: never negated, never rewritten, only reported.

Policies, in the sense of Ansible's resource modules:
- `overridden`: the whole set is the registry's; device lines of this kind that the intended
  config does not carry are removed (NTP servers, syslog hosts).
- `replaced`: an instance the intended config names is the registry's; its owned children
  (`children`, default: all but `keep`) that the intended config lacks are removed. Instances the
  intended config does not name are unmanaged.
- `merged`: an instance the intended config names gets the intended children; nothing of it is
  removed (values that the device replaces in place, like `transport input`, are updated).
- `observed`: a hardware fact the template prints so that a factory device round-trips (ProCurve
  `module 1 type`): never pushed, never removed; the device's own value wins.
Port membership lines inside an owned block (`members`, ProCurve `untagged 1-4`) are cut down to
the ports the intended config names: the VLAN membership of other ports is unmanaged.
A `purgeable` section (VLANs) reports instances the registry does not know; they are removed only
when the caller allows purging and no port uses them after the change (provisioner.netconfig.scope).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Policy = Literal["overridden", "replaced", "merged", "observed"]


@dataclass(frozen=True, slots=True)
class Section:
    """One kind of owned top-level line or block, and how the registry governs it."""

    id: str
    pattern: re.Pattern[str]
    policy: Policy
    doc: str
    children: re.Pattern[str] | None = None
    keep: re.Pattern[str] | None = None
    purgeable: bool = False
    members: re.Pattern[str] | None = None

    def key(self, line: str) -> str | None:
        """The instance key of a top-level line of this kind, or None if it is not of this kind."""
        match = self.pattern.match(line)
        if match is None:
            return None
        return match.groupdict().get("key") or ""

    def owns_child(self, child: str) -> bool:
        """Is this child line (stripped) the registry's inside an owned instance?"""
        if self.keep is not None and self.keep.match(child):
            return False
        return self.children is None or bool(self.children.match(child))


def _s(ident: str, pattern: str, policy: Policy, doc: str, **extra: object) -> Section:
    compiled = {k: re.compile(v) if isinstance(v, str) else v for k, v in extra.items()}
    return Section(id=ident, pattern=re.compile(pattern), policy=policy, doc=doc, **compiled)  # type: ignore[arg-type]


_IOS: tuple[Section, ...] = (
    _s("hostname", r"^hostname ", "replaced", "the device name"),
    _s("domain", r"^ip domain[ -]name ", "replaced", "the DNS domain"),
    _s("users", r"^username (?P<key>\S+) ", "replaced", "local users the registry names (others left alone)"),
    _s("vtp", r"^vtp mode ", "replaced", "VTP mode (transparent by default), before any VLAN"),
    _s("stp", r"^spanning-tree (?:mode |extend system-id$)", "replaced", "spanning-tree mode and extended system id"),
    _s(
        "vlans",
        r"^vlan (?P<key>\d+)$",
        "merged",
        "VLANs the registry names; unknown VLANs are reported and purged only when allowed and unused",
        purgeable=True,
    ),
    _s(
        "interfaces",
        r"^interface (?P<key>\S+)$",
        "replaced",
        "interfaces the registry names (ports, Vlan1, the management SVI); channel-group membership kept",
        keep=r"^(?:channel-group |channel-protocol )",
    ),
    _s("gateway", r"^ip default-gateway ", "replaced", "the default gateway (changes are checked by the lockout guard)"),
    _s("logging", r"^logging host ", "overridden", "syslog hosts: the set is the registry's"),
    _s("snmp-location", r"^snmp-server (?:location|contact) ", "replaced", "SNMP location and contact"),
    _s("snmp-group", r"^snmp-server group (?P<key>\S+) v3 ", "replaced", "the SNMPv3 group the role renders"),
    _s("archive", r"^archive$", "merged", "archive path, prerequisite of the revert timer"),
    _s("lines", r"^line (?P<key>(?:con|vty|aux) .*)$", "merged", "login and transport of the lines rendered; nothing removed"),
    _s("ntp", r"^ntp server ", "overridden", "NTP servers: the set is the registry's"),
)

_PROCURVE: tuple[Section, ...] = (
    _s("hostname", r"^hostname ", "replaced", "the device name"),
    _s("module", r"^module (?P<key>\S+) type ", "observed", "module types: the device's own value wins"),
    _s("timesync", r"^(?:timesync |ntp unicast$|ntp enable$)", "replaced", "time sync by NTP"),
    _s("ntp", r"^ntp server ", "overridden", "NTP servers: the set is the registry's"),
    _s("gateway", r"^ip default-gateway ", "replaced", "the default gateway (changes are checked by the lockout guard)"),
    _s("logging", r"^logging \d+\.\d+\.\d+\.\d+", "overridden", "syslog hosts: the set is the registry's"),
    _s("snmp-location", r"^snmp-server (?:location|contact) ", "replaced", "SNMP location and contact"),
    _s("snmpv3", r"^snmpv3 (?:enable$|group (?P<key>\S+ user \S+))", "replaced", "SNMPv3 and the group of the site's user"),
    _s("interfaces", r"^interface (?P<key>\S+)$", "replaced", "ports the registry names (name, disable, PoE)"),
    _s(
        "vlans",
        r"^vlan (?P<key>\d+)$",
        "replaced",
        "VLANs the registry names: name, port membership and address; other VLAN lines (helpers, ipv6, ...) kept",
        children=r"^(?:no )?(?:name |untagged |tagged |ip address)",
        members=r"^(?P<verb>(?:no )?(?:untagged|tagged)) (?P<ports>\S+)$",
        purgeable=True,
    ),
    _s("stp", r"^spanning-tree$", "replaced", "spanning-tree on"),
    _s("edge", r"^spanning-tree \S+ (?:admin-edge-port|bpdu-protection)$", "overridden", "edge ports and BPDU protection"),
)

OWNERSHIP: dict[str, tuple[Section, ...]] = {"CISCO_IOS": _IOS, "HP_PROCURVE": _PROCURVE}


def sections(platform: str) -> tuple[Section, ...]:
    """The owned sections of platform (none for an unknown platform: everything unmanaged)."""
    return OWNERSHIP.get(platform, ())


def section_of(platform: str, line: str) -> tuple[Section, str] | None:
    """The section a top-level line belongs to and its key, or None (unmanaged)."""
    for section in sections(platform):
        key = section.key(line)
        if key is not None:
            return section, key
    return None
