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
