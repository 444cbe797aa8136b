"""Names of the controller objects provisioner owns, derived from the site id.

The separator `_` cannot occur in a site id (a slug), so a name tells exactly which site
owns it, and `default-*` objects never look like ours. The prefixes pp_, fp_, st_, pt_ and wl_
are provisioner's namespace on the controller: do not give hand-made objects such names.
"""

from __future__ import annotations

import re

OBJECT_NAME_MAX = 32  # C9800: profile, tag and AP names are 1 to 32 characters
OWNED = re.compile(r"^(?:pp_(?P<site>[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)_[a-z0-9-]+|(?:fp|st|pt)_(?P<only>[a-z0-9](?:[a-z0-9-]*[a-z0-9])?))$")


WLAN_PREFIX = "wl_"


def wlan_profile(ssid_key: str) -> str:
    """The WLAN profile of an org-wide SSID profile (org.yml ssids.<key>)."""
    return f"{WLAN_PREFIX}{ssid_key}"


def owns_wlan(profile: str) -> bool:
    """Whether a WLAN profile on the controller is provisioner's (hand-made ones are left alone)."""
    return profile.startswith(WLAN_PREFIX)


def policy_profile(site: str, zone: str) -> str:
    """The policy profile carrying the site's VLAN for one zone."""
    return f"pp_{site}_{zone}"


def flex_profile(site: str) -> str:
    """The flex profile listing the site's VLANs (locally switched)."""
    return f"fp_{site}"


def site_tag(site: str) -> str:
    """The site tag (the AP group) of the site."""
    return f"st_{site}"


def policy_tag(site: str) -> str:
    """The policy tag mapping the site's WLANs to its policy profiles."""
    return f"pt_{site}"


def site_object_names(site: str, zones: list[str]) -> list[str]:
    """Every object name a site gets, for length checks."""
    return [flex_profile(site), site_tag(site), policy_tag(site), *(policy_profile(site, z) for z in zones)]


def owner_of(name: str) -> str | None:
    """The site that owns an object name, or None if provisioner does not own it."""
    match = OWNED.match(name)
    if match is None:
        return None
    return match.group("site") or match.group("only")
