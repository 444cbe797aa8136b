from __future__ import annotations

from collections.abc import Callable

from lab_cli import Cli

MD5 = "$1$mERr$hx5rVt7rPNoS4wqbXKX7m0"


def test_factory_config_shows_every_interface_and_vlan1(ios: Cli) -> None:
    text = ios.run("show running-config")
    assert text.startswith("Building configuration...\n\nCurrent configuration : ")
    assert "hostname Switch\n" in text
    assert "interface GigabitEthernet1/0/1\n!\ninterface GigabitEthernet1/0/2\n!" in text
    assert "interface GigabitEthernet1/0/10\n!\ninterface Vlan1\n no ip address\n!" in text
    assert text.rstrip().endswith("end")


def test_prompts_follow_modes(ios: Cli) -> None:
    seen = []
    for line in ("configure terminal", "interface gi1/0/1", "vlan 10", "line vty 0 4", "end", "disable", "enable"):
        ios.send(line)
        seen.append(ios.prompt)
    assert seen == [
        "Switch(config)#",
        "Switch(config-if)#",
        "Switch(config-vlan)#",
        "Switch(config-line)#",
        "Switch#",
        "Switch>",
        "Switch#",
    ]


def test_role_config_round_trips_in_canonical_form(ios: Cli) -> None:
    out = ios.config(
        "hostname sw-ios-1",
        "ip domain name school.example",
        "vtp mode transparent",
        f"username admin privilege 15 secret 5 {MD5}",
        "spanning-tree mode rapid-pvst",
        "vlan 10",
        " name paed",
        "vlan 99",
        " name mgmt",
        "interface GigabitEthernet1/0/1",
        " description AP room 1",
        " switchport mode access",
        " switchport access vlan 10",
        " spanning-tree portfast",
        " spanning-tree bpduguard enable",
        "interface Gi1/0/2",
        " power inline never",
        " shutdown",
        "int gi1/0/10",
        " description uplink",
        " switchport mode trunk",
        " switchport trunk native vlan 99",
        " switchport trunk allowed vlan 10,40,99-100",
        " spanning-tree portfast trunk",
        "interface Vlan99",
        " ip address 10.1.99.2 255.255.255.0",
        "exit",
        "ip default-gateway 10.1.99.1",
        "ntp server 10.0.0.1",
        "logging host 10.0.0.2",
        "snmp-server group monitor v3 priv",
        "snmp-server user mon monitor v3 auth sha AuthPass1 priv aes 128 PrivPass1",
        "snmp-server location Room 1.23",
        "snmp-server contact it@school.example",
    )
    assert out.startswith("Enter configuration commands, one per line.  End with CNTL/Z.\n")
    assert "% Invalid" not in out
    assert "%Warning: portfast should only be enabled" in out
    text = ios.running()
    expected = [
        "hostname sw-ios-1\n",
        "ip domain name school.example\n!\nvtp mode transparent\n!\n",
        f"username admin privilege 15 secret 5 {MD5}\n",
        "spanning-tree mode rapid-pvst\n",
        "vlan 10\n name paed\n!\nvlan 99\n name mgmt\n!\n",
        "interface GigabitEthernet1/0/1\n description AP room 1\n switchport access vlan 10\n switchport mode access\n"
        " spanning-tree portfast\n spanning-tree bpduguard enable\n!\n",
        "interface GigabitEthernet1/0/2\n shutdown\n power inline never\n!\n",
        "interface GigabitEthernet1/0/10\n description uplink\n switchport trunk native vlan 99\n"
        " switchport trunk allowed vlan 10,40,99-100\n switchport mode trunk\n spanning-tree portfast trunk\n!\n",
        "interface Vlan99\n ip address 10.1.99.2 255.255.255.0\n!\n",
        "ip default-gateway 10.1.99.1\n",
        "logging host 10.0.0.2\n",
        "snmp-server group monitor v3 priv\n",
        "snmp-server location Room 1.23\n",
        "snmp-server contact it@school.example\n",
        "ntp server 10.0.0.1\n",
    ]
    for chunk in expected:
        assert chunk in text, chunk
    assert "snmp-server user" not in text
    assert "AuthPass1" not in text
    assert ios.device.running.snmp_users["mon"].startswith("snmp-server user mon monitor v3")


def test_invalid_input_marks_the_token_and_changes_nothing(ios: Cli) -> None:
    ios.send("configure terminal")
    before = ios.running()
    reply = ios.send("switchport mode access")
    assert reply.text == " " * len("Switch(config)#") + "^\n% Invalid input detected at '^' marker.\n\n"
    reply = ios.send("interface GigabitEthernet1/0/99")
    assert reply.text.startswith(" " * len("Switch(config)#interface ") + "^\n")
    assert ios.send("vlan").text == "% Incomplete command.\n\n"
    assert ios.send("s").text == '% Ambiguous command:  "s"\n'
    assert ios.send("hostname a b").text.endswith("% Invalid input detected at '^' marker.\n\n")
    assert ios.running() == before


def test_no_forms_restore_defaults(ios: Cli) -> None:
    ios.config(
        "hostname x",
        "vlan 10",
        "name a",
        "interface gi1/0/3",
        "description d",
        "switchport mode trunk",
        "switchport trunk allowed vlan 10",
        "power inline never",
        "shutdown",
        "ntp server 10.0.0.1",
        "interface vlan 10",
        "ip address 10.0.0.2 255.255.255.0",
    )
    ios.config(
        "no hostname",
        "no vlan 10",
        "interface gi1/0/3",
        "no description d",
        "no switchport mode",
        "no switchport trunk allowed vlan",
        "power inline auto",
        "no shutdown",
        "no ntp server 10.0.0.1",
        "no interface Vlan10",
    )
    assert ios.device.running == ios.device.startup


def test_allowed_vlan_add_remove(ios: Cli) -> None:
    ios.config(
        "interface gi1/0/1",
        "switchport trunk allowed vlan 10,20",
        "switchport trunk allowed vlan add 30-32",
        "switchport trunk allowed vlan remove 20",
    )
    assert " switchport trunk allowed vlan 10,30-32\n" in ios.running()


def test_submode_falls_back_to_global_commands(ios: Cli) -> None:
    ios.config("interface gi1/0/1", "description x", "hostname core", "description y")
    assert ios.prompt == "core#"
    assert "description y" not in ios.running()
    assert "% Invalid" in ios.config("interface gi1/0/1", "hostname core", "description y")


def test_write_copy_and_reload(ios: Cli) -> None:
    ios.config("hostname saved")
    assert ios.run("wr mem") == "Building configuration...\n[OK]\n"
    ios.config("hostname unsaved")
    assert "hostname saved\n" in ios.run("sh start")
    reply = ios.send("copy run start")
    assert reply.question == "Destination filename [startup-config]? "
    assert ios.send("").text == "Building configuration...\n[OK]\n"
    ios.config("hostname lost")
    assert "Save? [yes/no]" in (ios.send("reload").question or "")
    assert ios.send("no").question == "Proceed with reload? [confirm]"
    assert ios.send("").close
    assert "hostname unsaved\n" in ios.running()


def test_secret_0_is_stored_derived(ios: Cli) -> None:
    ios.config("username bob privilege 15 secret plain")
    assert "username bob privilege 15 secret 5 $1$" in ios.running()
    assert "plain" not in ios.running()
    assert "ERROR" in ios.config("username bob secret 5 nothash")


def test_password_is_masked_in_the_log(make_cli: Callable[..., Cli]) -> None:
    cli = make_cli("cisco_ios", "C9300-24P", password="Pl4nted")
    cli.run("Pl4nted", "show version")
    assert [e.line for e in cli.device.log] == ["********", "show version"]
    assert cli.device.log[1].mode == "exec"


def test_do_runs_exec_commands_from_config(ios: Cli) -> None:
    ios.send("configure terminal")
    assert "hostname Switch" in ios.send("do show running-config").text


def test_show_filters(ios: Cli) -> None:
    ios.config("interface gi1/0/2", "description x")
    assert ios.run("sh run | i ^hostname") == "hostname Switch\n"
    assert ios.run("show run | section GigabitEthernet1/0/2") == "interface GigabitEthernet1/0/2\n description x\n"
    assert ios.run("show run | foo") == " " * len("Switch#show run | ") + "^\n% Invalid input detected at '^' marker.\n\n"


def test_configure_alone_asks_where_from(ios: Cli) -> None:
    assert ios.send("configure").question == "Configuring from terminal, memory, or network [terminal]? "
    ios.send("")
    assert ios.prompt == "Switch(config)#"


def test_show_startup_starts_with_its_size(ios: Cli) -> None:
    assert ios.run("show startup-config").startswith("Using ")


def test_poe_and_switchport_lines_only_where_the_hardware_has_them(make_cli: Callable[..., Cli]) -> None:
    cli = make_cli("cisco_ios", "C9300-24P")
    marker = "% Invalid input detected at '^' marker."
    assert marker in cli.config("interface TenGigabitEthernet1/1/1", "power inline never")
    assert marker in cli.config("interface Vlan10", "switchport mode access")
    assert marker in cli.config("interface Vlan10", "spanning-tree portfast")
    assert marker not in cli.config("interface Te1/1/1", "switchport mode trunk")
    assert "interface TenGigabitEthernet1/1/1\n switchport mode trunk\n!" in cli.running()


def test_access_vlan_creates_a_missing_vlan(ios: Cli) -> None:
    assert "% Access VLAN does not exist. Creating vlan 20\n" in ios.config("interface gi1/0/1", "switchport access vlan 20")
    assert "vlan 20\n!\n" in ios.running()
