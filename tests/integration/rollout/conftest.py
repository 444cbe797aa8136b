"""The `cli` fixture: the rollout CLI with a private state dir (helpers live in rollout_harness)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from rollout_harness import Cli

CI_VARIABLES = (
    "CI",
    "GITLAB_CI",
    "GITLAB_USER_LOGIN",
    "CI_PIPELINE_ID",
    "CI_JOB_URL",
    "GITHUB_ACTIONS",
    "GITHUB_ACTOR",
    "GITHUB_RUN_ID",
    "GITHUB_SERVER_URL",
    "GITHUB_REPOSITORY",
    "JENKINS_URL",
    "BUILD_USER_ID",
    "BUILD_ID",
    "BUILD_URL",
)


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env["PROVISIONER_STATE_DIR"] = str(tmp_path / "state")
    env.pop("PROVISIONER_DB", None)
    env.pop("PROVISIONER_VAULT_PASSWORD", None)
    for name in CI_VARIABLES:  # the tests expect an operator at a terminal; CI detection has its own unit tests
        env.pop(name, None)
    env["ANSIBLE_LOCAL_TEMP"] = str(tmp_path / "ansible-tmp")
    work = tmp_path / "work"
    work.mkdir()
    return Cli(state=tmp_path / "state", cwd=work, env=env)
