"""Which part of a controller config each site owns, the transactions of a run, AP names, PSK lines."""

from __future__ import annotations

from provisioner.netconfig.render import cisco_mac
from provisioner.netconfig.writeonly import merge_write_only, split_write_only, strip_write_only
from provisioner.wlan import names
from provisioner.wlan.controller import ORPHANS, WLANS_CLEANUP, WLANS_UPDATE, ControllerRun, Partitioner, joined_aps, transactions

RUNNING = """Building configuration...

Current configuration : 999 bytes
!
hostname wlc
!
wireless profile flex default-flex-profile
 description "default flex profile"
!
wireless profile flex fp_gs-a
 native-vlan-id 99
!
wireless profile policy pp_gs-a_paed
 vlan 10
!
wireless profile policy pp_gs-a-2_paed
 vlan 10
!
wireless profile policy handmade
 vlan 77
!
wlan wl_schule 1 Schule
 no shutdown
!
wlan handmade 9 Test
 no shutdown
!
wireless tag site st_gs-a
 flex-profile fp_gs-a
!
wireless tag policy pt_gone
 wlan wl_schule policy pp_gone_paed
!
ap 70ea.1a10.0001
 policy-tag pt_gs-a
 site-tag st_gs-a
!
ap 70ea.1a10.0002
 policy-tag pt_gone
!
ap 70ea.1a10.0003
 policy-tag pt_gs-a
!
ap 70ea.1a10.0009
 policy-tag default-policy-tag
!
end
"""
SITES = {"gs-a": {"70ea.1a10.0001": "gsa-ap1"}, "gs-a-2": {"70ea.1a10.0003": "gsa2-ap1"}}


def test_owners_follow_names_macs_then_tags() -> None:
    parts = Partitioner(SITES).parts(RUNNING)
    assert parts[("site", "gs-a")] == [
        "wireless profile flex fp_gs-a",
        " native-vlan-id 99",
        "wireless profile policy pp_gs-a_paed",
        " vlan 10",
        "wireless tag site st_gs-a",
        " flex-profile fp_gs-a",
        "ap 70ea.1a10.0001",
        " policy-tag pt_gs-a",
        " site-tag st_gs-a",
    ]
    # the MAC says gs-a-2 even though the tags still name gs-a (an AP that moved)
    assert parts[("site", "gs-a-2")] == ["wireless profile policy pp_gs-a-2_paed", " vlan 10", "ap 70ea.1a10.0003", " policy-tag pt_gs-a"]
    assert parts[("site", "gone")] == [
        "wireless tag policy pt_gone",
        " wlan wl_schule policy pp_gone_paed",
        "ap 70ea.1a10.0002",
        " policy-tag pt_gone",
    ]
    assert parts[("wlan", "wl_schule")] == ["wlan wl_schule 1 Schule", " no shutdown"]
    owned = {line for lines in parts.values() for line in lines}
    assert not owned & {
        "hostname wlc",
        "wireless profile policy handmade",
        "ap 70ea.1a10.0009",
        "wireless profile flex default-flex-profile",
    }


def test_names_never_collide_across_sites() -> None:
    assert names.owner_of(names.policy_profile("gs-a-2", "paed")) == "gs-a-2"
    assert names.owner_of(names.policy_profile("gs-a", "paed")) == "gs-a"
    assert names.owner_of("default-site-tag") is None
    assert names.owner_of("pp_x") is None


def test_a_limited_run_has_no_cleanup_and_a_full_run_removes_leftovers() -> None:
    limited = transactions(ControllerRun(sites=SITES, scope=["gs-a"], full=False), "")
    assert [t.label for t in limited] == [WLANS_UPDATE, "gs-a"]
    full = transactions(ControllerRun(sites=SITES, scope=list(SITES), full=True), "")
    assert [t.label for t in full] == [WLANS_UPDATE, "gs-a", "gs-a-2", ORPHANS, WLANS_CLEANUP]
    orphans = full[3]
    assert orphans.intended == ""
    assert orphans.view(RUNNING).splitlines()[0] == "wireless tag policy pt_gone"
    assert "hostname" not in orphans.view(RUNNING)
    assert "gs-a" not in orphans.view(RUNNING)


def test_the_wlan_update_view_only_shows_wlans_org_yml_still_has() -> None:
    intended = "wlan wl_gaeste 4 Gast\n no shutdown"
    update, *_ = transactions(ControllerRun(sites=SITES, scope=[], full=True), intended)
    assert update.intended == intended
    assert update.view(RUNNING) == ""  # schule is not removed before the sites let go of it
    cleanup = transactions(ControllerRun(sites=SITES, scope=[], full=True), intended)[-1]
    assert cleanup.view(RUNNING) == "wlan wl_schule 1 Schule\n no shutdown"  # never the hand-made one


def test_an_intended_block_nobody_owns_is_refused_before_connecting() -> None:
    import pytest

    from provisioner.netconfig.models import NetconfigError

    with pytest.raises(NetconfigError, match="1 block"):
        transactions(ControllerRun(sites=SITES, scope=[], full=True), "wireless tag site lab-tag\n description x")


def test_show_ap_summary_rows_give_mac_and_name() -> None:
    summary = (
        "Number of APs: 2\n\nAP Name                          Slots AP Model              Ethernet MAC    Radio MAC       ...\n"
        + "-" * 80
        + "\nlmg-r101-ap01                    2     C9120AXI-E            70ea.1a10.0001  70ea.1a10.0010  default location\n"
        + "AP70EA.1A10.0002                 2     C9120AXI-E            70ea.1a10.0002  70ea.1a10.0020  default location\n"
    )
    assert joined_aps(summary) == {"70ea.1a10.0001": "lmg-r101-ap01", "70ea.1a10.0002": "AP70EA.1A10.0002"}
    assert cisco_mac("70:EA:1A:10:00:01".lower()) == "70ea.1a10.0001"


def test_psk_lines_are_never_diffed_and_go_out_with_their_wlan() -> None:
    lines = ["wlan kita 3 Kita", " security wpa akm psk", " security wpa psk set-key ascii 0 Secret-Key-1", " no shutdown"]
    visible, hidden = split_write_only(platform="CISCO_IOS", lines=lines)
    assert visible == ["wlan kita 3 Kita", " security wpa akm psk", " no shutdown"]
    running = "wlan kita 3 Kita\n security wpa akm psk\n security wpa psk set-key ascii 8 ABCDEF\n no shutdown"
    assert "set-key" not in strip_write_only(platform="CISCO_IOS", text=running)
    assert merge_write_only(commands=["wlan kita 3 Kita", " no shutdown"], hidden=hidden, rotate=False) == [
        "wlan kita 3 Kita",
        " security wpa psk set-key ascii 0 Secret-Key-1",
        " no shutdown",
    ]
    assert merge_write_only(commands=[], hidden=hidden, rotate=False) == []
    assert merge_write_only(commands=[], hidden=hidden, rotate=True) == [
        "wlan kita 3 Kita",
        " security wpa psk set-key ascii 0 Secret-Key-1",
    ]


def test_security_changes_of_an_enabled_wlan_are_wrapped_in_shutdown() -> None:
    from provisioner.wlan.controller import shut_for_security

    running = "wlan wl_a 1 A\n no shutdown\nwlan wl_b 2 B\n shutdown\nwlan wl_c 3 C\n no shutdown"
    commands = [
        "wlan wl_a 1 A",
        "  no security wpa wpa3",
        "  security wpa wpa2",
        "wlan wl_b 2 B",
        "  security wpa wpa3",
        "wlan wl_c 3 C",
        "  radio policy dot11 6ghz",
        "wlan wl_new 4 N",
        "  security wpa akm psk",
        "  no shutdown",
    ]
    assert shut_for_security(running, commands) == [
        "wlan wl_a 1 A",
        "  shutdown",
        "  no security wpa wpa3",
        "  security wpa wpa2",
        "  no shutdown",
        "wlan wl_b 2 B",  # already shut: stays shut, as intended says nothing else
        "  security wpa wpa3",
        "wlan wl_c 3 C",  # no security line: no need to disable it
        "  radio policy dot11 6ghz",
        "wlan wl_new 4 N",  # new WLANs are created shut and enabled last by the template
        "  security wpa akm psk",
        "  no shutdown",
    ]
