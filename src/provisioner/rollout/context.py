"""Who runs a rollout (OS or CI user), how it was triggered, and from which source."""

from __future__ import annotations

import getpass
import hashlib
import os
import socket
import subprocess
from collections.abc import Iterable, Mapping
from pathlib import Path

from provisioner.records.models import Operator, Source, Trigger

_GIT_TIMEOUT = 10


def operator(*, env: Mapping[str, str] | None = None) -> Operator:
    """The CI user and pipeline when a known CI runs us, else the OS user."""
    env = os.environ if env is None else env
    os_user = _os_user()
    machine = socket.gethostname()
    for kind, user_key, pipeline_key, url_key in _CI_VARS:
        if env.get(user_key):
            if kind == "github" and env.get("GITHUB_REPOSITORY") and env.get("GITHUB_RUN_ID"):
                url = f"{env.get(url_key, 'https://github.com')}/{env['GITHUB_REPOSITORY']}/actions/runs/{env['GITHUB_RUN_ID']}"
                return Operator(user=env[user_key], kind=kind, os_user=os_user, machine=machine, pipeline=env["GITHUB_RUN_ID"], url=url)
            return Operator(
                user=env[user_key], kind=kind, os_user=os_user, machine=machine, pipeline=env.get(pipeline_key), url=env.get(url_key)
            )
    if env.get("CI"):
        return Operator(user=os_user, kind="ci", os_user=os_user, machine=machine, pipeline=env.get("BUILD_ID"), url=None)
    return Operator(user=os_user, kind="os", os_user=os_user, machine=machine)


_CI_VARS: tuple[tuple[str, str, str, str], ...] = (
    ("gitlab", "GITLAB_USER_LOGIN", "CI_PIPELINE_ID", "CI_JOB_URL"),
    ("github", "GITHUB_ACTOR", "GITHUB_RUN_ID", "GITHUB_SERVER_URL"),
    ("jenkins", "BUILD_USER_ID", "BUILD_ID", "BUILD_URL"),
)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return str(os.getuid())


def trigger(*, onboarding: bool, env: Mapping[str, str] | None = None) -> Trigger:
    """onboarding when asked, ci under a CI system, else cli."""
    env = os.environ if env is None else env
    if onboarding:
        return "onboarding"
    return "ci" if env.get("CI") or any(env.get(v[1]) for v in _CI_VARS) else "cli"


def git_state(*, cwd: Path) -> tuple[str | None, bool | None]:
    """(HEAD commit, dirty?) of the repository around cwd, or (None, None) outside git."""
    commit = _git(cwd, "rev-parse", "HEAD")
    if commit is None:
        return None, None
    status = _git(cwd, "status", "--porcelain", "--untracked-files=no")
    return commit, None if status is None else bool(status)


def _git(cwd: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=_GIT_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def tree_digest(*, paths: Iterable[Path]) -> str | None:
    """sha256 over sorted relative file paths and their bytes (files or whole directories)."""
    digest = hashlib.sha256()
    seen = False
    for root in paths:
        for file, rel in _files(root):
            digest.update(rel.encode() + b"\0" + file.read_bytes() + b"\0")
            seen = True
    return digest.hexdigest() if seen else None


def _files(root: Path) -> list[tuple[Path, str]]:
    if root.is_file():
        return [(root, root.name)]
    if not root.is_dir():
        return []
    files = [p for p in root.rglob("*") if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)]
    return sorted((p, p.relative_to(root).as_posix()) for p in files)


def source(*, cwd: Path, registry_digest: str | None, registry_path: str | None) -> Source:
    commit, dirty = git_state(cwd=cwd)
    return Source(commit=commit, dirty=dirty, registry_digest=registry_digest, registry_path=registry_path)
