"""The site_registry plugin through real ansible-inventory and ansible-playbook."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import DEMO, FIXTURES, ROOT, VENV_BIN, ansible_env

pytestmark = pytest.mark.integration
INJECTION = "{{ lookup('pipe', 'id') }}"


def _run(*args: str, cwd: Path = ROOT, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), cwd=cwd, env=ansible_env(**env), capture_output=True, text=True, timeout=300, check=False)


def _plain(value: object) -> object:
    """ansible-inventory writes unsafe strings as {"__ansible_unsafe": text}."""
    if isinstance(value, dict):
        return value["__ansible_unsafe"] if set(value) == {"__ansible_unsafe"} else {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _source(tmp_path: Path, registry: Path, **options: object) -> Path:
    source = tmp_path / "test_site_registry.yml"
    data = {"plugin": "schulit.provisioner.site_registry", "registry": str(registry), **options}
    source.write_text(yaml.safe_dump(data), encoding="utf-8")
    return source


def test_graph_shows_the_groups() -> None:
    result = _run(str(VENV_BIN / "ansible-inventory"), "-i", str(DEMO / "site_registry.yml"), "--graph")
    assert result.returncode == 0, result.stderr
    for group in (
        "@site_gym_lise_meitner:",
        "@type_school:",
        "@type_kita:",
        "@type_youth_centre:",
        "@role_switch:",
        "@role_access_point:",
        "@role_wlan_controller:",
        "@role_linux_client:",
        "@role_windows_client:",
        "@platform_cisco_ios:",
        "@platform_aruba_osswitch:",
        "@room_gym_lise_meitner_r101:",
        "@image_linux_standard:",
        "@zone_admin:",
    ):
        assert group in result.stdout, group


def test_list_has_hostvars_and_keyed_groups(tmp_path: Path) -> None:
    source = _source(
        tmp_path, DEMO / "registry", keyed_groups=[{"key": "device_model", "prefix": "model"}], compose={"mgmt_address": "device_mgmt_ip"}
    )
    result = _run(str(VENV_BIN / "ansible-inventory"), "-i", str(source), "--list")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    raw = data["_meta"]["hostvars"]["lmg-sw-core"]
    assert raw["device_platform"] == {"__ansible_unsafe": "cisco_ios"}, "registry strings are marked unsafe"
    hostvars = _plain(raw)
    assert isinstance(hostvars, dict)
    assert hostvars["device_platform"] == "cisco_ios"
    assert hostvars["mgmt_address"] == "10.96.0.2"
    assert hostvars["site_school_form"] == "gymnasium"
    assert hostvars["device_ports"][0]["access_vlan"] == 10
    assert "lmg-sw-core" in data["model_C9300_48P"]["hosts"]


def test_invalid_registry_fails_with_the_validation_messages(tmp_path: Path) -> None:
    registry = tmp_path / "registry"
    shutil.copytree(FIXTURES / "registry" / "base", registry)
    site = registry / "sites" / "jz-treffpunkt.yml"
    site.write_text(site.read_text(encoding="utf-8").replace("profile: ap}", "profile: ap, speed: 1000}"), encoding="utf-8")
    result = _run(str(VENV_BIN / "ansible-inventory"), "-i", str(_source(tmp_path, registry)), "--list")
    assert result.returncode != 0
    assert "sites/jz-treffpunkt.yml:" in result.stderr
    assert "unknown key 'speed'" in result.stderr


def _injected_registry(tmp_path: Path) -> Path:
    registry = tmp_path / "registry"
    shutil.copytree(FIXTURES / "registry" / "base", registry)
    site = registry / "sites" / "jz-treffpunkt.yml"
    data = yaml.safe_load(site.read_text(encoding="utf-8"))
    data["rooms"][0]["name"] = INJECTION
    data["name"] = "{{ 7 * 7 }}"
    data["printers"] = [{"name": "jzt-drucker", "room": "cafe", "ip": "10.0.20.250"}]
    site.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return registry


def test_registry_strings_stay_literal_in_inventory_list(tmp_path: Path) -> None:
    result = _run(str(VENV_BIN / "ansible-inventory"), "-i", str(_source(tmp_path, _injected_registry(tmp_path))), "--list")
    assert result.returncode == 0, result.stderr
    hostvars = _plain(json.loads(result.stdout)["_meta"]["hostvars"]["jzt-cafe-pc01"])
    assert isinstance(hostvars, dict)
    assert hostvars["device_printers"][0]["location"] == INJECTION
    assert hostvars["site_name"] == "{{ 7 * 7 }}"
    assert "uid=" not in result.stdout


def test_registry_strings_stay_literal_in_debug_and_template(tmp_path: Path) -> None:
    out = tmp_path / "rendered.txt"
    template = tmp_path / "room.j2"
    template.write_text("site={{ site_name }} location={{ device_printers[0].location }}\n", encoding="utf-8")
    playbook = tmp_path / "literal.yml"
    playbook.write_text(
        yaml.safe_dump(
            [
                {
                    "hosts": "jzt-cafe-pc01",
                    "gather_facts": False,
                    "connection": "local",
                    "tasks": [
                        {"name": "Show the site name", "ansible.builtin.debug": {"var": "site_name"}},
                        {
                            "name": "Render the room template",
                            "ansible.builtin.template": {"src": str(template), "dest": str(out), "mode": "0644"},
                            "delegate_to": "localhost",
                        },
                        {"name": "Show a printer location", "ansible.builtin.debug": {"msg": "{{ device_printers[0].location }}"}},
                    ],
                }
            ]
        ),
        encoding="utf-8",
    )
    registry = _injected_registry(tmp_path)
    result = _run(
        str(VENV_BIN / "ansible-playbook"),
        "-i",
        str(_source(tmp_path, registry)),
        str(playbook),
        "-e",
        "ansible_python_interpreter=" + str(VENV_BIN / "python"),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert '"site_name": "{{ 7 * 7 }}"' in result.stdout
    assert f'"msg": "{INJECTION}"' in result.stdout
    rendered = out.read_text(encoding="utf-8")
    assert rendered == f"site={{{{ 7 * 7 }}}} location={INJECTION}\n"
    assert "uid=" not in result.stdout + rendered


def test_secret_expressions_are_resolved(tmp_path: Path) -> None:
    playbook = tmp_path / "secret.yml"
    playbook.write_text(
        yaml.safe_dump(
            [
                {
                    "hosts": "lmg-sw-core",
                    "gather_facts": False,
                    "tasks": [
                        {
                            "name": "The password expression resolves",
                            "ansible.builtin.assert": {"that": ["ansible_password == 'planted-for-test'"], "quiet": True},
                            "no_log": True,
                        }
                    ],
                }
            ]
        ),
        encoding="utf-8",
    )
    result = _run(
        str(VENV_BIN / "ansible-playbook"),
        "-i",
        str(DEMO / "site_registry.yml"),
        str(playbook),
        PROVISIONER_NET_PASSWORD="planted-for-test",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "planted-for-test" not in result.stdout + result.stderr
