"""Start the device lab once for this folder and run real ansible-playbook against it."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from hostvars_fixture import LabSwitch, write_inventory  # noqa: E402
from switch_lab import LAB_PORT, PLANTED, SWITCHES, Lab  # noqa: E402


@pytest.fixture(scope="package")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    lab_mod = pytest.importorskip("provisioner.lab")
    if not hasattr(lab_mod, "start_lab"):
        pytest.skip("provisioner.lab has no start_lab yet")
    base = tmp_path_factory.mktemp("switch-lab")
    specs = [lab_mod.LabDeviceSpec(n, p, m, "admin", PLANTED) for n, p, m in SWITCHES]
    # A port of our own: the lab hands out the same 127.100.0.x addresses to every lab.
    ends = {e.name: e for e in lab_mod.start_lab(devices=specs, state_dir=base / "lab", port=LAB_PORT)}
    try:
        switches = [LabSwitch(n, p, m, ends[n].host, ends[n].port) for n, p, m in SWITCHES]
        inventory = write_inventory(path=base / "inventory.json", switches=switches)
        yield Lab(state=base / "lab", inventory=inventory, backups=base / "backups")
    finally:
        lab_mod.stop_lab(state_dir=base / "lab")
