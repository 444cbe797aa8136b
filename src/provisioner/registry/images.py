"""Classroom image profiles (org.yml `images`): what a Linux or Windows client is set up with."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from provisioner.registry.base import Model, SecretRef
from provisioner.registry.types import Bool, Hostname, Int, PackageName, Text, TimeOfDay, VarName


class LinuxAdmin(Model):
    """The local admin account: key-based login, sudo."""

    name: VarName = "schuladmin"
    ssh_public_keys: list[Text] = []
    password: SecretRef | None = None


class PupilAccount(Model):
    """The shared pupil account: no sudo, no admin tools."""

    name: VarName = "schueler"
    home_reset: Literal["never", "logout", "boot"] = "logout"
    password: SecretRef | None = None  # the shared login's password; without one the account is locked


class LightDM(Model):
    """LightDM greeter settings and login policy."""

    greeter_background: Text | None = None
    hide_user_list: Bool = True
    allow_guest: Bool = False
    show_manual_login: Bool = True
    autologin_user: VarName | None = None
    greeter_message: Text | None = None


class DconfLockdown(Model):
    """Desktop settings locked through dconf."""

    lock_proxy_settings: Bool = True
    disable_user_switching: Bool = True
    disable_lock_screen: Bool = False
    idle_delay_seconds: Annotated[Int, Field(ge=0, le=86400)] = 600
    disable_printing_setup: Bool = True


class UnattendedUpgrades(Model):
    """Automatic security updates."""

    enabled: Bool = True
    automatic_reboot: Bool = False
    reboot_time: TimeOfDay = "03:00"


class LinuxImage(Model):
    """A Linux classroom image (Debian 12 first; Ubuntu LTS later)."""

    os_family: Literal["linux"]
    distribution: Literal["debian", "ubuntu"] = "debian"
    release: Literal["bookworm", "trixie", "jammy", "noble"] = "bookworm"
    description: Text | None = None
    packages: list[PackageName] = []
    # desktop: kernel, Xorg, Xfce, LightDM; minimal: only what linux_client needs (tests, kiosks, containers).
    system: Literal["desktop", "minimal"] = "desktop"
    apt_proxy: Text | None = None
    admin: LinuxAdmin = LinuxAdmin()
    pupil: PupilAccount = PupilAccount()
    lightdm: LightDM = LightDM()
    dconf: DconfLockdown = DconfLockdown()
    unattended_upgrades: UnattendedUpgrades = UnattendedUpgrades()
    locale: Text = "de_DE.UTF-8"
    keyboard_layout: Text = "de"
    timezone: Text = "Europe/Berlin"


class ChocoPackage(Model):
    """A Chocolatey package, pinned when a version is given."""

    name: PackageName
    version: Text | None = None


class WindowsAccount(Model):
    """A local Windows account whose password comes from vault or the environment."""

    name: VarName
    password: SecretRef | None = None


class DomainJoin(Model):
    """Optional Active Directory join."""

    domain: Text
    ou: Text | None = None
    user: SecretRef
    password: SecretRef


class WindowsPolicies(Model):
    """Policies written as registry values."""

    block_microsoft_accounts: Bool = True
    update_ring: Literal["general", "preview", "security_only"] = "general"
    update_deferral_days: Annotated[Int, Field(ge=0, le=365)] = 14
    edge_homepage: Text | None = None
    edge_proxy: Text | None = None
    disable_first_run: Bool = True


class WindowsPower(Model):
    """Power settings; Wake-on-LAN lets the imaging system wake rooms at night."""

    wake_on_lan: Bool = True
    sleep_after_minutes: Annotated[Int, Field(ge=0, le=1440)] = 0
    monitor_off_minutes: Annotated[Int, Field(ge=0, le=1440)] = 20


class WindowsImage(Model):
    """A Windows classroom image."""

    os_family: Literal["windows"]
    release: Literal["10-22H2", "11-23H2", "11-24H2"] = "11-24H2"
    edition: Text = "Education"
    description: Text | None = None
    packages: list[ChocoPackage] = []
    admin: WindowsAccount = WindowsAccount(name="schuladmin")
    pupil: WindowsAccount = WindowsAccount(name="schueler")
    domain: DomainJoin | None = None
    policies: WindowsPolicies = WindowsPolicies()
    wallpaper: Text | None = None
    power: WindowsPower = WindowsPower()
    locale: Text = "de-DE"
    timezone: Text = "W. Europe Standard Time"
    organization: Hostname | None = None


ImageProfile = Annotated[LinuxImage | WindowsImage, Field(discriminator="os_family")]
