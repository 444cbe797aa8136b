"""`provisioner image build` for real on the tiny test profile, and refusal before debootstrap."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from lc_helpers import CACHE, FIXTURE_REGISTRY, ROOT, need, run

pytestmark = pytest.mark.integration
CLI = [str(ROOT / ".venv/bin/python"), "-m", "provisioner.cli.image"]


def _recorded(db: Path) -> list[dict[str, object]]:
    """The runs `provisioner history --format json` lists from this database."""
    listing = subprocess.run(
        [str(ROOT / ".venv/bin/provisioner"), "history", "--format", "json", "--db", str(db)], capture_output=True, text=True, check=True
    )
    runs: list[dict[str, object]] = json.loads(listing.stdout)
    return runs


@pytest.mark.slow
def test_build_tiny_profile_then_unpack_and_dpkg(base_root: Path, tmp_path: Path) -> None:
    need("debootstrap", "chroot", "tar", "zstd")
    out = tmp_path / "linux-tiny.tar.zst"
    started = time.monotonic()
    result = run(
        [*CLI, "build", "linux-tiny", "--registry", str(FIXTURE_REGISTRY), "--out", str(out)],
        timeout=2400,
        PROVISIONER_TEST_ADMIN_PASSWORD="img-admin",
        PROVISIONER_TEST_PUPIL_PASSWORD="img-pupil",
        PROVISIONER_DB=str(tmp_path / "rollouts.db"),
    )
    assert result.rc == 0, result.out[-8000:]
    [run_record] = _recorded(tmp_path / "rollouts.db")
    assert run_record["status"] == "successful"
    assert "img-admin" not in (tmp_path / "rollouts.db").read_bytes().decode("latin-1")
    print(f"image build took {time.monotonic() - started:.0f}s")
    manifest = json.loads((tmp_path / "linux-tiny.manifest.json").read_text())
    assert manifest["profile"] == "linux-tiny"
    assert manifest["tarball"]["size"] == out.stat().st_size
    assert {"nano", "less", "cups"} <= {p["name"] for p in manifest["packages"]}
    assert "commit" in manifest["role"]

    root = tmp_path / "unpacked"
    root.mkdir()
    subprocess.run(f"zstd -dc {out} | tar --numeric-owner -xpf - -C {root}", shell=True, check=True)  # noqa: S602 - fixed paths
    dpkg = subprocess.run(["chroot", str(root), "dpkg", "-l"], capture_output=True, text=True, check=True).stdout
    installed = {line.split()[1] for line in dpkg.splitlines() if line.startswith("ii ")}
    assert {"nano", "less"} <= installed
    assert not list((root / "etc/ssh").glob("ssh_host_*")), "SSH host keys must be made at first boot"
    assert (root / "etc/machine-id").read_text() == ""
    assert not list((root / "var/cache/apt/archives").glob("*.deb"))
    assert not (root / "usr/sbin/policy-rc.d").exists()
    assert not (root / "etc/apt/apt.conf.d/99provisioner-build").exists()
    assert (root / "etc/systemd/system/multi-user.target.wants/provisioner-ssh-hostkeys.service").is_symlink()
    assert "Willkommen im Testraum" in (root / "etc/lightdm/lightdm-gtk-greeter.conf").read_text()
    subprocess.run(["rm", "-rf", "--one-file-system", str(root)], check=True)


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        ("linux-badpkg", "'no-such-package-xyz' is not in debian bookworm"),
        ("windows-test", "is a windows profile"),
        ("no-such-profile", "no profile 'no-such-profile' (Linux profiles: linux-badpkg, linux-tiny)"),
    ],
)
def test_invalid_profile_is_refused_before_debootstrap(tmp_path: Path, profile: str, expected: str) -> None:
    need("debootstrap", "chroot", "tar", "mount")
    state = tmp_path / "state"
    if (CACHE / "apt-index").is_dir():  # the package index is not what this test is about: reuse it
        shutil.copytree(CACHE / "apt-index", state / "cache/apt-index")
    result = run(
        [*CLI, "build", profile, "--registry", str(FIXTURE_REGISTRY), "--out", str(tmp_path / "x.tar.zst")],
        timeout=300,
        PROVISIONER_STATE_DIR=str(state),
    )
    assert result.rc == 2, result.out
    assert expected in result.out
    assert [r["status"] for r in _recorded(state / "rollouts.db")] == ["refused"]
    assert not (state / "cache/rootfs").exists(), "debootstrap must not start for an invalid profile"
    assert not (state / "cache/image-work").exists()
    assert not (tmp_path / "x.tar.zst").exists()
