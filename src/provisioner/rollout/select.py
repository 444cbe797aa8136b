"""Choose the hosts of a rollout: sites, site types, an Ansible-style --limit pattern, or explicit hosts."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from provisioner.errors import ProvisionerError
from provisioner.registry.files import read_user_file
from provisioner.rollout.errors import RolloutRefused
from provisioner.rollout.hostindex import HostIndex, site_group


@dataclass(frozen=True)
class Selection:
    """The chosen sites in rollout order, each with its chosen hosts."""

    sites: tuple[tuple[str, tuple[str, ...]], ...]

    @property
    def hosts(self) -> list[str]:
        return [h for _, hosts in self.sites for h in hosts]

    @property
    def site_ids(self) -> list[str]:
        return [s for s, _ in self.sites]


def select(
    *, index: HostIndex, sites: Sequence[str] = (), types: Sequence[str] = (), limit: str | None = None, hosts: Sequence[str] = ()
) -> Selection:
    """Intersect all given filters; refuse unknown sites or an empty result."""
    chosen = set(index.site_of)
    if sites:
        chosen &= _site_hosts(index, sites)
    if types:
        chosen &= set().union(*(index.groups.get(f"type_{t.replace('-', '_')}", frozenset()) for t in types))
    if limit:
        chosen &= match(pattern=limit, index=index)
    if hosts:
        chosen &= _known_hosts(index, hosts)
    if not chosen:
        raise RolloutRefused("no host matches the given --site/--type/--limit", [_describe(sites, types, limit, hosts)])
    return _ordered(index, chosen)


def _site_hosts(index: HostIndex, sites: Sequence[str]) -> set[str]:
    groups = {site_group(s): s for s in index.site_order}
    unknown = [s for s in sites if site_group(s) not in groups]
    if unknown:
        known = ", ".join(index.site_order[:20]) + (" ..." if len(index.site_order) > 20 else "")
        raise RolloutRefused(f"unknown site(s): {', '.join(unknown)} (known: {known})")
    wanted = {groups[site_group(s)] for s in sites}
    return {h for h, s in index.site_of.items() if s in wanted}


def _known_hosts(index: HostIndex, hosts: Sequence[str]) -> set[str]:
    missing = [h for h in hosts if h not in index.site_of]
    if missing:
        raise RolloutRefused(f"host(s) no longer in a site of the inventory: {', '.join(missing)}")
    return set(hosts)


def _describe(sites: Sequence[str], types: Sequence[str], limit: str | None, hosts: Sequence[str]) -> str:
    return f"sites={list(sites)} types={list(types)} limit={limit!r} hosts={list(hosts)}"


def _ordered(index: HostIndex, chosen: set[str]) -> Selection:
    per_site: dict[str, list[str]] = {s: [] for s in index.site_order}
    for host, site in index.site_of.items():
        if host in chosen:
            per_site[site].append(host)
    return Selection(sites=tuple((s, tuple(h)) for s, h in per_site.items() if h))


def match(*, pattern: str, index: HostIndex) -> set[str]:
    """Ansible pattern semantics: unions, then `&` intersections, then `!` exclusions; globs, `~regex`, `@file`."""
    terms = _terms(pattern)
    union = [t for t in terms if t[0] not in "&!"]
    result = set().union(*(_resolve(t, index) for t in union)) if union else set(index.site_of)
    for term in (t for t in terms if t.startswith("&")):
        result &= _resolve(term[1:], index)
    for term in (t for t in terms if t.startswith("!")):
        result -= _resolve(term[1:], index)
    return result


def _terms(pattern: str) -> list[str]:
    if pattern.startswith("@"):
        try:
            text = read_user_file(Path(pattern[1:]), what="--limit")
        except ProvisionerError as exc:
            raise RolloutRefused(str(exc)) from None
        return [line.strip() for line in text.splitlines() if line.strip()]
    return [t.strip() for t in re.split(r"[,:]", pattern) if t.strip()]


def _resolve(term: str, index: HostIndex) -> set[str]:
    if term in ("all", "*"):
        return set(index.site_of)
    if term in index.groups:
        return set(index.groups[term])
    if term.startswith("~"):
        regex = re.compile(term[1:])
        return _names_matching(index, lambda n: bool(regex.match(n)))
    if any(c in term for c in "*?["):
        return _names_matching(index, lambda n: fnmatch.fnmatchcase(n, term))
    return {term} if term in index.site_of else set()


def _names_matching(index: HostIndex, test: object) -> set[str]:
    check = test if callable(test) else (lambda n: False)
    hosts = {h for h in index.site_of if check(h)}
    for name, members in index.groups.items():
        if check(name):
            hosts |= set(members)
    return hosts
