"""The git archive: normalisation, one commit per change, history and diff, concurrent writers."""

from __future__ import annotations

import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from provisioner.netconfig.archive import Archive, ArchiveError, file_name, normalized
from provisioner.netconfig.backup import archive_push

HEADER = "Building configuration...\n\nCurrent configuration : 120 bytes\n"


def _commits(root: Path) -> list[str]:
    out = subprocess.run(["git", "log", "--format=%s"], cwd=root, capture_output=True, text=True, check=True).stdout
    return out.splitlines()


def test_normalized_drops_the_volatile_header_only() -> None:
    text = HEADER + "!\n! Last configuration change at 10:00:01 UTC Mon\nhostname sw1\n interface Gi1/0/1\n"
    assert normalized(text) == "!\nhostname sw1\n interface Gi1/0/1\n"


def test_write_commit_history_and_diff(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "repo")
    with archive.locked():
        assert archive.write("sw1", HEADER + "hostname sw1\n")
        assert archive.commit(message="first", devices=["sw1"])
        assert not archive.write("sw1", "Building configuration...\n\nCurrent configuration : 999 bytes\nhostname sw1\n")
        assert archive.commit(message="same", devices=["sw1"]) is None
        assert archive.write("sw1", "hostname sw1\ninterface Gi1/0/1\n description hand\n")
        second = archive.commit(message="second", devices=["sw1"])
    assert second is not None
    assert [r.subject for r in archive.history("sw1")] == ["second", "first"]
    diff = archive.diff("sw1")
    assert "+ description hand" in diff
    assert "-hostname" not in diff
    assert (tmp_path / "repo" / "sw1.cfg").stat().st_mode & 0o777 == 0o600


def test_history_without_a_repository_names_the_fix(tmp_path: Path) -> None:
    with pytest.raises(ArchiveError, match="provisioner backup"):
        Archive(tmp_path / "none").history("sw1")


def test_file_names_cannot_escape_the_repository() -> None:
    assert file_name("../etc/passwd") == "_etc_passwd.cfg"
    assert file_name("sw-1.site") == "sw-1.site.cfg"


def test_parallel_pushes_each_commit_before_and_after(tmp_path: Path) -> None:
    def push(n: int) -> list[str | None]:
        device = f"sw{n}"
        return [
            archive_push(root=tmp_path, device=device, masked_text=f"hostname {device}\n", stage="before"),
            archive_push(root=tmp_path, device=device, masked_text=f"hostname {device}\nvlan 10\n", stage="after"),
        ]

    with ThreadPoolExecutor(8) as pool:
        notes = [n for pair in pool.map(push, range(8)) for n in pair]
    assert notes == [None] * 16
    commits = _commits(tmp_path / "archive")
    assert len(commits) == 16
    assert sorted(c for c in commits if c.startswith("sw3")) == ["sw3: after push", "sw3: before push"]
