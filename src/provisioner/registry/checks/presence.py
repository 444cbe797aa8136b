"""An empty registry or an empty site is an error unless marked decommissioned.

A rollout converges devices to the registry: a registry that lost its sites/ folder, or a site
file that lost its devices, would remove every AP, tag and profile they own. Emptiness has to
be said on purpose (`decommissioned: true`), not happen by accident.
"""

from __future__ import annotations

from provisioner.registry.issues import Issue
from provisioner.registry.load import SITES_DIR, Registry, SiteEntry


def check(registry: Registry) -> list[Issue]:
    """No sites at all, and sites without a single device."""
    issues = []
    if not registry.sites and not registry.org.decommissioned:
        issues.append(
            Issue(
                file=f"{SITES_DIR}/",
                path="",
                message="the registry has no sites; a rollout of it would remove every site's configuration",
                fix=f"add {SITES_DIR}/<site id>.yml files, or set 'decommissioned: true' in org.yml if that is meant",
            )
        )
    issues.extend(_empty(entry) for entry in registry.sites if _is_empty(entry))
    return issues


def _is_empty(entry: SiteEntry) -> bool:
    site = entry.site
    clients = any(room.clients for room in site.rooms)
    return not (site.decommissioned or site.switches or site.access_points or site.printers or clients)


def _empty(entry: SiteEntry) -> Issue:
    return Issue(
        file=entry.file,
        path="",
        message=f"site {entry.site.id} has no switches, access points, clients or printers; a rollout would remove its configuration",
        fix="add the site's devices, or set 'decommissioned: true' if the site is being given up",
    )
