"""linuxmuster.net devices.csv import: a good file merges, a file with bad rows writes nothing."""

from __future__ import annotations

from pathlib import Path

from provisioner.registry import errors_of, load_registry
from provisioner.registry.importer import import_devices
from tests.conftest import FIXTURES

DEVICES = FIXTURES / "devices"
MAP = {"win11": "windows-standard", "bookworm": "linux-standard"}


def _site(root: Path) -> Path:
    return root / "sites" / "gym-lise-meitner.yml"


def test_good_file_merges_rooms_clients_and_printers(base_registry: Path) -> None:
    before = _site(base_registry).read_text(encoding="utf-8")
    result = import_devices(registry=base_registry, site_id="gym-lise-meitner", csv_path=DEVICES / "good.csv", group_map=MAP)
    assert errors_of(result.issues) == []
    assert (result.added, result.updated, result.printers, result.written) == (4, 1, 1, True)
    assert result.skipped == ["line 7: lmg-sw-extra (switch) is not a classroom client"]
    after = _site(base_registry).read_text(encoding="utf-8")
    assert "# Lise-Meitner-Gymnasium" in after, "comments of the hand-edited file survive"
    assert after.startswith(before.split("rooms:")[0]), "everything before rooms is untouched"
    site = load_registry(base_registry).require().site("gym-lise-meitner")
    assert site is not None
    rooms = {room.id: room for room in site.site.rooms}
    assert [c.name for c in rooms["r201"].clients] == ["lmg-r201-pc01", "lmg-r201-pc02", "lmg-r201-lehrer"]
    assert rooms["r201"].clients[2].mac == "00:1a:2b:3c:4d:03"
    assert rooms["bibliothek"].clients[0].image == "linux-standard"
    assert rooms["r101"].clients[0].image == "linux-standard"
    assert any(p.name == "lmg-r201-drucker" for p in site.site.printers)


def test_bad_rows_are_all_reported_with_line_numbers_and_nothing_is_written(base_registry: Path) -> None:
    before = _site(base_registry).read_text(encoding="utf-8")
    result = import_devices(registry=base_registry, site_id="gym-lise-meitner", csv_path=DEVICES / "bad.csv", group_map=MAP)
    lines = sorted({int(i.path.split()[1]) for i in errors_of(result.issues)})
    assert lines == [3, 4, 5, 6, 7, 8, 9, 10]
    text = "\n".join(i.format() for i in result.issues)
    for expected in (
        "RFC 1123",
        "not a MAC",
        "not an IPv4 address",
        "device group 'unknown-group' has no image profile",
        "PXE flag '7'",
        "has 4 fields, a devices.csv row has 15",
        "not a slug",
        "repeats line 2",
    ):
        assert expected in text
    assert not result.written
    assert _site(base_registry).read_text(encoding="utf-8") == before


def test_rows_that_would_break_the_registry_write_nothing(base_registry: Path, tmp_path: Path) -> None:
    csv = tmp_path / "devices.csv"
    csv.write_text("r201;lmg-r201-pc01;win11;3c:52:82:20:01:01;10.0.2.12;;;;classroom-studentcomputer;;1;;;;\n", encoding="utf-8")
    before = _site(base_registry).read_text(encoding="utf-8")
    result = import_devices(registry=base_registry, site_id="gym-lise-meitner", csv_path=csv, group_map=MAP)
    assert any("MAC '3c:52:82:20:01:01' is already used" in i.format() for i in result.issues)
    assert not result.written
    assert _site(base_registry).read_text(encoding="utf-8") == before


def test_dry_run_writes_nothing(base_registry: Path) -> None:
    before = _site(base_registry).read_text(encoding="utf-8")
    result = import_devices(registry=base_registry, site_id="gym-lise-meitner", csv_path=DEVICES / "good.csv", group_map=MAP, dry_run=True)
    assert result.added == 4
    assert not result.written
    assert _site(base_registry).read_text(encoding="utf-8") == before


def test_unknown_site_is_refused(base_registry: Path) -> None:
    result = import_devices(registry=base_registry, site_id="nope", csv_path=DEVICES / "good.csv", group_map=MAP)
    assert "site 'nope' has no file" in result.issues[0].message


def _row(room: str, host: str, mac: str, ip: str = "DHCP", group: str = "win11", role: str = "classroom-studentcomputer") -> str:
    return f"{room};{host};{group};{mac};{ip};;;;{role};;1;;;;"


def test_row_errors_and_registry_conflicts_are_reported_in_one_run(base_registry: Path, tmp_path: Path) -> None:
    csv = tmp_path / "devices.csv"
    rows = [
        _row("r201", "lmg-r201-pc01", "00:1a:2b:3c:4d:01"),  # line 1: fine
        _row("r201", "lmg_bad", "00:1a:2b:3c:4d:02"),  # line 2: not a host name
        _row("r201", "lmg-r201-pc03", "70:ea:1a:30:00:01"),  # line 3: MAC of an AP at another site
        _row("r201", "gew-a012-pc01", "00:1a:2b:3c:4d:04"),  # line 4: host name of a client at another site
        _row("r201", "lmg-r201-pc05", "00:1a:2b:3c:4d:05", ip="10.96.0.1"),  # line 5: a gateway's IP, outside paed
        _row("r201", "lmg-r201-pc06", "00:1a:2b:3c:4d:06", ip="10.0.9.9"),  # line 6: outside the paed /22
    ]
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    before = _site(base_registry).read_text(encoding="utf-8")
    result = import_devices(registry=base_registry, site_id="gym-lise-meitner", csv_path=csv, group_map=MAP)
    by_line: dict[int, list[str]] = {}
    for issue in errors_of(result.issues):
        by_line.setdefault(int(issue.path.split()[1]), []).append(issue.message)
    assert sorted(by_line) == [2, 3, 4, 5, 6]
    assert "MAC '70:ea:1a:30:00:01' is already used by access point gew-a012-ap01 at sites/ges-wiesdorf.yml" in by_line[3][0]
    assert "host name 'gew-a012-pc01' is already used by client gew-a012-pc01" in by_line[4][0]
    assert any("IP '10.96.0.1' is already used by gateway of zone mgmt" in m for m in by_line[5])
    assert any("outside the site's paed subnet 10.0.0.0/22" in m for m in by_line[6])
    assert not result.written
    assert _site(base_registry).read_text(encoding="utf-8") == before


def test_a_bom_is_accepted_and_host_names_are_lowercased_with_a_warning(base_registry: Path, tmp_path: Path) -> None:
    csv = tmp_path / "devices.csv"
    csv.write_bytes(("\ufeff" + _row("r201", "LMG-R201-PC09", "00:1a:2b:3c:4d:09") + "\n").encode("utf-8"))
    result = import_devices(registry=base_registry, site_id="gym-lise-meitner", csv_path=csv, group_map=MAP)
    assert errors_of(result.issues) == []
    warnings = [i.format() for i in result.issues]
    assert warnings == [f"{csv}: line 1: host name 'LMG-R201-PC09' is imported lowercased as 'lmg-r201-pc09' (fix: write it in lowercase)"]
    assert result.written
    site = load_registry(base_registry).require().site("gym-lise-meitner")
    assert site is not None
    assert "lmg-r201-pc09" in [c.name for r in site.site.rooms for c in r.clients]


def test_an_update_of_a_client_is_not_a_conflict_with_itself(base_registry: Path, tmp_path: Path) -> None:
    site = load_registry(base_registry).require().site("gym-lise-meitner")
    assert site is not None
    room = next(r for r in site.site.rooms if r.clients)
    client = room.clients[0]
    csv = tmp_path / "devices.csv"
    csv.write_text(_row(room.id, client.name, client.mac, group="bookworm") + "\n", encoding="utf-8")
    result = import_devices(registry=base_registry, site_id="gym-lise-meitner", csv_path=csv, group_map=MAP)
    assert errors_of(result.issues) == []
    assert result.updated == 1


def test_a_new_site_without_devices_can_take_its_first_import(base_registry: Path, tmp_path: Path) -> None:
    site = _site(base_registry)
    text = site.read_text(encoding="utf-8")
    site.write_text(text.split("\nswitches:")[0] + "\n", encoding="utf-8")  # subnets kept, no devices
    assert any("has no switches" in i.message for i in errors_of(load_registry(base_registry).issues))
    csv = tmp_path / "devices.csv"
    csv.write_text(_row("r201", "lmg-r201-pc01", "00:1a:2b:3c:4d:01") + "\n", encoding="utf-8")
    result = import_devices(registry=base_registry, site_id="gym-lise-meitner", csv_path=csv, group_map=MAP)
    assert [i.format() for i in errors_of(result.issues)] == []
    assert result.written
