"""known_hosts handling: fingerprints as ssh-keygen prints them, first use, changed keys."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from provisioner.netconfig.hostkeys import HostKey, HostKeyError, check, host_pattern, read_known_hosts, record

KEY = HostKey("ssh-ed25519", "AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl")
OTHER = HostKey("ssh-ed25519", "AAAAC3NzaC1lZDI1NTE5AAAAIA8ZJ5q2dqgSXW3p9K4xOJ0+1tNt7Vb3yyLJtEhB7Qkq")


@pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="ssh-keygen (openssh-client) is not installed")
def test_fingerprint_matches_ssh_keygen(tmp_path: Path) -> None:
    path = tmp_path / "key.pub"
    path.write_text(f"{KEY.kind} {KEY.blob} test\n")
    printed = subprocess.run(["ssh-keygen", "-lf", str(path)], capture_output=True, text=True, check=True).stdout
    assert KEY.fingerprint in printed


def test_first_use_then_known_then_changed(tmp_path: Path) -> None:
    path = tmp_path / "registry" / "known_hosts"
    assert check(path=path, host="10.96.0.2", port=22, key=KEY) == "new"
    record(path=path, host="10.96.0.2", port=22, key=KEY)
    record(path=path, host="127.100.0.1", port=2222, key=KEY)
    assert check(path=path, host="10.96.0.2", port=22, key=KEY) == "known"
    with pytest.raises(HostKeyError, match="HOST-KEY CHANGED") as caught:
        check(path=path, host="10.96.0.2", port=22, key=OTHER)
    assert KEY.fingerprint in str(caught.value)
    assert OTHER.fingerprint in str(caught.value)
    assert set(read_known_hosts(path)) == {"10.96.0.2", "[127.100.0.1]:2222"}


def test_patterns_and_comments(tmp_path: Path) -> None:
    assert host_pattern("10.0.0.1", 22) == "10.0.0.1"
    assert host_pattern("127.100.0.1", 2222) == "[127.100.0.1]:2222"
    path = tmp_path / "known_hosts"
    path.write_text(f"# comment\n|1|hashed|entry {KEY.kind} {KEY.blob}\nsw-a,10.0.0.1 {KEY.kind} {KEY.blob}\nbroken\n")
    assert read_known_hosts(path) == {"sw-a": [KEY], "10.0.0.1": [KEY]}
