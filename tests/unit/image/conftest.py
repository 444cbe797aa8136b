"""Fixtures for the image module: the test registry and a tiny Packages index."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "images"


@pytest.fixture
def registry_dir() -> Path:
    return FIXTURES / "registry"


@pytest.fixture
def packages_text() -> bytes:
    return (FIXTURES / "Packages").read_bytes()
