"""C9800 WLAN security and policy-profile lines that real 17.x configs carry.

Source for the command forms: Cisco Catalyst 9800 Series Configuration Guide 17.x, chapters "WPA3",
"802.11r BSS Fast Transition", "Protected Management Frames", "MAC Filtering", "AAA Override",
"Network Access Control" (and the IOS-XE command reference: `security wpa akm`, `security ft`,
`security pmf`, `mac-filtering`, `aaa-override`, `nac`, `accounting-list`).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from lab_cli import Cli


@pytest.fixture
def wlc(make_cli: Callable[..., Cli]) -> Cli:
    return make_cli("cisco_c9800", "C9800-CL")


def _block(text: str, head: str) -> list[str]:
    return text.split(head + "\n", 1)[1].split("!\n", 1)[0].splitlines()


def test_wpa3_sae_with_ft_and_pmf_round_trips(wlc: Cli) -> None:
    lines = [
        "wlan corp 3 CORP",
        " mac-filtering MACLIST",
        " security ft",
        " security pmf mandatory",
        " no security wpa wpa2",
        " no security wpa akm dot1x",
        " security wpa akm sae",
        " security wpa akm ft sae",
        " security wpa akm ft dot1x",
        " security wpa wpa3",
        " no shutdown",
    ]
    out = wlc.config(*lines)
    assert "%" not in out.split("\n", 1)[1]
    block = _block(wlc.running(), "wlan corp 3 CORP")
    assert block == [
        " mac-filtering MACLIST",
        " security ft",
        " security pmf mandatory",
        " no security wpa wpa2",
        " no security wpa akm dot1x",
        " security wpa akm sae",
        " security wpa akm ft dot1x",
        " security wpa akm ft sae",
        " security wpa wpa3",
        " no shutdown",
    ]


@pytest.mark.parametrize("line", ["security ft adaptive", "no security ft adaptive", "security pmf optional"])
def test_ft_adaptive_and_pmf_optional_print_as_given(wlc: Cli, line: str) -> None:
    wlc.config("wlan w 4 W", line)
    assert f" {line}\n" in wlc.running()


@pytest.mark.parametrize("akm", ["ft psk", "dot1x-sha256", "psk-sha256", "owe", "cckm", "suiteb", "suiteb192"])
def test_every_akm_has_a_no_form(wlc: Cli, akm: str) -> None:
    wlc.config("wlan w 4 W", f"security wpa akm {akm}")
    assert f" security wpa akm {akm}\n" in wlc.running()
    wlc.config("wlan w 4 W", f"no security wpa akm {akm}")
    assert f"akm {akm}\n" not in wlc.running()


def test_mac_filtering_without_a_list_and_its_no_form(wlc: Cli) -> None:
    wlc.config("wlan w 4 W", "mac-filtering")
    assert " mac-filtering\n" in wlc.running()
    wlc.config("wlan w 4 W", "no mac-filtering")
    assert "mac-filtering" not in wlc.running()


def test_security_lines_need_a_shut_wlan(wlc: Cli) -> None:
    """The lab's existing rule (security changes only while shut) covers the new lines too."""
    out = wlc.config("wlan w 4 W", "no shutdown", "security pmf mandatory")
    assert "must be disabled (shutdown)" in out
    assert "security pmf" not in wlc.running()


def test_policy_profile_aaa_override_nac_accounting(wlc: Cli) -> None:
    wlc.config("wireless profile policy PP", "aaa-override", "nac", "accounting-list ACCT", "vlan 10")
    block = _block(wlc.running(), "wireless profile policy PP")
    assert block == [" aaa-override", " accounting-list ACCT", " nac", " vlan 10", " shutdown"]
    wlc.config("wireless profile policy PP", "no aaa-override", "no nac", "no accounting-list")
    assert _block(wlc.running(), "wireless profile policy PP") == [" vlan 10", " shutdown"]
