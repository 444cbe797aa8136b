"""The config state of a simulated HPE Aruba OS-Switch (ProCurve) and how it prints it."""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from provisioner.platforms import PLATFORMS, compress_ports

PRODUCTS = {
    "2930F-48G-4SFP+": ("JL260A", "WC.16.10.0009"),
    "2930F-24G-4SFP+": ("JL259A", "WC.16.10.0009"),
    "2530-8G-PoEP": ("J9774A", "YA.16.10.0009"),
    "2540-48G-4SFP+": ("JL355A", "YC.16.10.0009"),
}
VER_LINE = "; Ver #14:01.4f.f8.1d.9b.3f.bf.bb.ef.7c.59.fc.6b.fb.9f.fc.ff.ff.37.ef:05"


def product(model: str) -> tuple[str, str]:
    return PRODUCTS.get(model, PRODUCTS["2930F-48G-4SFP+"])


class PcPort(BaseModel):
    name: str | None = None
    disabled: bool = False
    poe: bool = True


class PcVlan(BaseModel):
    name: str
    untagged: list[str] = Field(default_factory=list)
    tagged: list[str] = Field(default_factory=list)
    ip: str | None = None
    ipv6_enable: bool = False
    ipv6_dhcp_full: bool = False


class PcConfig(BaseModel):
    """Running or startup config of a ProCurve switch."""

    model: str
    hostname: str
    order: list[str]
    ports: dict[str, PcPort] = Field(default_factory=dict)
    vlans: dict[int, PcVlan] = Field(default_factory=dict)
    include_credentials: bool = False
    timesync: str | None = None
    ntp_unicast: bool = False
    ntp_servers: dict[str, bool] = Field(default_factory=dict)
    ntp_enable: bool = False
    gateway: str | None = None
    logging: list[str] = Field(default_factory=list)
    communities: dict[str, str] = Field(default_factory=lambda: {"public": "unrestricted"})
    location: str | None = None
    contact: str | None = None
    snmpv3_enable: bool = False
    snmpv3_users: dict[str, str] = Field(default_factory=dict)
    snmpv3_groups: list[str] = Field(default_factory=list)
    stp: bool = False
    edge_ports: list[str] = Field(default_factory=list)
    bpdu_ports: list[str] = Field(default_factory=list)
    managers: dict[str, str] = Field(default_factory=dict)
    operators: dict[str, str] = Field(default_factory=dict)


def factory_config(*, model: str) -> PcConfig:
    names = PLATFORMS["aruba_osswitch"].layout(model).names()
    default = PcVlan(name="DEFAULT_VLAN", untagged=list(names), ip="dhcp-bootp", ipv6_enable=True, ipv6_dhcp_full=True)
    return PcConfig(model=model, hostname=f"HP-{model}", order=names, vlans={1: default})


_PORT_LISTS = re.compile(r"^\s*(?:no\s+)?(?:untagged|tagged|forbid)\s+(\S+)\s*$", re.MULTILINE)
_INTERFACES = re.compile(r"^interface (\S+)\s*$", re.MULTILINE)


def _natural(name: str) -> tuple[object, ...]:
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name))


def _expand(item: str) -> list[str]:
    """'A1-A24' -> A1..A24, '1/1-1/4' -> 1/1..1/4, '7' -> ['7']."""
    low, dash, high = item.partition("-")
    first, last = re.fullmatch(r"(.*?)(\d+)", low), re.fullmatch(r"(.*?)(\d+)", high)
    if not dash or first is None or last is None or first.group(1) != last.group(1):
        return [low] if not dash else [low, high]
    return [f"{first.group(1)}{n}" for n in range(int(first.group(2)), int(last.group(2)) + 1)][:512]


def adopt_ports(config: PcConfig, text: str) -> None:
    """Add the ports a running config names (interface blocks, VLAN member lists) to the device's port order."""
    names = {m.group(1) for m in _INTERFACES.finditer(text)}
    for match in _PORT_LISTS.finditer(text):
        for item in match.group(1).split(","):
            names.update(_expand(item))
    config.order = [*config.order, *sorted(names - set(config.order), key=_natural)]


def _q(text: str) -> str:
    return f'"{text}"'


def _globals(config: PcConfig) -> list[str]:
    part, _ = product(config.model)
    lines = [f"hostname {_q(config.hostname)}", f"module 1 type {part.lower()}"]
    lines += ["include-credentials"] if config.include_credentials else []
    lines += _credentials(config) if config.include_credentials else []
    lines += [f"timesync {config.timesync}"] if config.timesync else []
    lines += ["ntp unicast"] if config.ntp_unicast else []
    lines += [f"ntp server {ip}" + (" iburst" if burst else "") for ip, burst in config.ntp_servers.items()]
    lines += ["ntp enable"] if config.ntp_enable else []
    lines += [f"ip default-gateway {config.gateway}"] if config.gateway else []
    lines += [f"logging {host}" for host in config.logging]
    lines += [f"snmp-server community {_q(name)} {access}" for name, access in config.communities.items()]
    lines += _contact_location(config)
    lines += ["snmpv3 enable"] if config.snmpv3_enable else []
    if config.include_credentials:
        lines += list(config.snmpv3_users.values())
    return lines + list(config.snmpv3_groups)


def _contact_location(config: PcConfig) -> list[str]:
    """16.x prints contact and location on one line when both are set."""
    if config.contact is not None and config.location is not None:
        return [f"snmp-server contact {_q(config.contact)} location {_q(config.location)}"]
    if config.contact is not None:
        return [f"snmp-server contact {_q(config.contact)}"]
    return [f"snmp-server location {_q(config.location)}"] if config.location is not None else []


def _credentials(config: PcConfig) -> list[str]:
    """With include-credentials: the user name and SHA-1 of each set password, after `include-credentials`."""
    lines = [f"password manager user-name {_q(user)} sha1 {_q(digest)}" for user, digest in config.managers.items()]
    return lines + [f"password operator user-name {_q(user)} sha1 {_q(digest)}" for user, digest in config.operators.items()]


def _bare_passwords(config: PcConfig) -> list[str]:
    """Without include-credentials: a bare `password manager|operator` line at the end for each one set."""
    return (["password manager"] if config.managers else []) + (["password operator"] if config.operators else [])


def _interfaces(config: PcConfig) -> list[str]:
    lines: list[str] = []
    for name in config.order:
        port = config.ports.get(name)
        if port is None or port == PcPort():
            continue
        lines.append(f"interface {name}")
        lines += [f"   name {_q(port.name)}"] if port.name is not None else []
        lines += ["   disable"] if port.disabled else []
        lines += ["   no power-over-ethernet"] if not port.poe else []
        lines.append("   exit")
    return lines


def _vlans(config: PcConfig) -> list[str]:
    lines: list[str] = []
    for vlan_id, vlan in sorted(config.vlans.items()):
        lines += [f"vlan {vlan_id}", f"   name {_q(vlan.name)}"]
        missing = [p for p in config.order if p not in vlan.untagged]
        if vlan_id == 1 and missing:
            lines.append(f"   no untagged {compress_ports(missing, order=config.order)}")
        if vlan.untagged:
            lines.append(f"   untagged {compress_ports(vlan.untagged, order=config.order)}")
        if vlan.tagged:
            lines.append(f"   tagged {compress_ports(vlan.tagged, order=config.order)}")
        lines.append(f"   ip address {vlan.ip}" if vlan.ip else "   no ip address")
        lines += ["   ipv6 enable"] if vlan.ipv6_enable else []
        lines += ["   ipv6 address dhcp full"] if vlan.ipv6_dhcp_full else []
        lines.append("   exit")
    return lines


def _tail(config: PcConfig) -> list[str]:
    lines = ["spanning-tree"] if config.stp else []
    if config.edge_ports:
        lines.append(f"spanning-tree {compress_ports(config.edge_ports, order=config.order)} admin-edge-port")
    if config.bpdu_ports:
        lines.append(f"spanning-tree {compress_ports(config.bpdu_ports, order=config.order)} bpdu-protection")
    return lines + ([] if config.include_credentials else _bare_passwords(config))


def render_config(config: PcConfig, *, title: str) -> str:
    """The config as ``show running-config`` (or ``show config``) prints it."""
    part, release = product(config.model)
    head = [f"{title} configuration:", "", f"; {part} Configuration Editor; Created on release #{release}", VER_LINE]
    body = head + _globals(config) + _interfaces(config) + _vlans(config) + _tail(config)
    return "\n".join(body) + "\n"
