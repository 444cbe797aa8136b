"""A real lab with one simulated C9800, driven over SSH by netmiko (cisco_ios) and hier_config 3.7.1."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hier_config import WorkflowRemediation, get_hconfig
from hier_config.models import MatchRule, OrderingRule
from hier_config.platforms.cisco_ios.driver import HConfigDriverCiscoIOS
from netmiko import ConnectHandler
from netmiko.exceptions import NetmikoAuthenticationException, ReadTimeout

from provisioner.lab import Fault, LabDeviceSpec, LabEndpoint, clear_faults, get_config, reset_device, set_fault, start_lab, stop_lab
from provisioner.platforms import PLATFORMS

pytestmark = pytest.mark.integration

PASSWORD = "Lab-Wlc-Pw!42"
PORT = int(os.environ.get("PROV_LAB_C9800_TEST_PORT", "2283"))
SPEC = LabDeviceSpec("wlc-1", "cisco_c9800", "C9800-CL", "admin", PASSWORD)


def _site(site: str, number: int, aps: int) -> list[str]:
    lines = [
        f"wireless profile flex FP-{site}",
        f' description "flex {site}"',
        " native-vlan-id 99",
        " vlan-name paed",
        "  vlan-id 10",
        f"wireless profile policy PP-{site}",
        f' description "policy {site}"',
        " vlan paed",
        " no central-switching",
        " no central-dhcp",
        " no shutdown",
        f"wireless tag site ST-{site}",
        f' description "site {site}"',
        f" flex-profile FP-{site}",
        " no local-site",
        f"wireless tag policy PT-{site}",
        f" wlan paed policy PP-{site}",
    ]
    for index in range(aps):
        lines += [f"ap 70ea.1a{number:02x}.{index:04x}", f" policy-tag PT-{site}", f" site-tag ST-{site}"]
    return lines


SETUP = [
    "snmp-server location RZ",
    "ip route 0.0.0.0 0.0.0.0 10.250.0.1",
    "ntp server 10.0.0.1",
    "wlan paed 1 SCHULE-PAED",
    " no security wpa akm dot1x",
    " security wpa akm psk",
    " security wpa psk set-key ascii 0 SuperSecret123",
    " no shutdown",
    "wlan guest 2 GUEST",
    " security web-auth",
    *_site("ggs", 1, 3),
    *_site("kgs", 2, 2),
]


@pytest.fixture(scope="module")
def wlc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, LabEndpoint]]:
    state = tmp_path_factory.mktemp("lab-c9800")
    endpoints = start_lab(devices=[SPEC], state_dir=state, port=PORT)
    try:
        yield state, endpoints[0]
    finally:
        stop_lab(state_dir=state)


@pytest.fixture
def fresh(wlc: tuple[Path, LabEndpoint]) -> tuple[Path, LabEndpoint]:
    clear_faults(state_dir=wlc[0])
    reset_device(state_dir=wlc[0], device=SPEC.name)
    return wlc


def _connect(endpoint: LabEndpoint) -> Any:
    device_type = PLATFORMS[endpoint.platform].netmiko_device_type
    return ConnectHandler(device_type=device_type, host=endpoint.host, port=endpoint.port, username="admin", password=PASSWORD)


def _driver() -> HConfigDriverCiscoIOS:
    """CISCO_IOS, plus: delete APs before the tags they use, and tags before the profiles and WLANs they use."""
    driver = HConfigDriverCiscoIOS()
    driver.rules.ordering.extend(
        [
            OrderingRule(match_rules=(MatchRule(startswith="no wireless tag "),), weight=600),
            OrderingRule(match_rules=(MatchRule(startswith=("no wireless profile ", "no wlan ")),), weight=700),
        ]
    )
    return driver


def _remediation(running: str, intended: str) -> list[str]:
    driver = _driver()
    workflow = WorkflowRemediation(get_hconfig(driver, running), get_hconfig(driver, intended))
    return [line.cisco_style_text() for line in workflow.remediation_config.all_children_sorted()]


def _drop_site(text: str, site: str, number: int) -> str:
    text = re.sub(rf"wireless (profile|tag) \w+ \w+-{site}\n( .*\n)*!\n", "", text)
    return re.sub(rf"ap 70ea\.1a{number:02x}\.\w+\n( .*\n)*!\n", "", text)


def test_send_config_set_save_and_show_run_round_trip(fresh: tuple[Path, LabEndpoint]) -> None:
    state, endpoint = fresh
    with _connect(endpoint) as conn:
        out = conn.send_config_set(SETUP)
        assert "% " not in out
        assert "WLC(config-ap-tag)#" in out
        saved = conn.save_config()
        assert "[OK]" in saved
        running = conn.send_command("show running-config")
        summary = conn.send_command("show ap summary")
        conn.send_command("ap name AP70EA.1A01.0000 name ggs-ap-1", expect_string=r"#")
        renamed = conn.send_command("show ap summary | include ggs-ap-1")
    assert running == get_config(state_dir=state, device=SPEC.name).rstrip("\n")
    assert running.split("\n", 3)[3] == get_config(state_dir=state, device=SPEC.name, which="startup").split("\n", 1)[1].rstrip("\n")
    assert "SuperSecret123" not in running
    assert "wlan paed 1 SCHULE-PAED\n no security wpa akm dot1x\n security wpa akm psk\n security wpa psk set-key ascii 8 " in running
    assert "wireless tag policy PT-kgs\n wlan paed policy PP-kgs\n!" in running
    assert "ap 70ea.1a02.0001\n policy-tag PT-kgs\n site-tag ST-kgs\n!" in running
    assert "Number of APs: 5" in summary
    assert "70ea.1a01.0000" in renamed


def test_hier_config_round_trip_removes_a_site(fresh: tuple[Path, LabEndpoint]) -> None:
    state, endpoint = fresh
    with _connect(endpoint) as conn:
        conn.send_config_set(SETUP)
        running = conn.send_command("show running-config")
        intended = _drop_site(running + "\n", "kgs", 2)
        intended = intended.replace(
            "wlan guest 2 GUEST\n security web-auth\n shutdown\n", "wlan guest 2 GUEST\n security web-auth\n no shutdown\n"
        )
        intended = intended.replace('description "policy ggs"\n vlan paed\n', 'description "policy ggs new"\n vlan 10\n')
        intended = intended.replace("ap 70ea.1a01.0002\n policy-tag PT-ggs\n", "ap 70ea.1a01.0002\n policy-tag default-policy-tag\n")
        assert "kgs" not in intended
        commands = _remediation(running, intended)
        assert "no wireless tag policy PT-kgs" in commands
        assert commands.index("no ap 70ea.1a02.0000") < commands.index("no wireless tag policy PT-kgs")
        assert commands.index("no wireless tag policy PT-kgs") < commands.index("no wireless profile policy PP-kgs")
        out = conn.send_config_set(commands)
        assert "% " not in out, out
        after = conn.send_command("show running-config")
    assert _remediation(after, intended) == []
    assert "kgs" not in after
    assert after == get_config(state_dir=state, device=SPEC.name).rstrip("\n")


def test_hier_config_adds_a_new_site_in_dependency_order(fresh: tuple[Path, LabEndpoint]) -> None:
    state, endpoint = fresh
    with _connect(endpoint) as conn:
        conn.send_config_set(SETUP[:10])
        running = conn.send_command("show running-config")
        tail = "line con 0\n"
        intended = running.replace(tail, "\n".join(_site("ggs", 1, 3)) + "\n" + tail)
        intended = get_hconfig(_driver(), intended)
        commands = _remediation(running, "\n".join(line.cisco_style_text() for line in intended.all_children_sorted()))
        out = conn.send_config_set(commands)
        assert "% " not in out, out
        after = conn.send_command("show running-config")
    assert "ap 70ea.1a01.0002\n policy-tag PT-ggs\n site-tag ST-ggs\n!" in after
    assert _remediation(after, "\n".join(line.cisco_style_text() for line in intended.all_children_sorted())) == []


def test_pushing_50_ap_blocks_over_ssh_is_fast(fresh: tuple[Path, LabEndpoint]) -> None:
    _, endpoint = fresh
    lines = ["wireless tag policy PT", "wireless tag site ST"]
    for index in range(50):
        lines += [f"ap 70ea.1b00.{index:04x}", " policy-tag PT", " site-tag ST"]
    with _connect(endpoint) as conn:
        start = time.perf_counter()
        out = conn.send_config_set(lines)
        elapsed = time.perf_counter() - start
        summary = conn.send_command("show ap summary")
    assert "% " not in out
    assert "Number of APs: 50" in summary
    assert elapsed < 30


def test_faults_apply_to_the_controller(fresh: tuple[Path, LabEndpoint]) -> None:
    state, endpoint = fresh
    set_fault(state_dir=state, device=SPEC.name, fault=Fault(reject_pattern=r"^wlan "))
    with _connect(endpoint) as conn:
        out = conn.send_config_set(["wlan paed 1 SCHULE-PAED", "wireless tag policy PT"])
    assert "% Invalid input detected at '^' marker." in out
    running = get_config(state_dir=state, device=SPEC.name)
    assert "wlan paed" not in running
    assert "wireless tag policy PT\n" in running
    set_fault(state_dir=state, device=SPEC.name, fault=Fault(drop_after_lines=3))
    conn = _connect(endpoint)
    with pytest.raises(ReadTimeout):
        conn.send_config_set(["ap 70ea.1a10.0001", " policy-tag PT", " site-tag default-site-tag"], read_timeout=2)
    conn.disconnect()
    assert "ap 70ea.1a10.0001\n policy-tag PT\n!\n" in get_config(state_dir=state, device=SPEC.name)
    set_fault(state_dir=state, device=SPEC.name, fault=Fault(auth_failure=True))
    with pytest.raises(NetmikoAuthenticationException):
        _connect(endpoint)
