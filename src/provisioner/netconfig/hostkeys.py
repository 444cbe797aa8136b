"""SSH host keys of network devices, kept in an OpenSSH known_hosts file beside the registry.

A device's key is recorded on first use by `provisioner hostkeys scan` (which prints its
fingerprint for the administrator to compare), and every later connection is checked against it:
an unknown or changed key refuses that device, so that nobody who answers for a switch's address
on a school network receives the administrators' password.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from provisioner.errors import ProvisionerError


class HostKeyError(ProvisionerError):
    """A device's SSH host key is unknown or differs from the recorded one."""


@dataclass(frozen=True)
class HostKey:
    """One public host key: its type (`ssh-ed25519`) and base64 blob."""

    kind: str
    blob: str

    @property
    def fingerprint(self) -> str:
        """As `ssh-keygen -l` prints it: SHA256:<unpadded base64 of the SHA-256 of the key blob>."""
        digest = hashlib.sha256(base64.b64decode(self.blob)).digest()
        return "SHA256:" + base64.b64encode(digest).decode().rstrip("=")


def host_pattern(host: str, port: int) -> str:
    """The known_hosts name of an endpoint: `host` on port 22, else `[host]:port`."""
    return host if port == 22 else f"[{host}]:{port}"


def read_known_hosts(path: Path) -> dict[str, list[HostKey]]:
    """host pattern -> keys; a missing file is empty; hashed entries (`|1|...`) are skipped."""
    try:
        text = path.read_text()
    except FileNotFoundError:
        return {}
    found: dict[str, list[HostKey]] = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) < 3 or line.lstrip().startswith(("#", "|")):
            continue
        for name in parts[0].split(","):
            found.setdefault(name, []).append(HostKey(parts[1], parts[2]))
    return found


def check(*, path: Path, host: str, port: int, key: HostKey) -> str:
    """'known' or 'new'; HostKeyError when the recorded key of this endpoint differs."""
    recorded = read_known_hosts(path).get(host_pattern(host, port), [])
    if key in recorded:
        return "known"
    same_kind = [k for k in recorded if k.kind == key.kind]
    if same_kind:
        raise HostKeyError(
            f"{host_pattern(host, port)}: HOST-KEY CHANGED: {path} has {same_kind[0].fingerprint}, the device offers "
            f"{key.fingerprint}; nothing was sent (if the device was really replaced, remove its line from {path} "
            "and run `provisioner hostkeys scan` again)"
        )
    return "new"


def record(*, path: Path, host: str, port: int, key: HostKey) -> None:
    """Append an endpoint's key to the known_hosts file (created 0644 with its folder)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    with os.fdopen(descriptor, "a") as handle:
        handle.write(f"{host_pattern(host, port)} {key.kind} {key.blob}\n")


def fetch(*, host: str, port: int, timeout: float = 10.0) -> HostKey:
    """The key a device offers (an SSH key exchange, no login); HostKeyError when it cannot be read."""
    import paramiko  # netmiko's SSH library: imported only when a device is contacted

    try:
        with paramiko.Transport((host, port)) as transport:
            transport.banner_timeout = timeout
            transport.start_client(timeout=timeout)
            key = transport.get_remote_server_key()
            return HostKey(key.get_name(), key.get_base64())
    except (OSError, paramiko.SSHException, EOFError) as exc:
        raise HostKeyError(f"{host_pattern(host, port)}: could not read the host key: {type(exc).__name__}: {exc}") from exc
