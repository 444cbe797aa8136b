"""JSON and JUnit reports of a record."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from provisioner.records.models import (
    FailedTask,
    HostCounts,
    HostResult,
    Operator,
    Options,
    RunRecord,
    RunSummary,
    Source,
    WavePlan,
    WaveRecord,
)
from provisioner.rollout.reports import junit_xml, record_json


def _record() -> RunRecord:
    waves = (
        WaveRecord(plan=WavePlan(index=0, name="canary", sites=("a",), hosts=("a1",), host_sites=("a",)), status="failed"),
        WaveRecord(plan=WavePlan(index=1, name="wave 1", sites=("b", "c"), hosts=("b1", "c1"), host_sites=("b", "c")), status="skipped"),
    )
    return RunRecord(
        summary=RunSummary(
            id=7,
            status="failed",
            started_at="2026-01-01T00:00:00+00:00",
            ended_at=None,
            duration_s=1.5,
            operator="ci",
            trigger="ci",
            playbook="site.yml",
            sites=("a", "b", "c"),
            hosts_total=1,
            hosts_failed=1,
            message="stopped <&>",
        ),
        operator=Operator(user="ci"),
        source=Source(),
        options=Options(playbook="site.yml"),
        waves=waves,
        hosts=(HostResult(host="a1", site_id="a", wave=0, status="failed", counts=HostCounts(failed=1)),),
        failed_tasks=(FailedTask(host="a1", wave=0, task="Push <config>", action="net_config", message='timeout & "oops"'),),
        changes=(),
        errors=(),
        artifacts_dir=None,
        exit_code=1,
        rerun_of=None,
        process=None,
    )


def test_junit_has_one_testcase_per_planned_host_with_site_classnames() -> None:
    root = ET.fromstring(junit_xml(_record()).split("\n", 1)[1])
    cases = root.findall("./testsuite/testcase")
    assert [(c.get("classname"), c.get("name")) for c in cases] == [("a", "a1"), ("b", "b1"), ("c", "c1")]
    failure = cases[0].find("failure")
    assert failure is not None
    assert failure.get("message") == 'Push <config>: timeout & "oops"'
    assert cases[1].find("skipped") is not None
    suite = root.find("testsuite")
    assert suite is not None
    assert suite.get("tests") == "3"
    assert suite.get("failures") == "1"
    assert suite.get("skipped") == "2"


def test_json_is_the_whole_record() -> None:
    data = json.loads(record_json(_record()))
    assert data["run"]["id"] == 7
    assert data["failed_tasks"][0]["task"] == "Push <config>"
    assert len(data["waves"]) == 2
