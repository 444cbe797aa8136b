"""Each injectable fault, seen through netmiko."""

from __future__ import annotations

import time

import pytest
from lab_session import LabUnderTest
from netmiko.exceptions import NetmikoAuthenticationException, NetmikoTimeoutException, ReadTimeout

from provisioner.lab import Fault, LabError, clear_faults, lab_status, set_fault

pytestmark = pytest.mark.integration


def test_auth_failure_then_clear(lab: LabUnderTest) -> None:
    set_fault(state_dir=lab.state, device="ios-1", fault=Fault(auth_failure=True))
    with pytest.raises(NetmikoAuthenticationException):
        lab.connect("ios-1")
    clear_faults(state_dir=lab.state, device="ios-1")
    with lab.connect("ios-1") as conn:
        assert conn.find_prompt() == "Switch#"


def test_wrong_password_is_refused(lab: LabUnderTest) -> None:
    with pytest.raises(NetmikoAuthenticationException):
        lab.connect("hp-1", password="wrong")


def test_unreachable_refuses_connections_until_cleared(lab: LabUnderTest) -> None:
    set_fault(state_dir=lab.state, device="hp-2", fault=Fault(unreachable=True))
    with pytest.raises(NetmikoTimeoutException, match="TCP connection to device failed"):
        lab.connect("hp-2", conn_timeout=2)
    status = lab_status(state_dir=lab.state)
    assert status is not None
    assert status.devices["hp-2"].faults.unreachable
    clear_faults(state_dir=lab.state)
    with lab.connect("hp-2") as conn:
        assert conn.find_prompt() == "HP-2530-8G-PoEP#"


def test_latency_is_added_per_command(lab: LabUnderTest) -> None:
    with lab.connect("ios-2") as conn:
        start = time.perf_counter()
        conn.send_command("show version")
        fast = time.perf_counter() - start
        set_fault(state_dir=lab.state, device="ios-2", fault=Fault(latency_ms=400))
        start = time.perf_counter()
        conn.send_command("show version")
        slow = time.perf_counter() - start
    assert slow >= 0.4
    assert slow > fast + 0.3


def test_rejected_pattern_answers_with_the_platform_error(lab: LabUnderTest) -> None:
    set_fault(state_dir=lab.state, device="ios-1", fault=Fault(reject_pattern=r"^\s*ntp server"))
    set_fault(state_dir=lab.state, device="hp-1", fault=Fault(reject_pattern="ntp server"))
    with lab.connect("ios-1") as conn:
        out = conn.send_config_set(["ntp server 10.0.0.1", "logging host 10.0.0.2"])
    assert "% Invalid input detected at '^' marker." in out
    assert "ntp server" not in lab.running("ios-1")
    assert "logging host 10.0.0.2" in lab.running("ios-1")
    with lab.connect("hp-1") as conn:
        out = conn.send_config_set(["ntp server 10.0.0.1 iburst"])
    assert "Invalid input: ntp" in out
    assert "ntp server" not in lab.running("hp-1")


@pytest.mark.parametrize("name", ["ios-2", "hp-2"])
def test_drop_after_n_config_lines(lab: LabUnderTest, name: str) -> None:
    set_fault(state_dir=lab.state, device=name, fault=Fault(drop_after_lines=3))
    # IOS starts in VTP server mode, where only VLANs above 1005 are printed in the running config.
    ids = [2011, 2012, 2013, 2014] if name.startswith("ios") else [11, 12, 13, 14]
    lines = [f"vlan {i}" for i in ids]
    conn = lab.connect(name)
    with pytest.raises(ReadTimeout):
        conn.send_config_set(lines, read_timeout=2)
    assert not conn.is_alive()
    conn.disconnect()
    running = lab.running(name).splitlines()
    assert f"vlan {ids[0]}" in running
    assert f"vlan {ids[1]}" in running
    assert f"vlan {ids[2]}" not in running
    assert f"vlan {ids[3]}" not in running


def test_unknown_device_and_bad_fault_are_clear_errors(lab: LabUnderTest) -> None:
    with pytest.raises(LabError, match="no device 'nope'"):
        set_fault(state_dir=lab.state, device="nope", fault=Fault(latency_ms=1))
    with pytest.raises(LabError, match="not a valid regular expression"):
        set_fault(state_dir=lab.state, device="ios-1", fault=Fault(reject_pattern="("))
