from __future__ import annotations

from collections.abc import Callable

from lab_cli import Cli

from provisioner.lab.models import LabDeviceSpec


def test_factory_config(hp: Cli) -> None:
    """A factory 16.x switch: VLAN 1 takes DHCP for IPv4 and IPv6 (corpus 2930m-16.11-stack-netcanon-contrib.cfg,
    VLAN 1 and oobm: `ip address dhcp-bootp` / `ipv6 enable` / `ipv6 address dhcp full`)."""
    assert hp.run("show running-config") == (
        "Running configuration:\n\n"
        "; JL259A Configuration Editor; Created on release #WC.16.10.0009\n"
        "; Ver #14:01.4f.f8.1d.9b.3f.bf.bb.ef.7c.59.fc.6b.fb.9f.fc.ff.ff.37.ef:05\n"
        'hostname "HP-2930F-24G-4SFP+"\n'
        "module 1 type jl259a\n"
        'snmp-server community "public" unrestricted\n'
        "vlan 1\n"
        '   name "DEFAULT_VLAN"\n'
        "   untagged 1-28\n"
        "   ip address dhcp-bootp\n"
        "   ipv6 enable\n"
        "   ipv6 address dhcp full\n"
        "   exit\n"
    )


def test_prompts(hp: Cli) -> None:
    seen = []
    for line in ("configure", "vlan 10", "interface 5", "exit", "end"):
        hp.send(line)
        seen.append(hp.prompt)
    assert seen == [
        "HP-2930F-24G-4SFP+(config)# ",
        "HP-2930F-24G-4SFP+(vlan-10)# ",
        "HP-2930F-24G-4SFP+(eth-5)# ",
        "HP-2930F-24G-4SFP+(config)# ",
        "HP-2930F-24G-4SFP+# ",
    ]


def test_vlans_move_ports_and_print_compressed(hp: Cli) -> None:
    hp.config(
        'hostname "sw-hp-1"',
        "vlan 10",
        'name "paed"',
        "untagged 1-4,6",
        "tagged 25-28",
        "ip address 10.1.10.2 255.255.255.0",
        "exit",
        "vlan 20 untagged 5",
        "vlan 20 untagged 6",
        "vlan 1",
        "no untagged 25-28",
        "no ip address",
    )
    text = hp.running()
    assert (
        'vlan 1\n   name "DEFAULT_VLAN"\n   no untagged 1-6,25-28\n   untagged 7-24\n   no ip address\n'
        "   ipv6 enable\n   ipv6 address dhcp full\n   exit\n"
    ) in text
    assert ('vlan 10\n   name "paed"\n   untagged 1-4\n   tagged 25-28\n   ip address 10.1.10.2 255.255.255.0\n   exit\n') in text
    assert 'vlan 20\n   name "VLAN20"\n   untagged 5-6\n   no ip address\n   exit\n' in text


def test_removing_a_port_sends_it_home_to_vlan_1(hp: Cli) -> None:
    hp.config("vlan 10", "untagged 1-2", "no untagged 2", "exit", "vlan 20", "tagged 3", "exit", "no vlan 10")
    config = hp.device.running
    assert config.vlans[1].untagged[:2] == ["1", "2"]
    assert "3" in config.vlans[1].untagged
    assert "Cannot remove port 4" in hp.config("vlan 1", "no untagged 4")


def test_interface_context_membership_as_hier_config_emits_it(make_cli: Callable[..., Cli]) -> None:
    hp = make_cli("aruba_osswitch", "2530-8G-PoEP")
    hp.config(
        "vlan 10",
        "exit",
        "vlan 20",
        "exit",
        "interface 5",
        "untagged vlan 10",
        "tagged vlan 20",
        'name "AP 5"',
        "no power-over-ethernet",
        "disable",
    )
    text = hp.running()
    assert 'interface 5\n   name "AP 5"\n   disable\n   no power-over-ethernet\n   exit\n' in text
    assert 'vlan 10\n   name "VLAN10"\n   untagged 5\n' in text
    assert "   tagged 5\n" in text
    hp.config("interface 5", "no name", "enable", "power-over-ethernet", "untagged vlan 1", "no tagged vlan 20")
    assert "interface 5" not in hp.running()


def test_strict_errors_change_nothing(hp: Cli) -> None:
    hp.send("configure")
    before = hp.running()
    assert hp.send("switchport mode access").text == "Invalid input: switchport\n"
    assert hp.send("interface 99").text == "Invalid input: 99\n"
    assert hp.send("vlan").text == "Incomplete input: vlan\n"
    assert hp.send("s").text == "Ambiguous input: s\n"
    assert hp.send("vlan 10 untagged 1-99").text == "Invalid input: 1-99\n"
    assert hp.running() == before


def test_globals_and_hidden_credentials(hp: Cli) -> None:
    hp.config(
        "timesync ntp",
        "ntp unicast",
        "ntp server 10.0.0.1 iburst",
        "ntp enable",
        "logging 10.0.0.2",
        "ip default-gateway 10.1.99.1",
        'snmp-server location "Room 1"',
        "snmpv3 enable",
        'snmpv3 user "mon" auth sha "AuthPass1" priv aes "PrivPass1"',
        "spanning-tree",
        "spanning-tree 1-24 admin-edge-port",
        "spanning-tree 1-24 bpdu-protection",
        'password manager user-name "admin" plaintext "Adm1n"',
    )
    text = hp.running()
    for line in (
        "timesync ntp\nntp unicast\nntp server 10.0.0.1 iburst\nntp enable\n",
        "ip default-gateway 10.1.99.1\n",
        "logging 10.0.0.2\n",
        'snmp-server location "Room 1"\n',
        "snmpv3 enable\n",
        "spanning-tree\nspanning-tree 1-24 admin-edge-port\nspanning-tree 1-24 bpdu-protection\n",
    ):
        assert line in text
    assert "AuthPass1" not in text
    assert "Adm1n" not in text
    assert text.endswith("\npassword manager\n")
    hp.config("include-credentials")
    text = hp.running()
    assert 'snmpv3 user "mon" auth sha "AuthPass1" priv aes "PrivPass1"' in text
    assert 'password manager user-name "admin" sha1 "' in text
    assert "Adm1n" not in text


def test_write_memory_reload_and_show_config(hp: Cli) -> None:
    hp.config('hostname "saved"')
    hp.run("write memory")
    hp.config('hostname "unsaved"')
    assert 'hostname "saved"' in hp.run("show config")
    assert hp.send("reload").question == "Do you want to save current configuration [y/n/^c]? "
    assert "continue [y/n]?" in (hp.send("n").question or "")
    assert hp.send("y").close
    assert 'hostname "saved"' in hp.running()


def test_logout_asks(hp: Cli) -> None:
    assert hp.send("logout").question == "Do you want to log out [y/n]? "
    assert hp.send("y").close


def test_greeting_has_netmiko_markers(make_cli: Callable[..., Cli]) -> None:
    cli = make_cli("aruba_osswitch", "2530-8G-PoEP")
    text, keypress = cli.device.grammar.greeting(device=cli.device)
    assert keypress
    assert "Copyright" in text
    assert text.rstrip().endswith("Press any key to continue")
    assert "#" not in text
    assert ">" not in text
    assert isinstance(cli.device.spec, LabDeviceSpec)


def test_poe_commands_only_on_poe_models(make_cli: Callable[..., Cli]) -> None:
    plain = make_cli("aruba_osswitch", "2930F-24G-4SFP+")
    assert plain.config("interface 1", "no power-over-ethernet") == "Invalid input: power-over-ethernet\n"
    poe = make_cli("aruba_osswitch", "2530-8G-PoEP")
    assert poe.config("interface 1", "no power-over-ethernet") == ""
    assert "interface 1\n   no power-over-ethernet\n   exit\n" in poe.running()


def test_snmpv3_user_variants_stay_hidden(hp: Cli) -> None:
    assert hp.config('snmpv3 user "u" auth md5 "a1" priv des "p1"') == ""
    assert "a1" not in hp.running()
    assert hp.device.running.snmpv3_users["u"] == 'snmpv3 user "u" auth md5 "a1" priv des "p1"'


def test_module_line_must_name_the_model_part(hp: Cli) -> None:
    assert hp.config("module 1 type jl259a") == ""
    assert hp.config("module 1 type jl260a") == "Invalid input: jl260a\n"


def test_undoing_port_settings_leaves_no_unsaved_changes(hp: Cli) -> None:
    hp.config("interface 3", 'name "x"', "disable")
    hp.config("interface 3", "no name", "enable")
    assert not hp.device.dirty
