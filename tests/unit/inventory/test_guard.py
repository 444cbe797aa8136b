"""The inventory's text guard: a host whose variables hold an unsafe value is marked, and the client roles refuse it."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from provisioner.inventory import build_inventory, group_name
from provisioner.inventory.build import UNSAFE_VAR
from provisioner.registry import Registry, load_registry
from tests.conftest import DEMO, ROOT, VENV_BIN, ansible_env


@pytest.fixture(scope="module")
def demo() -> Registry:
    return load_registry(DEMO / "registry").require()


def _with_zone_proxy(registry: Registry, proxy: str) -> Registry:
    org = registry.org
    zones = {**org.zones, "paed": org.zones["paed"].model_copy(update={"proxy": proxy})}
    return replace(registry, org=org.model_copy(update={"zones": zones}), _by_id={})


def test_the_demo_has_no_unsafe_values(demo: Registry) -> None:
    inv = build_inventory(demo)
    assert [h for h, v in inv.hostvars.items() if UNSAFE_VAR in v] == []


def test_a_newline_in_a_zone_proxy_marks_exactly_the_clients_of_that_zone(demo: Registry) -> None:
    inv = build_inventory(_with_zone_proxy(demo, "http://proxy:3128\nhttps_proxy=http://evil"))
    marked = {h for h, v in inv.hostvars.items() if UNSAFE_VAR in v}
    in_zone = {h for h, v in inv.hostvars.items() if v.get("device_zone") == "paed"}
    assert in_zone
    assert marked == in_zone
    first = next(iter(marked))
    assert "device_proxy holds a line break (U+000A" in inv.hostvars[first][UNSAFE_VAR][0]
    assert "(group zone_paed)" in inv.hostvars[first][UNSAFE_VAR][0]
    assert any("will be refused" in w for w in inv.warnings)


def test_a_tab_in_a_room_name_marks_the_clients_of_that_room(demo: Registry) -> None:
    entry = next(e for e in demo.sites if any(p.room for p in e.site.printers))
    room_id = entry.site.printers[0].room
    rooms = [r.model_copy(update={"name": "Raum\tlpadmin"}) if r.id == room_id else r for r in entry.site.rooms]
    site = entry.site.model_copy(update={"rooms": rooms})
    sites = tuple(replace(e, site=site) if e is entry else e for e in demo.sites)
    inv = build_inventory(replace(demo, sites=sites, _by_id={}))
    marked = {h for h, v in inv.hostvars.items() if UNSAFE_VAR in v}
    room_clients = {c.name for r in rooms if r.id == room_id for c in r.clients}
    assert room_clients
    assert marked == set(inv.groups[group_name("room", site.id, room_id)])  # its clients and its APs
    assert room_clients <= marked
    assert "device_printers[0].location holds a control character (U+0009" in inv.hostvars[next(iter(marked))][UNSAFE_VAR][0]


def test_an_org_wide_value_marks_every_host(demo: Registry) -> None:
    inv = build_inventory(replace(demo, org=demo.org.model_copy(update={"name": "Stadt\rX"}), _by_id={}))
    assert all(UNSAFE_VAR in v for v in inv.hostvars.values())


@pytest.mark.parametrize(("role", "entry"), [("linux_client", "main"), ("windows_client", "main"), ("windows_client", "autounattend")])
def test_the_client_role_refuses_a_marked_host_before_any_task(tmp_path: Path, role: str, entry: str) -> None:
    inventory = tmp_path / "hosts.yml"
    inventory.write_text(
        "all:\n  hosts:\n    pc01:\n      ansible_connection: local\n"
        f"      ansible_python_interpreter: {VENV_BIN / 'python'}\n"
        f"      {UNSAFE_VAR}: ['device_proxy holds a line break (U+000A)']\n"
        f"      device_name: pc01\n      device_image: {{os_family: {role.split('_')[0]}}}\n"
    )
    playbook = tmp_path / "play.yml"
    use = f"{{name: {ROOT / 'roles' / role}, tasks_from: {entry}}}"
    playbook.write_text(f"- hosts: all\n  gather_facts: false\n  tasks:\n    - ansible.builtin.include_role: {use}\n")
    run = subprocess.run(
        [str(VENV_BIN / "ansible-playbook"), "-i", str(inventory), str(playbook), "--check"],
        capture_output=True,
        text=True,
        env=ansible_env(),
        cwd=ROOT,
        check=False,
    )
    assert run.returncode == 2, run.stdout[-3000:]
    assert "device_proxy holds a line break" in run.stdout
    tasks = [line for line in run.stdout.splitlines() if line.startswith("TASK [")]
    assert "Refuse a host whose registry values" in tasks[-1]  # the first task after the argument spec, and the last
    assert len(tasks) <= 3
    assert "changed=0" in run.stdout
    assert "failed=1" in run.stdout
