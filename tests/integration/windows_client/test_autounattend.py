"""autounattend.xml rendered through ansible-playbook for one client of each demo Windows profile."""

from __future__ import annotations

import base64
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from windows_client_helpers import ADMIN, ENV_ADMIN, ENV_VAR, HOSTS, JOIN_PASSWORD, JOIN_USER, Ansible, Run

pytestmark = pytest.mark.integration

U = "{urn:schemas-microsoft-com:unattend}"
WCM = "http://schemas.microsoft.com/WMIConfig/2002/State"
COMPONENTS = {
    "windowsPE": {"Microsoft-Windows-International-Core-WinPE", "Microsoft-Windows-Setup"},
    "specialize": {"Microsoft-Windows-Shell-Setup"},
    "oobeSystem": {"Microsoft-Windows-International-Core", "Microsoft-Windows-Shell-Setup"},
}
EDITIONS = {"windows-standard": "Windows 11 Education", "windows-verwaltung": "Windows 11 Enterprise"}


def unattend_password(secret: str) -> str:
    """How Windows SIM hides a LocalAccount password: base64 of UTF-16LE (password + 'Password')."""
    return base64.b64encode((secret + "Password").encode("utf-16-le")).decode()


def component(root: ET.Element, pass_name: str, name: str) -> ET.Element:
    settings = root.find(f"{U}settings[@pass='{pass_name}']")
    assert settings is not None, pass_name
    comp = settings.find(f"{U}component[@name='{name}']")
    assert comp is not None, f"{pass_name}/{name}"
    return comp


def text(elem: ET.Element, path: str) -> str:
    found = elem.find("/".join(f"{U}{p}" for p in path.split("/")))
    assert found is not None, path
    return found.text or ""


def parse(out_dir: Path, host: str) -> ET.Element:
    return ET.parse(out_dir / host / "autounattend.xml").getroot()


def test_render_run_succeeds(rendered: tuple[Path, Run]) -> None:
    _, run = rendered
    assert run.rc == 0, run.out[-3000:]
    assert "failed=0" in run.out


@pytest.mark.parametrize(("profile", "host"), HOSTS.items())
def test_namespace_and_components(rendered: tuple[Path, Run], profile: str, host: str) -> None:
    out_dir, _ = rendered
    raw = (out_dir / host / "autounattend.xml").read_text(encoding="utf-8")
    root = parse(out_dir, host)
    assert root.tag == f"{U}unattend"
    assert f'xmlns:wcm="{WCM}"' in raw
    assert root.find(f".//{U}LocalAccount").get(f"{{{WCM}}}action") == "add"
    passes = {s.get("pass"): {c.get("name"): c for c in s.findall(f"{U}component")} for s in root.findall(f"{U}settings")}
    assert {p: set(c) for p, c in passes.items()} == COMPONENTS
    for comps in passes.values():
        for comp in comps.values():
            assert comp.get("processorArchitecture") == "amd64"
            assert comp.get("publicKeyToken") == "31bf3856ad364e35"
            assert comp.get("language") == "neutral"
            assert comp.get("versionScope") == "nonSxS"


@pytest.mark.parametrize(("profile", "host"), HOSTS.items())
def test_computer_name_locale_timezone(rendered: tuple[Path, Run], profile: str, host: str) -> None:
    root = parse(rendered[0], host)
    assert text(component(root, "specialize", "Microsoft-Windows-Shell-Setup"), "ComputerName") == host
    assert text(component(root, "specialize", "Microsoft-Windows-Shell-Setup"), "TimeZone") == "W. Europe Standard Time"
    assert text(component(root, "oobeSystem", "Microsoft-Windows-Shell-Setup"), "TimeZone") == "W. Europe Standard Time"
    winpe = component(root, "windowsPE", "Microsoft-Windows-International-Core-WinPE")
    oobe = component(root, "oobeSystem", "Microsoft-Windows-International-Core")
    for elem in (winpe, oobe):
        for tag in ("InputLocale", "SystemLocale", "UILanguage", "UserLocale"):
            assert text(elem, tag) == "de-DE", tag
    assert text(winpe, "SetupUILanguage/UILanguage") == "de-DE"
    setup = component(root, "windowsPE", "Microsoft-Windows-Setup")
    assert text(setup, "ImageInstall/OSImage/InstallFrom/MetaData/Value") == EDITIONS[profile]
    assert text(setup, "UserData/AcceptEula") == "true"


@pytest.mark.parametrize(("profile", "host"), HOSTS.items())
def test_admin_password_only_where_windows_needs_it(rendered: tuple[Path, Run], profile: str, host: str) -> None:
    out_dir, _ = rendered
    raw = (out_dir / host / "autounattend.xml").read_text(encoding="utf-8")
    root = parse(out_dir, host)
    account = root.find(f".//{U}LocalAccounts/{U}LocalAccount")
    assert account is not None
    assert text(account, "Name") == "schuladmin"
    assert text(account, "Group") == "Administrators"
    assert text(account, "Password/PlainText") == "false"
    assert text(account, "Password/Value") == unattend_password(ADMIN)
    assert raw.count(unattend_password(ADMIN)) == 1
    for leak in (ADMIN, base64.b64encode(ADMIN.encode()).decode(), JOIN_PASSWORD, JOIN_USER, "vault_"):
        assert leak not in raw
    assert (out_dir / host / "autounattend.xml").stat().st_mode & 0o777 == 0o600


def test_secrets_never_in_ansible_output(rendered: tuple[Path, Run], ansible: Ansible) -> None:
    assert ansible.outputs
    for out in ansible.outputs:
        for leak in (ADMIN, unattend_password(ADMIN), JOIN_PASSWORD, ENV_ADMIN, unattend_password(ENV_ADMIN)):
            assert leak not in out


def test_second_render_changes_nothing(rendered: tuple[Path, Run], ansible: Ansible) -> None:
    out_dir, _ = rendered
    run = ansible.render(out_dir, "--limit", ",".join(HOSTS.values()))
    assert run.rc == 0, run.out[-3000:]
    assert "changed=0" in run.out
    assert "failed=0" in run.out


def test_check_mode_writes_nothing(ansible: Ansible) -> None:
    out_dir = ansible.tmp / "check"
    run = ansible.render(out_dir, "--limit", HOSTS["windows-standard"], "--check")
    assert run.rc == 0, run.out[-3000:]
    assert not (out_dir / HOSTS["windows-standard"] / "autounattend.xml").exists()


def test_env_secret_ref_and_xml_escaping(ansible: Ansible) -> None:
    """An {env: VAR} admin password, and registry text with XML metacharacters, render escaped and parse back."""
    out_dir = ansible.tmp / "env"
    host = HOSTS["windows-verwaltung"]
    image = ansible.device_image(host)
    image["admin"]["password"] = {"vault": None, "env": ENV_VAR}
    org = "Schul-IT <Rheinhausen> & \"Co\" '40' ]]>"
    override = json.dumps({"org_name": org, "device_image": image})
    run = ansible.render(out_dir, "--limit", host, "-e", override, env={ENV_VAR: ENV_ADMIN})
    assert run.rc == 0, run.out[-3000:]
    root = parse(out_dir, host)
    assert text(root.find(f".//{U}LocalAccount"), "Password/Value") == unattend_password(ENV_ADMIN)
    setup = component(root, "windowsPE", "Microsoft-Windows-Setup")
    assert text(setup, "UserData/Organization") == org
    assert text(component(root, "specialize", "Microsoft-Windows-Shell-Setup"), "RegisteredOrganization") == org
    assert ENV_ADMIN not in run.out


def test_missing_admin_secret_fails_by_name(ansible: Ansible) -> None:
    out_dir = ansible.tmp / "missing"
    host = HOSTS["windows-standard"]
    run = ansible.render(out_dir, "--limit", host, "-e", "vault_windows_admin_password=")
    assert run.rc != 0
    assert "vault variable vault_windows_admin_password" in run.out
    assert not (out_dir / host / "autounattend.xml").exists()


def test_computer_name_over_15_characters_is_refused(ansible: Ansible) -> None:
    out_dir = ansible.tmp / "long"
    host = HOSTS["windows-standard"]
    run = ansible.render(out_dir, "--limit", host, "-e", "device_name=bkt-cad1-pc01-xyz")
    assert run.rc != 0
    assert "1-15 letters" in run.out
    assert not (out_dir / host / "autounattend.xml").exists()
