"""Reading registry files safely: only regular files inside the registry, of a bounded size.

A symlink to /dev/zero, a FIFO named x.yml, a directory named x.yml or a 50 MB site file must
end in a clear error, not a hang, a memory blow-up or a traceback. The file is opened without
blocking, checked on its descriptor (fstat: type and size, before a byte is read) and read to
at most the limit. Symlinks are followed only when they resolve inside the registry.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from provisioner.errors import ProvisionerError

MAX_FILE_BYTES = 4 * 1024 * 1024
"""Far above a real site file (a 300-client school is about 60 KB); env PROVISIONER_REGISTRY_MAX_BYTES overrides."""


class RegistryFileError(ProvisionerError):
    """A registry file cannot be read safely; the message says why and the fix."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(f"{message} (fix: {fix})")
        self.message = message
        self.fix = fix


def max_bytes() -> int:
    value = os.environ.get("PROVISIONER_REGISTRY_MAX_BYTES", "")
    return int(value) if value.isdigit() else MAX_FILE_BYTES


def check_inside(root: Path, path: Path) -> Path:
    """The resolved path, or RegistryFileError if it is dangling or resolves outside `root`."""
    try:
        real = path.resolve(strict=True)
    except FileNotFoundError:
        raise RegistryFileError("is a dangling symlink or does not exist", "remove it or point it at a file inside the registry") from None
    except (OSError, RuntimeError) as exc:
        raise RegistryFileError(f"cannot be resolved ({exc})", "replace the symlink with the file itself") from None
    base = root.resolve()
    if real != base and base not in real.parents:
        raise RegistryFileError(f"resolves to {real}, outside the registry {base}", "keep registry files inside the registry directory")
    return real


def read_registry_file(root: Path, path: Path) -> bytes:
    """The bytes of a regular file inside `root` of at most max_bytes(), or RegistryFileError."""
    return read_bounded(check_inside(root, path))


def read_bounded(path: Path) -> bytes:
    """The bytes of a regular file of at most max_bytes(): opened without blocking, checked on its descriptor."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise RegistryFileError(f"cannot be opened: {exc.strerror}", "check the path and that it is a readable file") from None
    try:
        return _read_regular(fd)
    finally:
        os.close(fd)


def read_user_file(path: Path, *, what: str, errors: str = "strict") -> str:
    """A file named on the command line (-e @file, --limit @file, a CSV) as UTF-8 text (a BOM is dropped); one-line ProvisionerError."""
    try:
        return read_bounded(path).decode("utf-8-sig", errors=errors)
    except RegistryFileError as exc:
        raise ProvisionerError(f"{what} {path}: {exc}") from None
    except UnicodeDecodeError as exc:
        raise ProvisionerError(f"{what} {path}: not UTF-8 text at byte {exc.start} (fix: save the file as UTF-8)") from None


def _read_regular(fd: int) -> bytes:
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        raise RegistryFileError(f"is not a regular file but {_kind(info.st_mode)}", "registry files must be plain YAML files")
    limit = max_bytes()
    if info.st_size > limit:
        raise RegistryFileError(f"is {info.st_size} bytes, the limit is {limit}", "split the site or check what wrote this file")
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = os.read(fd, limit + 1 - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    data = b"".join(chunks)
    if len(data) > limit:
        raise RegistryFileError(f"grew past the limit of {limit} bytes while read", "check what writes this file")
    return data


def _kind(mode: int) -> str:
    kinds = (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    )
    return next((name for test, name in kinds if test(mode)), "a socket or other special file")


def writable_registry_file(root: Path, path: Path) -> Path:
    """`path` if writing it stays inside `root` and replaces a regular file (or creates one); else RegistryFileError."""
    if path.is_symlink() or path.exists():
        real = check_inside(root, path)
        if not real.is_file() or path.is_symlink():
            raise RegistryFileError("is a symlink or not a regular file; provisioner writes only plain files", "replace it by a plain file")
    elif root.resolve() not in path.parent.resolve().parents and path.parent.resolve() != root.resolve():
        raise RegistryFileError(f"is outside the registry {root}", "write inside the registry directory")
    return path
