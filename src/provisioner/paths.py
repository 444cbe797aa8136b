"""Where provisioner keeps its local state (lab, backups, rollout records)."""

from __future__ import annotations

import os
from pathlib import Path


def state_dir() -> Path:
    """The state directory: $PROVISIONER_STATE_DIR, else ./.provisioner."""
    return Path(os.environ.get("PROVISIONER_STATE_DIR") or ".provisioner").absolute()
