"""Cut a selection into waves: an optional canary site first, then N sites at a time in registry order."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from provisioner.records.models import WavePlan
from provisioner.rollout.errors import RolloutRefused
from provisioner.rollout.hostindex import CENTRAL, site_group
from provisioner.rollout.select import Selection


def plan_waves(*, selection: Selection, canary: str | None = None, wave_size: int | None = None) -> list[WavePlan]:
    """The waves; without a wave size all remaining sites form one wave."""
    if wave_size is not None and wave_size < 1:
        raise RolloutRefused(f"--wave-size must be at least 1, got {wave_size}")
    sites = list(selection.sites)
    waves: list[WavePlan] = []
    if canary is not None:
        first = _take_canary(sites, canary)
        waves.append(WavePlan(index=0, name="canary", sites=(first[0],), hosts=first[1], host_sites=(first[0],) * len(first[1])))
    size = wave_size or max(len(sites), 1)
    for n, start in enumerate(range(0, len(sites), size), start=1):
        chunk = sites[start : start + size]
        waves.append(
            WavePlan(
                index=len(waves),
                name=f"wave {n}",
                sites=tuple(s for s, _ in chunk),
                hosts=tuple(h for _, hs in chunk for h in hs),
                host_sites=tuple(s for s, hs in chunk for _ in hs),
            )
        )
    return waves


def _take_canary(sites: list[tuple[str, tuple[str, ...]]], canary: str) -> tuple[str, tuple[str, ...]]:
    for n, (site, _hosts) in enumerate(sites):
        if site_group(site) == site_group(canary):
            return sites.pop(n)
    raise RolloutRefused(f"--canary {canary}: that site is not among the selected sites ({', '.join(s for s, _ in sites[:20])})")


def over_threshold(*, failed: int, total: int, max_fail_percent: float | None) -> bool:
    """True once failed hosts exceed the allowed percentage of hosts in finished waves."""
    if max_fail_percent is None or total == 0:
        return False
    return failed * 100.0 / total > max_fail_percent


def limit_patterns(*, wave: WavePlan, site_of: Mapping[str, str]) -> list[str]:
    """The --limit lines of a wave: a whole site as its group (cheap for Ansible), partial sites host by host."""
    size = Counter(site_of.values())
    pairs = wave.host_site_pairs()
    chosen = Counter(site for _, site in pairs)
    whole = {s for s in wave.sites if chosen[s] == size[s] and s != CENTRAL}  # CENTRAL has no group
    return [site_group(s) for s in wave.sites if s in whole] + [h for h, site in pairs if site not in whole]
