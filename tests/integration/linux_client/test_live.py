"""Live mode: the same role over SSH into a podman container running systemd and sshd on loopback."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from lc_helpers import CACHE, ROOT, Run, need, run
from lc_live import build_image, ensure_containers_conf, start, stop, wait_for_ssh

ADDRESS, PORT = "127.42.0.2", 2252
NAME = "provisioner-lc-live"
HOST = "ts-r101-pc01"
MOLECULE = ROOT / "roles/linux_client/molecule/default/molecule.yml"

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def _inventory(path: Path, key: Path) -> Path:
    """The molecule scenario's host variables, pointed at the container over SSH."""
    hostvars = yaml.safe_load(MOLECULE.read_text(encoding="utf-8"))["provisioner"]["inventory"]["host_vars"][HOST]
    printer = {**hostvars["device_printers"][0], "uri": "ipp://127.0.0.1:9/ipp/print"}  # refused at once: raw-queue fallback
    hostvars = {
        **hostvars,
        "device_printers": [printer],
        "ansible_host": ADDRESS,
        "ansible_port": PORT,
        "ansible_user": "ansible",
        "ansible_become": True,
        "ansible_ssh_private_key_file": str(key),
        "ansible_ssh_common_args": "-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null",
    }
    path.write_text(yaml.safe_dump({"all": {"children": {"role_linux_client": {"hosts": {HOST: hostvars}}}}}), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def live(base_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    need("podman", "runc", "ssh")
    ensure_containers_conf()
    work = tmp_path_factory.mktemp("live")
    key = CACHE / "live-test" / "id_ed25519"  # kept, so the container image (tagged by key and base) is reused
    if not key.is_file():
        key.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    pubkey = key.with_name("id_ed25519.pub").read_text(encoding="utf-8").strip()
    tag = build_image(base=base_root, work=work, pubkey=pubkey, address=ADDRESS, port=PORT)
    start(tag=tag, name=NAME)
    try:
        wait_for_ssh(ADDRESS, PORT)
        yield _inventory(work / "hosts.yml", key)
    finally:
        stop(NAME)


def _play(inventory: Path, *args: str, playbook: str = "playbooks/linux_clients.yml") -> Run:
    return run(
        ["ansible-playbook", "-i", str(inventory), playbook, *args],
        ANSIBLE_CONFIG=str(ROOT / "ansible.cfg"),
        PROVISIONER_TEST_ADMIN_PASSWORD="live-admin",
        PROVISIONER_TEST_PUPIL_PASSWORD="live-pupil",
    )


def test_live_converge_idempotence_check_verify(live: Path) -> None:
    first = _play(live)
    assert first.rc == 0, first.out[-6000:]
    assert first.recap[HOST]["changed"] > 0
    second = _play(live)
    assert second.rc == 0, second.out[-6000:]
    assert second.recap[HOST]["changed"] == 0, second.out[-6000:]
    check = _play(live, "--check")
    assert check.rc == 0, check.out[-6000:]
    assert check.recap[HOST]["changed"] == 0, check.out[-6000:]
    verify = _play(live, playbook="tests/integration/linux_client/verify_live.yml")
    assert verify.rc == 0, verify.out[-6000:]
