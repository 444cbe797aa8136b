"""Operator, trigger and source of a run."""

from __future__ import annotations

from pathlib import Path

from provisioner.rollout.context import operator, tree_digest, trigger


def test_gitlab_ci_user_and_pipeline_are_the_operator() -> None:
    op = operator(env={"CI": "true", "GITLAB_USER_LOGIN": "jdoe", "CI_PIPELINE_ID": "42", "CI_JOB_URL": "https://ci/j/1"})
    assert (op.user, op.kind, op.pipeline, op.url) == ("jdoe", "gitlab", "42", "https://ci/j/1")


def test_github_and_jenkins_are_recognised() -> None:
    assert operator(env={"GITHUB_ACTOR": "octo", "GITHUB_RUN_ID": "9"}).kind == "github"
    assert operator(env={"BUILD_USER_ID": "jk", "BUILD_URL": "u"}).url == "u"


def test_without_ci_the_os_user_runs_it() -> None:
    op = operator(env={})
    assert op.kind == "os"
    assert op.user == op.os_user != ""


def test_trigger() -> None:
    assert trigger(onboarding=False, env={}) == "cli"
    assert trigger(onboarding=False, env={"CI": "1"}) == "ci"
    assert trigger(onboarding=True, env={"CI": "1"}) == "onboarding"


def test_the_digest_covers_paths_and_bytes(tmp_path: Path) -> None:
    (tmp_path / "sites").mkdir()
    (tmp_path / "sites" / "a.yml").write_text("a")
    first = tree_digest(paths=[tmp_path])
    (tmp_path / "sites" / "a.yml").rename(tmp_path / "sites" / "b.yml")
    assert first is not None
    assert tree_digest(paths=[tmp_path]) != first
