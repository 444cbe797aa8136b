from __future__ import annotations

from pathlib import Path

import pytest

from provisioner.image.mirror import DEFAULT_MIRROR, debian_mirror, security_mirror, sources_mirrors

DEB822 = """Types: deb
# http://snapshot.debian.org/archive/debian/20250520T000000Z
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
"""


def test_sources_mirrors_reads_both_formats() -> None:
    assert sources_mirrors(text="deb [arch=amd64] http://ftp.de.debian.org/debian bookworm main\n") == [
        ("http://ftp.de.debian.org/debian", "bookworm")
    ]
    assert sources_mirrors(text=DEB822) == [
        ("http://deb.debian.org/debian", "bookworm"),
        ("http://deb.debian.org/debian", "bookworm-updates"),
    ]


def test_debian_mirror_prefers_override_then_env_then_apt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PROVISIONER_DEBIAN_MIRROR", raising=False)
    (tmp_path / "sources.list.d").mkdir()
    (tmp_path / "sources.list.d" / "debian.sources").write_text(DEB822.replace("deb.debian.org", "mirror.local"), encoding="utf-8")
    (tmp_path / "sources.list.d" / "other.list").write_text("deb https://packages.example/apt stable main\n", encoding="utf-8")
    assert debian_mirror(etc_apt=tmp_path) == "http://mirror.local/debian"
    monkeypatch.setenv("PROVISIONER_DEBIAN_MIRROR", "http://env.example/debian/")
    assert debian_mirror(etc_apt=tmp_path) == "http://env.example/debian"
    assert debian_mirror(override="http://cli.example/debian", etc_apt=tmp_path) == "http://cli.example/debian"


def test_debian_mirror_falls_back_to_deb_debian_org(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PROVISIONER_DEBIAN_MIRROR", raising=False)
    assert debian_mirror(etc_apt=tmp_path) == DEFAULT_MIRROR


def test_security_mirror_sits_beside_the_mirror(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PROVISIONER_DEBIAN_SECURITY_MIRROR", raising=False)
    assert security_mirror(mirror="http://deb.debian.org/debian") == "http://deb.debian.org/debian-security"
