"""The lockout guard: rules (data) that a planned command list must pass before anything is sent.

Each rule keeps part of the administrator's way in. `check_plan` runs every rule and raises
LockoutError naming each offending line and rule; nothing is sent to that device. The rules read
the platform's patterns from provisioner.netconfig.platform_data. Documented in docs/netconfig.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from provisioner.netconfig.blocks import Block, split_blocks
from provisioner.netconfig.models import NetconfigError
from provisioner.netconfig.platform_data import NetPlatform, net_platform


class LockoutError(NetconfigError):
    """The plan would cut the way in (a lockout guard rule); nothing was sent."""


@dataclass(frozen=True, slots=True)
class Plan:
    """What a rule looks at: the platform, the running config, the commands, the session."""

    data: NetPlatform
    running: list[Block]
    commands: list[Block]
    login_user: str
    session_host: str


@dataclass(frozen=True, slots=True)
class GuardRule:
    """One lockout rule: an id, what it protects, and a check returning one message per bad line."""

    id: str
    description: str
    check: Callable[[Plan], list[str]]


def _removes(block: Block, patterns: tuple[str, ...] | str) -> bool:
    line = block.header
    if not line.startswith(("no ", "default ")):
        return False
    bare = line.split(" ", 1)[1]
    return any(re.match(p, bare) for p in ((patterns,) if isinstance(patterns, str) else patterns))


def _login_user(plan: Plan) -> list[str]:
    bad = []
    for block in plan.commands:
        match = re.match(plan.data.users, block.header.split(" ", 1)[-1]) if _removes(block, plan.data.users) else None
        if match and match.group("user") in (plan.login_user, "manager", "operator"):
            bad.append(block.header)
    return bad


def _user_names(plan: Plan, blocks: list[Block], *, removed: bool, privileged: bool = False) -> set[str]:
    """Local user names that blocks add (or, with removed, remove); privileged: level 15 only."""
    pattern = plan.data.privileged_user if privileged else plan.data.users
    names = set()
    for block in blocks:
        if removed != block.header.startswith("no "):
            continue
        line = block.header.removeprefix("no ") if removed else block.header
        match = re.match(plan.data.users, line)
        if match and re.match(pattern, line):
            names.add(match.group("user"))
    return names


def _privileged_user(plan: Plan) -> list[str]:
    privileged = _user_names(plan, plan.running, removed=False, privileged=True)
    removed = _user_names(plan, plan.commands, removed=True)
    added = _user_names(plan, plan.commands, removed=False, privileged=True)
    if privileged and privileged <= removed and not added:
        return [b.header for b in plan.commands if _removes(b, plan.data.users)]
    return []


def _protected(plan: Plan) -> list[str]:
    return [b.header for b in plan.commands if _removes(b, plan.data.protected)]


def _gateway(plan: Plan) -> list[str]:
    current = {p: m.group("gw") for b in plan.running for p in plan.data.gateways if (m := re.match(p, b.header))}
    bad = []
    for block in plan.commands:
        if _removes(block, plan.data.gateways):
            bad.append(block.header)
            continue
        for pattern, old in current.items():
            match = re.match(pattern, block.header)
            if match and match.group("gw") != old and "ip default-gateway" in pattern:
                bad.append(f"{block.header} (replaces {old}; the session may run through it)")
    return bad


def _session_interfaces(plan: Plan) -> dict[str, str]:
    """Running L3 blocks carrying an address (header -> address line)."""
    out: dict[str, str] = {}
    for block in plan.running:
        if re.match(plan.data.l3_block, block.header):
            line = next((c for c, _ in block.children() if re.match(plan.data.address, c)), None)
            if line:
                out[block.header] = line
    return out


def _session_interface(plan: Plan) -> list[str]:
    carrying = _session_interfaces(plan)
    bad = []
    for block in plan.commands:
        if block.header.startswith("no ") and block.header[3:] in carrying:
            bad.append(block.header)
        if block.header not in carrying:
            continue
        for child, _ in block.children():
            cut = child.startswith("no ip address") or any(re.match(p, child) for p in plan.data.shutdown)
            moved = re.match(plan.data.address, child) and child != carrying[block.header]
            if cut or moved:
                bad.append(f"{block.header} / {child} (now: {carrying[block.header]})")
    return bad


def _is_mgmt_addition(plan: Plan, block: Block) -> bool:
    if block.header.startswith("no "):
        return False
    if re.match(plan.data.users, block.header) or any(re.match(p, block.header) for p in plan.data.gateways):
        return True
    return bool(re.match(plan.data.l3_block, block.header)) and any(re.match(plan.data.address, c) for c, _ in block.children())


def _is_mgmt_removal(plan: Plan, block: Block) -> bool:
    if _removes(block, (plan.data.users, *plan.data.gateways, *plan.data.protected)):
        return True
    removes_address = any(c.startswith("no ip address") for c, _ in block.children())
    return removes_address and block.header in _session_interfaces(plan)  # only an address that exists


def _additions_first(plan: Plan) -> list[str]:
    removals = [i for i, b in enumerate(plan.commands) if _is_mgmt_removal(plan, b)]
    additions = [i for i, b in enumerate(plan.commands) if _is_mgmt_addition(plan, b)]
    if removals and additions and removals[0] < additions[-1]:
        return [f"{plan.commands[removals[0]].header} (before {plan.commands[additions[-1]].header})"]
    return []


_VTP_LOCAL = re.compile(r"^vtp mode (?:transparent|off)$")


def _vtp(plan: Plan) -> list[str]:
    if plan.data.name != "CISCO_IOS" or any(_VTP_LOCAL.match(b.header) for b in plan.running):
        return []
    first_vlan = next((i for i, b in enumerate(plan.commands) if re.match(r"^(?:no )?vlan \d", b.header)), None)
    if first_vlan is None:
        return []
    mode = next((i for i, b in enumerate(plan.commands) if _VTP_LOCAL.match(b.header)), None)
    if mode is not None and mode < first_vlan:
        return []
    return [
        f"{plan.commands[first_vlan].header} (the switch is in VTP server or client mode: its VLANs live in vlan.dat and "
        "the VTP domain, not in the running config; render `vtp mode transparent` first (switch_vtp_mode))"
    ]


RULES: tuple[GuardRule, ...] = (
    GuardRule("login-user", "the account the session logs in with is never removed", _login_user),
    GuardRule("privileged-user", "at least one privileged local account survives the plan", _privileged_user),
    GuardRule("management-plane", "aaa, line vty/con, ip ssh, crypto, VRFs, Port-channels, users are never removed", _protected),
    GuardRule("gateway", "the default gateway or default route is not removed or readdressed", _gateway),
    GuardRule("session-interface", "an interface holding an address is not removed, shut or readdressed", _session_interface),
    GuardRule("additions-first", "management-plane additions come before any management-plane removal", _additions_first),
    GuardRule("vtp-mode", "on IOS in VTP server/client mode, `vtp mode transparent|off` precedes any VLAN line", _vtp),
)


def violations(*, platform: str, running: str, commands: list[str], login_user: str, session_host: str) -> list[str]:
    """One message per offending line: `rule <id> (<description>): <line>`."""
    plan = Plan(net_platform(platform), split_blocks(running), split_blocks("\n".join(commands)), login_user, session_host)
    return [f"rule {rule.id} ({rule.description}): {line}" for rule in RULES for line in rule.check(plan)]


def check_plan(*, platform: str, running: str, commands: list[str], login_user: str, session_host: str) -> None:
    """Raise LockoutError naming every violation, or return quietly."""
    found = violations(platform=platform, running=running, commands=commands, login_user=login_user, session_host=session_host)
    if found:
        raise LockoutError(
            f"refused by the lockout guard, nothing was sent ({len(found)} violation(s)):\n" + "\n".join(found)
        )


def management_first(*, platform: str, running: str, commands: list[str]) -> list[str]:
    """Reorder command blocks: management-plane additions first, their removals last (stable)."""
    plan = Plan(net_platform(platform), split_blocks(running), split_blocks("\n".join(commands)), "", "")

    def rank(block: Block) -> int:
        return 0 if _is_mgmt_addition(plan, block) else 2 if _is_mgmt_removal(plan, block) else 1

    return [line for block in sorted(plan.commands, key=rank) for line in block.lines]
