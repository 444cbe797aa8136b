"""Keep the runner's artifacts, but never with the environment or an unmasked secret in them."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

from provisioner.netconfig.masking import Masker

COMMAND_NOTE = "removed by provisioner: the runner's command file holds the full environment"
_MAX_SCRUB_BYTES = 20_000_000


def redact_command_file(*, artifact_dir: Path, masker: Masker) -> None:
    """Replace artifacts/<ident>/command with the masked argv and cwd, without the environment."""
    path = artifact_dir / "command"
    try:
        data: dict[str, Any] = json.loads(path.read_text())
    except (OSError, ValueError):
        data = {}
    _remove(path)
    safe = {"command": [masker.mask(str(a)) for a in data.get("command", [])], "cwd": data.get("cwd"), "env": COMMAND_NOTE}
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump(safe, f)


def scrub_tree(*, root: Path, masker: Masker | None) -> None:
    """Remove env/ and partial event files, redact command files, and mask any known secret left in a file."""
    if not root.is_dir():
        return
    shutil.rmtree(root / "env", ignore_errors=True)
    for events in root.glob("artifacts/*/job_events"):
        for path in [*events.glob("*-partial.json"), *events.glob("*.tmp")]:
            _remove(path)
    for path in _files_outside_events(root):
        if path.name == "command" and path.parent.parent.name == "artifacts":
            redact_command_file(artifact_dir=path.parent, masker=masker or Masker())
        elif masker is not None and masker.values:
            _mask_file(path, masker)


def _files_outside_events(root: Path) -> list[Path]:
    """Every file except the job events, which were masked before the runner wrote them."""
    found: list[Path] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d != "job_events"]
        found += [Path(folder) / f for f in files]
    return found


def _mask_file(path: Path, masker: Masker) -> None:
    if path.stat().st_size > _MAX_SCRUB_BYTES:
        return
    text = path.read_text(encoding="utf-8", errors="replace")
    if any(v in text for v in masker.values):
        path.write_text(masker.mask(text), encoding="utf-8")


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def remove_run_dir(path: str | None) -> None:
    """Delete a run's artifacts directory (retention)."""
    if path:
        shutil.rmtree(path, ignore_errors=True)
