"""The config archive: one masked file per device in a git repository (the `git` CLI), like Oxidized.

`provisioner backup` writes every device and makes one commit per run; a push by the engine
commits the device before and after (netconfig.backup.archive_push). Writers take a lock on the
repository, so parallel Ansible workers and a backup run never collide. Every text written has
already been masked by the caller; the volatile header of `show running-config` is dropped so
that only real changes make commits.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from provisioner.errors import ProvisionerError
from provisioner.paths import state_dir

ARCHIVE_ENV = "PROVISIONER_ARCHIVE"
_HEADER = re.compile(
    r"^(Building configuration\.\.\.|Current configuration : \d+ bytes|Running configuration:"
    r"|!\s*(Last configuration change|NVRAM config last updated|No configuration change since).*)\s*$"
)
_GIT_ENV = {
    "GIT_AUTHOR_NAME": "provisioner",
    "GIT_AUTHOR_EMAIL": "provisioner@localhost",
    "GIT_COMMITTER_NAME": "provisioner",
    "GIT_COMMITTER_EMAIL": "provisioner@localhost",
    "GIT_CONFIG_COUNT": "1",
    "GIT_CONFIG_KEY_0": "commit.gpgsign",
    "GIT_CONFIG_VALUE_0": "false",
}


class ArchiveError(ProvisionerError):
    """The archive repository cannot be used (git missing, not a repository, a git command failed)."""


@dataclass(frozen=True)
class Revision:
    """One commit that touched a device's file."""

    sha: str
    date: str
    subject: str


def default_archive_dir() -> Path:
    """$PROVISIONER_ARCHIVE, else <state dir>/archive."""
    env = os.environ.get(ARCHIVE_ENV)
    return Path(env).absolute() if env else state_dir() / "archive"


def normalized(text: str) -> str:
    """The config without the volatile header lines (byte counts, change times), ending in one newline."""
    lines = text.replace("\r\n", "\n").split("\n")
    while lines and (not lines[0].strip() or _HEADER.match(lines[0].strip())):
        lines.pop(0)
    kept = [ln.rstrip() for ln in lines if not _HEADER.match(ln.strip())]
    return "\n".join(kept).rstrip("\n") + "\n"


def file_name(device: str) -> str:
    """`<device>.cfg`, with anything but letters, digits, '-', '_' and '.' replaced."""
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in device).lstrip(".") or "device"
    return f"{safe}.cfg"


class Archive:
    """A git work tree with one `<device>.cfg` per device."""

    def __init__(self, root: Path) -> None:
        self.root = root.absolute()

    @contextmanager
    def locked(self) -> Iterator[Archive]:
        """Create the repository if needed and hold its lock (an flock on the folder)."""
        if shutil.which("git") is None:
            raise ArchiveError(f"{self.root}: the archive needs the git command (fix: apt-get install git)")
        try:
            self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = os.open(self.root, os.O_RDONLY)
        except OSError as exc:
            raise ArchiveError(f"{self.root}: cannot create the archive folder: {exc.strerror}") from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            if not (self.root / ".git").exists():
                self._git("init", "-q")
            yield self
        finally:
            os.close(fd)

    def write(self, device: str, text: str) -> bool:
        """Write the device's file (mode 0600); True when its content changed."""
        path = self.root / file_name(device)
        content = normalized(text)
        if path.exists() and path.read_text(encoding="utf-8") == content:
            return False
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(content)
        return True

    def commit(self, *, message: str, devices: Sequence[str]) -> str | None:
        """Commit these devices' files; None when none of them differs from the last commit."""
        paths = [file_name(d) for d in devices]
        if not paths:
            return None
        self._git("add", "--", *paths)
        staged = self._git("diff", "--cached", "--name-only", "--", *paths).split()
        if not staged:
            return None
        self._git("commit", "-q", "-m", message, "--", *staged)
        return self._git("rev-parse", "HEAD").strip()

    def history(self, device: str) -> list[Revision]:
        """Commits that changed the device's file, newest first."""
        if not (self.root / ".git").exists():
            raise ArchiveError(f"{self.root}: no archive here yet (fix: run `provisioner backup` first, or pass --repo)")
        out = self._git("log", "--format=%H%x09%cI%x09%s", "--", file_name(device))
        return [Revision(*line.split("\t", 2)) for line in out.splitlines() if line.count("\t") >= 2]

    def diff(self, device: str, old: str | None = None, new: str | None = None) -> str:
        """`git diff` of the device's file: last two versions, OLD..last version, or OLD..NEW."""
        revs = self.history(device)
        if not revs:
            raise ArchiveError(f"{device}: not in the archive {self.root} (fix: check the name with `provisioner backup history`)")
        if old is None:
            if len(revs) < 2:
                return ""
            old, new = revs[1].sha, revs[0].sha
        return self._git("diff", old, new or revs[0].sha, "--", file_name(device))

    def _git(self, *args: str) -> str:
        try:
            env = {**os.environ, **_GIT_ENV}
            proc = subprocess.run(["git", *args], cwd=self.root, env=env, capture_output=True, text=True, check=False)
        except OSError as exc:
            raise ArchiveError(f"{self.root}: git could not run: {exc.strerror}") from exc
        if proc.returncode:
            detail = (proc.stderr or proc.stdout).strip().splitlines()
            raise ArchiveError(f"{self.root}: git {args[0]} failed: {detail[-1] if detail else proc.returncode}")
        return proc.stdout
