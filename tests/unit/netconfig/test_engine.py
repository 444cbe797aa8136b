from pathlib import Path
from typing import Any

import pytest

from provisioner.netconfig import ApplyOptions, DeviceTarget, LineCheckError, apply_config

PLANTED = "Pl4nted-Secr3t!"

RUNNING = """Building configuration...
hostname sw-test-1
interface GigabitEthernet1/0/1
 description old
end
"""
SNMP_USER = f"snmp-server user mon grp v3 auth sha {PLANTED} priv aes 128 {PLANTED}"
INTENDED = f"""hostname sw-test-1
username admin privilege 15 secret 5 $1$abcd$4UGddsj4L.WJuszZ.08Ev.
snmp-server group grp v3 priv
{SNMP_USER}
interface GigabitEthernet1/0/1
 description new
"""


def _opts(tmp_path: Path, **kw: object) -> ApplyOptions:
    return ApplyOptions(backup_dir=tmp_path, diff=True, **kw)  # type: ignore[arg-type]


def _all_text(result: object, tmp_path: Path) -> str:
    files = "".join(p.read_text() for p in tmp_path.rglob("*.cfg"))
    return repr(result) + files


def test_check_mode_reports_and_sends_nothing(target: DeviceTarget, tmp_path: Path, make_device: Any) -> None:
    dev = make_device(RUNNING)
    res = apply_config(target=target, intended=INTENDED, options=_opts(tmp_path, check=True), connect=dev.connect)
    assert res.changed
    assert not dev.pushes
    assert any("description new" in c for c in res.commands)
    assert any(c.startswith("snmp-server user mon grp") for c in res.commands)
    assert PLANTED not in _all_text(res, tmp_path)
    assert not list(tmp_path.rglob("*.cfg"))


def test_push_verify_save_then_idempotent(target: DeviceTarget, tmp_path: Path, make_device: Any) -> None:
    dev = make_device(RUNNING)
    res = apply_config(target=target, intended=INTENDED, options=_opts(tmp_path), connect=dev.connect)
    assert res.changed
    assert not res.failed
    assert dev.saves == 1
    assert res.backup_path
    assert Path(res.backup_path).is_file()
    assert PLANTED not in _all_text(res, tmp_path)
    dev.running = dev.running.replace(SNMP_USER, "")  # the device hides it
    again = apply_config(target=target, intended=INTENDED, options=_opts(tmp_path), connect=dev.connect)
    assert not again.changed
    assert again.commands == []
    assert len(dev.pushes) == 1


def test_rotate_secrets_pushes_write_only_lines(target: DeviceTarget, tmp_path: Path, make_device: Any) -> None:
    dev = make_device(RUNNING)
    apply_config(target=target, intended=INTENDED, options=_opts(tmp_path), connect=dev.connect)
    dev.running = dev.running.replace(SNMP_USER, "")
    opts = _opts(tmp_path, rotate_secrets=True)
    res = apply_config(target=target, intended=INTENDED, options=opts, connect=dev.connect)
    assert res.changed
    assert dev.pushes[-1] == [SNMP_USER]


def test_rejected_command_rolls_back(target: DeviceTarget, tmp_path: Path, make_device: Any) -> None:
    dev = make_device(RUNNING, reject="description new")
    res = apply_config(target=target, intended=INTENDED, options=_opts(tmp_path), connect=dev.connect)
    assert res.failed
    assert res.rolled_back
    assert "rejected" in res.msg
    assert "rolled back" in res.msg
    assert str(tmp_path) in res.msg
    assert "description old" in dev.running
    assert dev.saves == 0
    assert PLANTED not in _all_text(res, tmp_path)


def test_dropped_session_rolls_back(target: DeviceTarget, tmp_path: Path, make_device: Any) -> None:
    dev = make_device(RUNNING, drop_after=2)
    res = apply_config(target=target, intended=INTENDED, options=_opts(tmp_path), connect=dev.connect)
    assert res.failed
    assert res.rolled_back
    assert dev.connects == 3  # push, rollback, verification
    assert "hostname sw-test-1" in dev.running
    assert "description old" in dev.running
    assert "username" not in dev.running


def test_silently_ignored_line_fails_verification(target: DeviceTarget, tmp_path: Path, make_device: Any) -> None:
    dev = make_device(RUNNING, ignore="description new")
    res = apply_config(target=target, intended=INTENDED, options=_opts(tmp_path), connect=dev.connect)
    assert res.failed
    assert "verification failed" in res.msg
    assert res.rolled_back


def test_unsafe_line_refused_before_connecting(target: DeviceTarget, tmp_path: Path, make_device: Any) -> None:
    dev = make_device(RUNNING)
    bad = f"hostname a\x1b\nsecret 0 {PLANTED}\x07"
    with pytest.raises(LineCheckError) as err:
        apply_config(target=target, intended=bad, options=_opts(tmp_path), connect=dev.connect)
    assert dev.connects == 0
    assert PLANTED not in str(err.value)


def test_save_failure_fails_the_host_without_rollback(target: DeviceTarget, tmp_path: Path, make_device: Any) -> None:
    dev = make_device(RUNNING, fail_save=True)
    res = apply_config(target=target, intended=INTENDED, options=_opts(tmp_path), connect=dev.connect)
    assert res.failed
    assert res.changed
    assert "applied and verified, but saving failed" in res.msg
    assert "description new" in dev.running
    assert res.rolled_back is None
