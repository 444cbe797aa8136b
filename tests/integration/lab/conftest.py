"""A real lab process on loopback for this folder; stopped afterwards even when tests fail."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from lab_session import DEVICES, PORT, LabUnderTest  # noqa: E402

from provisioner.lab import clear_faults, reset_device, start_lab, stop_lab  # noqa: E402


@pytest.fixture(scope="package")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabUnderTest]:
    state = tmp_path_factory.mktemp("lab-state")
    endpoints = start_lab(devices=DEVICES, state_dir=state, port=PORT)
    try:
        yield LabUnderTest(state, {e.name: e for e in endpoints})
    finally:
        stop_lab(state_dir=state)


@pytest.fixture(autouse=True)
def _fresh_devices(request: pytest.FixtureRequest) -> None:
    if "lab" not in request.fixturenames:
        return
    lab: LabUnderTest = request.getfixturevalue("lab")
    clear_faults(state_dir=lab.state)
    for spec in DEVICES:
        reset_device(state_dir=lab.state, device=spec.name)
