"""Backup runs against fake sessions: masking, one commit per run, unreachable devices go on."""

from __future__ import annotations

import subprocess
from pathlib import Path

from provisioner.day2.backup import run_backup
from provisioner.day2.devices import Device, Fleet
from provisioner.netconfig.archive import Archive
from provisioner.netconfig.models import DeviceError, DeviceTarget

PASSWORD = "Fleet-Pw-123"


class FakeSession:
    def __init__(self, text: str) -> None:
        self.text = text

    def running_config(self) -> str:
        return self.text

    def close(self) -> None:
        pass


def _device(name: str) -> Device:
    target = DeviceTarget(name, "127.0.0.1", 22, "admin", PASSWORD, "cisco_ios", "ios")
    return Device(name, "site-a", "switch", "cisco_ios", target, {"site_snmp": {"auth_password": "Snmp-Auth-99"}}, ("Snmp-Auth-99",))


def _connect(configs: dict[str, str]):  # type: ignore[no-untyped-def]
    def connect(target: DeviceTarget, timeout: float) -> FakeSession:
        if target.name not in configs:
            raise DeviceError(f"could not connect to {target.host}:{target.port}: timed out")
        return FakeSession(configs[target.name])

    return connect


def _log(root: Path) -> list[str]:
    return subprocess.run(["git", "log", "--format=%B%x00"], cwd=root, capture_output=True, text=True, check=True).stdout.split("\0")[:-1]


def test_one_commit_per_run_masked_and_none_when_nothing_changed(tmp_path: Path) -> None:
    fleet = Fleet(devices=(_device("sw1"), _device("sw2"), _device("sw3")), site_types={"site-a": "school"})
    configs = {
        "sw1": "hostname sw1\nusername admin secret 9 $9$abcdefgh$abcdefghijklmnopqrstuvwxyz\n",
        "sw2": "hostname sw2\nsnmp-server user u g v3 auth sha Snmp-Auth-99 priv aes 128 Snmp-Auth-99\n",
    }
    archive = Archive(tmp_path / "repo")
    first = run_backup(fleet=fleet, archive=archive, connect=_connect(configs))
    assert sorted(first.changed) == ["sw1", "sw2"]
    assert [r.device.name for r in first.failed] == ["sw3"]
    assert "timed out" in (first.failed[0].error or "")
    assert not (tmp_path / "repo" / "sw3.cfg").exists()
    stored = (tmp_path / "repo" / "sw1.cfg").read_text() + (tmp_path / "repo" / "sw2.cfg").read_text()
    assert "Snmp-Auth-99" not in stored
    assert "abcdefghijklmnop" not in stored
    assert "********" in stored
    message = _log(tmp_path / "repo")[0]
    assert "changed: sw1" in message
    assert "changed: sw2" in message
    assert "unreachable: sw3" in message

    second = run_backup(fleet=fleet, archive=archive, connect=_connect(configs))
    assert second.commit is None
    assert second.changed == []
    assert len(_log(tmp_path / "repo")) == 1

    configs["sw2"] += "interface Gi1/0/1\n description by hand\n"
    third = run_backup(fleet=fleet, archive=archive, connect=_connect(configs))
    assert third.changed == ["sw2"]
    assert "+ description by hand" in archive.diff("sw2")
    assert len(archive.history("sw1")) == 1
    assert len(archive.history("sw2")) == 2
