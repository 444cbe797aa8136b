"""Profile refusal and package checks: everything that must fail before debootstrap starts."""

from __future__ import annotations

from pathlib import Path

import pytest

from provisioner.image import BuildRequest, ImageError, check_request
from provisioner.image.apt_index import IndexSource, parse_packages


def _request(registry_dir: Path, profile: str, out: Path) -> BuildRequest:
    return BuildRequest(registry_dir=registry_dir, profile=profile, out=out, mirror="http://mirror.example/debian", cache_dir=out.parent)


@pytest.fixture
def index(packages_text: bytes) -> set[str]:
    return parse_packages(data=packages_text)


def test_good_profile_passes(registry_dir: Path, tmp_path: Path, index: set[str]) -> None:
    seen: list[IndexSource] = []
    checked = check_request(
        request=_request(registry_dir, "linux-tiny", tmp_path / "x.tar.zst"), known_packages=lambda s: seen.append(s) or index
    )
    assert checked.image.packages == ["nano", "less"]
    assert seen[0].suite == "bookworm"
    assert seen[0].mirror == "http://mirror.example/debian"


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        ("nope", ["no profile 'nope' (Linux profiles: linux-badpkg, linux-tiny)"]),
        ("windows-test", ["images.windows-test: is a windows profile", "(Linux profiles: linux-badpkg, linux-tiny)"]),
        ("linux-badpkg", ["'no-such-package-xyz' is not in debian bookworm", "'libreoffice-nonexistent' is not in debian bookworm"]),
    ],
)
def test_bad_profiles_are_refused_with_every_problem(
    registry_dir: Path, tmp_path: Path, index: set[str], profile: str, expected: list[str]
) -> None:
    with pytest.raises(ImageError) as caught:
        check_request(request=_request(registry_dir, profile, tmp_path / "x.tar.zst"), known_packages=lambda _s: index)
    for text in expected:
        assert text in str(caught.value)


def test_badpkg_lists_each_missing_package_once(registry_dir: Path, tmp_path: Path, index: set[str]) -> None:
    with pytest.raises(ImageError) as caught:
        check_request(request=_request(registry_dir, "linux-badpkg", tmp_path / "x.tar.zst"), known_packages=lambda _s: index)
    assert len(caught.value.problems) == 2
    assert all("fix: correct the name or remove it" in p for p in caught.value.problems)


@pytest.mark.parametrize(("name", "text"), [("missing-dir/x.tar.zst", "does not exist"), ("x.tar.gz", "the image is a .tar.zst")])
def test_bad_output_paths_are_refused(registry_dir: Path, tmp_path: Path, index: set[str], name: str, text: str) -> None:
    with pytest.raises(ImageError, match=text):
        check_request(request=_request(registry_dir, "linux-tiny", tmp_path / name), known_packages=lambda _s: index)
