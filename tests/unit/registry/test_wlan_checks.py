"""WLAN checks that the one-edit cases in cases.yml cannot express: renamed sites and exact issue lists."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from provisioner.registry import errors_of, load_registry
from provisioner.registry.checks import wlan
from provisioner.registry.issues import Issue
from provisioner.registry.load import Registry


def _rename_site(root: Path, old: str, new: str) -> None:
    source = root / "sites" / f"{old}.yml"
    text = source.read_text(encoding="utf-8").replace(f"id: {old}\n", f"id: {new}\n", 1)
    (root / "sites" / f"{new}.yml").write_text(text, encoding="utf-8")
    source.unlink()


def _loaded(root: Path) -> Registry:
    registry = load_registry(root).registry
    assert registry is not None
    return registry


def _with_ssid(registry: Registry, name: str, changes: dict[str, object]) -> Registry:
    ssids = dict(registry.org.ssids)
    ssids[name] = ssids[name].model_copy(update=changes)
    return replace(registry, org=registry.org.model_copy(update={"ssids": ssids}))


def test_the_base_registry_passes(base_registry: Path) -> None:
    assert wlan.check(_loaded(base_registry)) == []


def test_a_site_id_at_the_limit_is_valid(base_registry: Path) -> None:
    _rename_site(base_registry, "kita-regenbogen", "kita-regenbogen-am-park")  # 23 + len("pp_" "_admin") = 32
    assert errors_of(load_registry(base_registry).issues) == []


def test_a_site_id_one_over_the_limit_gives_one_issue(base_registry: Path) -> None:
    _rename_site(base_registry, "kita-regenbogen", "kita-regenbogen-am-parks")
    [issue] = errors_of(load_registry(base_registry).issues)
    assert (issue.file, issue.path) == ("sites/kita-regenbogen-am-parks.yml", "id")
    assert "'pp_kita-regenbogen-am-parks_admin' (33)" in issue.message
    assert issue.fix == "shorten the site id to at most 23 characters"


def test_a_site_without_access_points_has_no_object_names(base_registry: Path) -> None:
    site = base_registry / "sites" / "kita-regenbogen.yml"
    text = site.read_text(encoding="utf-8")
    site.write_text(text[: text.index("access_points:")] + text[text.index("rooms:") :], encoding="utf-8")
    _rename_site(base_registry, "kita-regenbogen", "kita-regenbogen-am-stadtpark-nord")
    assert errors_of(load_registry(base_registry).issues) == []


def test_pupils_on_the_admin_zone_give_one_clear_issue(base_registry: Path) -> None:
    registry = _with_ssid(_loaded(base_registry), "schule", {"zone": "admin"})
    assert wlan.check(registry) == [
        Issue(
            file="org.yml",
            path="ssids.schule.zone",
            message="SSID profile 'schule' (audience pupils) maps to zone admin (VLAN 20): "
            "pupils' devices must never land in the administrative network",
            fix="set the zone to a pedagogical zone such as wlan or paed",
        )
    ]


@pytest.mark.parametrize(
    ("ssid", "changes", "paths"),
    [
        ("kita", {"zone": "admin"}, ["ssids.kita.zone", "ssids.kita.security.mode"]),
        ("verwaltung", {"zone": "paed"}, ["ssids.verwaltung.zone"]),
        ("gaeste", {"zone": "mgmt"}, ["ssids.gaeste.zone"]),
        ("verwaltung", {"zone": "mgmt"}, ["ssids.verwaltung.zone"]),
    ],
)
def test_one_issue_per_rule(base_registry: Path, ssid: str, changes: dict[str, object], paths: list[str]) -> None:
    registry = _with_ssid(_loaded(base_registry), ssid, changes)
    assert [i.path for i in wlan.check(registry)] == paths
