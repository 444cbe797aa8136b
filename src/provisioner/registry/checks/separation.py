"""The separation of networks (org.yml `separation`): rooms, images and ports stay in their zones.

A classroom must never be put on the administrative zone, an administrative PC never in a
classroom, a pupil image never in the administrative room. The rules are data in org.yml;
this module only enforces them, with the usual file/path/fix messages.
"""

from __future__ import annotations

from collections.abc import Iterator

from provisioner.registry.issues import Issue
from provisioner.registry.load import Registry, SiteEntry
from provisioner.registry.org import Org, Separation
from provisioner.registry.site import Room

RULES = "separation"


def check(registry: Registry) -> list[Issue]:
    """The rules themselves, then every room, client and access port of every site."""
    org, file = registry.org, registry.org_file
    if org.separation is None:
        return [
            Issue(
                file=file,
                path=RULES,
                message="org.yml has no separation rules, so nothing keeps classrooms and pupils' devices out of the admin zone",
                fix="add separation: {purposes: ..., images: ..., port_zones: [...]} (see docs/registry.md)",
            )
        ]
    issues = list(_rules(org, org.separation, file))
    for entry in registry.sites:
        issues.extend(_site(org.separation, entry))
    return issues


def _rules(org: Org, rules: Separation, file: str) -> Iterator[Issue]:
    zones = set(org.zones)
    named = [(f"{RULES}.purposes.{p}", z) for p, zs in rules.purposes.items() for z in zs]
    named += [(f"{RULES}.images.{i}", z) for i, zs in rules.images.items() for z in zs]
    named += [(f"{RULES}.port_zones", z) for z in rules.port_zones]
    for path, zone in named:
        if zone not in zones:
            yield Issue(
                file=file, path=path, message=f"zone '{zone}' is not defined in zones", fix=f"use one of {', '.join(sorted(zones))}"
            )
    for image in org.images:
        if image not in rules.images:
            yield Issue(
                file=file,
                path=f"images.{image}",
                message=f"image '{image}' has no separation rule",
                fix=f"add {RULES}.images.{image}: [<zones>]",
            )
    for image in rules.images:
        if image not in org.images:
            yield Issue(
                file=file,
                path=f"{RULES}.images.{image}",
                message=f"image '{image}' is not defined in images",
                fix="remove the rule or define the image",
            )


def _site(rules: Separation, entry: SiteEntry) -> Iterator[Issue]:
    for r, room in enumerate(entry.site.rooms):
        yield from _room(rules, entry.file, f"rooms[{r}]", room)
    for s, switch in enumerate(entry.site.switches):
        for p, group in enumerate(switch.ports):
            if group.zone is not None and group.zone not in rules.port_zones:
                yield Issue(
                    file=entry.file,
                    path=f"switches[{s}].ports[{p}].zone",
                    message=f"an access port may not name zone '{group.zone}' directly (separation.port_zones: {rules.port_zones})",
                    fix=f"give the port the room it serves (room: <id>) whose purpose allows '{group.zone}'",
                )


def _room(rules: Separation, file: str, path: str, room: Room) -> Iterator[Issue]:
    allowed = rules.purposes.get(room.purpose)
    if allowed is None:
        known = ", ".join(rules.purposes)
        yield Issue(
            file=file, path=f"{path}.purpose", message=f"room purpose '{room.purpose}' has no separation rule", fix=f"use one of {known}"
        )
    elif room.zone not in allowed:
        yield Issue(
            file=file,
            path=f"{path}.zone",
            message=f"a {room.purpose} room may not be in zone '{room.zone}' (separation.purposes.{room.purpose}: {', '.join(allowed)})",
            fix=f"put the room in {' or '.join(allowed)}, or give it the purpose it really has",
        )
    yield from _clients(rules, file, path, room)


def _clients(rules: Separation, file: str, path: str, room: Room) -> Iterator[Issue]:
    """One issue per client with its own image, one per room for the clients that use the room's image."""
    inherited = []
    for c, client in enumerate(room.clients):
        image = client.image or room.image or ""
        zones = rules.images.get(image)
        if zones is None or room.zone in zones:
            continue
        if client.image is None:
            inherited.append(client.name)
            continue
        yield _image_issue(file, f"{path}.clients[{c}].image", client.name, image, room.zone, zones)
    if inherited and room.image is not None:
        names = ", ".join(inherited[:3]) + (f" and {len(inherited) - 3} more" if len(inherited) > 3 else "")
        yield _image_issue(file, f"{path}.image", names, room.image, room.zone, rules.images[room.image])


def _image_issue(file: str, path: str, who: str, image: str, zone: str, zones: list[str]) -> Issue:
    return Issue(
        file=file,
        path=path,
        message=f"client(s) {who} with image '{image}' may not be in zone '{zone}' (separation.images.{image}: {', '.join(zones)})",
        fix=f"move them to a room in {' or '.join(zones)}, or give them an image made for '{zone}'",
    )
