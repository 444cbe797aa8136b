from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from provisioner.image.finish import InstalledPackage, Packed, pack, parse_dpkg_query
from provisioner.image.manifest import Manifest, manifest_path, package_entries, role_source, tarball_info, write_manifest

DPKG = "ii \tless\t590-2.1~deb12u2\tamd64\nrc \told-thing\t1.0\tamd64\nii \tnano\t7.2-1+deb12u1\tamd64\n"


def test_parse_dpkg_query_keeps_installed_sorted() -> None:
    assert parse_dpkg_query(text=DPKG) == [
        InstalledPackage("less", "590-2.1~deb12u2", "amd64"),
        InstalledPackage("nano", "7.2-1+deb12u1", "amd64"),
    ]


@pytest.mark.parametrize(
    ("tarball", "manifest"),
    [("out/linux-tiny.tar.zst", "out/linux-tiny.manifest.json"), ("img", "img.manifest.json")],
)
def test_manifest_sits_beside_the_tarball(tarball: str, manifest: str) -> None:
    assert manifest_path(tarball=Path(tarball)) == Path(manifest)


def _git(answers: dict[str, str | None]):  # type: ignore[no-untyped-def]
    def git(args: Sequence[str], cwd: Path) -> str | None:
        return answers.get(" ".join(args))

    return git


def test_role_source_reports_commit_and_dirty_flags(tmp_path: Path) -> None:
    git = _git(
        {
            "rev-parse HEAD": "abc123\n",
            "status --porcelain -- roles/linux_client playbooks/linux_clients.yml": " M roles/linux_client/x\n",
            "status --porcelain": " M roles/linux_client/x\n M README.md\n",
        }
    )
    source = role_source(project=tmp_path, git=git)
    assert (source.commit, source.dirty, source.repo_dirty) == ("abc123", True, True)


def test_role_source_clean_and_not_a_checkout(tmp_path: Path) -> None:
    clean = _git(
        {"rev-parse HEAD": "abc\n", "status --porcelain -- roles/linux_client playbooks/linux_clients.yml": "", "status --porcelain": ""}
    )
    assert role_source(project=tmp_path, git=clean).dirty is False
    assert role_source(project=tmp_path, git=_git({})).commit is None


def test_pack_and_manifest_round_trip(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "etc").mkdir(parents=True)
    (root / "etc/hostname").write_text("x\n")
    packed = pack(root=root, out=tmp_path / "t.tar.zst")
    assert isinstance(packed, Packed)
    assert packed.size == (tmp_path / "t.tar.zst").stat().st_size
    assert packed.sha256 == hashlib.sha256((tmp_path / "t.tar.zst").read_bytes()).hexdigest()
    manifest = Manifest(
        profile="linux-tiny",
        distribution="debian",
        release="bookworm",
        arch="amd64",
        mirror="http://m/debian",
        profile_packages=["nano"],
        packages=package_entries(packages=parse_dpkg_query(text=DPKG)),
        role=role_source(project=tmp_path, git=_git({})),
        registry_digest="d",
        tarball=tarball_info(packed=packed),
        built_at="2026-01-01T00:00:00+00:00",
        duration_seconds=1.0,
    )
    write_manifest(manifest=manifest, path=manifest_path(tarball=packed.path))
    data = json.loads((tmp_path / "t.manifest.json").read_text())
    assert data["tarball"] == {"file": "t.tar.zst", "size": packed.size, "sha256": packed.sha256}
    assert data["packages"][1] == {"name": "nano", "version": "7.2-1+deb12u1", "arch": "amd64"}
    assert Manifest.model_validate(data) == manifest
