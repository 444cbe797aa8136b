"""Masked backups of the pre-change running config, for humans, and the archive commits around a push.

The backup is deliberately masked (secrets never reach the disk). It is therefore not
restorable by itself: rollback uses the unmasked pre-change config held in memory.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from provisioner.netconfig.archive import ARCHIVE_ENV, Archive, ArchiveError, default_archive_dir
from provisioner.paths import state_dir


def default_backup_dir() -> Path:
    """`<state_dir>/backups` (state_dir: $PROVISIONER_STATE_DIR or ./.provisioner)."""
    return state_dir() / "backups"


def write_backup(*, root: Path | None, device: str, masked_text: str, now: datetime | None = None) -> Path:
    """Write `<root>/<device>/<UTC timestamp>.cfg` (mode 0600) and return its path."""
    folder = (root or default_backup_dir()) / _safe(device)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S.%fZ")
    path = folder / f"{stamp}.cfg"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(masked_text if masked_text.endswith("\n") else masked_text + "\n")
    return path


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name) or "device"


def archive_push(*, root: Path | None, device: str, masked_text: str, stage: str) -> str | None:
    """Commit the device's masked config to the archive around a push (stage: 'before' or 'after').

    The archive is $PROVISIONER_ARCHIVE, else `<backup_dir>/archive` for an explicit backup_dir,
    else <state dir>/archive. Returns a note when it could not (the push goes on: the timestamped
    backup above is what a push requires).
    """
    folder = Path(os.environ[ARCHIVE_ENV]) if os.environ.get(ARCHIVE_ENV) else (root / "archive" if root else default_archive_dir())
    try:
        with Archive(folder).locked() as archive:
            archive.write(device, masked_text)
            archive.commit(message=f"{device}: {stage} push", devices=[device])
    except (ArchiveError, OSError) as exc:
        return f"the config archive did not record the {stage}-push config: {exc}"
    return None
