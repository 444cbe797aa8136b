"""ProCurve VLAN and interface contexts, and the VLAN membership rules they share.

A port is untagged in at most one VLAN. Making it untagged elsewhere moves it; removing it
from its last VLAN puts it back untagged into DEFAULT_VLAN (1).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from provisioner.lab.engine import Ctx, Reply
from provisioner.lab.parser import CommandFailure, rule
from provisioner.lab.procurve_commands import cfg, normalize_ip, ports_arg
from provisioner.lab.procurve_config import PcConfig, PcPort, PcVlan

Action = Callable[[Ctx, dict[str, Any]], Reply]

_EXITS = [rule("exit", "exit"), rule("end", "end")]

VLAN_RULES = [
    rule("name <name:word>", "vlan_name"),
    rule("no name", "vlan_no_name"),
    rule("no name <x:line>", "vlan_no_name"),
    rule("untagged <ports:word>", "vlan_ports", how="untag"),
    rule("tagged <ports:word>", "vlan_ports", how="tag"),
    rule("no untagged <ports:word>", "vlan_ports", how="no_untag"),
    rule("no tagged <ports:word>", "vlan_ports", how="no_tag"),
    rule("ip address <ip:ip> <mask:mask>", "vlan_ip"),
    rule("ip address <prefix:prefix>", "vlan_ip"),
    rule("ip address dhcp-bootp", "vlan_dhcp"),
    rule("no ip address", "vlan_no_ip"),
    rule("no ip address <x:line>", "vlan_no_ip"),
    rule("ipv6 enable", "vlan_flag", field="ipv6_enable", value=True),
    rule("no ipv6 enable", "vlan_flag", field="ipv6_enable", value=False),
    rule("ipv6 address dhcp full", "vlan_flag", field="ipv6_dhcp_full", value=True),
    rule("no ipv6 address dhcp full", "vlan_flag", field="ipv6_dhcp_full", value=False),
    rule("no ipv6 address", "vlan_flag", field="ipv6_dhcp_full", value=False),
    *_EXITS,
]

ETH_RULES = [
    rule("name <name:word>", "port_set", field="name"),
    rule("no name", "port_set", field="name", value=None),
    rule("no name <x:line>", "port_set", field="name", value=None),
    rule("disable", "port_set", field="disabled", value=True),
    rule("enable", "port_set", field="disabled", value=False),
    rule("power-over-ethernet", "port_set", field="poe", value=True),
    rule("no power-over-ethernet", "port_set", field="poe", value=False),
    rule("untagged vlan <vlan:vlan>", "port_vlan", how="untag"),
    rule("tagged vlan <vlan:vlan>", "port_vlan", how="tag"),
    rule("no untagged vlan <vlan:vlan>", "port_vlan", how="no_untag"),
    rule("no tagged vlan <vlan:vlan>", "port_vlan", how="no_tag"),
    *_EXITS,
]


def _member_anywhere(config: PcConfig, port: str) -> bool:
    return any(port in v.untagged or port in v.tagged for v in config.vlans.values())


def _home(config: PcConfig, port: str) -> None:
    """A port with no VLAN left goes back, untagged, to DEFAULT_VLAN."""
    if not _member_anywhere(config, port):
        config.vlans[1].untagged.append(port)
        _sort(config, config.vlans[1])


def _sort(config: PcConfig, vlan: PcVlan) -> None:
    vlan.untagged = [p for p in config.order if p in set(vlan.untagged)]
    vlan.tagged = [p for p in config.order if p in set(vlan.tagged)]


def _untag(config: PcConfig, vlan_id: int, port: str) -> str:
    for other in config.vlans.values():
        if port in other.untagged:
            other.untagged.remove(port)
    vlan = config.vlans[vlan_id]
    if port in vlan.tagged:
        vlan.tagged.remove(port)
    vlan.untagged.append(port)
    _sort(config, vlan)
    return ""


def _tag(config: PcConfig, vlan_id: int, port: str) -> str:
    vlan = config.vlans[vlan_id]
    if port in vlan.untagged:
        vlan.untagged.remove(port)
    if port not in vlan.tagged:
        vlan.tagged.append(port)
    _sort(config, vlan)
    _home(config, port)
    return ""


def _no_untag(config: PcConfig, vlan_id: int, port: str) -> str:
    vlan = config.vlans[vlan_id]
    if port not in vlan.untagged:
        return ""
    others = [v for k, v in config.vlans.items() if k != vlan_id and port in v.tagged]
    if vlan_id == 1 and not others:
        return f"Cannot remove port {port} from VLAN 1: it is not a member of any other VLAN.\n"
    vlan.untagged.remove(port)
    _home(config, port)
    return ""


def _no_tag(config: PcConfig, vlan_id: int, port: str) -> str:
    vlan = config.vlans[vlan_id]
    if port in vlan.tagged:
        vlan.tagged.remove(port)
        _home(config, port)
    return ""


MEMBERSHIP: dict[str, Callable[[PcConfig, int, str], str]] = {
    "untag": _untag,
    "tag": _tag,
    "no_untag": _no_untag,
    "no_tag": _no_tag,
}


def delete_vlan(config: PcConfig, vlan_id: int) -> None:
    vlan = config.vlans.pop(vlan_id)
    for port in [*vlan.untagged, *vlan.tagged]:
        _home(config, port)


def _vlan_id(ctx: Ctx) -> int:
    return int(ctx.session.mode[1])


def _vlan(ctx: Ctx) -> PcVlan:
    return cfg(ctx).vlans[_vlan_id(ctx)]


def _vlan_name(ctx: Ctx, args: dict[str, Any]) -> Reply:
    _vlan(ctx).name = args["name"]
    return Reply()


def _vlan_no_name(ctx: Ctx, args: dict[str, Any]) -> Reply:
    _vlan(ctx).name = "DEFAULT_VLAN" if _vlan_id(ctx) == 1 else f"VLAN{_vlan_id(ctx)}"
    return Reply()


def _vlan_ports(ctx: Ctx, args: dict[str, Any]) -> Reply:
    index = 2 if args["how"].startswith("no_") else 1
    errors = [MEMBERSHIP[args["how"]](cfg(ctx), _vlan_id(ctx), p) for p in ports_arg(ctx, args["ports"], index)]
    return Reply("".join(errors))


def _vlan_ip(ctx: Ctx, args: dict[str, Any]) -> Reply:
    _vlan(ctx).ip = normalize_ip(args)
    return Reply()


def _vlan_dhcp(ctx: Ctx, args: dict[str, Any]) -> Reply:
    _vlan(ctx).ip = "dhcp-bootp"
    return Reply()


def _vlan_no_ip(ctx: Ctx, args: dict[str, Any]) -> Reply:
    _vlan(ctx).ip = None
    return Reply()


def _vlan_flag(ctx: Ctx, args: dict[str, Any]) -> Reply:
    setattr(_vlan(ctx), args["field"], args["value"])
    return Reply()


def _ports(ctx: Ctx) -> list[str]:
    return ctx.session.mode[1].split(",")


def _port_set(ctx: Ctx, args: dict[str, Any]) -> Reply:
    if args["field"] == "poe" and "PoE" not in cfg(ctx).model:
        first = ctx.tokens[0].text.lower() if ctx.tokens else ""
        raise CommandFailure(1 if first == "no" else 0)
    value = args["name"] if args["field"] == "name" and "value" not in args else args["value"]
    for name in _ports(ctx):
        port = cfg(ctx).ports.setdefault(name, PcPort())
        setattr(port, args["field"], value)
        if port == PcPort():
            del cfg(ctx).ports[name]
    return Reply()


def _port_vlan(ctx: Ctx, args: dict[str, Any]) -> Reply:
    vlan_id = int(args["vlan"])
    if vlan_id not in cfg(ctx).vlans:
        return Reply(f"VLAN {vlan_id} does not exist.\n") if not args["how"].startswith("no_") else Reply()
    errors = [MEMBERSHIP[args["how"]](cfg(ctx), vlan_id, port) for port in _ports(ctx)]
    return Reply("".join(errors))


def _exit(ctx: Ctx, args: dict[str, Any]) -> Reply:
    ctx.session.mode = ("config",)
    return Reply()


def _end(ctx: Ctx, args: dict[str, Any]) -> Reply:
    ctx.session.mode = ("exec",)
    return Reply()


CONTEXT_ACTIONS: dict[str, Action] = {
    "vlan_name": _vlan_name,
    "vlan_no_name": _vlan_no_name,
    "vlan_ports": _vlan_ports,
    "vlan_ip": _vlan_ip,
    "vlan_dhcp": _vlan_dhcp,
    "vlan_no_ip": _vlan_no_ip,
    "vlan_flag": _vlan_flag,
    "port_set": _port_set,
    "port_vlan": _port_vlan,
    "exit": _exit,
    "end": _end,
}
