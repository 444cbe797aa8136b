"""The cached debootstrap base for the linux_client integration tests (shared with molecule and image build)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from lc_helpers import cached_base  # noqa: E402


@pytest.fixture(scope="session")
def base_root() -> Path:
    """Built once into <repo>/.provisioner/cache/rootfs; tests copy it with cp -a."""
    return cached_base()
