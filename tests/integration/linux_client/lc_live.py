"""A systemd + sshd podman container made from the cached debootstrap base, reachable on loopback."""

from __future__ import annotations

import hashlib
import socket
import subprocess
import time
from pathlib import Path

IMAGE = "localhost/provisioner-linux-client-live"
CONTAINERS_CONF = Path("/etc/containers/containers.conf")
CONTAINERS_CONF_TEXT = '[containers]\ndefault_ulimits = ["nofile=1024:1024","nproc=1000:1000"]\n\n[engine]\nruntime = "runc"\n'


def sh(*cmd: str, check: bool = True, input_text: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(cmd), capture_output=True, text=True, check=check, input=input_text, timeout=900)


def ensure_containers_conf() -> None:
    """runc and sane ulimits for podman (what CI writes); only written if missing."""
    if not CONTAINERS_CONF.exists():
        CONTAINERS_CONF.parent.mkdir(parents=True, exist_ok=True)
        CONTAINERS_CONF.write_text(CONTAINERS_CONF_TEXT, encoding="utf-8")


def image_tag(base: Path, pubkey: str, address: str, port: int) -> str:
    key = hashlib.sha256(f"{base}|{pubkey}|{address}|{port}".encode()).hexdigest()[:12]
    return f"{IMAGE}:{key}"


def build_image(*, base: Path, work: Path, pubkey: str, address: str, port: int) -> str:
    """Import the base plus an `ansible` sudo user with `pubkey` and sshd on address:port (cached by tag)."""
    tag = image_tag(base, pubkey, address, port)
    if sh("podman", "image", "exists", tag, check=False).returncode == 0:
        return tag
    stale = sh("podman", "images", "--format", "{{.Repository}}:{{.Tag}}", IMAGE, check=False).stdout.split()
    for old in stale:  # images of an older base or key
        sh("podman", "rmi", "-f", old, check=False)
    root = work / "live-root"
    sh("cp", "-a", str(base), str(root))
    sh("chroot", str(root), "useradd", "--create-home", "--shell", "/bin/bash", "ansible")
    ssh_dir = root / "home/ansible/.ssh"
    ssh_dir.mkdir(mode=0o700)
    (ssh_dir / "authorized_keys").write_text(pubkey + "\n", encoding="utf-8")
    sh("chroot", str(root), "chown", "-R", "ansible:ansible", "/home/ansible/.ssh")
    (root / "etc/sudoers.d/ansible").write_text("ansible ALL=(ALL) NOPASSWD: ALL\n", encoding="utf-8")
    (root / "etc/sudoers.d/ansible").chmod(0o440)
    (root / "etc/ssh/sshd_config.d/00-live-test.conf").write_text(f"Port {port}\nListenAddress {address}\n", encoding="utf-8")
    # The test profile's apt cache does not exist here (as in image builds): install direct.
    (root / "etc/apt/apt.conf.d/99provisioner-build").write_text('Acquire::http::Proxy "DIRECT";\n', encoding="utf-8")
    tar = subprocess.Popen(["tar", "--numeric-owner", "-C", str(root), "-cf", "-", "."], stdout=subprocess.PIPE)
    subprocess.run(["podman", "import", "-", tag], stdin=tar.stdout, check=True, capture_output=True, timeout=900)
    tar.wait()
    sh("rm", "-rf", "--one-file-system", str(root))
    return tag


def start(*, tag: str, name: str) -> None:
    """systemd as PID 1; host network so sshd listens on the loopback address; SYS_ADMIN for hostnamectl."""
    sh("podman", "rm", "-f", name, check=False)
    sh(
        "podman",
        "run",
        "-d",
        "--name",
        name,
        "--network",
        "host",
        "--systemd=always",
        "--cap-add",
        "SYS_ADMIN",
        "--hostname",
        "live-client",
        tag,
        "/sbin/init",
    )


def wait_for_ssh(address: str, port: int, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((address, port), timeout=2) as conn:
                if conn.recv(4).startswith(b"SSH"):
                    return
        except OSError:
            time.sleep(1)
    raise TimeoutError(f"sshd on {address}:{port} did not answer in {timeout}s")


def stop(name: str) -> None:
    sh("podman", "rm", "-f", "-t", "2", name, check=False)
