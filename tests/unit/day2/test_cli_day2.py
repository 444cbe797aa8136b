"""The day-2 commands through the real CLI entry point: errors and exit codes, history, diff, report."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from provisioner.netconfig.archive import Archive

ROOT = Path(__file__).resolve().parents[3]


def cli(*args: str, state: Path, **env: str) -> subprocess.CompletedProcess[str]:
    unset = ("PROVISIONER_LAB", "PROVISIONER_ARCHIVE", "PROVISIONER_DB", "PROVISIONER_NET_PASSWORD")
    full = {k: v for k, v in os.environ.items() if k not in unset}
    full.update({"PYTHONPATH": str(ROOT / "src"), "COLUMNS": "200", "PROVISIONER_STATE_DIR": str(state), **env})
    code = "from provisioner.cli import main; main()"
    return subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=full, capture_output=True, text=True, timeout=120, check=False)


def test_history_and_diff_read_the_archive(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "state" / "archive")
    with archive.locked():
        archive.write("sw1", "hostname sw1\n")
        archive.commit(message="backup one", devices=["sw1"])
        archive.write("sw1", "hostname sw1\nntp server 10.0.0.1\n")
        archive.commit(message="backup two", devices=["sw1"])
    history = cli("backup", "history", "sw1", state=tmp_path / "state")
    assert history.returncode == 0, history.stderr
    assert [line.split("  ")[-1] for line in history.stdout.splitlines()] == ["backup two", "backup one"]
    diff = cli("backup", "diff", "sw1", state=tmp_path / "state")
    assert "+ntp server 10.0.0.1" in diff.stdout
    missing = cli("backup", "history", "nope", state=tmp_path / "state")
    assert missing.returncode == 2
    assert "not in the archive" in missing.stderr


def test_drift_without_secrets_is_an_error_exit_1_naming_the_variable(tmp_path: Path) -> None:
    run = cli("drift", "-i", "inventories/demo/site_registry.yml", state=tmp_path / "state")
    assert run.returncode == 1
    assert "PROVISIONER_NET_PASSWORD" in run.stderr
    assert "Traceback" not in run.stderr


def test_backup_of_an_unknown_site_is_refused(tmp_path: Path) -> None:
    run = cli("backup", "--site", "nowhere", state=tmp_path / "state", PROVISIONER_NET_PASSWORD="x-secret-1",
              PROVISIONER_SNMP_AUTH="a-secret-1", PROVISIONER_SNMP_PRIV="p-secret-1", PROVISIONER_PSK_KITA="k-secret-1")
    assert run.returncode == 2
    assert "nowhere" in run.stderr


def test_report_of_a_city_with_no_records_yet(tmp_path: Path) -> None:
    run = cli("report", "--out", str(tmp_path / "site"), state=tmp_path / "state")
    assert run.returncode == 0, run.stderr
    index = (tmp_path / "site" / "index.html").read_text()
    assert index.count('data-site="') == 7
    assert "open " + str(tmp_path / "site" / "index.html") in run.stdout
