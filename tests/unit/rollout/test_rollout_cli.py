"""CLI helpers of the rollout commands: extra vars, ages, rerun requests, registration."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from provisioner.cli.rollout import parse_age, parse_extra_vars, parse_since, register, rerun_request
from provisioner.errors import ProvisionerError
from provisioner.records.models import HostResult, Operator, Options, RunRecord, RunSummary, Source


def test_extra_vars_accept_pairs_mappings_and_files(tmp_path: Path) -> None:
    (tmp_path / "v.yml").write_text("a: 1\nb: [x]\n")
    merged = parse_extra_vars(["k=v 'q=two words'", '{"n": 2}', f"@{tmp_path / 'v.yml'}"])
    assert merged == {"k": "v", "q": "two words", "n": 2, "a": 1, "b": ["x"]}
    with pytest.raises(ProvisionerError, match="key=value"):
        parse_extra_vars(["novalue"])


def test_ages_and_since() -> None:
    assert parse_age("180d").days == 180
    assert parse_age("2w").days == 14
    assert parse_since("2026-01-02") == "2026-01-02T00:00:00+00:00"
    assert parse_since("7d") is not None
    with pytest.raises(typer.BadParameter):
        parse_age("soon")


def _record(extra: dict[str, object]) -> RunRecord:
    hosts = (
        HostResult(host="a1", site_id="a", wave=0, status="failed"),
        HostResult(host="a2", site_id="a", wave=0, status="ok"),
        HostResult(host="b1", site_id="b", wave=1, status="unreachable"),
    )
    summary = RunSummary(
        id=4,
        status="failed",
        started_at="x",
        ended_at=None,
        duration_s=None,
        operator="u",
        trigger="cli",
        playbook="/p/site.yml",
        sites=("a", "b"),
        hosts_total=3,
        hosts_failed=2,
        message=None,
    )
    options = Options(playbook="/p/site.yml", inventory=("/p/hosts.yml",), canary="a", wave_size=1, extra_vars=extra, vault="file:/p/pw")
    return RunRecord(
        summary=summary,
        operator=Operator(user="u"),
        source=Source(),
        options=options,
        waves=(),
        hosts=hosts,
        failed_tasks=(),
        changes=(),
        errors=(),
        artifacts_dir=None,
        exit_code=1,
        rerun_of=None,
        process=None,
    )


def test_rerun_failed_only_targets_failed_and_unreachable_hosts() -> None:
    request = rerun_request(record=_record({"x": 1}), failed_only=True, extra_vars={}, vault_password_file=None, wait=False, db=Path("d"))
    assert request.hosts == ("a1", "b1")
    assert request.canary is None
    assert request.rerun_of == 4
    assert request.vault_password_file == Path("/p/pw")


def test_rerun_needs_redacted_extra_vars_again() -> None:
    with pytest.raises(ProvisionerError, match="db_password"):
        rerun_request(
            record=_record({"db_password": "********"}),
            failed_only=False,
            extra_vars={},
            vault_password_file=None,
            wait=False,
            db=Path("d"),
        )
    ok = rerun_request(
        record=_record({"db_password": "********"}),
        failed_only=False,
        extra_vars={"db_password": "p"},
        vault_password_file=None,
        wait=False,
        db=Path("d"),
    )
    assert ok.extra_vars == {"db_password": "p"}


def test_register_adds_the_commands_to_an_app(tmp_path: Path) -> None:
    app = typer.Typer()
    register(app)
    result = CliRunner().invoke(app, ["history", "--db", str(tmp_path / "r.db"), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "[]"
    assert CliRunner().invoke(app, ["show", "1", "--db", str(tmp_path / "r.db")]).exit_code == 2
