"""docs/ci.md: the GitLab CI example's plan, approve and apply scripts, run in order against the device lab.

The scripts are taken from the YAML in the document, so the documented pipeline is the tested one. The comment
upload (curl to the GitLab API) is checked for presence but not run; `make venv` is what the test's venv already is.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT, VENV_BIN
from tests.integration.plans.plan_lab import PlanLab, start, stop

pytestmark = pytest.mark.integration
DOC = ROOT / "docs" / "ci.md"
OUTPUTS = ("plan.json", "plan.md", "plan.env")


def pipeline() -> dict[str, Any]:
    block = re.search(r"```yaml\n(.*?)```", DOC.read_text(), flags=re.DOTALL)
    assert block is not None, "docs/ci.md has no yaml block"
    data = yaml.safe_load(block.group(1))
    assert isinstance(data, dict)
    scripts = [line for job in data.values() if isinstance(job, dict) for key in ("script", "before_script") for line in job.get(key, [])]
    assert all(isinstance(line, str) for line in scripts), "a script line that YAML reads as a mapping (quote lines with ': ')"
    return data


@pytest.fixture
def lab(tmp_path: Path) -> Iterator[PlanLab]:
    running = start(tmp_path)
    org = running.registry / "org.yml"
    org.write_text(org.read_text().replace("distinct_approver: false", "distinct_approver: true"))
    try:
        yield running
    finally:
        stop(running)
        for name in OUTPUTS:
            (ROOT / name).unlink(missing_ok=True)


def run_job(lab: PlanLab, ci: dict[str, Any], job: str, **variables: str) -> subprocess.CompletedProcess[str]:
    """The job's script lines in one bash with errexit, as a GitLab shell runner runs them, with the pipeline's variables."""
    env = {**lab.env, **ci["variables"], **variables, "PATH": f"{VENV_BIN}:{lab.env['PATH']}"}
    env.update(PROVISIONER_DB=str(lab.state / "rollouts.db"), PROVISIONER_STATE_DIR=str(lab.state), INVENTORY=str(lab.inventory))
    env["REGISTRY"] = str(lab.registry)
    lines = []
    for line in ci[job]["script"]:
        if line.startswith("curl "):
            assert "merge_requests/$CI_MERGE_REQUEST_IID/notes" in line
            continue
        lines.append(line)
    script = "set -eo pipefail\n" + "\n".join(lines) + "\n"
    return subprocess.run(["bash", "-c", script], env=env, cwd=ROOT, capture_output=True, text=True, timeout=1800, check=False)


def test_the_documented_pipeline_plans_approves_and_applies(lab: PlanLab) -> None:
    ci = pipeline()
    assert [s for s in ci["stages"]] == ["validate", "plan", "approve", "apply"]
    sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    mr = {"CI_COMMIT_SHA": sha, "CI_MERGE_REQUEST_IID": "7", "CI_PIPELINE_ID": "42", "GITLAB_CI": "true", "CI": "true"}

    planned = run_job(lab, ci, "plan", GITLAB_USER_LOGIN="alice", **mr)
    assert planned.returncode == 0, planned.stdout + planned.stderr
    plan_id = (ROOT / "plan.env").read_text().strip().removeprefix("PLAN_ID=")
    document = json.loads((ROOT / "plan.json").read_text())
    assert str(document["id"]) == plan_id
    assert document["planner"] == "alice"
    assert "## provisioner plan" in (ROOT / "plan.md").read_text()

    early = run_job(lab, ci, "apply", GITLAB_USER_LOGIN="carol", **mr)
    assert early.returncode == 2, early.stdout + early.stderr
    assert "no approved plan" in early.stderr

    own = run_job(lab, ci, "approve", GITLAB_USER_LOGIN="alice", PLAN_ID=plan_id, **mr)
    assert own.returncode == 2
    assert "may not approve" in own.stderr
    approved = run_job(lab, ci, "approve", GITLAB_USER_LOGIN="bob", PLAN_ID=plan_id, **mr)
    assert approved.returncode == 0, approved.stdout + approved.stderr

    applied = run_job(lab, ci, "apply", GITLAB_USER_LOGIN="carol", **mr)
    assert applied.returncode == 0, applied.stdout + applied.stderr
    assert f"plan {plan_id}: run" in applied.stdout
    assert "approved by bob" in applied.stdout
    after = lab.run("plan", "playbooks/switches.yml", "-i", str(lab.inventory), "--out", str(lab.tmp / "after.json"))
    assert after.returncode == 0
    assert all(not d["commands"] for d in json.loads((lab.tmp / "after.json").read_text())["devices"])
