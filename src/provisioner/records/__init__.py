"""The rollout records: who ran what, when, from which commit, and what happened on each host (SQLite)."""

from __future__ import annotations

import os
from pathlib import Path

from provisioner.paths import state_dir
from provisioner.records.models import (
    RUN_STATUSES,
    Change,
    FailedTask,
    HistoryFilter,
    HostCounts,
    HostResult,
    LockConflict,
    NewRun,
    Operator,
    Options,
    ProcessId,
    RunRecord,
    RunStatus,
    RunSummary,
    Source,
    WaveOutcome,
    WavePlan,
    WaveRecord,
)
from provisioner.records.store import RecordStore

# Set for an ansible-playbook run whose caller records it itself (`rollout`, `image`): the collection's
# records callback then leaves it alone, so no run is recorded twice.
RECORDED_BY_ENV = "PROVISIONER_RECORDED_BY"


def default_db_path() -> Path:
    """$PROVISIONER_DB, else <state dir>/rollouts.db."""
    env = os.environ.get("PROVISIONER_DB")
    return Path(env).absolute() if env else state_dir() / "rollouts.db"


__all__ = [
    "RECORDED_BY_ENV",
    "RUN_STATUSES",
    "Change",
    "FailedTask",
    "HistoryFilter",
    "HostCounts",
    "HostResult",
    "LockConflict",
    "NewRun",
    "Operator",
    "Options",
    "ProcessId",
    "RecordStore",
    "RunRecord",
    "RunStatus",
    "RunSummary",
    "Source",
    "WaveOutcome",
    "WavePlan",
    "WaveRecord",
    "default_db_path",
]
