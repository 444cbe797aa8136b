"""Import a linuxmuster.net devices.csv into one site's rooms and clients.

Each row has 15 `;`-separated fields: room, hostname, device group, MAC, IPv4, two key fields,
DHCP options, sophomorixRole, a reserved field, the PXE flag, three reserved fields, a comment.
Every bad row is reported with its line number; nothing is written if any row is bad or if the
registry would be invalid afterwards.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString as Quoted

from provisioner.registry.files import RegistryFileError, read_user_file, writable_registry_file
from provisioner.registry.import_conflicts import row_conflicts
from provisioner.registry.issues import Issue, errors_of
from provisioner.registry.load import SITES_DIR, Registry, find_root, load_registry
from provisioner.registry.roundtrip import dump_roundtrip, load_roundtrip
from provisioner.registry.types import Hostname, IPv4, Mac, Slug, check_identifier

FIELDS = 15
COMPUTER_ROLES = {
    "classroom-studentcomputer",
    "classroom-teachercomputer",
    "faculty-teachercomputer",
    "staffcomputer",
    "thinclient",
    "mobile",
}


@dataclass(frozen=True)
class DeviceRow:
    """One usable row of devices.csv."""

    line: int
    room: str
    hostname: str
    group: str
    mac: str
    ip: str | None
    role: str
    image: str | None


@dataclass
class ImportResult:
    """What an import did or would do."""

    issues: list[Issue] = field(default_factory=list)
    added: int = 0
    updated: int = 0
    printers: int = 0
    skipped: list[str] = field(default_factory=list)
    written: bool = False


_CHECKS: list[tuple[str, TypeAdapter[Any]]] = [
    ("room", TypeAdapter(Slug)),
    ("hostname", TypeAdapter(Hostname)),
    ("mac", TypeAdapter(Mac)),
]
_IP = TypeAdapter(IPv4)


def parse_devices(text: str, *, file: str, group_map: dict[str, str], default_image: str | None) -> tuple[list[DeviceRow], list[Issue]]:
    """Parse every row; report each bad one with its line number."""
    rows: list[DeviceRow] = []
    issues: list[Issue] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        row, problems = _parse_row(line, number, group_map, default_image)
        issues.extend(Issue(file=file, path=f"line {number}", message=p, fix=f) for p, f in problems)
        if row is not None and not problems:
            rows.append(_lowercased(row, file, issues))
    issues.extend(_duplicates(rows, file))
    return rows, issues


def _lowercased(row: DeviceRow, file: str, issues: list[Issue]) -> DeviceRow:
    """Host names are lowercase in the registry; an uppercase one is lowercased, and the user is told."""
    if row.hostname == row.hostname.lower():
        return row
    message = f"host name '{row.hostname}' is imported lowercased as '{row.hostname.lower()}'"
    issues.append(Issue(file=file, path=f"line {row.line}", message=message, fix="write it in lowercase", severity="warning"))
    return replace(row, hostname=row.hostname.lower())


def _parse_row(
    line: str, number: int, group_map: dict[str, str], default_image: str | None
) -> tuple[DeviceRow | None, list[tuple[str, str]]]:
    fields = [f.strip() for f in line.split(";")]
    if len(fields) != FIELDS:
        return None, [
            (f"has {len(fields)} fields, a devices.csv row has {FIELDS}", "write room;hostname;group;mac;ip;;;;role;;pxe;;;;comment")
        ]
    values = {"room": fields[0], "hostname": fields[1], "mac": fields[3]}
    problems: list[tuple[str, str]] = []
    for name, adapter in _CHECKS:
        try:
            values[name] = adapter.validate_python(values[name])
        except ValidationError as exc:
            problems.append((f"{name}: {exc.errors()[0]['msg'].removeprefix('Value error, ')}", f"correct the {name}"))
    ip = _ip(fields[4], problems)
    if fields[10] not in ("", "0", "1", "2", "3"):
        problems.append((f"PXE flag '{fields[10]}' is not 0, 1, 2 or 3", "set the PXE flag to 0-3"))
    role = fields[8] or "classroom-studentcomputer"
    image = group_map.get(fields[2], default_image)
    if role in COMPUTER_ROLES and image is None:
        problems.append((f"device group '{fields[2]}' has no image profile", f"pass --map {fields[2]}=<profile> or --default-image"))
    row = DeviceRow(number, values["room"], values["hostname"], fields[2], values["mac"], ip, role, image)
    return row, problems


def _ip(value: str, problems: list[tuple[str, str]]) -> str | None:
    if value in ("", "DHCP", "dhcp"):
        return None
    try:
        return str(_IP.validate_python(value))
    except ValidationError:
        problems.append((f"IP '{value}' is not an IPv4 address", "write an IPv4 address or DHCP"))
        return None


def _duplicates(rows: list[DeviceRow], file: str) -> list[Issue]:
    issues: list[Issue] = []
    for attr in ("hostname", "mac"):
        first: dict[str, int] = {}
        for row in rows:
            key = getattr(row, attr).lower()
            if key in first:
                issues.append(
                    Issue(
                        file=file,
                        path=f"line {row.line}",
                        message=f"{attr} '{getattr(row, attr)}' repeats line {first[key]}",
                        fix="list each device once",
                    )
                )
            first.setdefault(key, row.line)
    return issues


def import_devices(
    *,
    registry: Path,
    site_id: str,
    csv_path: Path,
    group_map: dict[str, str],
    default_image: str | None = None,
    zone: str = "paed",
    dry_run: bool = False,
) -> ImportResult:
    """Merge devices.csv into the site's rooms; write only if every row and the result are valid."""
    check_identifier(site_id, what="site")
    root = find_root(registry)
    site_file = root / SITES_DIR / f"{site_id}.yml"
    result = ImportResult()
    if not site_file.is_file():
        result.issues.append(
            Issue(file=str(site_file), path="", message=f"site '{site_id}' has no file", fix="create the site first, or check --site")
        )
        return result
    rows, result.issues = parse_devices(
        read_user_file(csv_path, what="devices.csv", errors="replace"), file=str(csv_path), group_map=group_map, default_image=default_image
    )
    result.issues.extend(_registry_conflicts(root=root, site_id=site_id, rows=rows, zone=zone, file=str(csv_path)))
    if errors_of(result.issues):
        return result
    try:
        data = load_roundtrip(site_file, root=root)
        writable_registry_file(root, site_file)
    except RegistryFileError as exc:
        result.issues.append(Issue(file=str(site_file), path="", message=f"the site file {exc.message}", fix=exc.fix))
        return result
    _merge(data, rows, zone, result)
    text = dump_roundtrip(data)
    result.issues.extend(_validate_with(root, site_file.name, text))
    if not errors_of(result.issues) and not dry_run:
        site_file.write_text(text, encoding="utf-8")
        result.written = True
    return result


def _registry_conflicts(*, root: Path, site_id: str, rows: list[DeviceRow], zone: str, file: str) -> list[Issue]:
    """The rows' conflicts with the registry as it is (every row, one run); the site file must load."""
    loaded = load_registry(root)  # its other errors (a new site has no devices yet) are left to the check after the merge
    registry: Registry | None = loaded.registry
    entry = registry.site(site_id) if registry is not None else None
    if registry is None or entry is None:
        count = len(errors_of(loaded.issues))
        return [Issue(file=str(root), path="", message=f"the registry or the site file has {count} error(s)", fix="provisioner validate")]
    return row_conflicts(rows=rows, registry=registry, site=entry, zone=zone, file=file, printer_role="printer")


def _merge(data: CommentedMap, rows: list[DeviceRow], zone: str, result: ImportResult) -> None:
    rooms = data.setdefault("rooms", CommentedSeq())
    by_id = {room["id"]: room for room in rooms}
    for row in rows:
        if row.role == "printer":
            _printer(data, row, result)
            continue
        if row.role not in COMPUTER_ROLES:
            result.skipped.append(f"line {row.line}: {row.hostname} ({row.role}) is not a classroom client")
            continue
        room = by_id.get(row.room)
        if room is None:
            room = CommentedMap([("id", row.room), ("name", row.room), ("zone", zone), ("clients", CommentedSeq())])
            rooms.append(room)
            by_id[row.room] = room
        _upsert(room.setdefault("clients", CommentedSeq()), row, result)


def _client_map(row: DeviceRow) -> CommentedMap:
    entry = CommentedMap([("name", row.hostname), ("mac", Quoted(row.mac))])
    if row.ip:
        entry["ip"] = row.ip
    entry["image"] = row.image
    entry.fa.set_flow_style()
    return entry


def _upsert(clients: CommentedSeq, row: DeviceRow, result: ImportResult) -> None:
    for index, client in enumerate(clients):
        if str(client.get("name", "")).lower() == row.hostname.lower():
            clients[index] = _client_map(row)
            result.updated += 1
            return
    clients.append(_client_map(row))
    result.added += 1


def _printer(data: CommentedMap, row: DeviceRow, result: ImportResult) -> None:
    if row.ip is None:
        result.skipped.append(f"line {row.line}: printer {row.hostname} has no fixed IP")
        return
    printers = data.setdefault("printers", CommentedSeq())
    entry = CommentedMap([("name", row.hostname), ("room", row.room), ("ip", row.ip), ("mac", Quoted(row.mac))])
    entry.fa.set_flow_style()
    printers[:] = [p for p in printers if str(p.get("name")) != row.hostname] + [entry]
    result.printers += 1


def _validate_with(root: Path, site_name: str, text: str) -> list[Issue]:
    """Validate the whole registry as it would be after the import, in a scratch copy."""
    with tempfile.TemporaryDirectory(prefix="provisioner-import-") as scratch:
        copy = Path(scratch) / "registry"
        shutil.copytree(root, copy)
        (copy / SITES_DIR / site_name).write_text(text, encoding="utf-8")
        return load_registry(copy).issues
