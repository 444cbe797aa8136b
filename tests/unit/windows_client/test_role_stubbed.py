"""The whole role on the controller, with stand-in Windows modules (see stub_collections.py).

Verifies the task flow, conditionals, loops and module arguments per profile, check mode, and that
secrets reach the modules but never Ansible's output. Does NOT verify anything Windows does.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from stub_collections import write_stubs
from windows_client_helpers import ADMIN, HOSTS, JOIN_PASSWORD, JOIN_USER, ROOT, Ansible, Run

# A unit test: the Windows modules are stand-ins, so this proves task flow and arguments only.
PRINTER_HOST = "lmg-sek-pc01"


@pytest.fixture(scope="module")
def stubbed(ansible: Ansible) -> tuple[Run, list[dict[str, Any]]]:
    log = ansible.tmp / "stub-calls.jsonl"
    collections = write_stubs(root=ansible.tmp / "stubs", log=log)
    python = str(ROOT / ".venv/bin/python")
    wallpaper = ansible.tmp / "hintergrund.jpg"
    wallpaper.write_bytes(b"\xff\xd8\xff")
    run = ansible.playbook(
        "--tags",
        "windows_client",
        "--check",
        "--diff",
        "-vvv",
        "--limit",
        ",".join([*HOSTS.values(), PRINTER_HOST]),
        "-e",
        "ansible_connection=local",
        "-e",
        "ansible_shell_type=sh",
        "-e",
        f"ansible_python_interpreter={python}",
        "-e",
        f"windows_client_wallpaper_src={wallpaper}",
        env={"ANSIBLE_COLLECTIONS_PATH": f"{collections}:{ROOT / 'collections'}", "ANSIBLE_COLLECTIONS_SCAN_SYS_PATH": "false"},
    )
    calls = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    return run, calls


def test_role_runs_in_check_mode(stubbed: tuple[Run, list[dict[str, Any]]]) -> None:
    run, calls = stubbed
    assert run.rc == 0, run.out[-4000:]
    assert "failed=0" in run.out
    assert calls
    assert all(c["check_mode"] for c in calls)


def test_identity(stubbed: tuple[Run, list[dict[str, Any]]]) -> None:
    _, calls = stubbed
    hostnames = [c["params"]["name"] for c in calls if c["module"] == "ansible.windows.win_hostname"]
    assert hostnames == [HOSTS["windows-standard"]]
    joins = [c["params"] for c in calls if c["module"] == "microsoft.ad.membership"]
    assert sorted(j["hostname"] for j in joins) == sorted([HOSTS["windows-verwaltung"], PRINTER_HOST])
    for join in joins:
        assert join["dns_domain_name"] == "verwaltung.rheinhausen.example"
        assert join["domain_ou_path"].startswith("OU=Schulen,")
        assert (join["domain_admin_user"], join["domain_admin_password"]) == (JOIN_USER, JOIN_PASSWORD)
    assert not [c for c in calls if c["module"] == "ansible.windows.win_reboot"]


def test_accounts(stubbed: tuple[Run, list[dict[str, Any]]]) -> None:
    _, calls = stubbed
    users = [c["params"] for c in calls if c["module"] == "ansible.windows.win_user"]
    admins = [u for u in users if u["name"] == "schuladmin"]
    assert len(admins) == 3
    assert all(u["password"] == ADMIN and u["groups"] == ["S-1-5-32-544"] and u["groups_action"] == "add" for u in admins)
    pupils = [u for u in users if u["name"] != "schuladmin"]
    assert sorted(u["name"] for u in pupils) == ["gast", "gast", "schueler"]
    assert all(u["password"] is None and u["groups"] == ["S-1-5-32-545"] and u["groups_action"] == "replace" for u in pupils)


def test_software_and_locale(stubbed: tuple[Run, list[dict[str, Any]]]) -> None:
    _, calls = stubbed
    choco = [c["params"] for c in calls if c["module"] == "chocolatey.chocolatey.win_chocolatey"]
    firefox = [c for c in choco if c["name"] == ["firefox"]]
    assert len(firefox) == 3
    assert all(c["version"] == "132.0.2" and c["state"] == "downgrade" and c["pinned"] is True for c in firefox)
    reader = [c for c in choco if c["name"] == ["adobereader"]]
    assert reader
    assert all(c["version"] is None and c["state"] == "present" and c["pinned"] is None for c in reader)
    proxies = {c["proxy_url"] for c in choco if c["name"] == ["vlc"]}
    assert proxies == {"http://filter.schulen.rheinhausen.example:3128"}
    assert {c["params"]["timezone"] for c in calls if c["module"] == "ansible.windows.win_timezone"} == {"W. Europe Standard Time"}
    assert {c["params"]["format"] for c in calls if c["module"] == "ansible.windows.win_region"} == {"de-DE"}


def test_policies_power_printers(stubbed: tuple[Run, list[dict[str, Any]]]) -> None:
    _, calls = stubbed
    reg = [c["params"] for c in calls if c["module"] == "ansible.windows.win_regedit"]
    homepage = [r for r in reg if r["name"] == "HomepageLocation"]
    assert sorted((r["state"], r["data"]) for r in homepage) == [
        ("absent", None),
        ("absent", None),
        ("present", "https://start.schulen.rheinhausen.example"),
    ]
    assert all(r["path"].startswith("HKLM:\\") for r in reg)
    assert {r["data"] for r in reg if r["name"] == "NoConnectedUser"} == {3}
    copies = [c["params"] for c in calls if c["module"] == "ansible.windows.win_copy"]
    assert [c["dest"] for c in copies] == ["C:\\Schule\\hintergrund.jpg"]  # only windows-standard has a wallpaper
    plans = [c["params"]["guid"] for c in calls if c["module"] == "community.windows.win_power_plan"]
    assert plans == ["381b4222-f694-41f0-9685-ff5bb260df2e"] * 3
    shells = [c["params"] for c in calls if c["module"] == "ansible.windows.win_powershell"]
    printers = [s for s in shells if s["path"] == "printers.ps1"]
    assert [p["parameters"]["Printers"] for p in printers] == [
        [{"name": "lmg-sek-drucker", "host": "10.32.0.100", "driver": "Microsoft PCL6 Class Driver", "location": "Sekretariat"}]
    ]
    wol = [s for s in shells if s["path"] == "wake_on_lan.ps1"]
    assert len(wol) == 3
    assert all(s["parameters"]["Enable"] is True for s in wol)


def test_no_secret_in_output_even_at_vvv(stubbed: tuple[Run, list[dict[str, Any]]]) -> None:
    run, _ = stubbed
    for leak in (ADMIN, JOIN_PASSWORD, JOIN_USER):
        assert leak not in run.out
    assert "no_log: true" in run.out or "censored" in run.out
