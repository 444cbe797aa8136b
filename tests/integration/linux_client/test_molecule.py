"""Image mode through molecule: create (chroot from the cached base), check, converge, idempotence, verify, destroy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lc_helpers import ROOT, need, run

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def test_molecule_default_scenario(base_root: Path) -> None:
    need("chroot", "mount")
    result = run(["molecule", "test"], cwd=ROOT / "roles/linux_client", timeout=2400)
    assert result.rc == 0, result.out[-8000:]
    plain = re.sub(r"\x1b\[[0-9;]*m", "", result.out)
    recap = re.search(r"default\s*:\s*actions=(\d+)\s+successful=(\d+).*failed=(\d+)", plain)
    assert recap is not None, plain[-4000:]
    # destroy, create, check, converge, idempotence, verify, destroy
    assert recap.groups() == ("7", "7", "0"), plain[-4000:]
