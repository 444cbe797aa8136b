"""Machine-readable results for CI: the whole record as JSON, and JUnit XML with one test case per host."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import asdict
from typing import Any

from provisioner.records.models import FailedTask, HostResult, RunRecord, RunSummary


def summary_dict(summary: RunSummary) -> dict[str, Any]:
    return asdict(summary)


def record_dict(record: RunRecord) -> dict[str, Any]:
    """The record as plain JSON-ready data."""
    data = asdict(record)
    data["run"] = data.pop("summary")
    return data


def record_json(record: RunRecord) -> str:
    return json.dumps(record_dict(record), indent=2, sort_keys=False, default=str) + "\n"


def junit_xml(record: RunRecord) -> str:
    """One testsuite for the run; one testcase per planned host (classname = site), failures carry task and message."""
    results = {h.host: h for h in record.hosts}
    failures: dict[str, list[FailedTask]] = {}
    for failure in record.failed_tasks:
        failures.setdefault(failure.host, []).append(failure)
    suite = ET.Element("testsuite", name=f"provisioner rollout {record.summary.id}", timestamp=record.summary.started_at)
    cases = [
        _case(suite, site, host, wave.status, results.get(host), failures.get(host, []))
        for wave in record.waves
        for host, site in wave.plan.host_site_pairs()
    ]
    suite.set("tests", str(len(cases)))
    suite.set("failures", str(sum(1 for c in cases if c == "failure")))
    suite.set("errors", str(sum(1 for c in cases if c == "error")))
    suite.set("skipped", str(sum(1 for c in cases if c == "skipped")))
    suite.set("time", f"{record.summary.duration_s or 0:.3f}")
    root = ET.Element("testsuites", name="provisioner")
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _case(suite: ET.Element, site: str, host: str, wave_status: str, result: HostResult | None, failures: list[FailedTask]) -> str:
    case = ET.SubElement(suite, "testcase", classname=site or "unknown", name=host)
    if result is None:
        reason = "its wave was skipped" if wave_status == "skipped" else f"its wave ended {wave_status}"
        ET.SubElement(case, "skipped", message=f"not run: {reason}")
        return "skipped"
    if result.status in ("failed", "unreachable"):
        return _failure(case, result, failures)
    if result.status == "not_in_play":
        ET.SubElement(case, "skipped", message="the playbook did not run on this host")
        return "skipped"
    return "ok"


def _failure(case: ET.Element, result: HostResult, failures: list[FailedTask]) -> str:
    first = failures[0] if failures else None
    kind = "error" if result.status == "unreachable" else "failure"
    message = f"{first.task}: {first.message.splitlines()[0] if first.message else ''}" if first else result.status
    element = ET.SubElement(case, kind, message=message, type=result.status)
    element.text = "\n\n".join(f"task: {f.task} ({f.action})\n{f.message}" for f in failures) or result.status
    return kind
