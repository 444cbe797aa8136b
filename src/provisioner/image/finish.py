"""After the role: what is installed, clean-up for a golden image, and the tar.zst."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import IO, cast

import zstandard

from provisioner.image.errors import ImageError
from provisioner.image.proc import run

_DPKG_FORMAT = r"${db:Status-Abbrev}\t${Package}\t${Version}\t${Architecture}\n"


@dataclass(frozen=True)
class InstalledPackage:
    """One installed package, as dpkg-query reports it."""

    name: str
    version: str
    arch: str


@dataclass(frozen=True)
class Packed:
    """The tarball written: size and sha256."""

    path: Path
    size: int
    sha256: str


def installed_packages(*, root: Path) -> list[InstalledPackage]:
    """Every installed package in the chroot (dpkg-query -W)."""
    out = run(["chroot", str(root), "dpkg-query", "-W", f"-f={_DPKG_FORMAT}"])
    return parse_dpkg_query(text=out)


def parse_dpkg_query(*, text: str) -> list[InstalledPackage]:
    """Rows whose status is `ii` (installed), sorted by name."""
    rows = [line.split("\t") for line in text.splitlines() if line.strip()]
    return sorted((InstalledPackage(r[1], r[2], r[3]) for r in rows if len(r) == 4 and r[0].strip() == "ii"), key=lambda p: p.name)


def clean_root(*, root: Path) -> None:
    """Strip what must not be in a golden image: apt caches, machine id, SSH host keys, build leftovers."""
    run(["chroot", str(root), "apt-get", "clean"])
    for pattern in (
        "var/lib/apt/lists/*_*",
        "etc/ssh/ssh_host_*",
        "tmp/*",
        "var/tmp/*",
        "root/.ansible",
        "root/.cache",
        "var/cache/debconf/*-old",
        "var/lib/dpkg/*-old",
        "usr/sbin/policy-rc.d",
    ):
        for path in root.glob(pattern):
            shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
    (root / "etc/machine-id").write_text("", encoding="utf-8")
    dbus_id = root / "var/lib/dbus/machine-id"
    if dbus_id.exists() and not dbus_id.is_symlink():
        dbus_id.unlink()
    # debootstrap copied the build host's name and resolvers; the client gets its own.
    (root / "etc/hostname").unlink(missing_ok=True)
    (root / "etc/resolv.conf").write_text("", encoding="utf-8")


class _HashingWriter:
    """Writes through to a file and hashes what it writes."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out, self.digest, self.size = out, hashlib.sha256(), 0

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        self.size += len(data)
        return self.out.write(data)


def pack(*, root: Path, out: Path, level: int = 6) -> Packed:
    """tar (numeric owners, xattrs, ACLs, one file system) | zstd into `out`, atomically."""
    tmp = out.with_name(out.name + ".partial")
    cmd = [
        "tar",
        "--numeric-owner",
        "--xattrs",
        "--xattrs-include=*",
        "--acls",
        "--one-file-system",
        "--sort=name",
        "-C",
        str(root),
        "-cf",
        "-",
        ".",
    ]
    with tmp.open("wb") as handle:
        writer = _HashingWriter(handle)
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert proc.stdout is not None  # noqa: S101 - Popen with PIPE
        zstandard.ZstdCompressor(level=level, threads=-1).copy_stream(proc.stdout, cast(IO[bytes], writer))
        _, err = proc.communicate()
    if proc.returncode != 0:
        tmp.unlink(missing_ok=True)
        raise ImageError([f"tar failed (exit {proc.returncode}): {err.decode(errors='replace')[-2000:]}"])
    tmp.replace(out)
    return Packed(path=out, size=writer.size, sha256=writer.digest.hexdigest())
