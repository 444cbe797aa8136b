"""One site file (sites/<id>.yml): addresses, rooms, switches, access points, clients."""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator

from provisioner.platforms import SwitchPlatform
from provisioner.registry.base import Model
from provisioner.registry.org import SiteType
from provisioner.registry.types import Bool, CliText, Hostname, IPv4, IPv4Net, Mac, PortText, Slug, Text, TimeOfDay

SchoolForm = Literal[
    "grundschule",
    "hauptschule",
    "realschule",
    "sekundarschule",
    "gesamtschule",
    "gymnasium",
    "foerderschule",
    "berufskolleg",
    "weiterbildungskolleg",
]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
PortProfile = Literal["access", "ap", "uplink", "unused"]


class Address(Model):
    """Postal address."""

    street: Text
    postcode: Text
    city: Text


class Contact(Model):
    """Who to call on site."""

    name: Text
    phone: Text | None = None
    email: Text | None = None


class MaintenanceWindow(Model):
    """When rollouts may touch the site."""

    days: list[Weekday]
    start: TimeOfDay
    end: TimeOfDay


class SiteSubnet(Model):
    """The site's subnet in one zone."""

    subnet: IPv4Net
    gateway: IPv4


class PortGroup(Model):
    """One or more switch ports (a range like Gi1/0/1-24) with a profile."""

    ports: PortText
    profile: PortProfile
    zone: Slug | None = None
    room: Slug | None = None
    description: CliText | None = None

    @model_validator(mode="after")
    def _access_target(self) -> PortGroup:
        if self.profile == "access" and (self.zone is None) == (self.room is None):
            raise ValueError("an access port needs exactly one of 'zone' or 'room'")
        if self.profile != "access" and (self.zone or self.room):
            raise ValueError(f"'zone' and 'room' only apply to access ports, not '{self.profile}'")
        return self


class Switch(Model):
    """A switch."""

    name: Hostname
    platform: SwitchPlatform
    model: Text
    mgmt_ip: IPv4
    room: Slug | None = None
    ports: list[PortGroup] = []


class AccessPoint(Model):
    """An access point and the switch port it hangs on."""

    name: Hostname
    mac: Mac
    model: Text = "C9120AXI"
    room: Slug
    switch: Hostname
    port: PortText
    ip: IPv4 | None = None


class Client(Model):
    """A classroom device."""

    name: Hostname
    mac: Mac
    ip: IPv4 | None = None
    image: Slug | None = None


class Printer(Model):
    """A network printer, set up on the clients of its room."""

    name: Hostname
    room: Slug
    ip: IPv4
    mac: Mac | None = None
    driver: Text = "everywhere"


class Room(Model):
    """A room, the zone its devices live in, and its clients."""

    id: Slug
    name: Text
    purpose: Slug = "classroom"
    """What the room is for (org.yml separation.purposes says which zones it may use); a room says nothing, it is a classroom."""
    zone: Slug = "paed"
    image: Slug | None = None
    clients: list[Client] = []


class Site(Model):
    """A school, Kita, youth centre or office."""

    id: Slug
    name: Text
    type: SiteType
    school_form: SchoolForm | None = None
    address: Address
    contact: Contact
    maintenance: MaintenanceWindow
    controller: Hostname | None = None
    change_window: Slug | None = None
    """A window of org.yml change_control.windows; else the one of the site's type."""
    subnets: dict[Slug, SiteSubnet]
    rooms: list[Room] = []
    switches: list[Switch] = []
    access_points: list[AccessPoint] = []
    printers: list[Printer] = []
    decommissioned: Bool = False
    """Set on purpose when a site is given up: only then may it have no devices (checks/presence.py)."""

    @model_validator(mode="after")
    def _school_form(self) -> Site:
        if self.type == "school" and self.school_form is None:
            raise ValueError("a school needs school_form (grundschule, gymnasium, berufskolleg, ...)")
        if self.type != "school" and self.school_form is not None:
            raise ValueError(f"school_form only applies to schools, this site is a {self.type}")
        return self
