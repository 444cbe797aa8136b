"""After a SIGKILL the ansible-playbook child outlives the runner; find it by its run's limit file and stop it."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

_GRACE_SECONDS = 5.0


def find(*, marker: str) -> list[int]:
    """Pids of processes whose command line mentions marker (a run's limits directory)."""
    pids: list[int] = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if marker in cmdline and int(entry.name) != os.getpid():
            pids.append(int(entry.name))
    return pids


def terminate(*, marker: str) -> list[int]:
    """SIGTERM the process groups of those processes, SIGKILL what is left after a grace period."""
    pids = find(marker=marker)
    for pid in pids:
        _signal_group(pid, signal.SIGTERM)
    deadline = time.monotonic() + _GRACE_SECONDS
    while time.monotonic() < deadline and find(marker=marker):
        time.sleep(0.1)
    for pid in find(marker=marker):
        _signal_group(pid, signal.SIGKILL)
    return pids


def _signal_group(pid: int, sig: signal.Signals) -> None:
    try:
        pgid = os.getpgid(pid)
        if pgid == os.getpgid(0):
            os.kill(pid, sig)
        else:
            os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass
