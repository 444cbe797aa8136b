"""Onboarding: a new site gets free subnets from the pools, written into its file."""

from __future__ import annotations

from pathlib import Path

import pytest

from provisioner.registry import errors_of, load_registry
from provisioner.registry.onboard import OnboardingError, allocate_site

NEW_KITA = """# Kita Sonnenschein joins in 2027.
id: kita-sonnenschein
name: Kita Sonnenschein
type: kita
address: {street: Rosenweg 2, postcode: "40791", city: Rheinhausen}
contact: {name: Frau Adeyemi}
maintenance: {days: [fri], start: "18:00", end: "22:00"}
"""


def test_new_kita_gets_free_subnets_and_validates(base_registry: Path) -> None:
    site = base_registry / "sites" / "kita-sonnenschein.yml"
    site.write_text(NEW_KITA, encoding="utf-8")
    allocated = allocate_site(registry=base_registry, site_id="kita-sonnenschein")
    assert allocated == {"paed": "10.0.24.0/22", "admin": "10.32.2.128/25", "mgmt": "10.96.6.0/24"}
    text = site.read_text(encoding="utf-8")
    assert text.startswith("# Kita Sonnenschein joins in 2027.")
    assert "paed: {subnet: 10.0.24.0/22, gateway: 10.0.24.1}" in text
    errors = errors_of(load_registry(base_registry).issues)  # only that it has no devices yet (checks/presence.py)
    assert [(e.file, e.message.split(";")[0]) for e in errors] == [
        ("sites/kita-sonnenschein.yml", "site kita-sonnenschein has no switches, access points, clients or printers")
    ]
    assert allocate_site(registry=base_registry, site_id="kita-sonnenschein") == {}


def test_dry_run_and_unknown_zone(base_registry: Path) -> None:
    site = base_registry / "sites" / "kita-sonnenschein.yml"
    site.write_text(NEW_KITA, encoding="utf-8")
    assert allocate_site(registry=base_registry, site_id="kita-sonnenschein", zones=["guest"], dry_run=True) == {"guest": "10.48.4.0/24"}
    assert site.read_text(encoding="utf-8") == NEW_KITA
    with pytest.raises(OnboardingError, match="zone\\(s\\) voip are not defined"):
        allocate_site(registry=base_registry, site_id="kita-sonnenschein", zones=["voip"])
