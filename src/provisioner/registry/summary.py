"""Counts per site and city-wide, for the CLI's tables and the generator's checks."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from provisioner.registry.load import Registry


@dataclass(frozen=True)
class SiteCounts:
    """What one site holds."""

    site: str
    type: str
    school_form: str
    switches: int
    access_points: int
    rooms: int
    clients: int
    linux: int
    windows: int

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def site_counts(registry: Registry) -> list[SiteCounts]:
    """One row per site."""
    rows = []
    images = registry.org.images
    for entry in registry.sites:
        site = entry.site
        families = [images[c.image or r.image or ""].os_family for r in site.rooms for c in r.clients if (c.image or r.image) in images]
        rows.append(
            SiteCounts(
                site=site.id,
                type=site.type,
                school_form=site.school_form or "",
                switches=len(site.switches),
                access_points=len(site.access_points),
                rooms=len(site.rooms),
                clients=sum(len(r.clients) for r in site.rooms),
                linux=families.count("linux"),
                windows=families.count("windows"),
            )
        )
    return rows


def totals(rows: list[SiteCounts]) -> dict[str, int]:
    """City-wide sums."""
    keys = ("switches", "access_points", "rooms", "clients", "linux", "windows")
    out = {"sites": len(rows), "schools": sum(r.type == "school" for r in rows)}
    out.update({k: sum(int(getattr(r, k)) for r in rows) for k in keys})
    return out
