"""`provisioner --version` prints the installed package's version, and the root help still lists the commands."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import version
from pathlib import Path

from typer.testing import CliRunner

from provisioner.cli import app

ROOT = Path(__file__).resolve().parents[3]


def test_version_is_the_package_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"provisioner {version('provisioner')}"
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", declared)
    assert version("provisioner") == declared


def test_no_arguments_still_shows_the_commands() -> None:
    result = CliRunner().invoke(app, [])
    assert "rollout" in result.output
    assert "validate" in result.output
