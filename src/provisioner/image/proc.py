"""Run a command for the image builder; failures become ImageError with the output's tail."""

from __future__ import annotations

import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

from provisioner.image.errors import ImageError


def run(cmd: Sequence[str], *, cwd: Path | None = None, env: Mapping[str, str] | None = None, log: Path | None = None) -> str:
    """Run `cmd`; return stdout, or raise ImageError. With `log`, output goes to that file instead."""
    if log is not None:
        _run_logged(cmd, cwd=cwd, env=env, log=log)
        return ""
    proc = subprocess.run(list(cmd), cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise ImageError([f"{' '.join(cmd[:3])} failed (exit {proc.returncode}): {(proc.stderr or proc.stdout).strip()[-2000:]}"])
    return proc.stdout


def tail(path: Path, lines: int = 40) -> str:
    """The last lines of a log file."""
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def _run_logged(cmd: Sequence[str], *, cwd: Path | None, env: Mapping[str, str] | None, log: Path) -> None:
    with log.open("a", encoding="utf-8") as out:
        out.write(f"$ {' '.join(cmd)}\n")
        out.flush()
        code = subprocess.run(list(cmd), cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, check=False).returncode
    if code != 0:
        raise ImageError([f"{cmd[0]} failed (exit {code}):\n{tail(log)}\n(full log: {log})"])
