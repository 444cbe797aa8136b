"""Issue 15: `ansible-builder create` on execution-environment.yml succeeds with the collection tarball and the
package wheel `make ee` puts in dist/. Building the image itself needs the base image's registry (docs/awx.md)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, VENV_BIN

pytestmark = pytest.mark.integration


def _ok(*args: str | Path, cwd: Path) -> str:
    proc = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, check=False, timeout=600)
    assert proc.returncode == 0, f"{args}: {proc.stdout[-2000:]}{proc.stderr[-2000:]}"
    return proc.stdout


def _versions() -> tuple[str, str]:
    galaxy = yaml.safe_load((ROOT / "galaxy.yml").read_text())["version"]
    package = next(line.split('"')[1] for line in (ROOT / "pyproject.toml").read_text().splitlines() if line.startswith("version ="))
    return galaxy, package


def _dist(tmp_path: Path) -> Path:
    """What `make ee` builds into dist/: the collection tarball and the package wheel."""
    dist = tmp_path / "dist"
    _ok(VENV_BIN / "ansible-galaxy", "collection", "build", "--output-path", dist, ROOT, cwd=tmp_path)
    package = tmp_path / "package"
    package.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, package)
    shutil.copytree(ROOT / "src", package / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    wheelhouse = os.environ.get("PROVISIONER_TEST_WHEELHOUSE")
    offline = ["--no-index", "--find-links", wheelhouse] if wheelhouse else []
    _ok(VENV_BIN / "pip", "wheel", "--no-deps", "-q", *offline, "-w", dist, package, cwd=tmp_path)
    return dist


def test_ansible_builder_create(tmp_path: Path) -> None:
    if not (VENV_BIN / "ansible-builder").exists():
        pytest.fail("ansible-builder is missing from the venv (fix: make venv; it is in the dev extra)")
    _dist(tmp_path)
    shutil.copy(ROOT / "execution-environment.yml", tmp_path)
    create = ("create", "-f", "execution-environment.yml", "-c", "context", "--output-filename", "Containerfile")
    _ok(VENV_BIN / "ansible-builder", *create, cwd=tmp_path)
    containerfile = (tmp_path / "context/Containerfile").read_text()
    galaxy, package = _versions()
    wheel = f"provisioner-{package}-py3-none-any.whl"
    assert f"pip install --no-cache-dir /tmp/{wheel}" in containerfile
    assert 'ANSIBLE_INSTALL_REFS="ansible-core>=2.19,<2.20 ansible-runner>=2.4,<3"' in containerfile
    requirements = yaml.safe_load((tmp_path / "context/_build/requirements.yml").read_text())
    assert requirements["collections"] == [{"name": f"./dist/schulit-provisioner-{galaxy}.tar.gz", "type": "file"}]
    with tarfile.open(tmp_path / "context/_build/dist" / f"schulit-provisioner-{galaxy}.tar.gz") as tar:
        assert "plugins/callback/records.py" in tar.getnames()
    assert (tmp_path / "context/_build/dist" / wheel).stat().st_size > 10_000
