"""Checks a rollout or an apply runs once its waves are planned: the change windows, and the plan's source."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from provisioner.plans.model import PlanRefused
from provisioner.plans.windows import is_open, next_windows, window_of
from provisioner.registry.load import Registry, load_registry
from provisioner.rollout.context import git_state
from provisioner.rollout.errors import RolloutRefused
from provisioner.rollout.hostindex import CENTRAL
from provisioner.rollout.request import Prepared, RolloutRequest

WINDOW_MARK = "outside its change window"


@dataclass(frozen=True)
class Closed:
    """A site outside its window, and when it opens next."""

    site: str
    window: str
    next: str


def closed_sites(*, registry: Registry, sites: tuple[str, ...], moment: dt.datetime) -> list[Closed]:
    """The sites (CENTRAL for the shared devices) that are outside their change window at `moment`."""
    control = registry.org.change_control
    found = []
    for site in sites:
        chosen = window_of(registry=registry, site="" if site == CENTRAL else site)
        if is_open(window=chosen.window, control=control, moment=moment):
            continue
        upcoming = next_windows(window=chosen.window, control=control, moment=moment, count=1)
        found.append(Closed(site=site, window=chosen.name, next=str(upcoming[0]) if upcoming else "none within 400 days"))
    return found


def window_gate(*, override: str | None, now: Callable[[], dt.datetime] | None = None) -> Callable[[RolloutRequest, Prepared], None]:
    """Refuse a real run (not check mode) on any site outside its window, unless overridden with a reason."""

    def gate(request: RolloutRequest, prepared: Prepared) -> None:
        if request.check or override or prepared.registry_path is None:
            return
        sites = tuple(dict.fromkeys(s for w in prepared.waves for s in w.sites))
        try:
            registry = load_registry(Path(prepared.registry_path)).require()
            closed = closed_sites(registry=registry, sites=sites, moment=(now or _utcnow)())
        except PlanRefused as exc:
            raise RolloutRefused(str(exc)) from exc
        if closed:
            raise RolloutRefused(
                f'{len(closed)} site(s) {WINDOW_MARK}; nothing was run (fix: wait for the window, or --outside-window "REASON")',
                [f"{c.site}: window '{c.window}' is closed; next window: {c.next}" for c in closed],
            )

    return gate


def source_gate(*, registry_digest: str | None, commit: str | None) -> Callable[[RolloutRequest, Prepared], None]:
    """Refuse to apply a plan made on another registry state or git commit than the checkout's."""

    def gate(request: RolloutRequest, prepared: Prepared) -> None:
        problems = []
        if prepared.registry_digest != registry_digest:
            now = str(prepared.registry_digest)[:16]
            problems.append(f"registry digest: planned on {str(registry_digest)[:16]}, the checkout has {now}")
        current, _dirty = git_state(cwd=request.cwd)
        if current != commit:
            problems.append(f"git commit: planned on {str(commit)[:12]}, the checkout is at {str(current)[:12]}")
        if problems:
            message = "the plan was made on another registry state; nothing was run (fix: make and approve a new plan)"
            raise RolloutRefused(message, problems)

    return gate


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
