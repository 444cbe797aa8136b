"""Exec-mode wireless commands of a simulated C9800: AP rename and the ``show ... summary`` tables."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from provisioner.lab.c9800_config import AP_MODEL, BANDS, C9800Config, Wlan, ap_ip
from provisioner.lab.engine import Ctx, Reply
from provisioner.lab.parser import rule

Action = Callable[[Ctx, dict[str, Any]], Reply]

SHOW_RULES = [
    rule("show ap summary", "show_ap_summary"),
    rule("show wlan summary", "show_wlan_summary"),
    rule("show wireless tag policy summary", "show_tag_summary", table="policy_tags", title="Policy Tag"),
    rule("show wireless tag site summary", "show_tag_summary", table="site_tags", title="Site Tag"),
    rule("ap name <old:word> name <new:word>", "ap_rename"),
]


def _cfg(ctx: Ctx) -> C9800Config:
    config: C9800Config = ctx.device.running
    return config


def _ap_rename(ctx: Ctx, args: dict[str, Any]) -> Reply:
    old, new = str(args["old"]), str(args["new"])
    by_name = {name: mac for mac, name in _cfg(ctx).joined.items()}
    if old not in by_name:
        return Reply(f"% Error: AP {old} is not joined to this controller\n")
    if len(new) > 32:
        return Reply("% Error: AP name must be 1 to 32 characters long\n")
    if new in by_name and new != old:
        return Reply(f"% Error: AP name {new} is already used by AP {by_name[new]}\n")
    mac = by_name[old]
    for config in (_cfg(ctx), ctx.device.startup):
        config.joined[mac] = new
    return Reply()


def _show_ap_summary(ctx: Ctx, args: dict[str, Any]) -> Reply:
    joined = _cfg(ctx).joined
    lines = [
        f"Number of APs: {len(joined)}",
        "",
        f"{'AP Name':<33}{'Slots':<6}{'AP Model':<22}{'Ethernet MAC':<16}{'Radio MAC':<16}{'Location':<34}{'Country':<8}"
        f"{'IP Address':<16}State",
        "-" * 156,
    ]
    for mac, name in joined.items():
        radio = mac[:-4] + f"{(int(mac[-4:], 16) * 16) % 0x10000:04x}"
        lines.append(f"{name:<33}{'2':<6}{AP_MODEL:<22}{mac:<16}{radio:<16}{'default location':<34}{'DE':<8}{ap_ip(mac):<16}Registered")
    return Reply("\n".join(lines) + "\n\n")


def _security(wlan: Wlan) -> str:
    parts = [part for part, on in (("WPA2", wlan.wpa2), ("WPA3", wlan.wpa3)) if on]
    parts += [akm for akm, on in (("802.1x", wlan.akm_dot1x), ("PSK", wlan.akm_psk), ("SAE", wlan.akm_sae)) if on]
    parts += ["AES"] if parts else []
    parts += ["Web Auth"] if wlan.web_auth else []
    return "".join(f"[{part}]" for part in parts) or "[open]"


def _show_wlan_summary(ctx: Ctx, args: dict[str, Any]) -> Reply:
    wlans = sorted(_cfg(ctx).wlans.items(), key=lambda item: item[1].id)
    lines = [
        f"Number of WLANs: {len(wlans)}",
        "",
        f"{'ID':<5}{'Profile Name':<33}{'SSID':<33}{'Status':<7}{'Radio':<15}Security",
        "-" * 110,
    ]
    for name, wlan in wlans:
        status = "DOWN" if wlan.shutdown else "UP"
        radio = "/".join(b.upper() for b in wlan.radio or BANDS)
        lines.append(f"{wlan.id:<5}{name:<33}{wlan.ssid:<33}{status:<7}{radio:<15}{_security(wlan)}")
    return Reply("\n".join(lines) + "\n\n")


def _show_tag_summary(ctx: Ctx, args: dict[str, Any]) -> Reply:
    tags = getattr(_cfg(ctx), args["table"])
    title = str(args["title"])
    lines = [f"Number of {title}s: {len(tags)}", "", f"{title + ' Name':<34}Description", "-" * 72]
    lines += [f"{name:<34}{tag.description or ''}" for name, tag in tags.items()]
    return Reply("\n".join(lines) + "\n\n")


SHOW_ACTIONS: dict[str, Action] = {
    "ap_rename": _ap_rename,
    "show_ap_summary": _show_ap_summary,
    "show_wlan_summary": _show_wlan_summary,
    "show_tag_summary": _show_tag_summary,
}
