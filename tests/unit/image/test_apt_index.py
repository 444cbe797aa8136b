from __future__ import annotations

import json
import lzma
import time
from pathlib import Path

import pytest

from provisioner.image import apt_index
from provisioner.image.apt_index import IndexSource, missing, package_names, parse_packages

SOURCE = IndexSource(mirror="http://mirror.example/debian", suite="bookworm", arch="amd64")


def test_parse_packages_reads_names_only(packages_text: bytes) -> None:
    assert parse_packages(data=packages_text) == {"nano", "less", "firefox-esr"}


@pytest.mark.parametrize(
    ("wanted", "expected"),
    [(["nano", "less"], []), (["nano", "nope", "less", "gone"], ["nope", "gone"]), (["nano:amd64"], []), (["editor"], ["editor"])],
)
def test_missing_keeps_order_and_ignores_arch(wanted: list[str], expected: list[str]) -> None:
    assert missing(wanted=wanted, known={"nano", "less"}) == expected


def test_urls_cover_each_component() -> None:
    assert SOURCE.urls() == [
        "http://mirror.example/debian/dists/bookworm/main/binary-amd64/Packages.xz",
        "http://mirror.example/debian/dists/bookworm/contrib/binary-amd64/Packages.xz",
        "http://mirror.example/debian/dists/bookworm/non-free-firmware/binary-amd64/Packages.xz",
    ]


def test_fetches_once_then_uses_the_cache(tmp_path: Path, packages_text: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    fetched: list[str] = []

    def fake_fetch(url: str) -> bytes:
        fetched.append(url)
        return lzma.compress(packages_text if "/main/" in url else b"Package: firmware-x\n")

    monkeypatch.setattr(apt_index, "_fetch", fake_fetch)
    assert package_names(source=SOURCE, cache_dir=tmp_path) == {"nano", "less", "firefox-esr", "firmware-x"}
    assert package_names(source=SOURCE, cache_dir=tmp_path) == {"nano", "less", "firefox-esr", "firmware-x"}
    assert len(fetched) == 3


def test_stale_cache_is_fetched_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / SOURCE.cache_name()
    cache.write_text(json.dumps({"fetched": time.time() - 3 * 86400, "names": ["old"]}), encoding="utf-8")
    monkeypatch.setattr(apt_index, "_fetch", lambda url: lzma.compress(b"Package: new\n"))
    assert package_names(source=SOURCE, cache_dir=tmp_path) == {"new"}


def test_unreachable_mirror_is_an_image_error(tmp_path: Path) -> None:
    source = IndexSource(mirror="http://127.0.0.1:9/debian", suite="bookworm", arch="amd64")
    with pytest.raises(apt_index.ImageError, match="cannot fetch the package index"):
        package_names(source=source, cache_dir=tmp_path)
