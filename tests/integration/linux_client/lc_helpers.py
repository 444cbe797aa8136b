"""Helpers for the linux_client integration tests: tools, environment, running commands.

The debootstrapped base is built once into <repo>/.provisioner/cache/rootfs (shared with molecule's
create.yml and `provisioner image build`) and copied per test with cp -a.
Missing tools skip with the reason; with PROVISIONER_STRICT_INTEGRATION=1 (CI) they fail instead.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
VENV_BIN = ROOT / ".venv" / "bin"
FIXTURE_REGISTRY = ROOT / "tests" / "fixtures" / "images" / "registry"
CACHE = ROOT / ".provisioner" / "cache"
_RECAP = re.compile(r"^(\S+)\s*: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", re.M)


def need(*tools: str, root: bool = True) -> None:
    """Skip (or, with PROVISIONER_STRICT_INTEGRATION=1, fail) unless we are root and the tools exist."""
    missing = [t for t in tools if shutil.which(t) is None]
    reasons = [f"'{t}' is not installed (apt-get install {t})" for t in missing]
    if root and os.geteuid() != 0:
        reasons.append("needs root (debootstrap, chroot, mounts)")
    if reasons:
        message = "; ".join(reasons)
        if os.environ.get("PROVISIONER_STRICT_INTEGRATION") == "1":
            pytest.fail(message)
        pytest.skip(message)


def env(**extra: str) -> dict[str, str]:
    """The environment for ansible-playbook, molecule and the CLI from the venv."""
    return {
        **os.environ,
        "PATH": f"{VENV_BIN}:{os.environ['PATH']}",
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_FORCE_COLOR": "0",
        "PY_COLORS": "0",
        "NO_COLOR": "1",
        **extra,
    }


@dataclass
class Run:
    """A finished command: exit code, output, and the PLAY RECAP per host."""

    rc: int
    out: str

    @property
    def recap(self) -> dict[str, dict[str, int]]:
        return {
            m[0]: {"ok": int(m[1]), "changed": int(m[2]), "unreachable": int(m[3]), "failed": int(m[4])} for m in _RECAP.findall(self.out)
        }


def run(cmd: list[str], *, cwd: Path = ROOT, timeout: int = 1800, **extra: str) -> Run:
    proc = subprocess.run(cmd, cwd=cwd, env=env(**extra), capture_output=True, text=True, check=False, timeout=timeout)
    return Run(proc.returncode, proc.stdout + proc.stderr)


def cached_base() -> Path:
    """The cached debootstrap base (built on first use, about a minute)."""
    need("debootstrap", "chroot")
    from provisioner.image.apt_index import host_arch
    from provisioner.image.mirror import debian_mirror
    from provisioner.image.rootfs import BaseSpec, ensure_base

    CACHE.mkdir(parents=True, exist_ok=True)
    spec = BaseSpec(release="bookworm", mirror=debian_mirror(), arch=host_arch())
    return ensure_base(spec=spec, cache_dir=CACHE, log=CACHE / f"debootstrap-{spec.key()}.log")
