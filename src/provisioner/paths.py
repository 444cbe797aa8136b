"""Where provisioner keeps its local state (lab, backups, rollout records)."""

from __future__ import annotations

import os
from pathlib import Path


def state_dir() -> Path:
    """The state directory: $PROVISIONER_STATE_DIR, else ./.provisioner."""
    return Path(os.environ.get("PROVISIONER_STATE_DIR") or ".provisioner").absolute()


def output_path_problem(path: Path, *, directory: bool = False) -> str | None:
    """Why `path` cannot be written as an output file (or created as a directory), or None.

    Checked before a run starts, so an unwritable --json or --out fails in a second, not after the run.
    """
    if path.is_symlink() and not path.exists():
        return "is a dangling symlink"
    if path.exists():
        return _existing_problem(path, directory=directory)
    parent = path.parent
    while directory and not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        return f"cannot be created: {parent} is not a directory"
    if not os.access(parent, os.W_OK | os.X_OK):
        return f"cannot be created: {parent} is not writable"
    return None


def _existing_problem(path: Path, *, directory: bool) -> str | None:
    if directory and not path.is_dir():
        return "exists and is not a directory"
    if not directory and path.is_dir():
        return "is a directory"
    if not directory and not path.is_file():
        return "is not a regular file (a FIFO or device would block or lose the output)"
    if not os.access(path, os.W_OK | (os.X_OK if directory else 0)):
        return "is not writable"
    return None
