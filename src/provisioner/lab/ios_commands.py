"""Configuration commands of a simulated IOS switch: rules and the actions that apply them."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from provisioner.lab.engine import Ctx, Reply
from provisioner.lab.ios_config import IosConfig, IosInterface, IosLine
from provisioner.lab.ios_users import USER_ACTIONS, USER_RULES
from provisioner.lab.parser import CommandFailure, raw_rest, rule

Action = Callable[[Ctx, dict[str, Any]], Reply]
_IFACE_TYPES = ("GigabitEthernet", "TenGigabitEthernet", "FastEthernet", "FortyGigabitEthernet", "TwentyFiveGigE", "Vlan")

CONFIG_RULES = [
    rule("hostname <name:word>", "hostname"),
    rule("no hostname", "no_hostname"),
    rule("no hostname <x:line>", "no_hostname"),
    rule("ip domain name <name:word>", "domain"),
    rule("ip domain-name <name:word>", "domain"),
    rule("no ip domain name", "no_domain"),
    rule("no ip domain name <x:line>", "no_domain"),
    rule("no ip domain-name <x:line>", "no_domain"),
    *USER_RULES,
    *(rule(f"vtp mode {mode}", "vtp_mode", mode=mode) for mode in ("server", "client", "transparent", "off")),
    rule("no vtp mode", "vtp_mode", mode="server"),
    rule("no vtp mode <x:word>", "vtp_mode", mode="server"),
    rule("vtp domain <name:word>", "vtp_domain"),
    rule("vtp version <n:int>", "vtp_version"),
    rule("no vtp version", "vtp_version", n=1),
    rule("no vtp version <x:int>", "vtp_version", n=1),
    rule("vlan <id:vlan>", "vlan"),
    rule("no vlan <id:vlan>", "no_vlan"),
    rule("interface range <text:line>", "interface_range"),
    rule("interface <a:word>", "interface"),
    rule("interface <a:word> <b:word>", "interface"),
    rule("no interface <a:word>", "no_interface"),
    rule("no interface <a:word> <b:word>", "no_interface"),
    rule("ip default-gateway <ip:ip>", "gateway"),
    rule("no ip default-gateway", "no_gateway"),
    rule("no ip default-gateway <ip:ip>", "no_gateway"),
    rule("ntp server <ip:ip>", "ntp"),
    rule("no ntp server <ip:ip>", "no_ntp"),
    rule("logging host <ip:ip>", "logging"),
    rule("logging <ip:ip>", "logging"),
    rule("no logging host <ip:ip>", "no_logging"),
    rule("no logging <ip:ip>", "no_logging"),
    rule("snmp-server group <name:word> v3 priv", "snmp_group", level="priv"),
    rule("snmp-server group <name:word> v3 auth", "snmp_group", level="auth"),
    rule("snmp-server group <name:word> v3 noauth", "snmp_group", level="noauth"),
    rule("no snmp-server group <name:word>", "no_snmp_group"),
    rule("no snmp-server group <name:word> v3", "no_snmp_group"),
    rule("no snmp-server group <name:word> v3 <level:word>", "no_snmp_group"),
    *(
        rule(f"snmp-server user <name:word> <group:word> v3 auth {auth} <a:word>{priv}", "snmp_user")
        for auth in ("sha", "md5")
        for priv in ("", " priv aes 128 <p:word>", " priv aes 192 <p:word>", " priv aes 256 <p:word>", " priv des <p:word>")
    ),
    rule("no snmp-server user <name:word> <group:word> v3", "no_snmp_user"),
    rule("no snmp-server user <name:word> <group:word> v3 <x:line>", "no_snmp_user"),
    rule("snmp-server location <text:line>", "location"),
    rule("no snmp-server location", "no_location"),
    rule("no snmp-server location <x:line>", "no_location"),
    rule("snmp-server contact <text:line>", "contact"),
    rule("no snmp-server contact", "no_contact"),
    rule("no snmp-server contact <x:line>", "no_contact"),
    rule("spanning-tree mode pvst", "stp_mode", mode="pvst"),
    rule("spanning-tree mode rapid-pvst", "stp_mode", mode="rapid-pvst"),
    rule("spanning-tree mode mst", "stp_mode", mode="mst"),
    rule("no spanning-tree mode", "stp_mode", mode="pvst"),
    rule("no spanning-tree mode <x:word>", "stp_mode", mode="pvst"),
    rule("spanning-tree extend system-id", "stp_extend", on=True),
    rule("no spanning-tree extend system-id", "stp_extend", on=False),
    rule("line con 0", "line", key="con 0"),
    rule("line vty <first:int> <last:int>", "line"),
    rule("line vty <first:int>", "line"),
    rule("version <v:word>", "noop"),
    rule("exit", "exit_config"),
    rule("end", "end"),
]


def _cfg(ctx: Ctx) -> IosConfig:
    config: IosConfig = ctx.device.running
    return config


def _hostname(ctx: Ctx, args: dict[str, Any]) -> Reply:
    _cfg(ctx).hostname = args["name"]
    return Reply()


def _no_hostname(ctx: Ctx, args: dict[str, Any]) -> Reply:
    _cfg(ctx).hostname = "Switch"
    return Reply()


def _domain(ctx: Ctx, args: dict[str, Any]) -> Reply:
    _cfg(ctx).domain = args["name"]
    return Reply()


def _no_domain(ctx: Ctx, args: dict[str, Any]) -> Reply:
    _cfg(ctx).domain = None
    return Reply()


def _vtp_mode(ctx: Ctx, args: dict[str, Any]) -> Reply:
    _cfg(ctx).vtp_mode = args["mode"]
    return Reply()


def _vtp_domain(ctx: Ctx, args: dict[str, Any]) -> Reply:
    _cfg(ctx).vtp_domain = args["name"]
    return Reply()


def _vtp_version(ctx: Ctx, args: dict[str, Any]) -> Reply:
    if not 1 <= int(args["n"]) <= 3:
        raise CommandFailure(2)
    _cfg(ctx).vtp_version = int(args["n"])
    return Reply()


def _vlan(ctx: Ctx, args: dict[str, Any]) -> Reply:
    vlan_id = int(args["id"])
    if vlan_id != 1:
        _cfg(ctx).vlans.setdefault(vlan_id, None)
    ctx.session.mode = ("vlan", str(vlan_id))
    return Reply()


def _no_vlan(ctx: Ctx, args: dict[str, Any]) -> Reply:
    if int(args["id"]) == 1:
        return Reply("%Default VLAN 1 may not be deleted.\n\n")
    _cfg(ctx).vlans.pop(int(args["id"]), None)
    return Reply()


def resolve_interface(config: IosConfig, text: str) -> str | None:
    """'gi1/0/1', 'Gi 1/0/1', 'vlan 10' -> the full name if the device has (or can have) it."""
    match = re.fullmatch(r"([A-Za-z-]+)\s*([\d/]+)", text)
    if match is None:
        return None
    kinds = [k for k in _IFACE_TYPES if k.lower().startswith(match.group(1).lower())]
    if len(kinds) != 1:
        return None
    name = kinds[0] + match.group(2)
    if kinds[0] == "Vlan":
        number = match.group(2)
        return name if number.isdigit() and 1 <= int(number) <= 4094 else None
    return name if name in config.ports else None


def _iface_text(args: dict[str, Any]) -> str:
    return f"{args['a']} {args.get('b', '')}".strip()


def _interface(ctx: Ctx, args: dict[str, Any]) -> Reply:
    name = resolve_interface(_cfg(ctx), _iface_text(args))
    if name is None:
        raise CommandFailure(1 if "b" not in args else 2)
    if name.startswith("Vlan"):
        _cfg(ctx).svis.setdefault(int(name[4:]), IosInterface())
    ctx.session.mode = ("if", name)
    return Reply()


def expand_range(config: IosConfig, text: str) -> list[str] | None:
    """'Gi1/0/1 - 4, Te1/1/1' -> full names; None when a part names an interface the device lacks."""
    names: list[str] = []
    for part in text.split(","):
        match = re.fullmatch(r"\s*(.*?)(\d+)\s*(?:-\s*(\d+))?\s*", part)
        if match is None:
            return None
        first = int(match.group(2))
        last = int(match.group(3) or first)
        if last < first:
            return None
        for number in range(first, last + 1):
            name = resolve_interface(config, f"{match.group(1)}{number}")
            if name is None or name.startswith("Vlan"):
                return None
            names.append(name)
    return list(dict.fromkeys(names))


def _interface_range(ctx: Ctx, args: dict[str, Any]) -> Reply:
    names = expand_range(_cfg(ctx), raw_rest(ctx.line, args["text"]))
    if not names:
        raise CommandFailure(2)
    ctx.session.mode = ("ifrange", ",".join(names))
    return Reply()


def _no_interface(ctx: Ctx, args: dict[str, Any]) -> Reply:
    name = resolve_interface(_cfg(ctx), _iface_text(args))
    if name is None or not name.startswith("Vlan"):
        raise CommandFailure(2)
    _cfg(ctx).svis.pop(int(name[4:]), None)
    return Reply()


def _setter(field: str, value: object) -> Action:
    def action(ctx: Ctx, args: dict[str, Any]) -> Reply:
        setattr(_cfg(ctx), field, value if value is not None else args["ip"])
        return Reply()

    return action


def _add_to(field: str) -> Action:
    def action(ctx: Ctx, args: dict[str, Any]) -> Reply:
        values: list[str] = getattr(_cfg(ctx), field)
        if args["ip"] not in values:
            values.append(args["ip"])
        return Reply()

    return action


def _remove_from(field: str) -> Action:
    def action(ctx: Ctx, args: dict[str, Any]) -> Reply:
        values: list[str] = getattr(_cfg(ctx), field)
        if args["ip"] in values:
            values.remove(args["ip"])
        return Reply()

    return action


def _snmp_group(ctx: Ctx, args: dict[str, Any]) -> Reply:
    _cfg(ctx).snmp_groups[args["name"]] = f"v3 {args['level']}"
    return Reply()


def _no_snmp_group(ctx: Ctx, args: dict[str, Any]) -> Reply:
    _cfg(ctx).snmp_groups.pop(args["name"], None)
    return Reply()


def _snmp_user(ctx: Ctx, args: dict[str, Any]) -> Reply:
    _cfg(ctx).snmp_users[args["name"]] = ctx.line.strip()
    return Reply()


def _no_snmp_user(ctx: Ctx, args: dict[str, Any]) -> Reply:
    _cfg(ctx).snmp_users.pop(args["name"], None)
    return Reply()


def _text_setter(field: str) -> Action:
    def action(ctx: Ctx, args: dict[str, Any]) -> Reply:
        setattr(_cfg(ctx), field, raw_rest(ctx.line, args["text"]) if "text" in args else None)
        return Reply()

    return action


def _stp_mode(ctx: Ctx, args: dict[str, Any]) -> Reply:
    _cfg(ctx).stp_mode = args["mode"]
    return Reply()


def _stp_extend(ctx: Ctx, args: dict[str, Any]) -> Reply:
    _cfg(ctx).stp_extend = bool(args["on"])
    return Reply()


def _line(ctx: Ctx, args: dict[str, Any]) -> Reply:
    """`line con 0`, or `line vty A [B]`: a range inside an existing one splits it, as IOS prints it afterwards."""
    key = args.get("key") or _vty_key(ctx, int(args["first"]), int(args.get("last", args["first"])))
    ctx.session.mode = ("line", key)
    return Reply()


def _vty_key(ctx: Ctx, first: int, last: int) -> str:
    config = _cfg(ctx)
    ranges = {k: tuple(int(n) for n in k.split()[1:]) for k in config.lines if k.startswith("vty ")}
    top = max((r[-1] for r in ranges.values()), default=15)
    if not first <= last <= top:
        raise CommandFailure(3 if first > top else 2)
    wanted = f"vty {first} {last}"
    if wanted in config.lines:
        return wanted
    pieces: dict[str, IosLine] = {}
    for key, line in config.lines.items():
        span = ranges.get(key)
        if span is None or span[-1] < first or span[0] > last:
            pieces[key] = line
            continue
        low, high = span[0], span[-1]
        for a, b in ((low, first - 1), (max(low, first), min(high, last)), (last + 1, high)):
            if a <= b:
                pieces[f"vty {a} {b}"] = line.model_copy(deep=True)
    config.lines = dict(sorted(pieces.items(), key=lambda item: (item[0] != "con 0", int(item[0].split()[1]) if item[0] != "con 0" else 0)))
    return wanted


def _exit_config(ctx: Ctx, args: dict[str, Any]) -> Reply:
    ctx.session.mode = ("exec",)
    return Reply()


def _exit_sub(ctx: Ctx, args: dict[str, Any]) -> Reply:
    ctx.session.mode = ("config",)
    return Reply()


def _noop(ctx: Ctx, args: dict[str, Any]) -> Reply:
    return Reply()


ACTIONS: dict[str, Action] = {
    "noop": _noop,
    "hostname": _hostname,
    "no_hostname": _no_hostname,
    "domain": _domain,
    "no_domain": _no_domain,
    **USER_ACTIONS,
    "vtp_mode": _vtp_mode,
    "vtp_domain": _vtp_domain,
    "vtp_version": _vtp_version,
    "vlan": _vlan,
    "no_vlan": _no_vlan,
    "interface": _interface,
    "interface_range": _interface_range,
    "no_interface": _no_interface,
    "gateway": _setter("gateway", None),
    "no_gateway": _text_setter("gateway"),
    "ntp": _add_to("ntp"),
    "no_ntp": _remove_from("ntp"),
    "logging": _add_to("logging"),
    "no_logging": _remove_from("logging"),
    "snmp_group": _snmp_group,
    "no_snmp_group": _no_snmp_group,
    "snmp_user": _snmp_user,
    "no_snmp_user": _no_snmp_user,
    "location": _text_setter("location"),
    "no_location": _text_setter("location"),
    "contact": _text_setter("contact"),
    "no_contact": _text_setter("contact"),
    "stp_mode": _stp_mode,
    "stp_extend": _stp_extend,
    "line": _line,
    "exit_config": _exit_config,
    "exit_sub": _exit_sub,
    "end": _exit_config,
}
