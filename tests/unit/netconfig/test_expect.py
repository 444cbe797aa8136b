"""Apply exactly a plan: stale devices and changed plans are refused before anything is sent."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from provisioner.netconfig import ApplyOptions, DeviceTarget, NetconfigError, apply_config
from provisioner.netconfig.expect import (
    MISMATCH_MARK,
    NOT_PLANNED_MARK,
    STALE_MARK,
    check_same,
    load_expectation,
    running_digest,
)
from provisioner.netconfig.models import Expectation

RUNNING = """hostname sw-test-1
interface GigabitEthernet1/0/1
 description old
end
"""
INTENDED = """hostname sw-test-1
interface GigabitEthernet1/0/1
 description new
"""


def _exact(tmp_path: Path, expected: Expectation) -> ApplyOptions:
    return ApplyOptions(backup_dir=tmp_path, expected=expected)


def _plan(target: DeviceTarget, dev: Any, tmp_path: Path) -> Expectation:
    planned = apply_config(target=target, intended=INTENDED, options=ApplyOptions(check=True, backup_dir=tmp_path), connect=dev.connect)
    assert planned.running_digest == running_digest(RUNNING)
    return Expectation(commands=tuple(planned.commands), running_digest=str(planned.running_digest))


def test_the_planned_commands_are_pushed(target: DeviceTarget, tmp_path: Path, make_device: Any) -> None:
    dev = make_device(RUNNING)
    expected = _plan(target, dev, tmp_path)
    result = apply_config(target=target, intended=INTENDED, options=_exact(tmp_path, expected), connect=dev.connect)
    assert not result.failed
    assert dev.pushes == [list(expected.commands)]


def test_a_changed_device_is_stale_and_nothing_is_sent(target: DeviceTarget, tmp_path: Path, make_device: Any) -> None:
    dev = make_device(RUNNING)
    expected = _plan(target, dev, tmp_path)
    dev.running = RUNNING.replace("description old", "description by hand")
    with pytest.raises(NetconfigError, match=STALE_MARK):
        apply_config(target=target, intended=INTENDED, options=_exact(tmp_path, expected), connect=dev.connect)
    assert dev.pushes == []


def test_a_different_plan_is_refused(target: DeviceTarget, tmp_path: Path, make_device: Any) -> None:
    dev = make_device(RUNNING)
    expected = _plan(target, dev, tmp_path)
    changed_intent = INTENDED.replace("description new", "description other")
    with pytest.raises(NetconfigError, match=MISMATCH_MARK):
        apply_config(target=target, intended=changed_intent, options=_exact(tmp_path, expected), connect=dev.connect)
    assert dev.pushes == []


def test_a_masked_span_matches_any_secret_but_nothing_else() -> None:
    expected = Expectation(commands=("snmp-server user mon grp v3 auth sha ******** priv aes 128 ********",), running_digest="x")
    check_same(expected=expected, commands=["snmp-server user mon grp v3 auth sha abc priv aes 128 def"])
    with pytest.raises(NetconfigError, match=MISMATCH_MARK):
        check_same(expected=expected, commands=["snmp-server user mon grp v3 auth md5 abc priv aes 128 def"])
    with pytest.raises(NetconfigError, match=MISMATCH_MARK):
        check_same(expected=expected, commands=[*expected.commands, "extra"])


def test_a_host_missing_from_the_plan_file_is_not_planned(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps({"hosts": {"a": {"commands": ["x"], "running_digest": "sha256:1"}}}))
    assert load_expectation(path=path, host="a") == Expectation(commands=("x",), running_digest="sha256:1")
    with pytest.raises(NetconfigError, match=NOT_PLANNED_MARK):
        load_expectation(path=path, host="b")
