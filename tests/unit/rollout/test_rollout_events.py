"""ansible-runner events -> counts, failed tasks, changes; every event is masked in place."""

from __future__ import annotations

import io
from typing import Any

from provisioner.netconfig.masking import MASK, Masker
from provisioner.rollout.events import EventCollector, render_diff

SECRET = "Pl4nt3d-Device-Pw"


def _event(name: str, **data: Any) -> dict[str, Any]:
    return {"event": name, "uuid": "u", "counter": 1, "stdout": f"{name} {data.get('host', '')}", "event_data": data}


def _collector() -> tuple[EventCollector, list[Any], io.StringIO]:
    seen: list[Any] = []
    out = io.StringIO()
    c = EventCollector(wave=2, masker=Masker().with_values([SECRET]), stdout=out, on_failure=seen.append)
    return c, seen, out


def test_failures_changes_and_stats_are_collected() -> None:
    c, seen, _ = _collector()
    c.handle(_event("runner_on_failed", host="sw1", task="Push", resolved_action="net_config", res={"msg": "timeout"}))
    c.handle(_event("runner_on_failed", host="sw2", task="Try", res={"msg": "ignored"}, ignore_errors=True))
    c.handle(_event("runner_on_unreachable", host="sw3", task="Push", res={"msg": "no route"}))
    c.handle(
        _event(
            "runner_on_ok",
            host="sw2",
            task="Push",
            resolved_action="net_config",
            res={"changed": True, "commands": ["vlan 10", "name paed"], "diff": {"before": "a\n", "after": "a\nvlan 10\n"}},
        )
    )
    c.handle(_event("runner_on_ok", host="sw2", task="Read", res={"changed": False, "diff": {"before": "x", "after": "y"}}))
    c.handle(_event("playbook_on_stats", ok={"sw2": 2}, changed={"sw2": 1}, failures={"sw1": 1}, dark={"sw3": 1}, ignored={"sw2": 1}))
    assert [(f.host, f.task, f.message, f.unreachable) for f in c.failed_tasks] == [
        ("sw1", "Push", "timeout", False),
        ("sw3", "Push", "no route", True),
    ]
    assert seen == c.failed_tasks
    assert len(c.changes) == 1
    assert c.changes[0].commands == ("vlan 10", "name paed")
    assert "+vlan 10" in c.changes[0].diff
    results = {
        r.host: r for r in c.host_results(site_of={"sw1": "a", "sw2": "a", "sw3": "b", "sw4": "b"}, hosts=("sw1", "sw2", "sw3", "sw4"))
    }
    assert results["sw1"].status == "failed"
    assert results["sw3"].status == "unreachable"
    assert results["sw4"].status == "not_in_play"
    assert results["sw2"].status == "ok"
    assert results["sw2"].counts.changed == 1
    assert results["sw2"].counts.ignored == 1
    assert results["sw2"].wave == 2
    assert results["sw3"].site_id == "b"


def test_events_are_masked_in_place_before_the_runner_writes_them() -> None:
    c, _, out = _collector()
    event = _event(
        "runner_on_ok",
        host="sw1",
        task="Push",
        res={
            "changed": True,
            "commands": [f"username admin secret 0 {SECRET}", "snmp-server user u g v3 auth sha AuthKey1 priv aes 128 PrivKey1"],
            "ansible_password": "whatever-it-is",
            "msg": f"logged in with {SECRET}",
        },
    )
    event["stdout"] = f"ok: [sw1] => {SECRET}"
    c.handle(event)
    text = repr(event) + out.getvalue() + repr(c.changes)
    assert SECRET not in text
    assert "AuthKey1" not in text
    assert "PrivKey1" not in text
    assert "whatever-it-is" not in text
    assert MASK in out.getvalue()


def test_diffs_render_as_unified_text() -> None:
    assert render_diff({"prepared": "+x"}) == "+x"
    text = render_diff([{"before": "a\nb\n", "after": "a\nc\n", "before_header": "running", "after_header": "intended"}])
    assert "--- running" in text
    assert "-b" in text
    assert "+c" in text
    assert render_diff({"before": "same", "after": "same"}) == ""


def test_hosts_in_no_play_do_not_fail_a_successful_wave() -> None:
    from types import SimpleNamespace

    from provisioner.rollout.wave import _wave_status

    ap, switch, broken = (SimpleNamespace(status=s) for s in ("not_in_play", "ok", "failed"))
    assert _wave_status("successful", [ap, switch]) == "successful"
    assert _wave_status("successful", [ap, broken]) == "failed"
    assert _wave_status("failed", [switch]) == "failed"
    assert _wave_status("canceled", [switch]) == "interrupted"


def test_a_run_once_action_reports_each_host_it_acted_for() -> None:
    c, seen, _ = _collector()
    item = {
        "changed": True,
        "failed": True,
        "msg": "wlc: 1 part(s) failed",
        "commands": ["ap 70ea.1a10.0031"],
        "provisioner_device": "wlc-1",
        "provisioner_hosts": {
            "ap1": {"changed": True},
            "ap2": {"changed": False},
            "ap3": {"changed": False, "failed": True, "msg": "site b rolled back"},
        },
    }
    c.handle(_event("runner_on_failed", host="ap1", task="Configure the WLAN", res={"results": [item], "msg": "One or more items failed"}))
    c.handle(_event("playbook_on_stats", ok={"ap1": 1}, failures={"ap1": 1}))
    results = {r.host: r for r in c.host_results(site_of={"ap1": "a", "ap2": "a", "ap3": "b"}, hosts=("ap1", "ap2", "ap3"))}
    assert (results["ap1"].status, results["ap1"].counts.changed) == ("ok", 1)
    assert (results["ap2"].status, results["ap2"].counts.changed) == ("ok", 0)
    assert results["ap3"].status == "failed"
    assert [f.host for f in c.failed_tasks] == ["ap3", "wlc-1"]
    assert c.failed_tasks[0].message == "site b rolled back"
    assert "wlc: 1 part(s) failed" in c.failed_tasks[1].message
