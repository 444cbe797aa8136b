"""The owned part of a device's config for one push: what is compared, and what is left alone.

`plan_scope` looks at the running config and the intended config once. The resulting `Scope`
cuts any config text (running, after the push, during rollback) down to the owned lines, so the
remediation can only touch owned lines; it lists the unmanaged lines for the report, and the
management addresses it leaves in place (add-first: a session is never cut under itself).
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field, replace

from provisioner.netconfig.blocks import Block, join_blocks, split_blocks
from provisioner.netconfig.ownership import Section, section_of
from provisioner.netconfig.platform_data import NetPlatform, net_platform
from provisioner.netconfig.vlanuse import expand_ports, used_vlans

# VLANs a switch always has; never purged.
_DEFAULT_VLANS = frozenset({"1", "1002", "1003", "1004", "1005"})


@dataclass(frozen=True, slots=True)
class Scope:
    """What one push owns: a view over config texts, the intended config, and the report."""

    platform: str
    intended: str
    owned: frozenset[tuple[str, str]]
    intended_children: dict[tuple[str, str], frozenset[str]]
    intended_top: frozenset[str]
    purge: frozenset[str] = frozenset()
    ports: frozenset[str] = frozenset()
    deferred: dict[str, frozenset[str]] = field(default_factory=dict)
    unmanaged: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    def view(self, text: str) -> str:
        """The owned lines of text, in its order."""
        kept = [b for b in (self._owned_block(block) for block in split_blocks(text)) if b is not None]
        return join_blocks(kept)

    def _owned_block(self, block: Block) -> Block | None:
        if block.header.startswith("no "):
            positive = block.header.removeprefix("no ")
            return block if {block.header, positive} & self.intended_top else None
        found = section_of(self.platform, block.header)
        if found is None:
            return None
        section, key = found
        if section.policy == "overridden":
            return block
        if section.policy == "observed":
            return None
        if (section.id, key) not in self.owned:
            return block if section.purgeable and key in self.purge else None
        body: list[str] = []
        for child, rest in block.children():
            line = _raw(block, child, rest)
            if section.members is not None and section.members.match(child):
                line = self._members(section.members, line)
            if line and self._owns(section, key, block.header, line[0].strip()):
                body.extend(line)
        return Block(block.header, tuple(body))

    def _members(self, pattern: re.Pattern[str], line: list[str]) -> list[str]:
        """A port-membership line cut down to the owned ports (nothing if none is owned)."""
        match = pattern.match(line[0].strip())
        assert match is not None
        ports = sorted(expand_ports(match["ports"]) & self.ports, key=_port_order)
        if not ports:
            return []
        indent = line[0][: len(line[0]) - len(line[0].lstrip())]
        return [f"{indent}{match['verb']} {','.join(ports)}"]

    def _owns(self, section: Section, key: str, header: str, child: str) -> bool:
        wanted = self.intended_children.get((section.id, key), frozenset())
        if child in self.deferred.get(header, frozenset()):
            return False
        if child == "exit" or child in wanted:
            return True
        if section.policy == "merged" or child.startswith("no "):
            return False
        return section.owns_child(child)


def _port_order(port: str) -> tuple[str, int]:
    head = port.rstrip("0123456789")
    return head, int(port[len(head) :] or 0)


def _raw(block: Block, child: str, rest: tuple[str, ...]) -> list[str]:
    """The child's raw line (with its indentation) and its grandchildren."""
    line = next(ln for ln in block.body if ln.strip() == child)
    return [line, *rest]


def plan_scope(*, platform: str, running: str, intended: str, session_host: str, purge_vlans: bool = False) -> Scope:
    """Decide ownership for one push from the running and the intended config."""
    data = net_platform(platform)
    run_blocks, want_blocks = split_blocks(running), split_blocks(intended)
    owned, children = _intended_instances(platform, want_blocks)
    want_blocks = [b for b in want_blocks if not _observed(platform, b.header)]
    deferred, notes = _management_left_in_place(data, run_blocks, want_blocks, session_host)
    effective = _drop_deferred(want_blocks, deferred)
    purge, purge_notes = _purgeable(platform, run_blocks, want_blocks, owned, allowed=purge_vlans)
    scope = Scope(
        platform=platform,
        intended=join_blocks(effective),
        owned=frozenset(owned),
        intended_children=children,
        intended_top=frozenset(b.header for b in want_blocks),
        purge=purge,
        ports=_owned_ports(platform, want_blocks),
        deferred=deferred,
        notes=(*notes, *purge_notes),
    )
    return _with_report(scope, run_blocks)


def _observed(platform: str, header: str) -> bool:
    """A hardware fact the template prints (never pushed, never removed: the device's value wins)."""
    found = section_of(platform, header)
    return found is not None and found[0].policy == "observed"


def _owned_ports(platform: str, blocks: list[Block]) -> frozenset[str]:
    """Ports the intended config names: its interface blocks and its membership lists."""
    ports: set[str] = set()
    for block in blocks:
        found = section_of(platform, block.header)
        if found is None:
            continue
        if found[0].id == "interfaces":
            ports.add(found[1])
        for child, _ in block.children():
            match = found[0].members.match(child) if found[0].members else None
            if match:
                ports |= expand_ports(match["ports"])
    return frozenset(ports)


def _intended_instances(platform: str, blocks: list[Block]) -> tuple[set[tuple[str, str]], dict[tuple[str, str], frozenset[str]]]:
    owned: set[tuple[str, str]] = set()
    children: dict[tuple[str, str], frozenset[str]] = {}
    for block in blocks:
        found = section_of(platform, block.header)
        if found is not None:
            ident = (found[0].id, found[1])
            owned.add(ident)
            children[ident] = children.get(ident, frozenset()) | {child for child, _ in block.children()}
    return owned, children


def _with_report(scope: Scope, run_blocks: list[Block]) -> Scope:
    """Every running line the view leaves out is unmanaged (children shown as `header / child`)."""
    report: list[str] = []
    for block in run_blocks:
        owned = scope._owned_block(block)
        if owned is None:
            report.append(block.header)
            continue
        kept = {ln.strip() for ln in owned.body}
        report.extend(f"{block.header} / {child}" for child, _ in block.children() if child not in kept)
    return replace(scope, unmanaged=tuple(report))


def _addresses(data: NetPlatform, blocks: list[Block]) -> dict[str, tuple[Block, str]]:
    """L3 blocks (by header) that carry an address, with the address line."""
    out: dict[str, tuple[Block, str]] = {}
    pattern, address = re.compile(data.l3_block), re.compile(data.address)
    for block in blocks:
        if pattern.match(block.header):
            line = next((c for c, _ in block.children() if address.match(c)), None)
            if line is not None:
                out[block.header] = (block, line)
    return out


def _session_interfaces(data: NetPlatform, carrying: dict[str, tuple[Block, str]], host: str) -> set[str]:
    """Interfaces whose subnet holds the session's address; if none does, every addressed one."""
    address = re.compile(data.address)
    local: set[str] = set()
    for header, (_, line) in carrying.items():
        match = address.match(line)
        if match and match.group("mask") and _in_subnet(host, match.group("ip"), match.group("mask")):
            local.add(header)
    return local or set(carrying)


def _in_subnet(host: str, ip: str, mask: str) -> bool:
    try:
        return ipaddress.ip_address(host) in ipaddress.ip_network(f"{ip}/{mask}", strict=False)
    except ValueError:
        return False


def _management_left_in_place(
    data: NetPlatform, run_blocks: list[Block], want_blocks: list[Block], host: str
) -> tuple[dict[str, frozenset[str]], list[str]]:
    """Addresses the session may run over that the intended config would remove: kept, reported."""
    carrying = _addresses(data, run_blocks)
    wanted = {b.header: b for b in want_blocks}
    address = re.compile(data.address)
    deferred: dict[str, frozenset[str]] = {}
    notes: list[str] = []
    for header in sorted(_session_interfaces(data, carrying, host)):
        _, line = carrying[header]
        want = wanted.get(header)
        if want is not None and any(address.match(c) for c, _ in want.children()):
            continue  # same address (no change) or a readdress (the lockout guard decides)
        if want is None and not re.match(data.svi, header):
            continue  # a routed port the registry does not name: unmanaged, nothing to say
        if want is not None:
            deferred[header] = frozenset({line, *(c for c, _ in want.children() if c.startswith("no ip address"))})
        notes.append(
            f"left in place: {header} / {line} (this session may run over it); remove it by hand after management has moved"
        )
    return deferred, notes


def _drop_deferred(blocks: list[Block], deferred: dict[str, frozenset[str]]) -> list[Block]:
    out: list[Block] = []
    for block in blocks:
        drop = deferred.get(block.header)
        out.append(block if not drop else Block(block.header, tuple(ln for ln in block.body if ln.strip() not in drop)))
    return out


def _purgeable(
    platform: str, run_blocks: list[Block], want_blocks: list[Block], owned: set[tuple[str, str]], *, allowed: bool
) -> tuple[frozenset[str], list[str]]:
    """VLANs the registry does not know: removable only if allowed and no port uses them afterwards."""
    unknown = []
    for block in run_blocks:
        found = section_of(platform, block.header)
        if found and found[0].purgeable and (found[0].id, found[1]) not in owned and found[1] not in _DEFAULT_VLANS:
            unknown.append(found[1])
    if not unknown:
        return frozenset(), []
    used = used_vlans(platform=platform, running=run_blocks, intended=want_blocks)
    purge = {vid for vid in unknown if allowed and vid not in used}
    kept = [vid for vid in unknown if vid not in purge]
    notes = [f"purging VLANs not in the registry and unused: {', '.join(sorted(purge, key=int))}"] if purge else []
    if kept:
        why = "still used by a port" if allowed else "purge is off (switch_purge_vlans)"
        notes.append(f"VLANs not in the registry left in place ({why}): {', '.join(sorted(kept, key=int))}")
    return frozenset(purge), notes
