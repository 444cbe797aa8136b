"""Wireless sub-modes of a simulated C9800: WLAN, policy/flex profile, policy/site/RF tag, AP entry.

The session's mode is ``(kind, object name[, flex VLAN name])``; a generic action sets, resets or
describes one field of the object the mode is about.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from provisioner.lab.c9800_config import AKM_MORE, BANDS, PolicyTag, Wlan, decrypt_psk, encrypt_psk
from provisioner.lab.c9800_wireless import cfg
from provisioner.lab.engine import Ctx, Reply
from provisioner.lab.parser import CommandFailure, raw_rest, rule

Action = Callable[[Ctx, dict[str, Any]], Reply]
MAX_TAG_WLANS = 16
_EXIT = [rule("exit", "exit_sub"), rule("end", "end")]
_DESC = [
    rule("description <text:line>", "desc"),
    rule("no description", "reset", field="description"),
    rule("no description <x:line>", "reset", field="description"),
]


def _toggle(words: str, field: str, *, on: object = True, off: object = False, shut: bool = False) -> list[Any]:
    extra = {"needs_shut": True} if shut else {}
    return [rule(words, "set", field=field, value=on, **extra), rule(f"no {words}", "set", field=field, value=off, **extra)]


def _enabled_wlan(ctx: Ctx, args: dict[str, Any]) -> Reply | None:
    """The refusal for a security change on a WLAN that is not shut, else None."""
    if args.get("needs_shut") and not current(ctx).shutdown:
        return Reply(f"% Error: WLAN {ctx.session.mode[1]} must be disabled (shutdown) before its security settings change\n")
    return None


_WLAN_MORE = [
    rule("mac-filtering", "set", field="mac_filtering", value=""),
    rule("mac-filtering <value:word>", "set", field="mac_filtering"),
    rule("no mac-filtering", "reset", field="mac_filtering"),
    rule("no mac-filtering <x:word>", "reset", field="mac_filtering"),
    rule("security ft", "set", field="ft", value="security ft", needs_shut=True),
    rule("security ft adaptive", "set", field="ft", value="security ft adaptive", needs_shut=True),
    rule("no security ft adaptive", "set", field="ft", value="no security ft adaptive", needs_shut=True),
    rule("no security ft", "reset", field="ft", needs_shut=True),
    *(rule(f"security pmf {how}", "set", field="pmf", value=how, needs_shut=True) for how in ("mandatory", "optional")),
    rule("no security pmf", "reset", field="pmf", needs_shut=True),
    rule("no security pmf <x:word>", "reset", field="pmf", needs_shut=True),
    *(rule(f"security wpa akm {akm}", "akm_more", akm=akm, on=True, needs_shut=True) for akm in AKM_MORE),
    *(rule(f"no security wpa akm {akm}", "akm_more", akm=akm, on=False, needs_shut=True) for akm in AKM_MORE),
]

WLAN_RULES = [
    *(rule(f"radio policy dot11 {band}", "radio", band=band) for band in BANDS),
    rule("no radio policy", "radio", band=None),
    rule("no radio policy dot11 <band:word>", "no_radio"),
    *_toggle("broadcast-ssid", "broadcast"),
    # Security settings change only while the WLAN is shut (as on the device): needs_shut.
    *_toggle("security wpa wpa2", "wpa2", shut=True),
    *_toggle("security wpa wpa3", "wpa3", shut=True),
    *_toggle("security wpa akm dot1x", "akm_dot1x", shut=True),
    *_toggle("security wpa akm psk", "akm_psk", shut=True),
    *_toggle("security wpa akm sae", "akm_sae", shut=True),
    rule("security wpa psk set-key ascii 0 <key:word>", "psk", kind=0, needs_shut=True),
    rule("security wpa psk set-key ascii 8 <key:word>", "psk", kind=8, needs_shut=True),
    rule("no security wpa psk set-key", "reset", field="psk", needs_shut=True),
    rule("no security wpa psk set-key <x:line>", "reset", field="psk", needs_shut=True),
    rule("security dot1x authentication-list <value:word>", "set", field="auth_list", needs_shut=True),
    rule("no security dot1x authentication-list", "reset", field="auth_list", needs_shut=True),
    rule("no security dot1x authentication-list <x:word>", "reset", field="auth_list", needs_shut=True),
    *_toggle("security web-auth", "web_auth", shut=True),
    rule("security web-auth parameter-map <value:word>", "set", field="web_auth_map", needs_shut=True),
    rule("no security web-auth parameter-map", "reset", field="web_auth_map", needs_shut=True),
    rule("no security web-auth parameter-map <x:word>", "reset", field="web_auth_map", needs_shut=True),
    *_WLAN_MORE,
    *_toggle("shutdown", "shutdown"),
    *_EXIT,
]

POLICY_RULES = [
    *_DESC,
    *_toggle("aaa-override", "aaa_override"),
    *_toggle("nac", "nac"),
    rule("accounting-list <value:word>", "set", field="accounting_list"),
    rule("no accounting-list", "reset", field="accounting_list"),
    rule("no accounting-list <x:word>", "reset", field="accounting_list"),
    rule("vlan <value:word>", "set", field="vlan"),
    rule("no vlan", "reset", field="vlan"),
    rule("no vlan <x:word>", "reset", field="vlan"),
    *_toggle("central-switching", "central_switching"),
    *_toggle("central switching", "central_switching"),
    *_toggle("central-dhcp", "central_dhcp"),
    *_toggle("central dhcp", "central_dhcp"),
    *_toggle("shutdown", "shutdown"),
    *_EXIT,
]

FLEX_RULES = [
    *_DESC,
    rule("native-vlan-id <value:vlan>", "set", field="native_vlan"),
    rule("no native-vlan-id", "reset", field="native_vlan"),
    rule("no native-vlan-id <x:vlan>", "reset", field="native_vlan"),
    rule("vlan-name <name:word>", "flex_vlan"),
    rule("no vlan-name <name:word>", "no_flex_vlan"),
    *_EXIT,
]

FLEX_VLAN_RULES = [
    rule("vlan-id <id:vlan>", "vlan_id"),
    rule("no vlan-id", "vlan_id", id=None),
    rule("no vlan-id <x:vlan>", "vlan_id", id=None),
    rule("exit", "exit_flex_vlan"),
]

POLICY_TAG_RULES = [
    *_DESC,
    rule("wlan <wlan:word> policy <policy:word>", "tag_wlan"),
    rule("no wlan <wlan:word>", "no_tag_wlan"),
    rule("no wlan <wlan:word> policy <x:word>", "no_tag_wlan"),
    *_EXIT,
]

SITE_TAG_RULES = [
    *_DESC,
    rule("flex-profile <value:word>", "ref", field="flex_profile", table="flex_profiles", what="Flex profile"),
    rule("no flex-profile", "reset", field="flex_profile"),
    rule("no flex-profile <x:word>", "reset", field="flex_profile"),
    *_toggle("local-site", "local_site"),
    *_EXIT,
]

RF_TAG_RULES = [*_DESC, *_EXIT]

AP_RULES = [
    *(
        r
        for field, table, what in (
            ("policy_tag", "policy_tags", "Policy tag"),
            ("site_tag", "site_tags", "Site tag"),
            ("rf_tag", "rf_tags", "RF tag"),
        )
        for r in (
            rule(f"{field.replace('_', '-')} <value:word>", "ref", field=field, table=table, what=what),
            rule(f"no {field.replace('_', '-')}", "reset", field=field),
            rule(f"no {field.replace('_', '-')} <x:word>", "reset", field=field),
        )
    ),
    *_EXIT,
]

_TABLE_OF_MODE = {
    "wlan": "wlans",
    "wpolicy": "policy_profiles",
    "wflex": "flex_profiles",
    "wflexvlan": "flex_profiles",
    "ptag": "policy_tags",
    "stag": "site_tags",
    "rftag": "rf_tags",
    "ap": "aps",
}


def current(ctx: Ctx) -> Any:
    """The object the session's sub-mode is about."""
    kind = ctx.session.mode[0]
    return getattr(cfg(ctx), _TABLE_OF_MODE[kind])[ctx.session.mode[1]]


def _set(ctx: Ctx, args: dict[str, Any]) -> Reply:
    if refused := _enabled_wlan(ctx, args):
        return refused
    setattr(current(ctx), args["field"], args["value"])
    return Reply()


def _akm_more(ctx: Ctx, args: dict[str, Any]) -> Reply:
    if refused := _enabled_wlan(ctx, args):
        return refused
    wlan: Wlan = current(ctx)
    chosen = set(wlan.akm_more) - {args["akm"]} | ({args["akm"]} if args["on"] else set())
    wlan.akm_more = [akm for akm in AKM_MORE if akm in chosen]
    return Reply()


def _reset(ctx: Ctx, args: dict[str, Any]) -> Reply:
    if refused := _enabled_wlan(ctx, args):
        return refused
    target: BaseModel = current(ctx)
    setattr(target, args["field"], type(target).model_fields[args["field"]].default)
    return Reply()


def _desc(ctx: Ctx, args: dict[str, Any]) -> Reply:
    text = raw_rest(ctx.line, args["text"])
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1]
    if '"' in text or not text:
        raise CommandFailure(1)
    current(ctx).description = text
    return Reply()


def _ref(ctx: Ctx, args: dict[str, Any]) -> Reply:
    name = str(args["value"])
    if name not in getattr(cfg(ctx), args["table"]):
        return Reply(f"% Error: {args['what']} {name} does not exist\n")
    setattr(current(ctx), args["field"], name)
    return Reply()


def _radio(ctx: Ctx, args: dict[str, Any]) -> Reply:
    wlan: Wlan = current(ctx)
    band = args["band"]
    wlan.radio = [] if band is None else sorted({*wlan.radio, band}, key=BANDS.index)
    return Reply()


def _no_radio(ctx: Ctx, args: dict[str, Any]) -> Reply:
    band = str(args["band"]).lower()
    if band not in BANDS:
        raise CommandFailure(4)
    wlan: Wlan = current(ctx)
    wlan.radio = [b for b in wlan.radio if b != band]
    return Reply()


def _psk(ctx: Ctx, args: dict[str, Any]) -> Reply:
    if refused := _enabled_wlan(ctx, args):
        return refused
    key = str(args["key"]) if args["kind"] == 0 else decrypt_psk(str(args["key"]))
    if key is None:
        return Reply("% Error: the encrypted key is not valid for this controller\n")
    if not 8 <= len(key) <= 63:
        return Reply("% Error: PSK key length must be between 8 and 63 ASCII characters\n")
    wlan: Wlan = current(ctx)
    wlan.psk = encrypt_psk(key)
    return Reply()


def _flex_vlan(ctx: Ctx, args: dict[str, Any]) -> Reply:
    name = str(args["name"])
    current(ctx).vlans.setdefault(name, None)
    ctx.session.mode = ("wflexvlan", ctx.session.mode[1], name)
    return Reply()


def _no_flex_vlan(ctx: Ctx, args: dict[str, Any]) -> Reply:
    current(ctx).vlans.pop(str(args["name"]), None)
    return Reply()


def _vlan_id(ctx: Ctx, args: dict[str, Any]) -> Reply:
    current(ctx).vlans[ctx.session.mode[2]] = args["id"]
    return Reply()


def _exit_flex_vlan(ctx: Ctx, args: dict[str, Any]) -> Reply:
    ctx.session.mode = ("wflex", ctx.session.mode[1])
    return Reply()


def _tag_wlan(ctx: Ctx, args: dict[str, Any]) -> Reply:
    wlan, policy, config = str(args["wlan"]), str(args["policy"]), cfg(ctx)
    if wlan not in config.wlans:
        return Reply(f"% Error: WLAN profile {wlan} does not exist\n")
    if policy not in config.policy_profiles:
        return Reply(f"% Error: Policy profile {policy} does not exist\n")
    tag: PolicyTag = current(ctx)
    if wlan not in tag.wlans and len(tag.wlans) >= MAX_TAG_WLANS:
        return Reply(f"% Error: a policy tag maps at most {MAX_TAG_WLANS} WLANs\n")
    tag.wlans[wlan] = policy
    return Reply()


def _no_tag_wlan(ctx: Ctx, args: dict[str, Any]) -> Reply:
    current(ctx).wlans.pop(str(args["wlan"]), None)
    return Reply()


MODE_ACTIONS: dict[str, Action] = {
    "set": _set,
    "reset": _reset,
    "akm_more": _akm_more,
    "desc": _desc,
    "ref": _ref,
    "radio": _radio,
    "no_radio": _no_radio,
    "psk": _psk,
    "flex_vlan": _flex_vlan,
    "no_flex_vlan": _no_flex_vlan,
    "vlan_id": _vlan_id,
    "exit_flex_vlan": _exit_flex_vlan,
    "tag_wlan": _tag_wlan,
    "no_tag_wlan": _no_tag_wlan,
}

MODE_RULES = {
    "wlan": WLAN_RULES,
    "wpolicy": POLICY_RULES,
    "wflex": FLEX_RULES,
    "wflexvlan": FLEX_VLAN_RULES,
    "ptag": POLICY_TAG_RULES,
    "stag": SITE_TAG_RULES,
    "rftag": RF_TAG_RULES,
    "ap": AP_RULES,
}

MODE_NAMES = {
    "wlan": "config-wlan",
    "wpolicy": "config-wireless-policy",
    "wflex": "config-wireless-flex-profile",
    "wflexvlan": "config-wireless-flex-profile-vlan",
    "ptag": "config-policy-tag",
    "stag": "config-site-tag",
    "rftag": "config-rf-tag",
    "ap": "config-ap-tag",
}
