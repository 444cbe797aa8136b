"""The loader reads only regular files inside the registry, of a bounded size; anything else is a clear issue."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from provisioner.registry import errors_of, load_registry
from provisioner.registry.files import RegistryFileError, read_registry_file, writable_registry_file
from tests.conftest import FIXTURES

SITE = "sites/evil.yml"


def _symlink_outside(root: Path) -> None:
    outside = root.parent / "outside.yml"
    shutil.copy(root / "sites" / sorted(os.listdir(root / "sites"))[0], outside)
    (root / SITE).symlink_to(outside)


CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "symlink to /dev/zero": (lambda r: (r / SITE).symlink_to("/dev/zero"), "outside the registry"),
    "symlink outside the registry": (_symlink_outside, "outside the registry"),
    "FIFO": (lambda r: os.mkfifo(r / SITE), "not a regular file but a FIFO"),
    "directory named x.yml": (lambda r: (r / SITE).mkdir(), "not a regular file but a directory"),
    "dangling symlink": (lambda r: (r / SITE).symlink_to(r / "sites" / "gone.yml"), "dangling symlink"),
    "too large": (lambda r: (r / SITE).write_bytes(b"# " + b"x" * (5 * 1024 * 1024)), "the limit is 4194304"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_a_bad_site_file_is_one_clear_issue(base_registry: Path, name: str) -> None:
    make, expected = CASES[name]
    make(base_registry)
    result = load_registry(base_registry)
    errors = errors_of(result.issues)
    assert [e.file for e in errors] == [SITE], [e.format() for e in errors]
    assert expected in errors[0].message
    assert errors[0].fix
    assert result.registry is not None  # the other files were still loaded


def test_a_symlink_inside_the_registry_is_followed(base_registry: Path) -> None:
    first = sorted((base_registry / "sites").iterdir())[0]
    (base_registry / "shared").mkdir()
    moved = base_registry / "shared" / first.name
    first.rename(moved)
    first.symlink_to(moved)
    assert errors_of(load_registry(base_registry).issues) == []


def test_org_yml_as_a_symlink_to_dev_zero_is_an_issue_not_a_hang(base_registry: Path) -> None:
    (base_registry / "org.yml").unlink()
    (base_registry / "org.yml").symlink_to("/dev/zero")
    result = load_registry(base_registry)
    assert result.registry is None
    assert "outside the registry" in result.issues[0].message


def test_the_size_is_checked_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROVISIONER_REGISTRY_MAX_BYTES", "10")
    (tmp_path / "a.yml").write_text("a: 1234567890\n")
    with pytest.raises(RegistryFileError, match="is 14 bytes, the limit is 10"):
        read_registry_file(tmp_path, tmp_path / "a.yml")
    (tmp_path / "b.yml").write_text("a: 1\n")
    assert read_registry_file(tmp_path, tmp_path / "b.yml") == b"a: 1\n"


def test_writing_through_a_symlink_is_refused(tmp_path: Path) -> None:
    (tmp_path / "real.yml").write_text("x: 1\n")
    (tmp_path / "link.yml").symlink_to(tmp_path / "real.yml")
    with pytest.raises(RegistryFileError, match="symlink"):
        writable_registry_file(tmp_path, tmp_path / "link.yml")
    with pytest.raises(RegistryFileError, match="outside the registry"):
        writable_registry_file(tmp_path / "sub", tmp_path / "x.yml")
    assert writable_registry_file(tmp_path, tmp_path / "new.yml") == tmp_path / "new.yml"


def test_the_fixture_registry_is_valid() -> None:
    assert errors_of(load_registry(FIXTURES / "registry" / "base").issues) == []


def test_a_yaml_alias_bomb_is_refused_before_it_is_built(base_registry: Path) -> None:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    (base_registry / SITE).write_text("\n".join([*lines, "id: bomb", "name: *a9"]) + "\n")
    errors = errors_of(load_registry(base_registry).issues)
    assert [e.file for e in errors] == [SITE]
    assert "aliases expand it to" in errors[0].message


def test_an_anchor_alone_is_fine(base_registry: Path) -> None:
    site = base_registry / "sites" / "jz-treffpunkt.yml"
    text = site.read_text()
    site.write_text(text.replace("maintenance:", "maintenance: &mw", 1) + "\n")
    assert errors_of(load_registry(base_registry).issues) == []
