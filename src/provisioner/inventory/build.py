"""Build the inventory (groups, group vars, host vars) from a loaded registry. No Ansible here."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

from provisioner.gcpause import gc_paused
from provisioner.inventory.data import InventoryData, TrustedExpr, group_name
from provisioner.inventory.switches import switch_vars
from provisioner.platforms import PLATFORMS, SWITCH_PLATFORMS
from provisioner.registry.checks.references import MGMT_ZONE
from provisioner.registry.load import Registry, SiteEntry
from provisioner.registry.org import SITE_TYPES, Org, WlanController
from provisioner.registry.site import Site
from provisioner.textguard import unsafe_strings
from provisioner.wlan import intent as wlan_intent

UNSAFE_VAR = "provisioner_unsafe_values"
"""Set on a host whose variables hold a value no file can take; the client roles fail that host on it."""
ROLES = ("switch", "access_point", "wlan_controller", "linux_client", "windows_client")
PLAYBOOK_PYTHON = TrustedExpr("{{ ansible_playbook_python }}")


class Endpoint(Protocol):
    """Where the lab serves a device (provisioner.lab.LabEndpoint has this shape)."""

    @property
    def host(self) -> str: ...

    @property
    def port(self) -> int: ...


def build_inventory(registry: Registry, *, lab_endpoints: Mapping[str, Endpoint] | None = None) -> InventoryData:
    """Every host of the registry with its groups and variables; in lab mode, pointed at the lab."""
    with gc_paused():
        return _build(registry, lab_endpoints)


def _build(registry: Registry, lab_endpoints: Mapping[str, Endpoint] | None) -> InventoryData:
    inv = InventoryData()
    org = registry.org
    inv.set_group_vars("all", {"org_name": org.name, "org_domain": org.domain})
    for role in ROLES:
        inv.groups.setdefault(f"role_{role}", [])
    for site_type in SITE_TYPES:
        inv.groups.setdefault(f"type_{site_type}", [])
    _platform_groups(inv, org)
    _client_groups(inv, org)
    for controller in org.wlan_controllers:
        _add_controller(inv, registry, controller, lab_endpoints)
    for entry in registry.sites:
        _add_site(inv, org, entry, lab_endpoints)
    _guard(inv)
    if inv.left_out:
        shown = ", ".join(inv.left_out[:5]) + (", ..." if len(inv.left_out) > 5 else "")
        inv.warnings.append(f"lab mode: {len(inv.left_out)} host(s) the lab does not serve are left out ({shown})")
    return inv


def _guard(inv: InventoryData) -> None:
    """The text guard over every variable a host sees (its own and its groups'), each group checked once.

    Ansible's client templates and tasks cannot run provisioner's Jinja finalize, so the check happens
    here: a host with an unsafe value gets UNSAFE_VAR, and the client roles refuse it before any task.
    """
    by_group = {group: unsafe_strings(values) for group, values in inv.group_vars.items()}
    for host, hostvars in inv.hostvars.items():
        problems = unsafe_strings(hostvars)
        for group in ("all", *inv.memberships.get(host, [])):
            problems.extend(f"{p} (group {group})" for p in by_group.get(group, []))
        if problems:
            hostvars[UNSAFE_VAR] = problems
            inv.warnings.append(f"{host}: will be refused, a value cannot be written safely: {problems[0]}")


def _secret(ref: Any) -> TrustedExpr | None:
    return TrustedExpr(ref.expression()) if ref is not None else None


def _platform_groups(inv: InventoryData, org: Org) -> None:
    for name, spec in PLATFORMS.items():
        defaults = org.network_defaults(name)
        inv.set_group_vars(
            f"platform_{name}",
            {
                "ansible_connection": "local",
                "ansible_python_interpreter": PLAYBOOK_PYTHON,
                "ansible_network_os": spec.ansible_network_os,
                "ansible_user": defaults.credentials.username,
                "ansible_password": _secret(defaults.credentials.password),
                "device_netmiko_type": spec.netmiko_device_type,
                "device_hier_platform": spec.hier_config_platform,
                "site_ntp_servers": defaults.ntp_servers,
                "site_syslog_servers": defaults.syslog_servers,
                "site_dns_servers": defaults.dns_servers,
                "site_admin_users": [
                    {"name": u.name, "privilege": u.privilege, "password": _secret(u.password)} for u in defaults.admin_users
                ],
            },
        )


def _snmp(org: Org, platform: str, location: str) -> dict[str, Any] | None:
    """SNMPv3 settings of one device; the location names its site and room."""
    snmp = org.network_defaults(platform).snmp
    if snmp is None:
        return None
    return {
        "user": snmp.user,
        "group": snmp.group,
        "auth_protocol": "sha",
        "priv_protocol": "aes128",
        "auth_password": _secret(snmp.auth_password),
        "priv_password": _secret(snmp.priv_password),
        "contact": snmp.contact,
        "location": location,
    }


def _client_groups(inv: InventoryData, org: Org) -> None:
    services = {"site_ntp_servers": org.defaults.ntp_servers, "site_dns_servers": org.defaults.dns_servers}
    inv.set_group_vars("role_linux_client", {"ansible_user": org.clients.linux_user, "ansible_become": True, **services})
    windows: dict[str, Any] = {
        "ansible_user": org.clients.windows_user,
        "ansible_connection": "ssh",
        "ansible_shell_type": "powershell",
        **services,
    }
    if org.clients.windows_password is not None:
        windows["ansible_password"] = _secret(org.clients.windows_password)
    inv.set_group_vars("role_windows_client", windows)
    for name, image in org.images.items():
        inv.set_group_vars(group_name("image", name), {"device_image": {"name": name, **image.model_dump(mode="json")}})
    for name, zone in org.zones.items():
        inv.set_group_vars(group_name("zone", name), {"device_proxy": zone.proxy})


def _endpoint(name: str, address: str, lab: Mapping[str, Endpoint] | None, inv: InventoryData) -> dict[str, Any] | None:
    if lab is None:
        return {"ansible_host": address, "ansible_port": 22, "device_lab": False}
    endpoint = lab.get(name)
    if endpoint is None:
        inv.left_out.append(name)
        return None
    return {"ansible_host": endpoint.host, "ansible_port": endpoint.port, "device_lab": True}


def _add_controller(inv: InventoryData, registry: Registry, controller: WlanController, lab: Mapping[str, Endpoint] | None) -> None:
    conn = _endpoint(controller.name, controller.mgmt_ip, lab, inv)
    if conn is None:
        return
    org = registry.org
    sites = wlan_intent.controller_sites((e.site for e in registry.sites), controller.name)
    hostvars = {
        **conn,
        "device_name": controller.name,
        "device_platform": controller.platform,
        "device_model": controller.model,
        "device_mgmt_ip": controller.mgmt_ip,
        "wlan_ssids": wlan_intent.ssid_vars(org, _secret),
        "wlan_sites": {site.id: wlan_intent.site_vars(org, site, group=group_name("site", site.id), mgmt_zone=MGMT_ZONE) for site in sites},
    }
    inv.add_host(controller.name, hostvars, ["role_wlan_controller", f"platform_{controller.platform}"], None)


def _site_group_vars(org: Org, site: Site) -> dict[str, Any]:
    return {
        "site_id": site.id,
        "site_name": site.name,
        "site_type": site.type,
        "site_school_form": site.school_form,
        "site_maintenance_window": site.maintenance.model_dump(mode="json"),
        "site_domain": f"{site.id}.{org.domain}",
        "site_controller": site.controller,
    }


def _add_site(inv: InventoryData, org: Org, entry: SiteEntry, lab: Mapping[str, Endpoint] | None) -> None:
    site = entry.site
    site_group = group_name("site", site.id)
    inv.set_group_vars(site_group, _site_group_vars(org, site))
    inv.children.setdefault(f"type_{site.type}", []).append(site_group)
    if site.school_form is not None:
        inv.children.setdefault(group_name("form", site.school_form), []).append(site_group)
    base = [site_group]
    for index, switch in enumerate(site.switches):
        conn = _endpoint(switch.name, switch.mgmt_ip, lab, inv)
        if conn is None:
            continue
        hostvars = {
            **conn,
            "device_name": switch.name,
            "device_platform": switch.platform,
            "device_model": switch.model,
            "device_mgmt_ip": switch.mgmt_ip,
            "device_room": switch.room,
        }
        hostvars.update(switch_vars(org=org, site=site, switch=switch, file=entry.file, index=index))
        hostvars["site_snmp"] = _snmp(org, switch.platform, f"{site.id} {switch.room or ''}".strip())
        inv.add_host(switch.name, hostvars, [*base, "role_switch", f"platform_{switch.platform}"], site.id)
    _add_access_points(inv, site, base)
    _add_clients(inv, org, site, base, lab)


def _add_access_points(inv: InventoryData, site: Site, base: list[str]) -> None:
    for ap in site.access_points:
        hostvars = {
            "ansible_connection": "local",
            "ansible_python_interpreter": PLAYBOOK_PYTHON,
            "device_name": ap.name,
            "device_mac": ap.mac,
            "device_model": ap.model,
            "device_room": ap.room,
            "device_switch": ap.switch,
            "device_port": ap.port,
            "device_controller": site.controller,
            "device_ip": ap.ip,
        }
        inv.add_host(ap.name, hostvars, [*base, "role_access_point", group_name("room", site.id, ap.room)], site.id)


def _add_clients(inv: InventoryData, org: Org, site: Site, base: list[str], lab: Mapping[str, Endpoint] | None) -> None:
    domain = f"{site.id}.{org.domain}"
    for room in site.rooms:
        room_group = group_name("room", site.id, room.id)
        printers = [p for p in site.printers if p.room == room.id]
        inv.set_group_vars(
            room_group,
            {
                "device_printers": [
                    {"name": p.name, "uri": f"ipp://{p.ip}/ipp/print", "driver": p.driver, "location": room.name} for p in printers
                ]
            },
        )
        for client in room.clients:
            image_name = client.image or room.image or ""
            family = org.images[image_name].os_family
            conn = _endpoint(client.name, client.ip or f"{client.name}.{domain}", lab, inv)
            if conn is None:
                continue
            conn.pop("ansible_port")
            hostvars = {
                **conn,
                "device_name": client.name,
                "device_mac": client.mac,
                "device_ip": client.ip,
                "device_room": room.id,
                "device_zone": room.zone,
                "device_os_family": family,
            }
            groups = [*base, f"role_{family}_client", room_group, group_name("image", image_name), group_name("zone", room.zone)]
            inv.add_host(client.name, hostvars, groups, site.id)


def switch_platform_names() -> tuple[str, ...]:
    """The switch platforms, for group listings."""
    return SWITCH_PLATFORMS


def check_host_keys(inv: InventoryData, *, known_hosts: Path) -> None:
    """Network devices and clients are checked against one known_hosts file (docs/hostvars.md)."""
    for group in ("role_switch", "role_wlan_controller"):
        for host in inv.groups.get(group, []):
            inv.hostvars[host]["device_known_hosts"] = str(known_hosts)
    strict = f"-o StrictHostKeyChecking=yes -o UserKnownHostsFile={known_hosts}"
    for group in ("role_linux_client", "role_windows_client"):
        inv.set_group_vars(group, {"ansible_ssh_extra_args": strict})
