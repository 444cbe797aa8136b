"""Pure helpers the switch templates use (exposed as Jinja filters by plugins/filter)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from provisioner.netconfig.md5crypt import derive_salt, md5_crypt


def ios_secret5(*, password: str, device: str, user: str) -> str:
    """`$1$<salt>$<hash>` with a salt derived from device and user, so renders are stable."""
    return md5_crypt(password=password, salt=derive_salt(device=device, user=user))


def number_ranges(*, numbers: Iterable[int]) -> str:
    """[10, 40, 99, 100] -> '10,40,99-100' (how IOS prints allowed VLAN lists)."""
    ordered = sorted({int(n) for n in numbers})
    parts: list[str] = []
    start = 0
    for index, value in enumerate(ordered):
        if index + 1 < len(ordered) and ordered[index + 1] == value + 1:
            continue
        first = ordered[start]
        parts.append(str(first) if first == value else f"{first}-{value}")
        start = index + 1
    return ",".join(parts)


def port_ranges(*, ports: Iterable[str], order: Sequence[str]) -> str:
    """['1','2','3','26'] -> '1-3,26': ProCurve port lists, runs within one prefix, device order."""
    wanted = set(ports)
    parts: list[str] = []
    run: list[str] = []
    for name in [*order, ""]:
        if name in wanted and run and _follows(run[-1], name):
            run.append(name)
            continue
        if run:
            parts.append(run[0] if len(run) == 1 else f"{run[0]}-{run[-1]}")
        run = [name] if name in wanted else []
    return ",".join(parts)


def _follows(previous: str, name: str) -> bool:
    a, b = _split(previous), _split(name)
    return a[0] == b[0] and b[1] == a[1] + 1


def _split(name: str) -> tuple[str, int]:
    match = re.fullmatch(r"(.*?)(\d+)", name)
    return (name, -1) if match is None else (match.group(1), int(match.group(2)))
