"""No mass removal by accident: count what a plan removes of a device's owned objects.

An object is a top-level block or line of the part of a device's config provisioner owns
(`vlan 40`, `interface Gi1/0/3`, `ap 70ea.1a01.0002`, `wireless tag site st_x`). A plan is
refused before anything is pushed when it removes more than max(share x owned, floor) of them
(default 10 % or 20, whichever is larger), or every object of a kind that had at least two
(all APs, all WLANs, all VLANs): a registry that lost its sites or its APs looks exactly like
that. `--allow-removals` (extra var provisioner_allow_removals) lets such a plan through.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from provisioner.netconfig.models import NetconfigError

ALLOW_VAR = "provisioner_allow_removals"
REFUSED_MARK = "REMOVALS REFUSED"
"""Starts every refusal message; the rollout maps a host failed with it to exit 2 (refused)."""
_FRAMING = re.compile(r"^(?:!|end$|Building configuration|Current configuration|version |Running configuration:|;|exit$)")


class RemovalRefused(NetconfigError):
    """A plan would remove too many of a device's owned objects; nothing was pushed."""


@dataclass(frozen=True, slots=True)
class RemovalPolicy:
    """How much of a device's owned objects one plan may remove."""

    share: float = 0.10
    floor: int = 20
    allow: bool = False

    def limit(self, owned: int) -> int:
        return max(math.ceil(self.share * owned), self.floor)


def owned_objects(config: str) -> list[str]:
    """The top-level headers of a config (or of the owned view of one)."""
    return [line.rstrip() for line in config.splitlines() if line.strip() and not line[:1].isspace() and not _FRAMING.match(line)]


def removed_by_commands(commands: Iterable[str], owned: Sequence[str]) -> list[str]:
    """The owned objects that top-level `no ...` commands remove (`no username x` removes `username x privilege ...`)."""
    heads = set(owned)
    out = []
    for command in commands:
        if command[:1].isspace() or not command.startswith("no "):
            continue
        target = command[3:].rstrip()
        if target in heads or any(h.startswith(target + " ") for h in heads):
            out.append(target)
    return out


def removed_objects(*, running: Sequence[str], intended: Sequence[str]) -> list[str]:
    """Owned headers of the running view that the intended view no longer has."""
    wanted = set(intended)
    return [header for header in running if header not in wanted]


def kind_of(header: str) -> str:
    """'ap 70ea.1a01.0002' -> 'ap'; 'vlan 40' -> 'vlan'; 'wireless tag site st_x' -> 'wireless tag site' (C9800 objects)."""
    words = header.split()
    return " ".join(words[:3] if words[0] == "wireless" else words[:1])


def removal_problem(*, owned: Sequence[str], removed: Sequence[str], policy: RemovalPolicy) -> str | None:
    """Why the plan is refused, or None; `removed` is a subset of `owned` (the engine's error names the device)."""
    if policy.allow or not removed:
        return None
    limit = policy.limit(len(owned))
    if len(removed) > limit:
        return (
            f"the plan would remove {len(removed)} of the device's {len(owned)} owned objects, more than the limit of {limit} "
            f"(max({policy.share:.0%}, {policy.floor})); e.g. {', '.join(removed[:3])}"
        )
    emptied = _emptied(owned, removed)
    if emptied:
        kind, count = emptied
        return f"the plan would remove every '{kind}' object ({count} of {count}), e.g. {next(r for r in removed if kind_of(r) == kind)}"
    return None


def _emptied(owned: Sequence[str], removed: Sequence[str]) -> tuple[str, int] | None:
    have = Counter(kind_of(h) for h in owned)
    gone = Counter(kind_of(h) for h in removed)
    for kind, count in gone.items():
        if count >= 2 and count == have[kind]:
            return kind, count
    return None


def check_removals(*, owned: Sequence[str], removed: Sequence[str], policy: RemovalPolicy) -> None:
    """RemovalRefused (the count and the fix) if the policy refuses the plan."""
    problem = removal_problem(owned=owned, removed=removed, policy=policy)
    if problem is not None:
        raise RemovalRefused(f"{REFUSED_MARK}: {problem}; nothing was pushed (fix: check the registry, or run with --allow-removals)")


def check_plan(*, running: str, commands: Sequence[str], allow: bool) -> None:
    """The engine's call, before a push: the planned commands against the owned (viewed) running config."""
    owned = owned_objects(running)
    check_removals(owned=owned, removed=removed_by_commands(commands, owned), policy=RemovalPolicy(allow=allow))
