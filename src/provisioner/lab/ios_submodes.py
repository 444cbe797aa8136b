"""Interface, VLAN and line sub-modes of a simulated IOS switch: rules and actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from provisioner.lab.engine import Ctx, Reply
from provisioner.lab.ios_addressing import mask_problem, overlap
from provisioner.lab.ios_config import IosConfig, IosInterface, IosLine
from provisioner.lab.parser import CommandFailure, raw_rest, rule

Action = Callable[[Ctx, dict[str, Any]], Reply]

_SUBMODE_EXIT = [rule("exit", "exit_sub"), rule("end", "end")]

IF_RULES = [
    rule("description <text:line>", "if_set", field="description"),
    rule("no description", "if_reset", field="description"),
    rule("no description <x:line>", "if_reset", field="description"),
    rule("switchport mode access", "if_set", field="mode", value="access"),
    rule("switchport mode trunk", "if_set", field="mode", value="trunk"),
    rule("no switchport mode", "if_reset", field="mode"),
    rule("no switchport mode <x:word>", "if_reset", field="mode"),
    rule("switchport access vlan <value:vlan>", "access_vlan"),
    rule("no switchport access vlan", "if_reset", field="access_vlan"),
    rule("no switchport access vlan <x:vlan>", "if_reset", field="access_vlan"),
    rule("switchport trunk native vlan <value:vlan>", "if_set", field="native_vlan"),
    rule("no switchport trunk native vlan", "if_reset", field="native_vlan"),
    rule("no switchport trunk native vlan <x:vlan>", "if_reset", field="native_vlan"),
    rule("switchport trunk allowed vlan <vlans:vlans>", "allowed", how="set"),
    rule("switchport trunk allowed vlan add <vlans:vlans>", "allowed", how="add"),
    rule("switchport trunk allowed vlan remove <vlans:vlans>", "allowed", how="remove"),
    rule("switchport trunk allowed vlan except <vlans:vlans>", "allowed", how="except"),
    rule("switchport trunk allowed vlan all", "allowed", how="all", vlans=[]),
    rule("switchport trunk allowed vlan none", "allowed", how="set", vlans=[]),
    rule("no switchport trunk allowed vlan", "if_reset", field="allowed"),
    rule("no switchport trunk allowed vlan <x:line>", "if_reset", field="allowed"),
    rule("spanning-tree portfast", "portfast", value=""),
    rule("spanning-tree portfast edge", "portfast", value=""),
    rule("spanning-tree portfast trunk", "portfast", value="trunk"),
    rule("spanning-tree portfast edge trunk", "portfast", value="trunk"),
    rule("no spanning-tree portfast", "if_reset", field="portfast"),
    rule("no spanning-tree portfast <x:line>", "if_reset", field="portfast"),
    rule("spanning-tree bpduguard enable", "if_set", field="bpduguard", value=True),
    rule("spanning-tree bpduguard disable", "if_reset", field="bpduguard"),
    rule("no spanning-tree bpduguard", "if_reset", field="bpduguard"),
    rule("no spanning-tree bpduguard <x:word>", "if_reset", field="bpduguard"),
    rule("power inline never", "if_set", field="poe_never", value=True),
    rule("power inline auto", "if_reset", field="poe_never"),
    rule("no power inline", "if_reset", field="poe_never"),
    rule("no power inline <x:line>", "if_reset", field="poe_never"),
    rule("shutdown", "if_set", field="shutdown", value=True),
    rule("no shutdown", "if_reset", field="shutdown"),
    rule("ip address <ip:ip> <mask:ip>", "if_ip"),
    rule("no ip address", "if_no_ip"),
    rule("no ip address <ip:ip> <mask:ip>", "if_no_ip"),
    rule("switchport", "if_switchport", on=True),
    rule("no switchport", "if_switchport", on=False),
    *_SUBMODE_EXIT,
]

VLAN_RULES = [
    rule("name <name:word>", "vlan_name"),
    rule("no name", "vlan_no_name"),
    rule("no name <x:word>", "vlan_no_name"),
    *_SUBMODE_EXIT,
]

LINE_RULES = [
    rule("stopbits <n:int>", "noop_line"),
    rule("login", "line_login", value="login"),
    rule("login local", "line_login", value="login local"),
    rule("no login", "line_login", value=""),
    rule("transport input <a:word>", "line_transport"),
    rule("transport input <a:word> <b:word>", "line_transport"),
    rule("no transport input", "line_transport", a=None),
    *_SUBMODE_EXIT,
]


def _cfg(ctx: Ctx) -> IosConfig:
    config: IosConfig = ctx.device.running
    return config


def _iface(ctx: Ctx) -> IosInterface:
    name = ctx.session.mode[1]
    config = _cfg(ctx)
    if name.startswith("Vlan"):
        return config.svis.setdefault(int(name[4:]), IosInterface())
    return config.ports[name]


_SVI_FIELDS = ("description", "shutdown")
_L2_FIELDS = ("mode", "access_vlan", "native_vlan", "allowed", "portfast", "bpduguard")
DESCRIPTION_MAX = 240


def _check_field(ctx: Ctx, field: str) -> None:
    """Switchport and spanning-tree lines only exist on physical ports, PoE only on GigabitEthernet."""
    name = ctx.session.mode[1]
    svi_only_wrong = name.startswith("Vlan") and field not in _SVI_FIELDS
    no_poe = field == "poe_never" and not name.startswith("GigabitEthernet")
    if svi_only_wrong or no_poe:
        first = ctx.tokens[0].text.lower() if ctx.tokens else ""
        raise CommandFailure(1 if first == "no" else 0)
    if field in _L2_FIELDS and _iface(ctx).routed:
        raise Rejected(f"Command rejected: {name} is not a switching port.\n")


class Rejected(Exception):
    """An action refused the line with the device's own message (nothing changed)."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


def _description_too_long(ctx: Ctx, start: object) -> Reply | None:
    """IOS takes at most 240 characters of description and marks the first one beyond."""
    offset = int(str(start))
    if len(raw_rest(ctx.line, start)) <= DESCRIPTION_MAX:
        return None
    prompt = ctx.device.grammar.prompt(device=ctx.device, session=ctx.session)
    return Reply(" " * (len(prompt) + offset + DESCRIPTION_MAX) + "^\n% Invalid input detected at '^' marker.\n\n")


def _if_set(ctx: Ctx, args: dict[str, Any]) -> Reply:
    field = args["field"]
    try:
        _check_field(ctx, field)
    except Rejected as rejected:
        return Reply(rejected.text)
    if field == "description":
        too_long = _description_too_long(ctx, args["text"])
        if too_long is not None:
            return too_long
        value: object = raw_rest(ctx.line, args["text"])
    else:
        value = args["value"]
    setattr(_iface(ctx), field, value)
    return Reply()


def _if_reset(ctx: Ctx, args: dict[str, Any]) -> Reply:
    field = args["field"]
    try:
        _check_field(ctx, field)
    except Rejected as rejected:
        return Reply(rejected.text)
    setattr(_iface(ctx), field, IosInterface.model_fields[field].default)
    return Reply()


def _allowed(ctx: Ctx, args: dict[str, Any]) -> Reply:
    try:
        _check_field(ctx, "allowed")
    except Rejected as rejected:
        return Reply(rejected.text)
    port = _iface(ctx)
    vlans, how = set(args["vlans"]), args["how"]
    current = set(port.allowed) if port.allowed is not None else set(range(1, 4095))
    result = {"set": vlans, "add": current | vlans, "remove": current - vlans}.get(how, set(range(1, 4095)) - vlans)
    port.allowed = None if how == "all" or result == set(range(1, 4095)) else sorted(result)
    return Reply()


def _if_ip(ctx: Ctx, args: dict[str, Any]) -> Reply:
    name = ctx.session.mode[1]
    if not name.startswith("Vlan") and not _iface(ctx).routed:
        return Reply("% IP addresses may not be configured on L2 links.\n\n")
    ip, mask = str(args["ip"]), str(args["mask"])
    problem = mask_problem(ip, mask) or overlap(_cfg(ctx), interface=name, ip=ip, mask=mask)
    if problem is not None:
        return Reply(problem)
    _iface(ctx).ip = f"{ip} {mask}"
    return Reply()


def _if_no_ip(ctx: Ctx, args: dict[str, Any]) -> Reply:
    if ctx.session.mode[1].startswith("Vlan") or _iface(ctx).routed:
        _iface(ctx).ip = None
    return Reply()


def _if_switchport(ctx: Ctx, args: dict[str, Any]) -> Reply:
    """`no switchport` makes a physical port routed (its layer 2 settings go); `switchport` undoes it."""
    name = ctx.session.mode[1]
    if name.startswith("Vlan"):
        first = ctx.tokens[0].text.lower() if ctx.tokens else ""
        raise CommandFailure(1 if first == "no" else 0)
    port = _iface(ctx)
    if port.routed == (not args["on"]):
        return Reply()
    keep = {"description": port.description, "shutdown": port.shutdown, "poe_never": port.poe_never}
    _cfg(ctx).ports[name] = IosInterface(**keep, routed=not args["on"])
    return Reply()


def _vlan_name(ctx: Ctx, args: dict[str, Any]) -> Reply:
    vlan_id = int(ctx.session.mode[1])
    if vlan_id == 1:
        return Reply("%Default VLAN 1 may not have its name changed.\n\n")
    _cfg(ctx).vlans[vlan_id] = args["name"]
    return Reply()


def _vlan_no_name(ctx: Ctx, args: dict[str, Any]) -> Reply:
    vlan_id = int(ctx.session.mode[1])
    if vlan_id in _cfg(ctx).vlans:
        _cfg(ctx).vlans[vlan_id] = None
    return Reply()


def _line_cfg(ctx: Ctx) -> IosLine:
    return _cfg(ctx).lines[ctx.session.mode[1]]


def _line_login(ctx: Ctx, args: dict[str, Any]) -> Reply:
    _line_cfg(ctx).login = args["value"]
    return Reply()


def _line_transport(ctx: Ctx, args: dict[str, Any]) -> Reply:
    words = [w for w in (args.get("a"), args.get("b")) if w]
    if any(w not in ("ssh", "telnet", "all", "none") for w in words):
        raise CommandFailure(2 if words[0] not in ("ssh", "telnet", "all", "none") else 3)
    _line_cfg(ctx).transport = " ".join(words) or None
    return Reply()


_PORTFAST_WARNING = (
    "%Warning: portfast should only be enabled on ports connected to a single\n"
    " host. Connecting hubs, concentrators, switches, bridges, etc... to this\n"
    " interface  when portfast is enabled, can cause temporary bridging loops.\n"
    " Use with CAUTION\n\n"
)


def _portfast(ctx: Ctx, args: dict[str, Any]) -> Reply:
    refused = _if_set(ctx, {**args, "field": "portfast"})
    if refused.text:
        return refused
    if args["value"] == "trunk":
        return Reply(_PORTFAST_WARNING)
    name = ctx.session.mode[1]
    return Reply(
        f"{_PORTFAST_WARNING}%Portfast has been configured on {name} but will only\n"
        " have effect when the interface is in a non-trunking mode.\n"
    )


def _access_vlan(ctx: Ctx, args: dict[str, Any]) -> Reply:
    refused = _if_set(ctx, {**args, "field": "access_vlan"})
    if refused.text:
        return refused
    vlan_id = int(args["value"])
    if vlan_id == 1 or vlan_id in _cfg(ctx).vlans:
        return Reply()
    _cfg(ctx).vlans[vlan_id] = None
    return Reply(f"% Access VLAN does not exist. Creating vlan {vlan_id}\n")


def _noop_line(ctx: Ctx, args: dict[str, Any]) -> Reply:
    return Reply()


SUBMODE_ACTIONS: dict[str, Action] = {
    "portfast": _portfast,
    "access_vlan": _access_vlan,
    "noop_line": _noop_line,
    "if_set": _if_set,
    "if_reset": _if_reset,
    "allowed": _allowed,
    "if_ip": _if_ip,
    "if_no_ip": _if_no_ip,
    "if_switchport": _if_switchport,
    "vlan_name": _vlan_name,
    "vlan_no_name": _vlan_no_name,
    "line_login": _line_login,
    "line_transport": _line_transport,
}
