"""Seeded devices in-process: round trip of every real config, kept lines, placement of changes, logins,
the management path and the revert timer."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from provisioner.lab import access
from provisioner.lab.engine import Device, handle_line, open_session
from provisioner.lab.grammars import grammar_for
from provisioner.lab.models import LabDeviceSpec
from provisioner.lab.seed import parse_tree, render_tree, strip_header
from provisioner.netconfig.ciscohash import new_salt, type9
from tests.conftest import FIXTURES

MODELS = {"cisco_ios": "C9300-48P", "aruba_osswitch": "2930F-24G-4SFP+", "cisco_c9800": "C9800-40"}
CORPUS = sorted((FIXTURES / "real").glob("*/*.cfg"))
C9200 = FIXTURES / "real" / "cisco_ios" / "c9200l-17.9-oxidized.cfg"
C9300 = FIXTURES / "real" / "cisco_ios" / "c9300-24ux-17.12-netcanon-contrib.cfg"


def seeded(path: Path, *, platform: str = "cisco_ios", extra: str = "") -> Device:
    text = path.read_text()
    if extra:
        lines = text.split("\n")
        anchor = next(i for i, line in enumerate(lines) if line.startswith("hostname"))
        text = "\n".join([*lines[: anchor + 1], extra, *lines[anchor + 1 :]])
    spec = LabDeviceSpec("sw", platform, MODELS[platform], "netadmin", "factory-pw", seed=text)
    return Device(spec=spec, grammar=grammar_for(platform=platform))


def send(device: Device, *lines: str) -> list[str]:
    session = open_session(device=device)
    return [handle_line(device=device, session=session, line=line).text for line in ("enable", "configure terminal", *lines, "end")]


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_every_real_config_prints_back_line_for_line(path: Path) -> None:
    device = seeded(path, platform=path.parent.name)
    assert strip_header(device.show("running")).rstrip("\n") == strip_header(path.read_text()).rstrip("\n")
    assert strip_header(device.show("startup")).rstrip("\n") == strip_header(path.read_text()).rstrip("\n")


def test_tree_keeps_a_banner_as_one_node_and_round_trips() -> None:
    text = "hostname a\nbanner motd ^C\nNo entry\n  for pupils\n^C\ninterface Vlan1\n no ip address\n!\nend\n"
    tree = parse_tree(text)
    assert [node.key.split("\n")[0] for node in tree] == ["hostname a", "banner motd ^C", "interface Vlan1", "!", "end"]
    assert "\n".join(render_tree(tree)) + "\n" == text


def test_kept_lines_are_removed_by_no_and_typos_still_fail() -> None:
    device = seeded(C9300)
    replies = send(device, "no interface Port-channel1", "no aaa new-modle", "interface Port-channel2", " no description", "exit")
    assert "Invalid input" in replies[3]
    printed = device.show("running")
    assert "interface Port-channel1\n" not in printed
    assert " description pvenas 2x 10gbe trunk\n" not in printed
    assert "interface Port-channel2\n switchport trunk native vlan 100\n" in printed


def test_changes_land_where_the_device_prints_them() -> None:
    device = seeded(C9300)
    send(device, "hostname gs-neu", "interface Vlan1", " description mgmt")
    printed = device.show("running").split("\n")
    assert printed.index("hostname gs-neu") < printed.index("vrf definition Mgmt-vrf")
    assert "hostname Switch" not in printed


def test_login_follows_the_seeded_accounts() -> None:
    line = f"username provlab privilege 15 secret 9 {type9(password='Pw-1', salt=new_salt(seed='x'))}"
    device = seeded(C9300, extra=line)
    assert device.login_ok(username="provlab", password="Pw-1")
    assert not device.login_ok(username="provlab", password="Pw-2")
    assert not device.login_ok(username="netadmin", password="factory-pw")  # the seed has accounts: no factory login
    send(device, "no username provlab")
    assert not device.login_ok(username="provlab", password="Pw-1")
    device.reload()
    assert device.login_ok(username="provlab", password="Pw-1")


def test_a_factory_device_takes_the_lab_login_until_it_has_accounts() -> None:
    device = Device(spec=LabDeviceSpec("sw", "cisco_ios", "C9300-48P", "netadmin", "factory-pw"), grammar=grammar_for(platform="cisco_ios"))
    assert device.login_ok(username="netadmin", password="factory-pw")
    send(device, "username netadmin privilege 15 algorithm-type scrypt secret New-Pw-1")
    assert not device.login_ok(username="netadmin", password="factory-pw")
    assert device.login_ok(username="netadmin", password="New-Pw-1")


@pytest.mark.parametrize(
    "cut",
    [
        ["interface Vlan2", " shutdown"],
        ["interface Vlan2", " ip address 10.42.11.43 255.255.255.0"],
        ["no interface Vlan2"],
        ["no ip default-gateway"],
    ],
)
def test_cutting_the_management_path_locks_the_device_until_reload(cut: list[str]) -> None:
    device = seeded(C9200)
    assert device.mgmt == access.MgmtPath("interface Vlan2", "10.42.11.42", "ip default-gateway 10.41.11.1")
    session = open_session(device=device)
    for line in ("enable", "configure terminal", *cut[:-1]):
        handle_line(device=device, session=session, line=line)
    assert handle_line(device=device, session=session, line=cut[-1]).drop
    assert device.locked is not None
    assert not device.login_ok(username="netadmin", password="factory-pw")
    device.reload()
    assert device.locked is None


def test_an_unconfirmed_change_reverts_when_the_timer_expires(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROVISIONER_LAB_MINUTE_SECONDS", "0.05")
    device = seeded(C9200)
    refused = handle_line(device=device, session=open_session(device=device), line="configure terminal revert timer 1")
    assert "Archive path is not configured" in refused.text
    send(device, "archive", " path flash:archive", "exit")
    session = open_session(device=device)
    for line in ("configure terminal revert timer 1", "hostname half-done"):
        handle_line(device=device, session=session, line=line)
    assert "hostname half-done" in device.show("running")
    time.sleep(0.1)
    assert "hostname half-done" not in device.show("running")
    assert "archive\n path flash:archive\n" in device.show("running")
