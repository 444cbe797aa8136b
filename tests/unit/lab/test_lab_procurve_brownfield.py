"""ArubaOS-Switch 16.x lines printed the way real firmware prints them (passwords, SNMP contact, IPv6 on VLAN 1)."""

from __future__ import annotations

import hashlib

from lab_cli import Cli

SHA1_OF_PASSWORD = "5baa61e4c9b93f3f0682250b6cf8331b7ee68fd8"


def test_set_passwords_print_as_bare_lines_at_the_end(hp: Cli) -> None:
    """Without include-credentials a set password prints as a bare `password manager` / `password operator`
    line after everything else. Source: corpus 2920-16.08-hpe-community-dhcp-snooping.cfg (last two lines)
    and 2930f-16.07-hpe-community-intervlan.cfg (last line)."""
    hp.config('password manager user-name "admin" plaintext "Adm1n-Pass"')
    assert hp.running().endswith("   exit\npassword manager\n")
    hp.config('password operator user-name "op" plaintext "Op-Pass1"')
    text = hp.running()
    assert text.endswith("   exit\npassword manager\npassword operator\n")
    assert "Adm1n-Pass" not in text
    assert "Op-Pass1" not in text
    hp.config("no password operator")
    assert hp.running().endswith("\npassword manager\n")


def test_include_credentials_prints_user_and_sha1_after_it(hp: Cli) -> None:
    """With include-credentials the user name and SHA-1 follow `include-credentials` near the top.
    Source: corpus 2920-16.01-hpe-imc-ztp.cfg lines `include-credentials` /
    `password manager user-name "admin" sha1 "5baa61e4..."` (SHA-1 of `password`)."""
    hp.config("include-credentials", 'password manager user-name "admin" plaintext "password"')
    text = hp.running()
    assert f'include-credentials\npassword manager user-name "admin" sha1 "{SHA1_OF_PASSWORD}"\n' in text
    assert not text.endswith("password manager\n")


def test_the_printed_sha1_line_is_accepted_back(hp: Cli) -> None:
    """Seeding the corpus line `password manager user-name "admin" sha1 "<hex>"` stores that digest."""
    hp.config("include-credentials", f'password manager user-name "admin" sha1 "{SHA1_OF_PASSWORD}"')
    assert hp.device.running.managers == {"admin": SHA1_OF_PASSWORD}
    assert "Invalid input: nothex" in hp.config('password operator user-name "op" sha1 "nothex"')
    assert hashlib.sha1(b"password", usedforsecurity=False).hexdigest() == SHA1_OF_PASSWORD


def test_contact_and_location_print_on_one_line(hp: Cli) -> None:
    """Source: corpus 2920-16.08 `snmp-server contact "IT" location "1OG"`; contact alone stays alone
    (2930f-16.07 `snmp-server contact "netadmin@example.test"`)."""
    hp.config('snmp-server contact "IT"')
    assert 'snmp-server contact "IT"\n' in hp.running()
    hp.config('snmp-server location "1OG"')
    text = hp.running()
    assert 'snmp-server community "public" unrestricted\nsnmp-server contact "IT" location "1OG"\n' in text
    assert "snmp-server location" not in text
    hp.config('snmp-server contact "Other" location "Room 2"')
    assert 'snmp-server contact "Other" location "Room 2"\n' in hp.running()


def test_vlan1_ipv6_defaults_can_be_removed_and_restored(hp: Cli) -> None:
    """`ipv6 enable` / `ipv6 address dhcp full` are VLAN context lines with `no` forms (corpus 2930m-16.11)."""
    hp.config("vlan 1", "no ipv6 address dhcp full", "no ipv6 enable")
    assert "ipv6" not in hp.running()
    hp.config("vlan 1", "ipv6 enable", "ipv6 address dhcp full")
    assert "   ip address dhcp-bootp\n   ipv6 enable\n   ipv6 address dhcp full\n   exit\n" in hp.running()
