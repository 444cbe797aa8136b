"""The config state of a simulated Cisco IOS/IOS-XE switch and how it prints it."""

from __future__ import annotations

from pydantic import BaseModel, Field

from provisioner.lab.ios_archive import render_archive
from provisioner.lab.parser import compress_numbers
from provisioner.platforms import PLATFORMS

VERSION = "17.9"
NORMAL_VLAN_MAX = 1005
ALLOWED_WIDTH = 48


class IosInterface(BaseModel):
    """One interface; every default value prints nothing."""

    description: str | None = None
    access_vlan: int = 1
    native_vlan: int = 1
    allowed: list[int] | None = None
    mode: str | None = None
    shutdown: bool = False
    poe_never: bool = False
    portfast: str | None = None
    bpduguard: bool = False
    ip: str | None = None
    routed: bool = False
    vrf: str | None = None  # the management port of a Catalyst 9000 (GigabitEthernet0/0 in Mgmt-vrf)


class IosLine(BaseModel):
    login: str = "login"
    transport: str | None = None


def _default_lines() -> dict[str, IosLine]:
    return {"con 0": IosLine(login=""), "vty 0 4": IosLine(), "vty 5 15": IosLine()}


class IosConfig(BaseModel):
    """Running or startup config of an IOS switch."""

    version: str = VERSION
    hostname: str = "Switch"
    domain: str | None = None
    vtp_mode: str = "server"
    vtp_domain: str | None = None
    vtp_version: int = 1
    users: dict[str, str] = Field(default_factory=dict)
    enable_secret: str | None = None
    password_encryption: bool = False
    stp_mode: str = "pvst"
    stp_extend: bool = True
    vlans: dict[int, str | None] = Field(default_factory=dict)
    ports: dict[str, IosInterface] = Field(default_factory=dict)
    svis: dict[int, IosInterface] = Field(default_factory=lambda: {1: IosInterface()})
    gateway: str | None = None
    ntp: list[str] = Field(default_factory=list)
    logging: list[str] = Field(default_factory=list)
    snmp_groups: dict[str, str] = Field(default_factory=dict)
    location: str | None = None
    contact: str | None = None
    snmp_users: dict[str, str] = Field(default_factory=dict)
    lines: dict[str, IosLine] = Field(default_factory=_default_lines)
    archive: dict[str, str] | None = None
    mgmt_vrf: bool = False
    negotiation: bool = False


def os_version(model: str) -> str:
    """The IOS release a model runs: a C1000 runs classic IOS 15.2, the Catalyst 9000s IOS-XE 17."""
    return "15.2" if model.upper().startswith("C1000") else VERSION


def factory_config(*, model: str) -> IosConfig:
    """The factory default of a model. A Catalyst 9200/9300 on IOS-XE 17 also has its management port
    GigabitEthernet0/0 in `vrf definition Mgmt-vrf` and vty lines 0-31 (as printed in
    tests/fixtures/real/cisco_ios/c9300-24ux-17.12-* and c9200l-17.9-*)."""
    names = PLATFORMS["cisco_ios"].layout(model).names()
    ports = {name: IosInterface() for name in names}
    if not catalyst_9000(model):
        return IosConfig(version=os_version(model), ports=ports)
    lines = {"con 0": IosLine(login=""), "vty 0 4": IosLine(), "vty 5 31": IosLine()}
    mgmt = {"GigabitEthernet0/0": IosInterface(vrf="Mgmt-vrf", routed=True)}
    negotiation = model.upper().startswith("C9300")
    return IosConfig(version=os_version(model), ports={**mgmt, **ports}, mgmt_vrf=True, lines=lines, negotiation=negotiation)


def catalyst_9000(model: str) -> bool:
    return model.upper().startswith(("C9200", "C9300"))


def _port_lines(port: IosInterface, *, negotiation: bool = False) -> list[str]:
    if port.vrf is not None:
        address = f" ip address {port.ip}" if port.ip else " no ip address"
        head = [f" description {port.description}"] if port.description is not None else []
        return [*head, f" vrf forwarding {port.vrf}", address, *([" negotiation auto"] if negotiation else []), *_port_tail(port)]
    if port.routed:
        return _routed_lines(port)
    lines: list[str] = []
    if port.description is not None:
        lines.append(f" description {port.description}")
    if port.access_vlan != 1:
        lines.append(f" switchport access vlan {port.access_vlan}")
    if port.native_vlan != 1:
        lines.append(f" switchport trunk native vlan {port.native_vlan}")
    if port.allowed is not None:
        lines += allowed_lines(port.allowed)
    if port.mode is not None:
        lines.append(f" switchport mode {port.mode}")
    return lines + _port_tail(port)


def allowed_lines(vlans: list[int]) -> list[str]:
    """IOS splits a long allowed list: the first line sets it, `... add` lines continue (at most 48 characters of list each)."""
    chunks: list[str] = []
    for item in (compress_numbers(vlans) or "none").split(","):
        if chunks and len(chunks[-1]) + 1 + len(item) <= ALLOWED_WIDTH:
            chunks[-1] += "," + item
        else:
            chunks.append(item)
    first, *rest = chunks
    return [f" switchport trunk allowed vlan {first}", *(f" switchport trunk allowed vlan add {chunk}" for chunk in rest)]


def _port_tail(port: IosInterface) -> list[str]:
    lines: list[str] = []
    if port.shutdown:
        lines.append(" shutdown")
    if port.poe_never:
        lines.append(" power inline never")
    if port.portfast is not None:
        lines.append(" spanning-tree portfast" + (" trunk" if port.portfast == "trunk" else ""))
    if port.bpduguard:
        lines.append(" spanning-tree bpduguard enable")
    return lines


def _routed_lines(port: IosInterface) -> list[str]:
    """A routed port (`no switchport`): the switchport line first, then its address."""
    lines = [f" description {port.description}"] if port.description is not None else []
    lines += [" no switchport", f" ip address {port.ip}" if port.ip else " no ip address"]
    return lines + _port_tail(port)


def _svi_lines(svi: IosInterface) -> list[str]:
    lines = [f" description {svi.description}"] if svi.description is not None else []
    lines.append(f" ip address {svi.ip}" if svi.ip else " no ip address")
    if svi.shutdown:
        lines.append(" shutdown")
    return lines


def user_lines(config: IosConfig) -> list[str]:
    """`enable secret` and `username` lines, then a `!` when there were any."""
    lines = [f"enable secret {config.enable_secret}"] if config.enable_secret else []
    lines += [f"username {name} {rest}" for name, rest in config.users.items()]
    return [*lines, "!"] if lines else []


def service_lines(config: IosConfig) -> list[str]:
    """IOS 15 prints the `service password-encryption` state either way; IOS-XE 17 only when it is on."""
    if config.password_encryption:
        return ["service password-encryption"]
    return ["no service password-encryption"] if config.version.startswith("15") else []


def _head(config: IosConfig) -> list[str]:
    lines = ["!", f"version {config.version}", *service_lines(config), "!", f"hostname {config.hostname}"]
    lines += [f"ip domain name {config.domain}", "!"] if config.domain else ["!"]
    lines += _MGMT_VRF if config.mgmt_vrf else []
    lines += _vtp(config)
    lines += user_lines(config)
    lines += render_archive(config.archive)
    lines += [f"spanning-tree mode {config.stp_mode}"]
    lines += ["spanning-tree extend system-id", "!"] if config.stp_extend else ["!"]
    for vlan_id, name in sorted(config.vlans.items()):
        if vlans_in_config(config) or vlan_id > NORMAL_VLAN_MAX:
            lines += [f"vlan {vlan_id}"] + ([f" name {name}"] if name else []) + ["!"]
    return lines


_MGMT_VRF = [
    "vrf definition Mgmt-vrf",
    " !",
    " address-family ipv4",
    " exit-address-family",
    " !",
    " address-family ipv6",
    " exit-address-family",
    "!",
]


def vlans_in_config(config: IosConfig) -> bool:
    """VTP transparent and off keep VLANs 1-1005 in the config; server and client keep them in vlan.dat."""
    return config.vtp_mode in ("transparent", "off")


def _vtp(config: IosConfig) -> list[str]:
    """IOS-XE prints `vtp version` in every mode, IOS 15 only when it is not 1; domain and mode only without VTP."""
    lines = []
    if vlans_in_config(config):
        lines += [f"vtp domain {config.vtp_domain}"] if config.vtp_domain else []
        lines += [f"vtp mode {config.vtp_mode}"]
    if not config.version.startswith("15") or config.vtp_version != 1:
        lines += [f"vtp version {config.vtp_version}"]
    return [*lines, "!"] if lines else []


def interface_block(config: IosConfig, name: str) -> list[str]:
    """One interface as the running config prints it (without the closing `!`)."""
    if name.startswith("Vlan"):
        return [f"interface {name}", *_svi_lines(config.svis[int(name[4:])])]
    return [f"interface {name}", *_port_lines(config.ports[name])]


def _interfaces(config: IosConfig) -> list[str]:
    lines: list[str] = []
    for name, port in config.ports.items():
        lines += [f"interface {name}", *_port_lines(port, negotiation=config.negotiation), "!"]
    for vlan_id, svi in sorted(config.svis.items()):
        lines += [f"interface Vlan{vlan_id}", *_svi_lines(svi), "!"]
    return lines


def _tail(config: IosConfig) -> list[str]:
    lines = [f"ip default-gateway {config.gateway}"] if config.gateway else []
    lines += ["!"]
    lines += [f"logging host {host}" for host in config.logging]
    lines += [f"snmp-server group {name} {rest}" for name, rest in config.snmp_groups.items()]
    lines += [f"snmp-server location {config.location}"] if config.location else []
    lines += [f"snmp-server contact {config.contact}"] if config.contact else []
    lines += ["!"]
    for key, line in config.lines.items():
        lines += [f"line {key}"] + (_line_body(line) if key != "con 0" else [" stopbits 1"])
    lines += ["!"] + [f"ntp server {server}" for server in config.ntp]
    return lines + (["!"] if config.ntp else []) + ["end"]


def _line_body(line: IosLine) -> list[str]:
    body = [f" {line.login}"] if line.login else []
    body += [f" transport input {line.transport}"] if line.transport else []
    return body


def render_config(config: IosConfig, *, header: bool) -> str:
    """The config as ``show running-config`` prints it (with ``Building configuration...``)."""
    body = "\n".join(_head(config) + _interfaces(config) + _tail(config)) + "\n"
    if not header:
        return body
    size = len(body.encode()) + body.count("\n")
    return f"Building configuration...\n\nCurrent configuration : {size} bytes\n{body}"
