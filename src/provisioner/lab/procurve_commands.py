"""Configuration commands of a simulated ProCurve switch: rules and the actions that apply them."""

from __future__ import annotations

import hashlib
import ipaddress
import re
from collections.abc import Callable
from typing import Any

from provisioner.lab.engine import Ctx, Reply
from provisioner.lab.parser import CommandFailure, Failure, expand_ports, parse, raw_rest, rule, tokenize
from provisioner.lab.procurve_config import PcConfig, PcPort, PcVlan, product

Action = Callable[[Ctx, dict[str, Any]], Reply]

CONFIG_RULES = [
    rule("hostname <name:word>", "hostname"),
    rule("no hostname", "no_hostname"),
    rule("no hostname <x:line>", "no_hostname"),
    rule("module 1 type <t:word>", "module"),
    rule("include-credentials", "flag", field="include_credentials", value=True),
    rule("no include-credentials", "flag", field="include_credentials", value=False),
    rule("timesync ntp", "flag", field="timesync", value="ntp"),
    rule("timesync sntp", "flag", field="timesync", value="sntp"),
    rule("no timesync", "flag", field="timesync", value=None),
    rule("no timesync <x:word>", "flag", field="timesync", value=None),
    rule("ntp unicast", "flag", field="ntp_unicast", value=True),
    rule("no ntp unicast", "flag", field="ntp_unicast", value=False),
    rule("ntp enable", "flag", field="ntp_enable", value=True),
    rule("no ntp enable", "flag", field="ntp_enable", value=False),
    rule("ntp server <ip:ip>", "ntp", burst=False),
    rule("ntp server <ip:ip> iburst", "ntp", burst=True),
    rule("no ntp server <ip:ip>", "no_ntp"),
    rule("no ntp server <ip:ip> <x:line>", "no_ntp"),
    rule("ip default-gateway <ip:ip>", "gateway"),
    rule("no ip default-gateway", "flag", field="gateway", value=None),
    rule("no ip default-gateway <x:ip>", "flag", field="gateway", value=None),
    rule("logging <ip:ip>", "logging"),
    rule("no logging <ip:ip>", "no_logging"),
    rule("snmp-server community <name:word>", "community", access="unrestricted"),
    rule("snmp-server community <name:word> unrestricted", "community", access="unrestricted"),
    rule("snmp-server community <name:word> restricted", "community", access="restricted"),
    rule("no snmp-server community <name:word>", "no_community"),
    rule("no snmp-server community <name:word> <x:line>", "no_community"),
    rule("snmp-server location <text:word>", "text", field="location"),
    rule("no snmp-server location", "flag", field="location", value=None),
    rule("no snmp-server location <x:line>", "flag", field="location", value=None),
    rule("snmp-server contact <text:word>", "text", field="contact"),
    rule("no snmp-server contact", "flag", field="contact", value=None),
    rule("no snmp-server contact <x:line>", "flag", field="contact", value=None),
    rule("snmpv3 enable", "flag", field="snmpv3_enable", value=True),
    rule("no snmpv3 enable", "flag", field="snmpv3_enable", value=False),
    rule("snmpv3 user <name:word>", "snmp_user"),
    rule("snmpv3 user <name:word> auth sha <a:word>", "snmp_user", auth="sha"),
    rule("snmpv3 user <name:word> auth md5 <a:word>", "snmp_user", auth="md5"),
    rule("snmpv3 user <name:word> auth sha <a:word> priv aes <p:word>", "snmp_user", auth="sha", priv="aes"),
    rule("snmpv3 user <name:word> auth sha <a:word> priv des <p:word>", "snmp_user", auth="sha", priv="des"),
    rule("snmpv3 user <name:word> auth md5 <a:word> priv aes <p:word>", "snmp_user", auth="md5", priv="aes"),
    rule("snmpv3 user <name:word> auth md5 <a:word> priv des <p:word>", "snmp_user", auth="md5", priv="des"),
    rule("no snmpv3 user <name:word>", "no_snmp_user"),
    rule("snmpv3 group <group:word> user <name:word> sec-model ver3", "snmp_group"),
    rule("no snmpv3 group <group:word> user <name:word> sec-model ver3", "no_snmp_group"),
    rule("spanning-tree", "flag", field="stp", value=True),
    rule("no spanning-tree", "flag", field="stp", value=False),
    rule("spanning-tree <ports:word> admin-edge-port", "stp_ports", field="edge_ports", add=True),
    rule("spanning-tree <ports:word> bpdu-protection", "stp_ports", field="bpdu_ports", add=True),
    rule("no spanning-tree <ports:word> admin-edge-port", "stp_ports", field="edge_ports", add=False),
    rule("no spanning-tree <ports:word> bpdu-protection", "stp_ports", field="bpdu_ports", add=False),
    *(
        rule(f"password {who} user-name <user:word> {form} <secret:word>", "password", who=who, form=form)
        for who in ("manager", "operator")
        for form in ("plaintext", "sha1")
    ),
    rule("no password manager", "no_password", who="manager"),
    rule("no password manager <x:line>", "no_password", who="manager"),
    rule("no password operator", "no_password", who="operator"),
    rule("no password operator <x:line>", "no_password", who="operator"),
    rule("snmp-server contact <text:word> location <location:word>", "contact_location"),
    rule("vlan <id:vlan>", "vlan"),
    rule("vlan <id:vlan> <rest:line>", "vlan"),
    rule("no vlan <id:vlan>", "no_vlan"),
    rule("interface <ports:word>", "interface"),
    rule("interface <ports:word> <rest:line>", "interface"),
]


def cfg(ctx: Ctx) -> PcConfig:
    config: PcConfig = ctx.device.running
    return config


def ports_arg(ctx: Ctx, text: str, index: int) -> list[str]:
    ports = expand_ports(text, order=cfg(ctx).order)
    if ports is None:
        raise CommandFailure(index)
    return ports


def _noop(ctx: Ctx, args: dict[str, Any]) -> Reply:
    return Reply()


def _module(ctx: Ctx, args: dict[str, Any]) -> Reply:
    """The fixed module of the model: accepted when it names the right part, else refused."""
    if str(args["t"]).lower() != product(cfg(ctx).model)[0].lower():
        raise CommandFailure(3)
    return Reply()


def _hostname(ctx: Ctx, args: dict[str, Any]) -> Reply:
    cfg(ctx).hostname = args["name"]
    return Reply()


def _no_hostname(ctx: Ctx, args: dict[str, Any]) -> Reply:
    cfg(ctx).hostname = f"HP-{cfg(ctx).model}"
    return Reply()


def _flag(ctx: Ctx, args: dict[str, Any]) -> Reply:
    setattr(cfg(ctx), args["field"], args["value"])
    return Reply()


def _text(ctx: Ctx, args: dict[str, Any]) -> Reply:
    setattr(cfg(ctx), args["field"], args["text"])
    return Reply()


def _ntp(ctx: Ctx, args: dict[str, Any]) -> Reply:
    cfg(ctx).ntp_servers[args["ip"]] = bool(args["burst"])
    return Reply()


def _no_ntp(ctx: Ctx, args: dict[str, Any]) -> Reply:
    cfg(ctx).ntp_servers.pop(args["ip"], None)
    return Reply()


def _gateway(ctx: Ctx, args: dict[str, Any]) -> Reply:
    cfg(ctx).gateway = args["ip"]
    return Reply()


def _logging(ctx: Ctx, args: dict[str, Any]) -> Reply:
    if args["ip"] not in cfg(ctx).logging:
        cfg(ctx).logging.append(args["ip"])
    return Reply()


def _no_logging(ctx: Ctx, args: dict[str, Any]) -> Reply:
    if args["ip"] in cfg(ctx).logging:
        cfg(ctx).logging.remove(args["ip"])
    return Reply()


def _community(ctx: Ctx, args: dict[str, Any]) -> Reply:
    cfg(ctx).communities[args["name"]] = args["access"]
    return Reply()


def _no_community(ctx: Ctx, args: dict[str, Any]) -> Reply:
    cfg(ctx).communities.pop(args["name"], None)
    return Reply()


def _snmp_user(ctx: Ctx, args: dict[str, Any]) -> Reply:
    line = f'snmpv3 user "{args["name"]}"'
    if "a" in args:
        line += f' auth {args["auth"]} "{args["a"]}"'
    if "p" in args:
        line += f' priv {args["priv"]} "{args["p"]}"'
    cfg(ctx).snmpv3_users[args["name"]] = line
    return Reply()


def _no_snmp_user(ctx: Ctx, args: dict[str, Any]) -> Reply:
    cfg(ctx).snmpv3_users.pop(args["name"], None)
    return Reply()


def _group_line(args: dict[str, Any]) -> str:
    return f'snmpv3 group {args["group"]} user "{args["name"]}" sec-model ver3'


def _snmp_group(ctx: Ctx, args: dict[str, Any]) -> Reply:
    if _group_line(args) not in cfg(ctx).snmpv3_groups:
        cfg(ctx).snmpv3_groups.append(_group_line(args))
    return Reply()


def _no_snmp_group(ctx: Ctx, args: dict[str, Any]) -> Reply:
    if _group_line(args) in cfg(ctx).snmpv3_groups:
        cfg(ctx).snmpv3_groups.remove(_group_line(args))
    return Reply()


def _stp_ports(ctx: Ctx, args: dict[str, Any]) -> Reply:
    index = 2 if args["add"] is False else 1
    ports = ports_arg(ctx, args["ports"], index)
    current: list[str] = getattr(cfg(ctx), args["field"])
    wanted = set(current) | set(ports) if args["add"] else set(current) - set(ports)
    setattr(cfg(ctx), args["field"], [p for p in cfg(ctx).order if p in wanted])
    return Reply()


def _password(ctx: Ctx, args: dict[str, Any]) -> Reply:
    """`password manager|operator user-name U plaintext P` stores SHA-1(P); `sha1 H` stores H as given."""
    secret = str(args["secret"])
    if args["form"] == "sha1" and not re.fullmatch(r"[0-9a-fA-F]{40}", secret):
        raise CommandFailure(5)
    digest = secret.lower() if args["form"] == "sha1" else hashlib.sha1(secret.encode(), usedforsecurity=False).hexdigest()
    setattr(cfg(ctx), f"{args['who']}s", {args["user"]: digest})
    return Reply()


def _no_password(ctx: Ctx, args: dict[str, Any]) -> Reply:
    setattr(cfg(ctx), f"{args['who']}s", {})
    return Reply()


def _contact_location(ctx: Ctx, args: dict[str, Any]) -> Reply:
    cfg(ctx).contact, cfg(ctx).location = str(args["text"]), str(args["location"])
    return Reply()


def _vlan(ctx: Ctx, args: dict[str, Any]) -> Reply:
    vlan_id = int(args["id"])
    created = vlan_id not in cfg(ctx).vlans
    cfg(ctx).vlans.setdefault(vlan_id, PcVlan(name=f"VLAN{vlan_id}", ip=None))
    if "rest" not in args:
        ctx.session.mode = ("vlan", str(vlan_id))
        return Reply()
    try:
        return _inline(ctx, args, ("vlan", str(vlan_id)), skip=2)
    except CommandFailure:
        if created:
            del cfg(ctx).vlans[vlan_id]
        raise


def _interface(ctx: Ctx, args: dict[str, Any]) -> Reply:
    ports = ports_arg(ctx, args["ports"], 1)
    key = ",".join(ports)
    if "rest" not in args:
        ctx.session.mode = ("eth", key, args["ports"])
        return Reply()
    return _inline(ctx, args, ("eth", key, args["ports"]), skip=2)


def _inline(ctx: Ctx, args: dict[str, Any], mode: tuple[str, ...], *, skip: int) -> Reply:
    """`vlan 10 untagged 1-4`: run the rest of the line in the context, stay in config mode."""
    from provisioner.lab.procurve_context import CONTEXT_ACTIONS, ETH_RULES, VLAN_RULES

    text = raw_rest(ctx.line, args["rest"])
    tokens = tokenize(text, quotes=True)
    parsed = parse(VLAN_RULES if mode[0] == "vlan" else ETH_RULES, tokens)
    if isinstance(parsed, Failure):
        raise CommandFailure(skip + parsed.index, parsed.kind)
    if parsed.rule.action in ("exit", "end"):
        raise CommandFailure(skip)
    saved, ctx.session.mode = ctx.session.mode, mode
    try:
        return CONTEXT_ACTIONS[parsed.rule.action](Ctx(ctx.device, ctx.session, text, tokens), parsed.args)
    except CommandFailure as failure:
        raise CommandFailure(skip + failure.index, failure.kind) from None
    finally:
        ctx.session.mode = saved


def _no_vlan(ctx: Ctx, args: dict[str, Any]) -> Reply:
    from provisioner.lab.procurve_context import delete_vlan

    vlan_id = int(args["id"])
    if vlan_id == 1:
        return Reply("The default VLAN cannot be deleted.\n")
    if vlan_id not in cfg(ctx).vlans:
        return Reply(f"The VLAN {vlan_id} does not exist.\n")
    delete_vlan(cfg(ctx), vlan_id)
    return Reply()


def normalize_ip(args: dict[str, Any]) -> str:
    if "prefix" in args:
        iface = ipaddress.IPv4Interface(str(args["prefix"]))
        return f"{iface.ip} {iface.netmask}"
    return f"{args['ip']} {args['mask']}"


ACTIONS: dict[str, Action] = {
    "noop": _noop,
    "module": _module,
    "hostname": _hostname,
    "no_hostname": _no_hostname,
    "flag": _flag,
    "text": _text,
    "ntp": _ntp,
    "no_ntp": _no_ntp,
    "gateway": _gateway,
    "logging": _logging,
    "no_logging": _no_logging,
    "community": _community,
    "no_community": _no_community,
    "snmp_user": _snmp_user,
    "no_snmp_user": _no_snmp_user,
    "snmp_group": _snmp_group,
    "no_snmp_group": _no_snmp_group,
    "stp_ports": _stp_ports,
    "password": _password,
    "no_password": _no_password,
    "contact_location": _contact_location,
    "vlan": _vlan,
    "interface": _interface,
    "no_vlan": _no_vlan,
}

__all__ = ["ACTIONS", "CONFIG_RULES", "PcPort", "cfg", "normalize_ip", "ports_arg"]
