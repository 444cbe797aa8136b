"""WLAN safety: each SSID lands in the zone its audience belongs to, and controller object names fit the C9800."""

from __future__ import annotations

from collections.abc import Iterator

from provisioner.registry.checks.references import MGMT_ZONE
from provisioner.registry.issues import Issue
from provisioner.registry.load import Registry, SiteEntry
from provisioner.registry.org import Org, SiteType, SsidProfile
from provisioner.wlan.names import OBJECT_NAME_MAX, site_object_names, wlan_profile

ADMIN_ZONE = "admin"
ENTERPRISE_MODES = ("wpa2_enterprise", "wpa3_enterprise")
UNTRUSTED = ("pupils", "guests")
ZONE_FOR = {
    "pupils": "a pedagogical zone such as wlan or paed",
    "staff": "a pedagogical zone such as paed or wlan",
    "guests": "a guest zone such as guest",
    "admin": f"zone {ADMIN_ZONE}",
}


def check(registry: Registry) -> list[Issue]:
    """SSID zones and security per audience; object and AP name lengths per site."""
    org, file = registry.org, registry.org_file
    issues: list[Issue] = []
    for name, profile in org.ssids.items():
        issues.extend(_ssid(org, file, name, profile))
    zones = _zones_by_site_type(org)
    for entry in registry.sites:
        if entry.site.access_points:
            issues.extend(_object_names(entry, zones.get(entry.site.type, [])))
            issues.extend(_ap_names(entry))
    return issues


def _ssid(org: Org, file: str, name: str, profile: SsidProfile) -> Iterator[Issue]:
    for rule in (_audience_zone, _shared_admin_vlan, _mgmt_zone, _security, _one_word, _profile_length):
        issue = rule(org, file, name, profile)
        if issue is not None:
            yield issue


def _one_word(org: Org, file: str, name: str, profile: SsidProfile) -> Issue | None:
    """The controller CLI (`wlan <profile> <id> <ssid>`) takes the SSID as one word."""
    if not any(c.isspace() for c in profile.ssid):
        return None
    return Issue(
        file=file,
        path=f"ssids.{name}.ssid",
        message=f"SSID '{profile.ssid}' contains a space; the controller CLI takes the SSID as one word",
        fix="use dashes instead of spaces (e.g. Schule-Gast)",
    )


def _profile_length(org: Org, file: str, name: str, profile: SsidProfile) -> Issue | None:
    wlan = wlan_profile(name)
    if len(wlan) <= OBJECT_NAME_MAX:
        return None
    return Issue(
        file=file,
        path=f"ssids.{name}",
        message=f"the key '{name}' makes the WLAN profile name '{wlan}' {len(wlan)} characters long, the C9800 allows {OBJECT_NAME_MAX}",
        fix=f"shorten the key to at most {OBJECT_NAME_MAX - len(wlan) + len(name)} characters",
    )


def _label(org: Org, zone: str) -> str:
    spec = org.zones.get(zone)
    return f"zone {zone} (VLAN {spec.vlan})" if spec is not None else f"zone {zone}"


def _audience_zone(org: Org, file: str, name: str, profile: SsidProfile) -> Issue | None:
    """Only the administration's devices belong into the administrative zone, and they belong nowhere else."""
    audience, zone, path = profile.audience, profile.zone, f"ssids.{name}.zone"
    what = f"SSID profile '{name}' (audience {audience}) maps to {_label(org, zone)}"
    if zone == ADMIN_ZONE and audience in UNTRUSTED:
        reason = f"{audience}' devices must never land in the administrative network"
        return Issue(file=file, path=path, message=f"{what}: {reason}", fix=f"set the zone to {ZONE_FOR[audience]}")
    if zone == ADMIN_ZONE and audience != "admin":
        reason = "only the administration's devices belong into the administrative network, staff use the pedagogical network"
        fix = f"set the zone to {ZONE_FOR[audience]}, or the audience to admin if only the administration uses the SSID"
        return Issue(file=file, path=path, message=f"{what}: {reason}", fix=fix)
    if audience == "admin" and zone not in (ADMIN_ZONE, MGMT_ZONE):
        reason = f"the administration's devices belong into the administrative zone {ADMIN_ZONE}"
        fix = f"set the zone to {ADMIN_ZONE}, or the audience to who really uses the SSID"
        return Issue(file=file, path=path, message=f"{what}: {reason}", fix=fix)
    return None


def _shared_admin_vlan(org: Org, file: str, name: str, profile: SsidProfile) -> Issue | None:
    """A zone on the admin zone's VLAN is the administrative network under another name."""
    admin, zone = org.zones.get(ADMIN_ZONE), org.zones.get(profile.zone)
    if admin is None or zone is None or profile.zone == ADMIN_ZONE or zone.vlan != admin.vlan:
        return None
    return Issue(
        file=file,
        path=f"ssids.{name}.zone",
        message=f"SSID profile '{name}' maps to zone {profile.zone}, which shares VLAN {admin.vlan} with the administrative "
        f"zone {ADMIN_ZONE}: its devices would land in the administrative network",
        fix=f"give zone {profile.zone} its own VLAN in org.yml zones",
    )


def _mgmt_zone(org: Org, file: str, name: str, profile: SsidProfile) -> Issue | None:
    if profile.zone != MGMT_ZONE:
        return None
    return Issue(
        file=file,
        path=f"ssids.{name}.zone",
        message=f"SSID profile '{name}' maps to {_label(org, MGMT_ZONE)}: wireless devices must never land in the "
        "management network of switches and access points",
        fix=f"set the zone to {ZONE_FOR[profile.audience]}",
    )


def _security(org: Org, file: str, name: str, profile: SsidProfile) -> Issue | None:
    """The administrative network needs per-user logins, so a shared key or an open SSID is refused."""
    mode = profile.security.mode
    if ADMIN_ZONE not in (profile.audience, profile.zone) or mode in ENTERPRISE_MODES:
        return None
    return Issue(
        file=file,
        path=f"ssids.{name}.security.mode",
        message=f"SSID profile '{name}' (audience {profile.audience}, zone {profile.zone}) uses security mode {mode}: "
        "the administrative network needs per-user authentication against RADIUS",
        fix="set security.mode to wpa3_enterprise (or wpa2_enterprise) with radius_servers",
    )


def _zones_by_site_type(org: Org) -> dict[SiteType, list[str]]:
    """The zones of the SSIDs each site type gets, sorted."""
    zones: dict[SiteType, set[str]] = {}
    for profile in org.ssids.values():
        for site_type in profile.site_types:
            zones.setdefault(site_type, set()).add(profile.zone)
    return {site_type: sorted(names) for site_type, names in zones.items()}


def _object_names(entry: SiteEntry, zones: list[str]) -> Iterator[Issue]:
    """One issue per site, listing every controller object name that is too long, longest first."""
    site_id = entry.site.id
    too_long = sorted((n for n in site_object_names(site_id, zones) if len(n) > OBJECT_NAME_MAX), key=len, reverse=True)
    if not too_long:
        return
    limit = OBJECT_NAME_MAX - (len(too_long[0]) - len(site_id))
    names = ", ".join(f"'{n}' ({len(n)})" for n in too_long)
    yield Issue(
        file=entry.file,
        path="id",
        message=f"site id '{site_id}' makes WLAN controller object names longer than the {OBJECT_NAME_MAX} characters "
        f"the C9800 allows: {names}",
        fix=f"shorten the site id to at most {limit} characters" if limit > 0 else "shorten the zone names of the site's SSIDs",
    )


def _ap_names(entry: SiteEntry) -> Iterator[Issue]:
    for a, ap in enumerate(entry.site.access_points):
        if len(ap.name) > OBJECT_NAME_MAX:
            yield Issue(
                file=entry.file,
                path=f"access_points[{a}].name",
                message=f"AP name '{ap.name}' has {len(ap.name)} characters, the C9800 allows {OBJECT_NAME_MAX}",
                fix=f"use an AP name of at most {OBJECT_NAME_MAX} characters",
            )
