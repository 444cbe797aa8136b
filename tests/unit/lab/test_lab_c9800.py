"""The simulated Catalyst 9800: wireless config model, strict parsing, references, AP table, show output."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from lab_cli import Cli

from provisioner.lab.c9800_config import decrypt_psk, encrypt_psk
from provisioner.lab.models import Fault

MD5 = "$1$mERr$hx5rVt7rPNoS4wqbXKX7m0"
INVALID = "% Invalid input detected at '^' marker."

SITE = [
    "wireless profile flex FP-ggs",
    ' description "flex ggs"',
    " native-vlan-id 99",
    " vlan-name paed",
    "  vlan-id 10",
    " vlan-name guest",
    "  vlan-id 40",
    "wireless profile policy PP-paed",
    ' description "paed clients"',
    " vlan paed",
    " no central-switching",
    " no central-dhcp",
    " no shutdown",
    "wlan paed 1 SCHULE-PAED",
    " no security wpa akm dot1x",
    " security wpa akm psk",
    " security wpa psk set-key ascii 0 SuperSecret123",
    " radio policy dot11 5ghz",
    " no broadcast-ssid",
    " no shutdown",
    "wlan eduroam 2 eduroam",
    " security dot1x authentication-list ISE",
    " security wpa wpa3",
    " no security wpa wpa2",
    "wlan guest 3 GUEST",
    " security web-auth",
    " security web-auth parameter-map captive",
    "wireless tag site ST-ggs",
    ' description "site ggs"',
    " flex-profile FP-ggs",
    " no local-site",
    "wireless tag policy PT-ggs",
    ' description "policy ggs"',
    " wlan paed policy PP-paed",
    " wlan eduroam policy PP-paed",
    "ap 70ea.1a10.0001",
    " policy-tag PT-ggs",
    " site-tag ST-ggs",
    "ap 70EA.1A10.0002",
    " policy-tag PT-ggs",
    " site-tag ST-ggs",
    " rf-tag default-rf-tag",
]


@pytest.fixture
def wlc(make_cli: Callable[..., Cli]) -> Cli:
    return make_cli("cisco_c9800", "C9800-CL")


def _site(wlc: Cli) -> str:
    out = wlc.config(*SITE)
    assert "%" not in out, out
    return wlc.running()


def test_factory_config_has_default_objects_and_no_wlans(wlc: Cli) -> None:
    text = wlc.run("show running-config")
    assert text.startswith("Building configuration...\n\nCurrent configuration : ")
    assert "hostname WLC\n" in text
    for block in (
        'wireless profile flex default-flex-profile\n description "default flex profile"\n!\n',
        'wireless profile policy default-policy-profile\n description "default policy profile"\n no shutdown\n!\n',
        'wireless tag site default-site-tag\n description "default site tag"\n!\n',
        'wireless tag policy default-policy-tag\n description "default policy-tag"\n!\n',
        'wireless tag rf default-rf-tag\n description "default RF tag"\n!\n',
    ):
        assert block in text
    assert "\nwlan " not in text
    assert "\nap " not in text
    assert text.rstrip().endswith("end")
    assert "Number of WLANs: 0" in wlc.run("show wlan summary")


def test_prompts_follow_wireless_modes(wlc: Cli) -> None:
    seen = []
    lines = [
        "configure terminal",
        "wlan w 1 s",
        "wireless profile policy p",
        "wireless profile flex f",
        " vlan-name v",
        " exit",
        "wireless tag policy t",
        "wireless tag site s",
        "ap 70ea.1a10.0001",
        "end",
    ]
    for line in lines:
        wlc.send(line)
        seen.append(wlc.prompt)
    assert seen == [
        "WLC(config)#",
        "WLC(config-wlan)#",
        "WLC(config-wireless-policy)#",
        "WLC(config-wireless-flex-profile)#",
        "WLC(config-wireless-flex-profile-vlan)#",
        "WLC(config-wireless-flex-profile)#",
        "WLC(config-policy-tag)#",
        "WLC(config-site-tag)#",
        "WLC(config-ap-tag)#",
        "WLC#",
    ]


def test_global_commands_come_from_ios(wlc: Cli) -> None:
    out = wlc.config(
        "hostname wlc-rz-01",
        f"username admin privilege 15 secret 5 {MD5}",
        "vlan 99",
        " name mgmt",
        "interface Vlan99",
        " ip address 10.250.0.5 255.255.255.0",
        "ip route 0.0.0.0 0.0.0.0 10.250.0.1",
        "ntp server 10.0.0.1",
        "logging host 10.0.0.2",
        "snmp-server location RZ",
    )
    assert "%" not in out
    text = wlc.running()
    assert "hostname wlc-rz-01\n!\n" in text
    assert f"username admin privilege 15 secret 5 {MD5}\n" in text
    assert "vlan 99\n name mgmt\n!\n" in text
    assert "interface Vlan99\n ip address 10.250.0.5 255.255.255.0\n!\n" in text
    assert "ip route 0.0.0.0 0.0.0.0 10.250.0.1\n" in text
    assert "logging host 10.0.0.2\nsnmp-server location RZ\n" in text
    assert "ntp server 10.0.0.1\n" in text
    wlc.config("no ip route 0.0.0.0 0.0.0.0 10.250.0.1", "no hostname")
    assert "ip route" not in wlc.running()
    assert "hostname WLC\n" in wlc.running()


def test_full_site_renders_in_canonical_form(wlc: Cli) -> None:
    text = _site(wlc)
    expected = [
        'wireless profile flex FP-ggs\n description "flex ggs"\n native-vlan-id 99\n vlan-name paed\n  vlan-id 10\n'
        " vlan-name guest\n  vlan-id 40\n!\n",
        'wireless profile policy PP-paed\n description "paed clients"\n no central-dhcp\n no central-switching\n vlan paed\n'
        " no shutdown\n!\n",
        "wlan paed 1 SCHULE-PAED\n radio policy dot11 5ghz\n no broadcast-ssid\n no security wpa akm dot1x\n security wpa akm psk\n"
        f" security wpa psk set-key ascii 8 {encrypt_psk('SuperSecret123')}\n no shutdown\n!\n",
        "wlan eduroam 2 eduroam\n no security wpa wpa2\n security wpa wpa3\n security dot1x authentication-list ISE\n shutdown\n!\n",
        "wlan guest 3 GUEST\n security web-auth\n security web-auth parameter-map captive\n shutdown\n!\n",
        'wireless tag site ST-ggs\n description "site ggs"\n flex-profile FP-ggs\n no local-site\n!\n',
        'wireless tag policy PT-ggs\n description "policy ggs"\n wlan paed policy PP-paed\n wlan eduroam policy PP-paed\n!\n',
        "ap 70ea.1a10.0001\n policy-tag PT-ggs\n site-tag ST-ggs\n!\n"
        "ap 70ea.1a10.0002\n policy-tag PT-ggs\n site-tag ST-ggs\n rf-tag default-rf-tag\n!\n",
    ]
    positions = []
    for block in expected:
        assert block in text, block
        positions.append(text.index(block))
    assert positions == sorted(positions)


def test_psk_is_never_shown_in_clear(wlc: Cli) -> None:
    text = _site(wlc)
    assert "SuperSecret123" not in text
    assert "SuperSecret123" not in wlc.run("show startup-config", "write memory", "show startup-config")
    shown = encrypt_psk("SuperSecret123")
    assert decrypt_psk(shown) == "SuperSecret123"
    refused = wlc.config("wlan paed", f" security wpa psk set-key ascii 8 {shown}")
    assert "% Error: WLAN paed must be disabled (shutdown) before its security settings change" in refused
    assert (
        wlc.config("wlan paed", " shutdown", f" security wpa psk set-key ascii 8 {shown}", " no shutdown")
        == "Enter configuration commands, one per line.  End with CNTL/Z.\n"
    )
    assert wlc.running() == text
    assert "% Error: the encrypted key" in wlc.config("wlan paed", " shutdown", " security wpa psk set-key ascii 8 ZZZZ")
    assert "between 8 and 63" in wlc.config("wlan paed", " security wpa psk set-key ascii 0 short")
    wlc.config("wlan paed", " no shutdown")
    assert wlc.running() == text


def test_new_wlan_and_policy_profile_are_shut(wlc: Cli) -> None:
    wlc.config("wlan w 5 ssid5", "wireless profile policy p")
    text = wlc.running()
    assert "wlan w 5 ssid5\n shutdown\n!\n" in text
    assert "wireless profile policy p\n shutdown\n!\n" in text
    wlc.config("wlan w", " no shutdown", "wireless profile policy p", " no shutdown")
    assert "wlan w 5 ssid5\n no shutdown\n!\n" in wlc.running()
    assert "UP" in wlc.run("show wlan summary")


@pytest.mark.parametrize(
    "line",
    [
        "wlan bad 0 ssid",
        "wlan bad 4097 ssid",
        "wlan bad one ssid",
        "wireless profile nonsense x",
        "wireless tag policy",
        "ap 70ea.1a10.000g",
        "ap 70:ea:1a:10:00:01",
        "radio policy dot11 5ghz",
        "central-switching",
    ],
)
def test_strict_rejections_change_nothing(wlc: Cli, line: str) -> None:
    before = wlc.running()
    out = wlc.config(line)
    assert INVALID in out or "% Incomplete command." in out
    assert wlc.running() == before


@pytest.mark.parametrize(
    ("mode", "line"),
    [
        ("wlan w 1 s", " radio policy dot11 60ghz"),
        ("wlan w 1 s", " security wpa psk set-key ascii 7 abcdefgh"),
        ("wlan w 1 s", " security wpa akm foo"),
        ("wlan w 1 s", " native-vlan-id 10"),
        ("wireless profile policy p", " security wpa akm psk"),
        ("wireless profile flex f", " vlan-id 10"),
        ("wireless profile flex f", " native-vlan-id 5000"),
        ("wireless tag site s", " wlan x policy y"),
        ("ap 70ea.1a10.0001", " flex-profile default-flex-profile"),
    ],
)
def test_sub_mode_rejections(wlc: Cli, mode: str, line: str) -> None:
    wlc.config(mode)
    before = wlc.running()
    out = wlc.config(mode, line)
    assert INVALID in out or "% Incomplete command." in out, out
    assert wlc.running() == before


def test_references_must_exist(wlc: Cli) -> None:
    wlc.config("wlan w 1 s")
    before = wlc.running().split("\n", 3)[3]
    out = wlc.config(
        "wireless tag policy T",
        " wlan nope policy default-policy-profile",
        " wlan w policy nope",
        "wireless tag site S",
        " flex-profile nope",
        "ap 70ea.1a10.0001",
        " policy-tag nope",
        " site-tag nope",
        " rf-tag nope",
    )
    for message in (
        "% Error: WLAN profile nope does not exist",
        "% Error: Policy profile nope does not exist",
        "% Error: Flex profile nope does not exist",
        "% Error: Policy tag nope does not exist",
        "% Error: Site tag nope does not exist",
        "% Error: RF tag nope does not exist",
    ):
        assert message in out
    after = wlc.running().split("\n", 3)[3]
    assert "wireless tag policy T\n!\n" in after
    assert "ap 70ea.1a10.0001\n!\n" in after
    assert (
        after.replace("wireless tag site S\n!\n", "").replace("wireless tag policy T\n!\n", "").replace("ap 70ea.1a10.0001\n!\n", "")
        == before
    )


def test_wlan_id_and_name_conflicts(wlc: Cli) -> None:
    wlc.config("wlan w 1 s")
    assert "% Error: wlan-id 1 is already used by WLAN profile w" in wlc.config("wlan other 1 s2")
    assert "% Error: WLAN profile w already exists with wlan-id 1" in wlc.config("wlan w 2 s")
    assert "% Incomplete command." in wlc.config("wlan unknown")
    assert "wlan other" not in wlc.running()


def test_objects_in_use_cannot_be_deleted(wlc: Cli) -> None:
    text = _site(wlc)
    out = wlc.config(
        "no wireless tag policy PT-ggs",
        "no wireless tag site ST-ggs",
        "no wireless profile policy PP-paed",
        "no wireless profile flex FP-ggs",
        "no wlan paed 1 SCHULE-PAED",
        "no wireless tag policy default-policy-tag",
        "no wireless profile policy default-policy-profile",
    )
    assert "% Error: Policy tag PT-ggs is in use by 2 AP(s) (70ea.1a10.0001, 70ea.1a10.0002)" in out
    assert "% Error: Site tag ST-ggs is in use by 2 AP(s)" in out
    assert "% Error: Policy profile PP-paed is in use by 1 tag(s) (PT-ggs)" in out
    assert "% Error: Flex profile FP-ggs is in use by 1 tag(s) (ST-ggs)" in out
    assert "% Error: WLAN profile paed is in use by policy tag PT-ggs" in out
    assert "% Error: Policy tag default-policy-tag is a default object and cannot be deleted" in out
    assert "is a default object" in out.split("default-policy-tag")[-1]
    assert wlc.running() == text


def test_removing_a_site_in_dependency_order(wlc: Cli) -> None:
    _site(wlc)
    out = wlc.config(
        "no ap 70ea.1a10.0001",
        "no ap 70ea.1a10.0002",
        "no wireless tag policy PT-ggs",
        "no wireless tag site ST-ggs",
        "no wlan paed 1 SCHULE-PAED",
        "no wlan eduroam",
        "no wireless profile policy PP-paed",
        "no wireless profile flex FP-ggs",
    )
    assert "%" not in out
    text = wlc.running()
    for gone in ("PT-ggs", "ST-ggs", "PP-paed", "FP-ggs", "wlan paed", "wlan eduroam", "\nap "):
        assert gone not in text
    assert "wlan guest 3 GUEST\n" in text
    assert "Number of APs: 2" in wlc.run("show ap summary")


def test_no_forms_inside_sub_modes(wlc: Cli) -> None:
    factory_plus = _site(wlc)
    out = wlc.config(
        "wlan paed",
        " shutdown",
        " security wpa akm dot1x",
        " no security wpa akm psk",
        " no security wpa psk set-key ascii 8 " + encrypt_psk("SuperSecret123"),
        " no radio policy dot11 5ghz",
        " broadcast-ssid",
        "wlan eduroam",
        " no security dot1x authentication-list ISE",
        " security wpa wpa2",
        " no security wpa wpa3",
        "wlan guest",
        " no security web-auth parameter-map captive",
        " no security web-auth",
        "wireless profile policy PP-paed",
        ' no description "paed clients"',
        " no vlan paed",
        " central-switching",
        " central dhcp",
        " shutdown",
        "wireless profile flex FP-ggs",
        " no native-vlan-id 99",
        " no vlan-name guest",
        " vlan-name paed",
        "  no vlan-id 10",
        " no description",
        "wireless tag site ST-ggs",
        " no flex-profile FP-ggs",
        " local-site",
        " no description",
        "wireless tag policy PT-ggs",
        " no wlan eduroam policy PP-paed",
        " no description",
        "ap 70ea.1a10.0002",
        " no policy-tag PT-ggs",
        " no site-tag",
        " no rf-tag default-rf-tag",
    )
    assert "%" not in out, out
    text = wlc.running()
    assert text != factory_plus
    assert "wlan paed 1 SCHULE-PAED\n shutdown\n!\n" in text
    assert "wlan eduroam 2 eduroam\n shutdown\n!\n" in text
    assert "wlan guest 3 GUEST\n shutdown\n!\n" in text
    assert "wireless profile policy PP-paed\n shutdown\n!\n" in text
    assert "wireless profile flex FP-ggs\n vlan-name paed\n!\n" in text
    assert "wireless tag site ST-ggs\n!\n" in text
    assert "wireless tag policy PT-ggs\n wlan paed policy PP-paed\n!\n" in text
    assert "ap 70ea.1a10.0002\n!\n" in text


def test_flex_vlan_sub_mode_falls_back_to_flex_and_config(wlc: Cli) -> None:
    wlc.config("wireless profile flex f", " vlan-name a", "  vlan-id 10", ' description "d"', "ntp server 10.0.0.9")
    text = wlc.running()
    assert 'wireless profile flex f\n description "d"\n vlan-name a\n  vlan-id 10\n!\n' in text
    assert "ntp server 10.0.0.9\n" in text


def test_ap_rename_and_show_ap_summary(wlc: Cli) -> None:
    before = _site(wlc)
    assert wlc.run("ap name AP70EA.1A10.0001 name ggs-ap-01") == ""
    assert wlc.running() == before
    summary = wlc.run("show ap summary")
    assert "Number of APs: 2\n" in summary
    rows = [line.split() for line in summary.splitlines() if "70ea.1a10" in line]
    assert [(r[0], r[2], r[3], r[-2], r[-1]) for r in rows] == [
        ("ggs-ap-01", "C9120AXI-E", "70ea.1a10.0001", "10.16.0.1", "Registered"),
        ("AP70EA.1A10.0002", "C9120AXI-E", "70ea.1a10.0002", "10.16.0.2", "Registered"),
    ]
    assert "not joined" in wlc.run("ap name AP70EA.1A10.0001 name x")
    assert "already used" in wlc.run("ap name ggs-ap-01 name AP70EA.1A10.0002")
    wlc.run("write memory")
    wlc.run("ap name ggs-ap-01 name ggs-ap-1")
    assert not wlc.device.dirty
    assert "ggs-ap-1 " in wlc.config("do show ap summary")


def test_show_wlan_and_tag_summaries(wlc: Cli) -> None:
    _site(wlc)
    wlans = wlc.run("show wlan summary")
    assert "Number of WLANs: 3" in wlans
    assert any(line.split()[:5] == ["1", "paed", "SCHULE-PAED", "UP", "5GHZ"] for line in wlans.splitlines())
    assert any(line.split()[:4] == ["2", "eduroam", "eduroam", "DOWN"] for line in wlans.splitlines())
    policy = wlc.run("show wireless tag policy summary")
    assert "Number of Policy Tags: 2" in policy
    assert "PT-ggs" in policy
    site = wlc.run("show wireless tag site summary")
    assert "Number of Site Tags: 2" in site
    assert "ST-ggs" in site


def test_save_reload_and_exec_from_ios(wlc: Cli) -> None:
    _site(wlc)
    assert wlc.run("write memory") == "Building configuration...\n[OK]\n"
    assert wlc.startup().split("\n", 1)[1] == wlc.running().split("\n", 3)[3]
    wlc.config("no ap 70ea.1a10.0001")
    assert wlc.device.dirty
    assert "Cisco IOS XE Software" in wlc.run("show version")
    assert "C9800" in wlc.run("show version")
    assert "% Invalid input" in wlc.run("show wireless tag rf summary")


def test_fault_injection_applies_to_the_controller(wlc: Cli) -> None:
    wlc.device.fault = Fault(reject_pattern=r"^wlan ")
    before = wlc.running()
    assert INVALID in wlc.config("wlan w 1 s")
    assert wlc.running() == before
    wlc.device.fault = Fault(drop_after_lines=2)
    fresh = Cli(wlc.device)
    fresh.run("configure terminal")
    assert not fresh.send("wireless tag policy T").drop
    assert fresh.send(' description "x"').drop
    assert "wireless tag policy T\n!\n" in wlc.running()


def test_1400_aps_render_fast(wlc: Cli) -> None:
    lines = ["wireless tag policy PT", "wireless tag site ST"]
    for index in range(1400):
        lines += [f"ap 70ea.1a{index // 256:02x}.{index % 256:04x}", " policy-tag PT", " site-tag ST"]
    start = time.perf_counter()
    assert "%" not in wlc.config(*lines)
    push = time.perf_counter() - start
    start = time.perf_counter()
    text = wlc.run("show running-config")
    render = time.perf_counter() - start
    assert text.count("\nap ") == 1400
    assert render < 0.2
    assert push < 10


def test_policy_tag_maps_at_most_16_wlans(wlc: Cli) -> None:
    lines = [f"wlan w{n} {n} s{n}" for n in range(1, 18)]
    lines += ["wireless tag policy T", *(f" wlan w{n} policy default-policy-profile" for n in range(1, 18))]
    out = wlc.config(*lines)
    assert out.count("% Error: a policy tag maps at most 16 WLANs") == 1
    assert " wlan w16 policy default-policy-profile\n!\n" in wlc.running()
    assert "wlan w17 policy" not in wlc.running()
