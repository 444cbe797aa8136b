"""Run the rollout CLI for real (ansible-runner, ansible-playbook, connection local) in a temp state dir."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[3]


@dataclass
class Cli:
    """`python -m provisioner.cli.rollout` with a private state dir."""

    state: Path
    cwd: Path
    env: dict[str, str]

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "provisioner.cli.rollout", *args]

    def run(self, *args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
        return subprocess.run(self.command(*args), cwd=self.cwd, env=self.env, capture_output=True, text=True, timeout=timeout, check=False)

    def start(self, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(self.command(*args), cwd=self.cwd, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    @property
    def db(self) -> Path:
        return self.state / "rollouts.db"

    def query(self, sql: str, *params: object) -> list[tuple[object, ...]]:
        conn = sqlite3.connect(str(self.db))
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()

    def wait_for(self, sql: str, *params: object, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if self.db.exists() and self.query(sql, *params):
                    return
            except sqlite3.OperationalError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"timed out waiting for: {sql}")


RunCli = Callable[..., subprocess.CompletedProcess[str]]
