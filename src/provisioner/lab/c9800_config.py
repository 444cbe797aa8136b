"""The config state of a simulated Catalyst 9800 WLAN controller (IOS-XE 17.x) and how it prints it.

The global part (hostname, users, VLANs, SVIs, NTP, logging, SNMP, lines) is the IOS model; the
wireless part adds WLANs, policy and flex profiles, policy/site/RF tags and per-AP tag entries.
``joined`` is the table of APs that have joined the controller (MAC -> AP name; model and IP follow
from the MAC): device state, not config, so it is kept identical in running and startup (it survives
a reload and never makes the config dirty).
"""

from __future__ import annotations

import hashlib

from pydantic import BaseModel, Field

from provisioner.lab.ios_config import VERSION, IosConfig, user_lines

BANDS = ("24ghz", "5ghz", "6ghz")
DEFAULT_POLICY_TAG = "default-policy-tag"
DEFAULT_SITE_TAG = "default-site-tag"
DEFAULT_RF_TAG = "default-rf-tag"
DEFAULT_POLICY_PROFILE = "default-policy-profile"
DEFAULT_FLEX_PROFILE = "default-flex-profile"
DEFAULTS = (DEFAULT_POLICY_TAG, DEFAULT_SITE_TAG, DEFAULT_RF_TAG, DEFAULT_POLICY_PROFILE, DEFAULT_FLEX_PROFILE)
AP_MODEL = "C9120AXI-E"
_PSK_PAD = hashlib.sha256(b"provisioner-lab-c9800-master-key").digest()


class Wlan(BaseModel):
    """One WLAN profile; a new one is shut, WPA2 with 802.1X AKM, on every band."""

    id: int
    ssid: str
    radio: list[str] = Field(default_factory=list)
    broadcast: bool = True
    wpa2: bool = True
    wpa3: bool = False
    akm_dot1x: bool = True
    akm_psk: bool = False
    akm_sae: bool = False
    psk: str | None = None
    auth_list: str | None = None
    web_auth: bool = False
    web_auth_map: str | None = None
    mac_filtering: str | None = None
    ft: str | None = None
    pmf: str | None = None
    akm_more: list[str] = Field(default_factory=list)
    shutdown: bool = True


AKM_MORE = ("ft dot1x", "ft psk", "ft sae", "dot1x-sha256", "psk-sha256", "owe", "cckm", "suiteb", "suiteb192")


class PolicyProfile(BaseModel):
    description: str | None = None
    aaa_override: bool = False
    accounting_list: str | None = None
    nac: bool = False
    vlan: str | None = None
    central_switching: bool = True
    central_dhcp: bool = True
    shutdown: bool = True


class FlexProfile(BaseModel):
    description: str | None = None
    native_vlan: int | None = None
    vlans: dict[str, int | None] = Field(default_factory=dict)


class PolicyTag(BaseModel):
    description: str | None = None
    wlans: dict[str, str] = Field(default_factory=dict)


class SiteTag(BaseModel):
    description: str | None = None
    flex_profile: str | None = None
    local_site: bool = True


class RfTag(BaseModel):
    description: str | None = None


class ApTags(BaseModel):
    """The ``ap <mac>`` entry: which tags an AP gets (None: the default tag)."""

    policy_tag: str | None = None
    site_tag: str | None = None
    rf_tag: str | None = None


class C9800Config(IosConfig):
    """Running or startup config of a C9800."""

    hostname: str = "WLC"
    routes: list[str] = Field(default_factory=list)
    wlans: dict[str, Wlan] = Field(default_factory=dict)
    policy_profiles: dict[str, PolicyProfile] = Field(default_factory=dict)
    flex_profiles: dict[str, FlexProfile] = Field(default_factory=dict)
    policy_tags: dict[str, PolicyTag] = Field(default_factory=dict)
    site_tags: dict[str, SiteTag] = Field(default_factory=dict)
    rf_tags: dict[str, RfTag] = Field(default_factory=dict)
    aps: dict[str, ApTags] = Field(default_factory=dict)
    joined: dict[str, str] = Field(default_factory=dict)


def factory_config(*, model: str) -> C9800Config:
    """A factory-fresh controller: hostname WLC, the built-in default profiles and tags, no WLANs."""
    return C9800Config(
        policy_profiles={DEFAULT_POLICY_PROFILE: PolicyProfile(description="default policy profile", shutdown=False)},
        flex_profiles={DEFAULT_FLEX_PROFILE: FlexProfile(description="default flex profile")},
        policy_tags={DEFAULT_POLICY_TAG: PolicyTag(description="default policy-tag")},
        site_tags={DEFAULT_SITE_TAG: SiteTag(description="default site tag")},
        rf_tags={DEFAULT_RF_TAG: RfTag(description="default RF tag")},
    )


def ap_ip(mac: str) -> str:
    """The IP address a joined AP reports: 10.x.y.z from the last three bytes of its MAC."""
    octets = bytes.fromhex(mac.replace(".", ""))
    return f"10.{octets[3]}.{octets[4]}.{octets[5]}"


def encrypt_psk(key: str) -> str:
    """The type-8 form the controller shows instead of a clear-text PSK (deterministic, never the key)."""
    data = bytes(b ^ _PSK_PAD[i % len(_PSK_PAD)] for i, b in enumerate(key.encode()))
    return data.hex().upper()


def decrypt_psk(text: str) -> str | None:
    """The key behind a type-8 string, or None when the string is not one this controller made."""
    try:
        data = bytes.fromhex(text)
    except ValueError:
        return None
    key = bytes(b ^ _PSK_PAD[i % len(_PSK_PAD)] for i, b in enumerate(data))
    try:
        clear = key.decode("ascii")
    except UnicodeDecodeError:
        return None
    return clear if clear.isprintable() and 8 <= len(clear) <= 63 and text == text.upper() else None


def _desc(description: str | None) -> list[str]:
    return [f' description "{description}"'] if description is not None else []


def _shut(shutdown: bool) -> str:
    return " shutdown" if shutdown else " no shutdown"


def _wlan_security(wlan: Wlan) -> list[str]:
    lines = [f" {wlan.ft}"] if wlan.ft else []
    lines += [f" security pmf {wlan.pmf}"] if wlan.pmf else []
    lines += [" no security wpa wpa2"] if not wlan.wpa2 else []
    lines += [" no security wpa akm dot1x"] if not wlan.akm_dot1x else []
    lines += [" security wpa akm psk"] if wlan.akm_psk else []
    lines += [" security wpa akm sae"] if wlan.akm_sae else []
    lines += [f" security wpa akm {akm}" for akm in AKM_MORE if akm in wlan.akm_more]
    lines += [f" security wpa psk set-key ascii 8 {wlan.psk}"] if wlan.psk else []
    lines += [" security wpa wpa3"] if wlan.wpa3 else []
    lines += [f" security dot1x authentication-list {wlan.auth_list}"] if wlan.auth_list else []
    lines += [" security web-auth"] if wlan.web_auth else []
    lines += [f" security web-auth parameter-map {wlan.web_auth_map}"] if wlan.web_auth_map else []
    return lines


def wlan_lines(name: str, wlan: Wlan) -> list[str]:
    lines = [f"wlan {name} {wlan.id} {wlan.ssid}"]
    lines += [f" radio policy dot11 {band}" for band in BANDS if band in wlan.radio]
    lines += [" no broadcast-ssid"] if not wlan.broadcast else []
    if wlan.mac_filtering is not None:
        lines += [f" mac-filtering {wlan.mac_filtering}".rstrip()]
    return lines + _wlan_security(wlan) + [_shut(wlan.shutdown), "!"]


def _policy_lines(name: str, profile: PolicyProfile) -> list[str]:
    lines = [f"wireless profile policy {name}"]
    lines += [" aaa-override"] if profile.aaa_override else []
    lines += [f" accounting-list {profile.accounting_list}"] if profile.accounting_list else []
    lines += _desc(profile.description)
    lines += [" no central-dhcp"] if not profile.central_dhcp else []
    lines += [" no central-switching"] if not profile.central_switching else []
    lines += [" nac"] if profile.nac else []
    lines += [f" vlan {profile.vlan}"] if profile.vlan is not None else []
    return lines + [_shut(profile.shutdown), "!"]


def _flex_lines(name: str, profile: FlexProfile) -> list[str]:
    lines = [f"wireless profile flex {name}", *_desc(profile.description)]
    lines += [f" native-vlan-id {profile.native_vlan}"] if profile.native_vlan is not None else []
    for vlan_name, vlan_id in profile.vlans.items():
        lines += [f" vlan-name {vlan_name}"] + ([f"  vlan-id {vlan_id}"] if vlan_id is not None else [])
    return lines + ["!"]


def _site_lines(name: str, tag: SiteTag) -> list[str]:
    lines = [f"wireless tag site {name}", *_desc(tag.description)]
    lines += [f" flex-profile {tag.flex_profile}"] if tag.flex_profile else []
    return lines + ([" no local-site"] if not tag.local_site else []) + ["!"]


def _policy_tag_lines(name: str, tag: PolicyTag) -> list[str]:
    lines = [f"wireless tag policy {name}", *_desc(tag.description)]
    return lines + [f" wlan {wlan} policy {policy}" for wlan, policy in tag.wlans.items()] + ["!"]


def _ap_lines(mac: str, tags: ApTags) -> str:
    text = f"ap {mac}\n"
    if tags.policy_tag:
        text += f" policy-tag {tags.policy_tag}\n"
    if tags.site_tag:
        text += f" site-tag {tags.site_tag}\n"
    if tags.rf_tag:
        text += f" rf-tag {tags.rf_tag}\n"
    return text + "!\n"


def _head(config: C9800Config) -> list[str]:
    lines = ["!", f"version {VERSION}", "!", f"hostname {config.hostname}"]
    lines += [f"ip domain name {config.domain}", "!"] if config.domain else ["!"]
    lines += user_lines(config)
    for vlan_id, name in sorted(config.vlans.items()):
        lines += [f"vlan {vlan_id}"] + ([f" name {name}"] if name else []) + ["!"]
    for vlan_id, svi in sorted(config.svis.items()):
        lines += [f"interface Vlan{vlan_id}"] + ([f" description {svi.description}"] if svi.description is not None else [])
        lines += [f" ip address {svi.ip}" if svi.ip else " no ip address"] + ([" shutdown"] if svi.shutdown else []) + ["!"]
    lines += [f"ip default-gateway {config.gateway}"] if config.gateway else []
    lines += [f"ip route {route}" for route in config.routes] + ["!"]
    lines += [f"logging host {host}" for host in config.logging]
    lines += [f"snmp-server group {name} {rest}" for name, rest in config.snmp_groups.items()]
    lines += [f"snmp-server location {config.location}"] if config.location else []
    lines += [f"snmp-server contact {config.contact}"] if config.contact else []
    return lines + ["!"]


def _wireless(config: C9800Config) -> list[str]:
    lines: list[str] = []
    for name, flex in config.flex_profiles.items():
        lines += _flex_lines(name, flex)
    for name, policy in config.policy_profiles.items():
        lines += _policy_lines(name, policy)
    for name, wlan in sorted(config.wlans.items(), key=lambda item: item[1].id):
        lines += wlan_lines(name, wlan)
    for name, site in config.site_tags.items():
        lines += _site_lines(name, site)
    for name, tag in config.policy_tags.items():
        lines += _policy_tag_lines(name, tag)
    for name, rf in config.rf_tags.items():
        lines += [f"wireless tag rf {name}", *_desc(rf.description), "!"]
    return lines


def _tail(config: C9800Config) -> list[str]:
    lines: list[str] = []
    for key, line in config.lines.items():
        body = [f" {line.login}"] if line.login else []
        body += [f" transport input {line.transport}"] if line.transport else []
        lines += [f"line {key}"] + (body if key != "con 0" else [" stopbits 1"])
    lines += ["!"] + [f"ntp server {server}" for server in config.ntp]
    return lines + (["!"] if config.ntp else []) + ["end"]


def render_config(config: C9800Config, *, header: bool) -> str:
    """The config as ``show running-config`` prints it: globals, profiles, WLANs, tags, APs, lines."""
    aps = "".join(_ap_lines(mac, tags) for mac, tags in config.aps.items())
    body = "\n".join(_head(config) + _wireless(config)) + "\n" + aps + "\n".join(_tail(config)) + "\n"
    if not header:
        return body
    size = len(body.encode()) + body.count("\n")
    return f"Building configuration...\n\nCurrent configuration : {size} bytes\n{body}"
