"""The debootstrapped base (built once and cached), copies of it, and chroot mounts."""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from provisioner.image.errors import ImageError
from provisioner.image.mirror import security_mirror
from provisioner.image.proc import run

# What ansible and a live SSH login need before the role runs; the role installs the rest.
BASE_INCLUDE = ("python3", "python3-apt", "systemd-sysv", "dbus", "ca-certificates", "openssh-server", "sudo", "locales")
COMPONENTS = ("main", "contrib", "non-free-firmware")
BUILD_APT_CONF = "etc/apt/apt.conf.d/99provisioner-build"
_COMPLETE = ".provisioner-complete"


@dataclass(frozen=True)
class BaseSpec:
    """What to debootstrap."""

    release: str
    mirror: str
    arch: str
    include: tuple[str, ...] = BASE_INCLUDE

    def key(self) -> str:
        text = f"{self.release}|{self.mirror}|{self.arch}|{','.join(self.include)}|{','.join(COMPONENTS)}"
        return f"{self.release}-{self.arch}-{hashlib.sha256(text.encode()).hexdigest()[:12]}"


def require_tools(*names: str) -> None:
    """ImageError unless we are root and every tool is installed."""
    problems = [f"'{n}' is not installed (fix: apt-get install {n})" for n in names if shutil.which(n) is None]
    if os.geteuid() != 0:
        problems.append("image builds need root (debootstrap, chroot, mounts) (fix: run as root)")
    if problems:
        raise ImageError(problems)


def ensure_base(*, spec: BaseSpec, cache_dir: Path, log: Path) -> Path:
    """The cached base root for `spec`, debootstrapped first if missing (one builder at a time)."""
    target = cache_dir / "rootfs" / spec.key()
    if (target / _COMPLETE).is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with _locked(target.parent / f"{spec.key()}.lock"):
        if not (target / _COMPLETE).is_file():
            _debootstrap(spec=spec, target=target, log=log)
    return target


def _debootstrap(*, spec: BaseSpec, target: Path, log: Path) -> None:
    tmp = target.with_name(target.name + ".tmp")
    if tmp.exists():
        run(["rm", "-rf", "--one-file-system", str(tmp)])
    cmd = [
        "debootstrap",
        "--variant=minbase",
        f"--arch={spec.arch}",
        f"--components={','.join(COMPONENTS)}",
        f"--include={','.join(spec.include)}",
        spec.release,
        str(tmp),
        spec.mirror,
    ]
    run(cmd, log=log)
    write_sources(root=tmp, mirror=spec.mirror, release=spec.release)
    (tmp / _COMPLETE).write_text(spec.key() + "\n", encoding="utf-8")
    if target.exists():
        run(["rm", "-rf", "--one-file-system", str(target)])
    tmp.rename(target)


def write_sources(*, root: Path, mirror: str, release: str) -> None:
    """Release, updates and security suites, as a client should have them."""
    comps = " ".join(COMPONENTS)
    text = (
        f"deb {mirror} {release} {comps}\n"
        f"deb {mirror} {release}-updates {comps}\n"
        f"deb {security_mirror(mirror=mirror)} {release}-security {comps}\n"
    )
    (root / "etc/apt/sources.list").write_text(text, encoding="utf-8")


def copy_base(*, base: Path, dest: Path) -> None:
    """A fresh copy of the base at `dest` (cp -a keeps owners, modes, links, xattrs)."""
    if dest.exists():
        raise ImageError([f"{dest} already exists (fix: remove it or choose another work directory)"])
    dest.parent.mkdir(parents=True, exist_ok=True)
    run(["cp", "-a", "--reflink=auto", str(base), str(dest)])
    (dest / _COMPLETE).unlink(missing_ok=True)


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def mount_chroot(*, root: Path, apt_proxy: str | None = None) -> None:
    """Make `root` usable for apt and ansible: /proc, /dev/pts, DNS, and the build's apt proxy."""
    for fs, point in (("proc", "proc"), ("devpts", "dev/pts")):
        (root / point).mkdir(parents=True, exist_ok=True)
        if not os.path.ismount(root / point):
            run(["mount", "-t", fs, fs, str(root / point)])
    resolv = root / "etc/resolv.conf"
    if resolv.is_symlink():
        resolv.unlink()
    shutil.copyfile("/etc/resolv.conf", resolv)
    # Sorts after the role's 01provisioner-proxy: the profile's apt cache may not be reachable here.
    (root / BUILD_APT_CONF).write_text(f'Acquire::http::Proxy "{apt_proxy or "DIRECT"}";\n', encoding="utf-8")


def unmount_chroot(*, root: Path) -> None:
    """Undo mount_chroot (safe to call twice)."""
    for point in ("dev/pts", "proc"):
        if os.path.ismount(root / point):
            run(["umount", "--lazy", str(root / point)])
    (root / BUILD_APT_CONF).unlink(missing_ok=True)


@contextmanager
def chroot_mounted(*, root: Path, apt_proxy: str | None = None) -> Iterator[Path]:
    """mount_chroot for the duration of a with-block."""
    mount_chroot(root=root, apt_proxy=apt_proxy)
    try:
        yield root
    finally:
        unmount_chroot(root=root)


def remove_tree(path: Path) -> None:
    """Remove a work root, refusing while anything is still mounted below it."""
    if not path.exists():
        return
    unmount_chroot(root=path)
    run(["rm", "-rf", "--one-file-system", str(path)])
