"""Drift results as JSON and JUnit XML (one test case per device, failing on drift) and as records."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

from provisioner.day2.drift import DeviceDrift, DriftRun
from provisioner.records.day2 import DeviceOutcome, DeviceStatus


def drift_outcomes(run: DriftRun) -> list[DeviceOutcome]:
    """One record per device: state, counts, and the lines (all masked)."""
    return [
        DeviceOutcome(
            host=r.device.name,
            site=r.device.site,
            state="error" if r.error else ("drift" if r.commands else "clean"),
            owned=len(r.commands),
            unmanaged=len(r.unmanaged),
            detail={"commands": r.commands, "unmanaged": r.unmanaged, **({"error": r.error} if r.error else {})},
        )
        for r in run.results
    ]


def drift_dict(run: DriftRun, statuses: dict[str, DeviceStatus]) -> dict[str, object]:
    """The run for --format json; `since` is when the device's current drift was first seen."""
    return {
        "started_at": run.started_at,
        "seconds": run.seconds,
        "exit_code": run.exit_code,
        "devices": [_device(r, statuses.get(r.device.name)) for r in run.results],
    }


def _device(r: DeviceDrift, status: DeviceStatus | None) -> dict[str, object]:
    return {
        "name": r.device.name,
        "site": r.device.site,
        "role": r.device.role,
        "state": r.state,
        "since": status.drift_since if status else None,
        "owned": {"count": len(r.commands), "lines": r.commands},
        "unmanaged": {"count": len(r.unmanaged), "lines": r.unmanaged},
        "error": r.error,
    }


def drift_json(run: DriftRun, statuses: dict[str, DeviceStatus]) -> str:
    return json.dumps(drift_dict(run, statuses), indent=2) + "\n"


def drift_junit(run: DriftRun) -> str:
    """JUnit XML: a suite per run, a case per device (classname: its site), failure = drift."""
    failures = sum(1 for r in run.results if r.state == "drift")
    errors = sum(1 for r in run.results if r.state == "error")
    suite = ET.Element(
        "testsuite", name="provisioner drift", tests=str(len(run.results)), failures=str(failures), errors=str(errors),
        time=f"{run.seconds:.3f}", timestamp=run.started_at,
    )
    for r in run.results:
        case = ET.SubElement(suite, "testcase", classname=r.device.site, name=r.device.name, time=f"{r.seconds:.3f}")
        if r.error:
            ET.SubElement(case, "error", message=r.error).text = r.error
        elif r.commands:
            message = f"{len(r.commands)} owned line(s) differ from the registry"
            ET.SubElement(case, "failure", message=message).text = "\n".join(r.commands)
        if r.unmanaged:
            ET.SubElement(case, "system-out").text = "unmanaged:\n" + "\n".join(r.unmanaged)
    return str(ET.tostring(suite, encoding="unicode", xml_declaration=True)) + "\n"
