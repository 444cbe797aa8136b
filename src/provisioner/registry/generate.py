"""Generate a deterministic, valid registry of a realistic city, for benchmarks and scale tests.

At 89 sites: 41 schools of every form, 30 Kitas and 18 youth centres, about 12,500 clients,
1,400 APs and 400 switches. Larger N scales linearly.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from ipaddress import IPv4Network
from pathlib import Path
from typing import Any

from provisioner.registry.allocate import SubnetAllocator
from provisioner.registry.generate_org import ORG_ZONES, standard_org
from provisioner.registry.yamlio import dump_yaml


@dataclass(frozen=True)
class Size:
    """How big a site of one kind is."""

    clients: int
    aps: int
    switches: int
    model: str


# 41 schools: 22 Grundschulen, 6 Gymnasien, 3 Realschulen, 4 Gesamtschulen, 1 Hauptschule,
# 2 Foerderschulen, 3 Berufskollegs, interleaved so every prefix of the cycle is a fair mix.
FORM_CYCLE = [
    "grundschule",
    "gymnasium",
    "grundschule",
    "gesamtschule",
    "grundschule",
    "realschule",
    "grundschule",
    "berufskolleg",
    "grundschule",
    "gymnasium",
    "grundschule",
    "foerderschule",
    "grundschule",
    "gesamtschule",
    "grundschule",
    "hauptschule",
    "grundschule",
    "gymnasium",
    "grundschule",
    "realschule",
    "grundschule",
    "berufskolleg",
    "grundschule",
    "gesamtschule",
    "grundschule",
    "gymnasium",
    "grundschule",
    "foerderschule",
    "grundschule",
    "gymnasium",
    "grundschule",
    "realschule",
    "grundschule",
    "gesamtschule",
    "grundschule",
    "berufskolleg",
    "grundschule",
    "gymnasium",
    "grundschule",
    "grundschule",
    "grundschule",
]
SIZES = {
    "grundschule": Size(110, 15, 4, "48"),
    "gymnasium": Size(600, 55, 17, "48"),
    "realschule": Size(350, 30, 10, "48"),
    "gesamtschule": Size(600, 55, 17, "48"),
    "hauptschule": Size(200, 20, 6, "48"),
    "foerderschule": Size(150, 14, 5, "48"),
    "berufskolleg": Size(750, 60, 21, "48"),
    "kita": Size(5, 3, 1, "8"),
    "youth_centre": Size(12, 4, 1, "24"),
}
MODELS = {
    ("cisco_ios", "48"): ("C9300-48P", "GigabitEthernet1/0/", 44, "Te1/1/1"),
    ("aruba_osswitch", "48"): ("2930F-48G-4SFP+", "", 44, "49"),
    ("cisco_ios", "24"): ("C9300-24P", "GigabitEthernet1/0/", 24, "Te1/1/1"),
    ("aruba_osswitch", "24"): ("2930F-24G-4SFP+", "", 24, "25"),
    ("cisco_ios", "8"): ("C1000-8P", "GigabitEthernet1/0/", 9, "Gi1/0/10"),
    ("aruba_osswitch", "8"): ("2530-8G-PoEP", "", 9, "10"),
}
# Short enough that "<form>-<district>-<n>" leaves room for the C9800 object names (see checks/wlan.py).
DISTRICTS = ("opladen", "wiesdorf", "schlebusch", "quettingen", "hitdorf", "rheindorf", "manfort", "buerrig", "neukirchen")
CLIENTS_PER_ROOM = 16
FORM_ABBREV = {
    "grundschule": "gs",
    "gymnasium": "gym",
    "realschule": "rs",
    "gesamtschule": "ges",
    "hauptschule": "hs",
    "foerderschule": "fs",
    "berufskolleg": "bk",
}


def site_kinds(count: int) -> list[tuple[str, str | None]]:
    """(type, school form) for each site: 41 : 30 : 18 schools : Kitas : youth centres."""
    schools = round(count * 41 / 89)
    kitas = round(count * 30 / 89)
    kinds: list[tuple[str, str | None]] = [("school", FORM_CYCLE[i % len(FORM_CYCLE)]) for i in range(schools)]
    kinds += [("kita", None)] * kitas + [("youth_centre", None)] * (count - schools - kitas)
    return kinds


def generate(*, sites: int, out: Path, seed: int = 1) -> dict[str, int]:
    """Write org.yml and sites/*.yml under `out`; return the counts."""
    rng = random.Random(seed)
    (out / "sites").mkdir(parents=True, exist_ok=True)
    (out / "org.yml").write_text(dump_yaml(standard_org()), encoding="utf-8")
    allocators = {z: SubnetAllocator(pool=spec["pool"], prefix=spec["prefix"]) for z, spec in ORG_ZONES.items()}
    counts = {"sites": 0, "schools": 0, "clients": 0, "access_points": 0, "switches": 0}
    for index, (site_type, form) in enumerate(site_kinds(sites)):
        site = _site(index=index, site_type=site_type, form=form, rng=rng, allocators=allocators)
        (out / "sites" / f"{site['id']}.yml").write_text(dump_yaml(site), encoding="utf-8")
        counts["sites"] += 1
        counts["schools"] += site_type == "school"
        counts["clients"] += sum(len(r.get("clients", [])) for r in site["rooms"])
        counts["access_points"] += len(site["access_points"])
        counts["switches"] += len(site["switches"])
    return counts


def _site(*, index: int, site_type: str, form: str | None, rng: random.Random, allocators: dict[str, SubnetAllocator]) -> dict[str, Any]:
    size = SIZES[form or site_type]
    code = f"s{index + 1:04d}"
    kind = FORM_ABBREV.get(form or "", "kita" if site_type == "kita" else "jz")
    site_id = f"{kind}-{DISTRICTS[index % len(DISTRICTS)]}-{index + 1}"
    zones = ["paed", "admin", "guest", "wlan", "mgmt"] if site_type != "kita" else ["paed", "admin", "mgmt"]
    subnets = {z: _subnet(allocators[z]) for z in zones}
    clients = max(1, round(size.clients * rng.uniform(0.9, 1.1)))
    builder = _SiteBuilder(code=code, index=index, subnets=subnets, size=size)
    builder.build(clients=clients, aps=size.aps, kita=site_type == "kita")
    site: dict[str, Any] = {
        "id": site_id,
        "name": f"{(form or site_type).replace('_', ' ').title()} {DISTRICTS[index % len(DISTRICTS)].title()} {index + 1}",
        "type": site_type,
    }
    if form is not None:
        site["school_form"] = form
    site |= {
        "address": {"street": f"Schulstrasse {index + 1}", "postcode": f"{40700 + index % 200}", "city": "Rheinhausen"},
        "contact": {"name": f"IT-Ansprechperson {code}", "email": f"it@{site_id}.example"},
        "maintenance": {"days": ["sat"], "start": "06:00", "end": "14:00"},
        "controller": "wlc-rz-01" if index % 2 == 0 else "wlc-rz-02",
        "subnets": subnets,
        "switches": builder.switches,
        "access_points": builder.aps,
        "rooms": builder.rooms,
    }
    return site


def _subnet(allocator: SubnetAllocator) -> dict[str, str]:
    net = IPv4Network(allocator.allocate())
    return {"subnet": str(net), "gateway": str(net.network_address + 1)}


class _SiteBuilder:
    """Lays out rooms over switch ports: each room's PCs and APs on consecutive ports."""

    def __init__(self, *, code: str, index: int, subnets: dict[str, dict[str, str]], size: Size) -> None:
        self.code, self.index, self.subnets, self.size = code, index, subnets, size
        self.switches: list[dict[str, Any]] = []
        self.aps: list[dict[str, Any]] = []
        self.rooms: list[dict[str, Any]] = []
        self._mac = 0
        self._free: list[tuple[str, int, int]] = []
        mgmt = IPv4Network(subnets["mgmt"]["subnet"])
        for n in range(size.switches):
            platform = "cisco_ios" if (index + n) % 2 == 0 else "aruba_osswitch"
            model, prefix, data_ports, uplink = MODELS[(platform, size.model)]
            self.switches.append(
                {
                    "name": f"{code}-sw{n + 1:02d}",
                    "platform": platform,
                    "model": model,
                    "mgmt_ip": str(mgmt.network_address + 2 + n),
                    "ports": [{"ports": uplink, "profile": "uplink"}],
                }
            )
            self._free.append((prefix, 1, data_ports))

    def _take(self, count: int) -> list[tuple[int, int, int]]:
        """Reserve `count` ports, filling switches in order: [(switch index, first port, how many)]."""
        runs: list[tuple[int, int, int]] = []
        for n, (prefix, first, last) in enumerate(self._free):
            take = min(count, last - first + 1)
            if take > 0:
                runs.append((n, first, take))
                self._free[n] = (prefix, first + take, last)
                count -= take
            if count == 0:
                return runs
        raise ValueError("not enough switch ports for the generated site")

    def _assign(self, runs: list[tuple[int, int, int]], group: dict[str, str]) -> list[tuple[int, str]]:
        """Add a port group per run; return every (switch index, port name) taken."""
        taken: list[tuple[int, str]] = []
        for switch, first, count in runs:
            prefix = self._free[switch][0]
            span = f"{prefix}{first}-{first + count - 1}" if count > 1 else f"{prefix}{first}"
            self.switches[switch]["ports"].append({"ports": span, **group})
            taken += [(switch, f"{prefix}{first + i}") for i in range(count)]
        return taken

    def _next_mac(self, oui: str) -> str:
        self._mac += 1
        return f"{oui}:{self.index >> 8 & 0xFF:02x}:{self.index & 0xFF:02x}:{self._mac >> 8 & 0xFF:02x}:{self._mac & 0xFF:02x}"

    def build(self, *, clients: int, aps: int, kita: bool) -> None:
        room_count = max(1, -(-clients // CLIENTS_PER_ROOM))
        for r in range(room_count):
            pcs = min(CLIENTS_PER_ROOM, clients - r * CLIENTS_PER_ROOM)
            room_aps = aps // room_count + (1 if r < aps % room_count else 0)
            self._room(r=r, pcs=pcs, aps=room_aps, admin=(r == 0 and not kita) or kita)

    def _room(self, *, r: int, pcs: int, aps: int, admin: bool) -> None:
        room_id = f"r{r + 1:02d}"
        zone = "admin" if admin else "paed"
        image = "windows-verwaltung" if admin else ("linux-standard" if r % 2 else "windows-standard")
        self._assign(self._take(pcs), {"profile": "access", "room": room_id})
        ap_ports = self._assign(self._take(aps), {"profile": "ap"}) if aps else []
        for a, (switch, port) in enumerate(ap_ports):
            self.aps.append(
                {
                    "name": f"{self.code}-{room_id}-ap{a + 1:02d}",
                    "mac": self._next_mac("70:ea"),
                    "room": room_id,
                    "switch": self.switches[switch]["name"],
                    "port": port,
                }
            )
        self.rooms.append(
            {
                "id": room_id,
                "name": f"Raum {r + 1}",
                "purpose": "office" if admin else "classroom",
                "zone": zone,
                "image": image,
                "clients": self._clients(room_id, pcs, zone),
            }
        )

    def _clients(self, room_id: str, pcs: int, zone: str) -> list[dict[str, Any]]:
        clients: list[dict[str, Any]] = [
            {"name": f"{self.code}-{room_id}-pc{c + 1:02d}", "mac": self._next_mac("3c:52")} for c in range(pcs)
        ]
        net = IPv4Network(self.subnets[zone]["subnet"])
        clients[0]["ip"] = str(net.network_address + 10 + len(self.rooms))
        return clients
