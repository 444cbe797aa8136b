"""The manifest written beside each image: what went in, from which commit, and the tarball's hash."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from provisioner.image.finish import InstalledPackage, Packed

GitRunner = Callable[[Sequence[str], Path], str | None]
ROLE_PATHS = ("roles/linux_client", "playbooks/linux_clients.yml")


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PackageEntry(_Frozen):
    """An installed package."""

    name: str
    version: str
    arch: str


class RoleSource(_Frozen):
    """The commit the role came from; dirty when the role or its playbook has uncommitted changes."""

    commit: str | None
    dirty: bool | None
    repo_dirty: bool | None


class TarballInfo(_Frozen):
    """The tarball: file name (beside the manifest), size in bytes, sha256."""

    file: str
    size: int
    sha256: str


class Manifest(_Frozen):
    """What `provisioner image build` wrote."""

    format: int = 1
    profile: str
    distribution: str
    release: str
    arch: str
    mirror: str
    profile_packages: list[str]
    packages: list[PackageEntry]
    role: RoleSource
    registry_digest: str
    tarball: TarballInfo
    built_at: str
    duration_seconds: float


def manifest_path(*, tarball: Path) -> Path:
    """`x.tar.zst` -> `x.manifest.json`, beside it."""
    name = tarball.name
    stem = name[: -len(".tar.zst")] if name.endswith(".tar.zst") else name
    return tarball.with_name(stem + ".manifest.json")


def package_entries(*, packages: Sequence[InstalledPackage]) -> list[PackageEntry]:
    """Manifest rows for the installed packages."""
    return [PackageEntry(name=p.name, version=p.version, arch=p.arch) for p in packages]


def tarball_info(*, packed: Packed) -> TarballInfo:
    """Manifest block for the tarball."""
    return TarballInfo(file=packed.path.name, size=packed.size, sha256=packed.sha256)


def _git(args: Sequence[str], cwd: Path) -> str | None:
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return proc.stdout if proc.returncode == 0 else None


def role_source(*, project: Path, git: GitRunner = _git) -> RoleSource:
    """HEAD of the checkout, and whether the role (or anything) differs from it. None when not a git checkout."""
    head = git(["rev-parse", "HEAD"], project)
    if head is None:
        return RoleSource(commit=None, dirty=None, repo_dirty=None)
    role = git(["status", "--porcelain", "--", *ROLE_PATHS], project)
    repo = git(["status", "--porcelain"], project)
    return RoleSource(
        commit=head.strip(), dirty=None if role is None else bool(role.strip()), repo_dirty=None if repo is None else bool(repo.strip())
    )


def write_manifest(*, manifest: Manifest, path: Path) -> None:
    """Write the manifest as indented JSON, atomically."""
    tmp = path.with_name(path.name + ".partial")
    tmp.write_text(manifest.model_dump_json(indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)
