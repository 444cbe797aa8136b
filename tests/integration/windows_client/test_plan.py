"""The role's computed variables per profile, from the real inventory (validate step: no Windows target needed)."""

from __future__ import annotations

from typing import Any

import pytest
from windows_client_helpers import HOSTS, Ansible

pytestmark = pytest.mark.integration

PRINTER_HOST = "lmg-sek-pc01"  # windows-verwaltung, in a room with a printer


@pytest.fixture(scope="module")
def plans(ansible: Ansible) -> dict[str, dict[str, Any]]:
    return ansible.plan(",".join([*HOSTS.values(), PRINTER_HOST]), "--check")


def values(plan: dict[str, Any]) -> dict[str, Any]:
    """Registry values as {'Key\\Name': data or None when absent}."""
    return {
        f"{v['path'].split(chr(92))[-1]}\\{v['name']}": (v["data"] if v["state"] == "present" else None)
        for v in plan["registry_values"] + plan["power_values"]
    }


def test_standard_profile(plans: dict[str, dict[str, Any]]) -> None:
    plan = plans[HOSTS["windows-standard"]]
    reg = values(plan)
    assert plan["hostname"] == "bkt-cad1-pc01"
    assert plan["domain"] is None
    assert (plan["admin"], plan["pupil"]) == ("schuladmin", "schueler")
    assert [p["name"] for p in plan["packages"]] == ["firefox", "libreoffice-fresh", "7zip", "vlc"]
    assert reg["System\\NoConnectedUser"] == 3
    assert reg["WindowsUpdate\\BranchReadinessLevel"] == 32
    assert reg["WindowsUpdate\\DeferFeatureUpdatesPeriodInDays"] == 7
    assert reg["WindowsUpdate\\DeferQualityUpdatesPeriodInDays"] == 7
    assert reg["WindowsUpdate\\TargetReleaseVersion"] is None
    assert reg["Edge\\HomepageLocation"] == "https://start.schulen.rheinhausen.example"
    assert reg["RestoreOnStartupURLs\\1"] == "https://start.schulen.rheinhausen.example"
    assert reg["Edge\\ProxyMode"] == "fixed_servers"
    assert reg["Edge\\ProxyServer"] == "filter.schulen.rheinhausen.example:3128"
    assert reg["Edge\\HideFirstRunExperience"] == 1
    assert reg["OOBE\\DisablePrivacyExperience"] == 1
    assert reg["PersonalizationCSP\\DesktopImagePath"] == "C:\\Schule\\hintergrund.jpg"
    assert reg["29F6C1DB-86DA-48C5-9FDB-F2B67B1F44DA\\ACSettingIndex"] == 0
    assert reg["3C0BC021-C8A8-4E07-A973-6B14CBCB2B7E\\ACSettingIndex"] == 20 * 60
    assert reg["Power\\HiberbootEnabled"] == 0
    assert plan["wake_on_lan"] is True
    assert plan["printers"] == []


def test_verwaltung_profile(plans: dict[str, dict[str, Any]]) -> None:
    plan = plans[HOSTS["windows-verwaltung"]]
    reg = values(plan)
    assert plan["domain"] == {
        "domain": "verwaltung.rheinhausen.example",
        "ou": "OU=Schulen,OU=Clients,DC=verwaltung,DC=rheinhausen,DC=example",
    }
    assert plan["pupil"] == "gast"
    assert plan["packages"] == [{"name": "firefox", "version": "132.0.2"}, {"name": "adobereader", "version": None}]
    assert reg["WindowsUpdate\\TargetReleaseVersion"] == 1
    assert reg["WindowsUpdate\\ProductVersion"] == "Windows 11"
    assert reg["WindowsUpdate\\TargetReleaseVersionInfo"] == "24H2"
    assert reg["WindowsUpdate\\DeferQualityUpdatesPeriodInDays"] == 14
    assert reg["Edge\\HomepageLocation"] is None
    assert reg["Edge\\ProxyServer"] is None  # admin zone: no proxy in the profile or the zone
    assert reg["PersonalizationCSP\\DesktopImagePath"] is None


def test_room_printers_mapped_to_windows(plans: dict[str, dict[str, Any]]) -> None:
    assert plans[PRINTER_HOST]["printers"] == [
        {"name": "lmg-sek-drucker", "host": "10.32.0.100", "driver": "Microsoft PCL6 Class Driver", "location": "Sekretariat"}
    ]


def test_plan_never_carries_secrets(plans: dict[str, dict[str, Any]], ansible: Ansible) -> None:
    from windows_client_helpers import ADMIN, JOIN_PASSWORD, JOIN_USER

    for out in ansible.outputs:
        assert ADMIN not in out
        assert JOIN_PASSWORD not in out
    assert JOIN_USER not in str(plans)


def test_missing_domain_secret_is_named(ansible: Ansible) -> None:
    run = ansible.playbook("--tags", "windows_client_validate", "--limit", HOSTS["windows-verwaltung"], "-e", "vault_domain_join_password=")
    assert run.rc != 0
    assert "domain.password (vault variable vault_domain_join_password)" in run.out
