"""Is the process that wrote a `running` row still alive? pid plus start time answers it."""

from __future__ import annotations

import os
import socket
from pathlib import Path

from provisioner.records.models import ProcessId


def start_time(pid: int) -> int | None:
    """The start time in clock ticks since boot (field 22 of /proc/<pid>/stat); None if gone or a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rfind(")") + 2 :].split()
    if len(fields) <= 19 or fields[0] in ("Z", "X"):
        return None
    return int(fields[19])


def current() -> ProcessId:
    """This process."""
    pid = os.getpid()
    return ProcessId(pid=pid, start=start_time(pid), machine=socket.gethostname())


def is_alive(process: ProcessId) -> bool:
    """True while that very process runs; another machine's process is assumed alive."""
    if process.machine and process.machine != socket.gethostname():
        return True
    if process.start is not None:
        return start_time(process.pid) == process.start
    return _signal_zero(process.pid)


def _signal_zero(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
