"""Acceptance 1 against the demo registry: the site_registry source is read without ansible-inventory."""

from __future__ import annotations

import json

import pytest
from rollout_harness import FIXTURES, REPO, Cli

pytestmark = pytest.mark.integration


def test_a_demo_registry_rollout_is_recorded_with_registry_order_and_digest(cli: Cli) -> None:
    cli.cwd = REPO
    done = cli.run(
        "rollout",
        str(FIXTURES / "ping.yml"),
        "-i",
        "inventories/demo/site_registry.yml",
        "--type",
        "school",
        "--canary",
        "gs-am-stadtpark",
        "--wave-size",
        "2",
        "-e",
        "vault_windows_ansible_password=not-a-real-one",
    )
    assert done.returncode == 0, done.stdout + done.stderr
    record = json.loads(cli.run("show", "1", "--format", "json").stdout)
    assert [w["plan"]["sites"] for w in record["waves"]] == [["gs-am-stadtpark"], ["bk-technik", "ges-wiesdorf"], ["gym-lise-meitner"]]
    assert record["source"]["registry_digest"]
    assert record["source"]["registry_path"].endswith("registry")
    assert record["options"]["extra_vars"] == {"vault_windows_ansible_password": "********"}
    assert record["options"]["types"] == ["school"]
    assert record["run"]["status"] == "successful"
    assert {h["status"] for h in record["hosts"]} == {"ok"}
    assert len(record["hosts"]) > 20
    text = cli.run("show", "last").stdout
    assert "gym-lise-meitner" in text
    assert "registry digest" in text
