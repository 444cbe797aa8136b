"""netmiko against the lab, with no special flags: config, save, show, reload."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import paramiko
import pytest
from lab_session import DEVICES, PASSWORD, LabUnderTest

from provisioner.lab import LabError, command_log, lab_status, read_endpoints, start_lab

pytestmark = pytest.mark.integration


def test_ios_send_config_set_save_and_show(lab: LabUnderTest) -> None:
    with lab.connect("ios-1") as conn:
        assert conn.find_prompt() == "Switch#"
        out = conn.send_config_set(
            [
                "vtp mode transparent",
                "vlan 10",
                " name paed",
                "interface GigabitEthernet1/0/5",
                " description AP 5",
                " switchport mode access",
                " switchport access vlan 10",
            ]
        )
        assert "% Invalid" not in out
        assert "Building configuration" in conn.save_config()
        shown = conn.send_command("show running-config")
    assert "vlan 10\n name paed\n!" in shown
    assert "interface GigabitEthernet1/0/5\n description AP 5\n switchport access vlan 10\n switchport mode access\n!" in shown
    using, _, saved = lab.startup("ios-1").partition("\n")
    assert using.startswith("Using ")
    assert saved in lab.running("ios-1")


def test_ios_copy_run_start_answers_the_filename_question(lab: LabUnderTest) -> None:
    with lab.connect("ios-2") as conn:
        conn.send_config_set(["ip domain name school.example"])
        out = conn.save_config(cmd="copy running-config startup-config", confirm=True)
    assert "Destination filename [startup-config]?" in out
    assert "ip domain name school.example" in lab.startup("ios-2")


def test_ios_invalid_command_is_reported_and_ignored(lab: LabUnderTest) -> None:
    before = lab.running("ios-1")
    with lab.connect("ios-1") as conn:
        out = conn.send_config_set(["switchport mode access", "interface Gi1/0/99"])
    assert out.count("% Invalid input detected at '^' marker.") == 2
    assert lab.running("ios-1") == before


def test_procurve_send_config_set_save_and_show(lab: LabUnderTest) -> None:
    with lab.connect("hp-1") as conn:
        assert conn.find_prompt() == "HP-2930F-24G-4SFP+#"
        out = conn.send_config_set(
            ["vlan 10", 'name "paed"', "untagged 1-4", "tagged 25-28", "exit", "interface 5", 'name "AP 5"', "disable"]
        )
        assert "Invalid input" not in out
        conn.save_config()
        shown = conn.send_command("show running-config")
    assert 'vlan 10\n   name "paed"\n   untagged 1-4\n   tagged 25-28\n   no ip address\n   exit' in shown
    assert 'interface 5\n   name "AP 5"\n   disable\n   exit' in shown
    assert "no untagged 1-4" in lab.startup("hp-1")


def test_reload_drops_unsaved_changes(lab: LabUnderTest) -> None:
    with lab.connect("ios-2") as conn:
        conn.send_config_set(["hostname saved-name"])
        conn.set_base_prompt()
        conn.save_config()
        conn.send_config_set(["ntp server 10.0.0.9"])
        out = conn.send_command_timing("reload")
        assert "Save? [yes/no]" in out
        out = conn.send_command_timing("no")
        assert "Proceed with reload? [confirm]" in out
        conn.write_channel("\n")
        time.sleep(0.3)
        assert not conn.is_alive()
    assert "ntp server 10.0.0.9" not in lab.running("ios-2")
    assert "hostname saved-name" in lab.running("ios-2")


def test_status_endpoints_and_no_password_on_disk(lab: LabUnderTest) -> None:
    status = lab_status(state_dir=lab.state)
    assert status is not None
    assert set(status.devices) == {d.name for d in DEVICES}
    assert status.devices["hp-2"].endpoint == lab.endpoints["hp-2"]
    assert read_endpoints(state_dir=lab.state) == lab.endpoints
    assert sorted(e.host for e in lab.endpoints.values()) == ["127.100.0.1", "127.100.0.2", "127.100.0.3", "127.100.0.4"]
    files = [p for p in (lab.state / "lab").rglob("*") if p.is_file() and not p.is_socket()]
    assert all(PASSWORD not in p.read_text(errors="replace") for p in files)
    cmdline = Path(f"/proc/{status.pid}/cmdline").read_bytes().decode()
    assert PASSWORD not in cmdline
    assert json.loads((lab.state / "lab" / "endpoints.json").read_text())["hp-1"]["host"] == "127.100.0.1"
    assert oct(os.stat(lab.state / "lab" / "control.sock").st_mode & 0o777) == "0o600"


def test_second_start_is_refused(lab: LabUnderTest) -> None:
    with pytest.raises(LabError, match="already running"):
        start_lab(devices=DEVICES, state_dir=lab.state)


def test_command_log_records_lines_and_modes(lab: LabUnderTest) -> None:
    with lab.connect("ios-1") as conn:
        conn.send_config_set(["hostname logged"])
    entries = command_log(state_dir=lab.state, device="ios-1")
    assert ("config", "hostname logged") in [(e.mode, e.line) for e in entries]
    assert all(PASSWORD not in e.line for e in entries)


def test_exec_request_without_a_shell(lab: LabUnderTest) -> None:
    endpoint = lab.endpoints["ios-1"]
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    client.connect(endpoint.host, port=endpoint.port, username="admin", password=PASSWORD, look_for_keys=False, allow_agent=False)
    try:
        _, stdout, _ = client.exec_command("show running-config | include ^hostname")
        assert stdout.read().decode() == "hostname Switch\r\n"
    finally:
        client.close()
