"""A records store in a temp dir, and helpers to build runs."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from provisioner.records import ProcessId, RecordStore
from provisioner.records.procinfo import current, start_time


@pytest.fixture
def store(tmp_path: Path) -> Iterator[RecordStore]:
    s = RecordStore(path=tmp_path / "state" / "rollouts.db")
    yield s
    s.close()


@pytest.fixture
def dead_process() -> ProcessId:
    """A process that has exited (and been reaped)."""
    proc = subprocess.Popen(["true"])
    start = start_time(proc.pid)
    proc.wait()
    return ProcessId(pid=proc.pid, start=start or 1, machine=current().machine)
