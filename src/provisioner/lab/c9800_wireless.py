"""Global-config wireless commands of a simulated C9800: WLANs, profiles, tags, AP entries, routes.

Deleting an object that something else still references is refused, and so is a reference to an
object that does not exist; both change nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from provisioner.lab.c9800_config import (
    DEFAULTS,
    ApTags,
    C9800Config,
    FlexProfile,
    PolicyProfile,
    PolicyTag,
    RfTag,
    SiteTag,
    Wlan,
)
from provisioner.lab.engine import Ctx, Reply
from provisioner.lab.parser import CommandFailure, rule

Action = Callable[[Ctx, dict[str, Any]], Reply]
MAC = re.compile(r"[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}")

# table name -> (model, submode, what the device calls it)
TABLES: dict[str, tuple[type[BaseModel], str, str]] = {
    "policy_profiles": (PolicyProfile, "wpolicy", "Policy profile"),
    "flex_profiles": (FlexProfile, "wflex", "Flex profile"),
    "policy_tags": (PolicyTag, "ptag", "Policy tag"),
    "site_tags": (SiteTag, "stag", "Site tag"),
    "rf_tags": (RfTag, "rftag", "RF tag"),
}
_KEYWORDS = {
    "policy_profiles": "profile policy",
    "flex_profiles": "profile flex",
    "policy_tags": "tag policy",
    "site_tags": "tag site",
    "rf_tags": "tag rf",
}

WIRELESS_RULES = [
    rule("wlan <name:word> <id:int> <ssid:word>", "wlan"),
    rule("wlan <name:word>", "wlan"),
    rule("no wlan <name:word>", "no_wlan"),
    rule("no wlan <name:word> <x:line>", "no_wlan"),
    *(rule(f"wireless {words} <name:word>", "object", table=table) for table, words in _KEYWORDS.items()),
    *(rule(f"no wireless {words} <name:word>", "no_object", table=table) for table, words in _KEYWORDS.items()),
    rule("ap <mac:word>", "ap"),
    rule("no ap <mac:word>", "no_ap"),
    rule("ip route <net:ip> <mask:mask> <gw:ip>", "route"),
    rule("no ip route <net:ip> <mask:mask> <gw:ip>", "no_route"),
]


def cfg(ctx: Ctx) -> C9800Config:
    config: C9800Config = ctx.device.running
    return config


def _error(text: str) -> Reply:
    return Reply(f"% Error: {text}\n")


def _wlan(ctx: Ctx, args: dict[str, Any]) -> Reply:
    name, wlans = str(args["name"]), cfg(ctx).wlans
    if "id" not in args:
        if name not in wlans:
            raise CommandFailure(2, "incomplete")
        ctx.session.mode = ("wlan", name)
        return Reply()
    wlan_id, ssid = int(args["id"]), str(args["ssid"])
    if not 1 <= wlan_id <= 4096:
        raise CommandFailure(2)
    if len(ssid) > 32 or len(name) > 32:
        raise CommandFailure(3 if len(ssid) > 32 else 1)
    problem = _wlan_conflict(cfg(ctx), name, wlan_id, ssid)
    if problem:
        return _error(problem)
    wlans.setdefault(name, Wlan(id=wlan_id, ssid=ssid))
    ctx.session.mode = ("wlan", name)
    return Reply()


def _wlan_conflict(config: C9800Config, name: str, wlan_id: int, ssid: str) -> str | None:
    current = config.wlans.get(name)
    if current is not None and (current.id, current.ssid) != (wlan_id, ssid):
        return f"WLAN profile {name} already exists with wlan-id {current.id} and SSID {current.ssid}"
    for other, wlan in config.wlans.items():
        if other != name and wlan.id == wlan_id:
            return f"wlan-id {wlan_id} is already used by WLAN profile {other}"
    return None


def _users_of_wlan(config: C9800Config, name: str) -> list[str]:
    return [tag for tag, body in config.policy_tags.items() if name in body.wlans]


def _no_wlan(ctx: Ctx, args: dict[str, Any]) -> Reply:
    name = str(args["name"])
    tags = _users_of_wlan(cfg(ctx), name)
    if tags:
        return _error(f"WLAN profile {name} is in use by policy tag {', '.join(tags)}; remove it from the tag first")
    cfg(ctx).wlans.pop(name, None)
    return Reply()


def _object(ctx: Ctx, args: dict[str, Any]) -> Reply:
    table, name = str(args["table"]), str(args["name"])
    model, mode, _ = TABLES[table]
    if len(name) > 32:
        raise CommandFailure(3)
    getattr(cfg(ctx), table).setdefault(name, model())
    ctx.session.mode = (mode, name)
    return Reply()


def users_of(config: C9800Config, table: str, name: str) -> list[str]:
    """Who references an object: AP MACs for tags, tag names for profiles."""
    if table == "policy_profiles":
        return [tag for tag, body in config.policy_tags.items() if name in body.wlans.values()]
    if table == "flex_profiles":
        return [tag for tag, body in config.site_tags.items() if body.flex_profile == name]
    field = {"policy_tags": "policy_tag", "site_tags": "site_tag", "rf_tags": "rf_tag"}[table]
    return [mac for mac, tags in config.aps.items() if getattr(tags, field) == name]


def _no_object(ctx: Ctx, args: dict[str, Any]) -> Reply:
    table, name = str(args["table"]), str(args["name"])
    what = TABLES[table][2]
    if name in DEFAULTS:
        return _error(f"{what} {name} is a default object and cannot be deleted")
    users = users_of(cfg(ctx), table, name)
    if users:
        kind = "AP(s)" if table.endswith("_tags") else "tag(s)"
        shown = ", ".join(users[:3]) + (", ..." if len(users) > 3 else "")
        return _error(f"{what} {name} is in use by {len(users)} {kind} ({shown}); remove the references first")
    getattr(cfg(ctx), table).pop(name, None)
    return Reply()


def _mac(text: str) -> str:
    mac = text.lower()
    if not MAC.fullmatch(mac):
        raise CommandFailure(1)
    return mac


def _ap(ctx: Ctx, args: dict[str, Any]) -> Reply:
    mac, config = _mac(str(args["mac"])), cfg(ctx)
    config.aps.setdefault(mac, ApTags())
    if mac not in config.joined:
        join(ctx, mac)
    ctx.session.mode = ("ap", mac)
    return Reply()


def join(ctx: Ctx, mac: str) -> None:
    """An AP with this MAC joins the controller (kept in running and startup alike)."""
    cfg(ctx).joined[mac] = ctx.device.startup.joined[mac] = "AP" + mac.upper()


def _no_ap(ctx: Ctx, args: dict[str, Any]) -> Reply:
    cfg(ctx).aps.pop(_mac(str(args["mac"])), None)
    return Reply()


def _route(ctx: Ctx, args: dict[str, Any]) -> Reply:
    route = f"{args['net']} {args['mask']} {args['gw']}"
    if route not in cfg(ctx).routes:
        cfg(ctx).routes.append(route)
    return Reply()


def _no_route(ctx: Ctx, args: dict[str, Any]) -> Reply:
    route = f"{args['net']} {args['mask']} {args['gw']}"
    if route in cfg(ctx).routes:
        cfg(ctx).routes.remove(route)
    return Reply()


def _no_hostname(ctx: Ctx, args: dict[str, Any]) -> Reply:
    cfg(ctx).hostname = "WLC"
    return Reply()


WIRELESS_ACTIONS: dict[str, Action] = {
    "wlan": _wlan,
    "no_wlan": _no_wlan,
    "object": _object,
    "no_object": _no_object,
    "ap": _ap,
    "no_ap": _no_ap,
    "route": _route,
    "no_route": _no_route,
    "no_hostname": _no_hostname,
}
