"""The SQLite file: WAL mode, a schema version table and explicit transactions."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from provisioner.errors import ProvisionerError

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    status TEXT NOT NULL,
    started_at TEXT NOT NULL,
    ended_at TEXT,
    duration_s REAL,
    pid INTEGER,
    pid_start INTEGER,
    machine TEXT,
    operator_user TEXT NOT NULL,
    operator_kind TEXT NOT NULL,
    os_user TEXT,
    ci_pipeline TEXT,
    ci_url TEXT,
    trigger TEXT NOT NULL,
    git_commit TEXT,
    git_dirty INTEGER,
    registry_digest TEXT,
    registry_path TEXT,
    playbook TEXT NOT NULL,
    options TEXT NOT NULL,
    rerun_of INTEGER,
    artifacts_dir TEXT,
    exit_code INTEGER,
    message TEXT,
    errors TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX IF NOT EXISTS runs_started ON runs(started_at);
CREATE INDEX IF NOT EXISTS runs_status ON runs(status);
CREATE TABLE IF NOT EXISTS run_sites (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    site_id TEXT NOT NULL,
    PRIMARY KEY (run_id, site_id)
);
CREATE INDEX IF NOT EXISTS run_sites_site ON run_sites(site_id);
CREATE TABLE IF NOT EXISTS waves (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    name TEXT NOT NULL,
    sites TEXT NOT NULL,
    hosts TEXT NOT NULL,
    host_sites TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL,
    started_at TEXT,
    ended_at TEXT,
    rc INTEGER,
    runner_status TEXT,
    artifact_dir TEXT,
    PRIMARY KEY (run_id, idx)
);
CREATE TABLE IF NOT EXISTS host_results (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    host TEXT NOT NULL,
    site_id TEXT NOT NULL,
    wave_idx INTEGER NOT NULL,
    status TEXT NOT NULL,
    ok INTEGER NOT NULL DEFAULT 0,
    changed INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0,
    unreachable INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0,
    rescued INTEGER NOT NULL DEFAULT 0,
    ignored INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (run_id, host)
);
CREATE INDEX IF NOT EXISTS host_results_host ON host_results(host);
CREATE TABLE IF NOT EXISTS failed_tasks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    wave_idx INTEGER NOT NULL,
    host TEXT NOT NULL,
    task TEXT NOT NULL,
    action TEXT NOT NULL,
    message TEXT NOT NULL,
    unreachable INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS failed_tasks_run ON failed_tasks(run_id);
CREATE TABLE IF NOT EXISTS changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    wave_idx INTEGER NOT NULL,
    host TEXT NOT NULL,
    task TEXT NOT NULL,
    action TEXT NOT NULL,
    commands TEXT NOT NULL,
    diff TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS changes_run ON changes(run_id);
CREATE TABLE IF NOT EXISTS locks (
    site_id TEXT PRIMARY KEY,
    run_id INTEGER NOT NULL,
    pid INTEGER NOT NULL,
    pid_start INTEGER,
    machine TEXT,
    acquired_at TEXT NOT NULL
);
"""


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) the records database in WAL mode with the current schema."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fresh = not path.exists()
        conn = sqlite3.connect(str(path), timeout=30.0, isolation_level=None)
        if fresh:
            path.chmod(0o600)
    except (OSError, sqlite3.Error) as exc:
        raise ProvisionerError(f"{path}: cannot open the rollout records database: {exc}") from exc
    conn.row_factory = sqlite3.Row
    try:
        _configure(conn)
        _migrate(conn, path)
    except sqlite3.Error as exc:
        conn.close()
        raise ProvisionerError(
            f"{path}: cannot use the rollout records database: {exc} (fix: check the file, or point --db elsewhere)"
        ) from exc
    return conn


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA busy_timeout = 30000")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    with transaction(conn):
        for statement in _statements():
            conn.execute(statement)
        row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
        version = row[0]
        if version is None:
            conn.execute("INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION,))
        elif version > SCHEMA_VERSION:
            raise ProvisionerError(
                f"{path}: records schema version {version} is newer than this provisioner ({SCHEMA_VERSION}); upgrade provisioner"
            )


def _statements() -> list[str]:
    return [s.strip() for s in _SCHEMA.split(";") if s.strip()]


@contextmanager
def transaction(conn: sqlite3.Connection, *, immediate: bool = True) -> Iterator[sqlite3.Connection]:
    """BEGIN (IMMEDIATE by default) ... COMMIT, or ROLLBACK on any exception."""
    conn.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def integrity_check(conn: sqlite3.Connection) -> str:
    """`PRAGMA integrity_check`: 'ok' when the file is sound."""
    return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
