"""The CLI: identifiers before paths, output paths before runs, one-line errors and never a traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from provisioner.paths import output_path_problem
from tests.conftest import FIXTURES, ROOT

DEVICES = FIXTURES / "devices" / "good.csv"


def cli(*args: str, cwd: Path = ROOT, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    code = "from provisioner.cli import main; main()"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "200"}
    env.pop("PROVISIONER_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=timeout, check=False
    )


def _tree(path: Path) -> dict[str, bytes]:
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


@pytest.fixture
def sandbox(tmp_path: Path, base_registry: Path) -> Path:
    """tmp_path/a/b/registry: so ../../x from sites/ would land inside tmp_path, where we can see it."""
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    shutil.move(str(base_registry), deep / "registry")
    return tmp_path


@pytest.mark.parametrize("site", ["../../x", "../../../../tmp/evil", "x/y", "X", ".."])
def test_import_devices_refuses_a_site_that_is_not_an_id(sandbox: Path, site: str) -> None:
    before = _tree(sandbox)
    run = cli("registry", "import-devices", str(DEVICES), "--site", site, "--registry", str(sandbox / "a/b/registry"), "--map", "x=y")
    assert run.returncode == 2, run.stdout + run.stderr
    assert "is not an id" in run.stderr
    assert "Traceback" not in run.stderr
    assert _tree(sandbox) == before


@pytest.mark.parametrize("site", ["../../x", "../sites/x"])
def test_allocate_refuses_a_site_that_is_not_an_id(sandbox: Path, site: str) -> None:
    before = _tree(sandbox)
    run = cli("registry", "allocate", site, "--registry", str(sandbox / "a/b/registry"))
    assert run.returncode == 2
    assert "is not an id" in run.stderr
    assert _tree(sandbox) == before


def test_allocate_refuses_to_write_through_a_symlinked_site_file(tmp_path: Path, base_registry: Path) -> None:
    outside = tmp_path / "outside.yml"
    outside.write_text("id: kita-x\ntype: kita\n")
    (base_registry / "sites" / "kita-x.yml").symlink_to(outside)
    run = cli("registry", "allocate", "kita-x", "--registry", str(base_registry))
    assert run.returncode == 2
    assert "outside the registry" in run.stderr
    assert outside.read_text() == "id: kita-x\ntype: kita\n"


def test_validate_of_a_registry_with_a_fifo_ends_quickly_with_an_error(base_registry: Path) -> None:
    os.mkfifo(base_registry / "sites" / "x.yml")
    run = cli("validate", str(base_registry), timeout=30)
    assert run.returncode == 1
    assert "sites/x.yml" in run.stderr
    assert "FIFO" in run.stderr


def test_extra_vars_from_a_missing_file_is_one_line(tmp_path: Path) -> None:
    run = cli("rollout", "playbooks/switch.yml", "-e", f"@{tmp_path}/missing.yml", "--db", str(tmp_path / "r.db"))
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, run.stderr
    assert "missing.yml" in lines[0]


@pytest.mark.parametrize("option", ["--json", "--junit"])
def test_an_unwritable_output_path_is_refused_before_the_run(tmp_path: Path, option: str) -> None:
    run = cli("rollout", "playbooks/switch.yml", option, str(tmp_path / "no" / "such" / "dir" / "out.json"), "--db", str(tmp_path / "r.db"))
    assert run.returncode == 2
    assert "is not a directory" in run.stderr
    assert not (tmp_path / "r.db").exists()  # no run was started or recorded


def test_generate_refuses_an_out_dir_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    run = cli("registry", "generate", "--sites", "1", "--out", str(tmp_path / "file"))
    assert run.returncode == 2
    assert "not a directory" in run.stderr


def test_output_path_problems(tmp_path: Path) -> None:
    (tmp_path / "dir").mkdir()
    os.mkfifo(tmp_path / "fifo")
    assert output_path_problem(tmp_path / "new.json") is None
    assert output_path_problem(tmp_path / "dir") == "is a directory"
    assert "not a regular file" in str(output_path_problem(tmp_path / "fifo"))
    assert output_path_problem(tmp_path / "a" / "b", directory=True) is None
    assert output_path_problem(tmp_path / "fifo", directory=True) == "exists and is not a directory"


def test_an_unexpected_error_is_one_line_without_traceback(tmp_path: Path) -> None:
    (tmp_path / "x_site_registry.yml").write_text("plugin: schulit.provisioner.site_registry\nregistry: .\n")
    run = cli("inventory", str(tmp_path / "x_site_registry.yml"))
    assert run.returncode != 0
    assert "Traceback" not in run.stderr
    assert run.stderr.strip()


def test_allow_removals_is_recorded_with_the_run(tmp_path: Path) -> None:
    db = str(tmp_path / "r.db")
    cli("rollout", "playbooks/does-not-exist.yml", "--allow-removals", "--db", db)
    shown = cli("show", "1", "--db", db, "--format", "json")
    assert '"provisioner_allow_removals": true' in shown.stdout


@pytest.mark.parametrize("args", [["lab", "show", "../../etc/x"], ["lab", "fault", "a/b", "--clear"], ["lab", "up", "--site", "../x"]])
def test_lab_commands_check_names_before_paths(tmp_path: Path, args: list[str]) -> None:
    run = cli(*args)
    assert run.returncode == 2
    assert "is not a host name" in run.stderr or "is not an id" in run.stderr
