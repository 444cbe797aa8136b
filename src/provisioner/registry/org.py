"""The org-wide file (org.yml): zones, address pools, defaults, SSIDs, images, controllers."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from provisioner.platforms import ControllerPlatform, SwitchPlatform
from provisioner.registry.base import Model, SecretRef
from provisioner.registry.change import ChangeControl
from provisioner.registry.images import ImageProfile
from provisioner.registry.types import Bool, CliText, Hostname, Int, IPv4, IPv4Net, Slug, Text, VarName, VlanId

SiteType = Literal["school", "kita", "youth_centre", "office"]
SITE_TYPES: tuple[SiteType, ...] = ("school", "kita", "youth_centre", "office")
Audience = Literal["pupils", "staff", "admin", "guests"]


class Zone(Model):
    """A network zone: one VLAN city-wide, and a pool that site subnets are allocated from."""

    vlan: VlanId
    purpose: Text
    pool: IPv4Net
    prefix: Annotated[Int, Field(ge=16, le=30)] = 24
    proxy: Text | None = None


class Snmp(Model):
    """SNMPv3 user; its keys are secret references."""

    user: VarName
    group: VarName = "provisioner"
    auth_password: SecretRef
    priv_password: SecretRef
    contact: CliText = "schul-it"


class AdminUser(Model):
    """A local admin user on network devices."""

    name: VarName
    privilege: Annotated[Int, Field(ge=1, le=15)] = 15
    password: SecretRef


class Credentials(Model):
    """How automation logs in to a device."""

    username: VarName
    password: SecretRef


class NetworkDefaults(Model):
    """Settings every network device gets."""

    ntp_servers: list[IPv4] = []
    syslog_servers: list[IPv4] = []
    dns_servers: list[IPv4] = []
    snmp: Snmp | None = None
    admin_users: list[AdminUser] = []
    credentials: Credentials


class PlatformDefaults(Model):
    """Per-platform overrides of the network defaults; unset keys inherit."""

    ntp_servers: list[IPv4] | None = None
    syslog_servers: list[IPv4] | None = None
    dns_servers: list[IPv4] | None = None
    snmp: Snmp | None = None
    admin_users: list[AdminUser] | None = None
    credentials: Credentials | None = None


class ClientAccess(Model):
    """How automation reaches classroom clients."""

    linux_user: VarName = "ansible"
    windows_user: VarName = "ansible"
    windows_password: SecretRef | None = None


class SsidSecurity(Model):
    """WLAN security: enterprise against RADIUS, PSK from vault, or open with a guest portal."""

    mode: Literal["wpa2_enterprise", "wpa3_enterprise", "wpa2_psk", "wpa3_sae", "open"]
    radius_servers: list[IPv4] = []
    psk: SecretRef | None = None
    portal: Text | None = None

    @model_validator(mode="after")
    def _complete(self) -> SsidSecurity:
        if self.mode.endswith("enterprise") and not self.radius_servers:
            raise ValueError(f"mode {self.mode} needs radius_servers")
        if self.mode in ("wpa2_psk", "wpa3_sae") and self.psk is None:
            raise ValueError(f"mode {self.mode} needs psk: {{vault: <variable>}}")
        if self.mode == "open" and self.portal is None:
            raise ValueError("mode open needs portal: <guest portal reference>")
        return self


class SsidProfile(Model):
    """An SSID, the zone (and so the VLAN) it lands in, and who gets it."""

    ssid: CliText
    wlan_id: Annotated[Int, Field(ge=1, le=512)]
    zone: Slug
    audience: Audience
    """Who uses the SSID; pupils' and guests' devices must never land in the administrative network."""
    security: SsidSecurity
    bands: list[Literal["2.4ghz", "5ghz", "6ghz"]] = ["2.4ghz", "5ghz"]
    hidden: Bool = False
    site_types: list[SiteType]


class WlanController(Model):
    """A central WLAN controller."""

    name: Hostname
    platform: ControllerPlatform
    model: Text = "C9800-CL"
    mgmt_ip: IPv4


class Separation(Model):
    """Which zones rooms, images and ports may use, so pupils never reach the administrative network.

    `purposes`: room purpose -> the zones its rooms may be in; `images`: image profile -> the zones
    its clients may be in (every image needs an entry); `port_zones`: the zones an access port may
    name directly; any other zone only through a room (`room:`) whose purpose allows it.
    """

    purposes: dict[Slug, list[Slug]]
    images: dict[Slug, list[Slug]]
    port_zones: list[Slug]


class Org(Model):
    """org.yml: everything that is the same for all sites."""

    name: Text
    domain: Text
    zones: dict[Slug, Zone]
    defaults: NetworkDefaults
    platform_defaults: dict[SwitchPlatform | ControllerPlatform, PlatformDefaults] = {}
    clients: ClientAccess = ClientAccess()
    ssids: dict[Slug, SsidProfile] = {}
    images: dict[Slug, ImageProfile] = {}
    wlan_controllers: list[WlanController] = []
    change_control: ChangeControl = ChangeControl()
    """Plan approval, plan lifetime and change windows (registry/change.py, docs/plans.md)."""
    separation: Separation | None = None
    """Required in practice: checks/separation.py reports a missing one with the fix."""
    decommissioned: Bool = False
    """Set on purpose when the registry is meant to hold no sites (checks/presence.py)."""

    def network_defaults(self, platform: str) -> NetworkDefaults:
        """The defaults for one platform, overrides applied."""
        override = self.platform_defaults.get(platform)  # type: ignore[call-overload]
        if override is None:
            return self.defaults
        changes = {k: v for k, v in override if v is not None}
        return self.defaults.model_copy(update=changes)
