"""`provisioner lab up --seed DIR`: every real config of tests/fixtures/real seeds a demo device and prints back
line for line over netmiko; logins follow the seeded config; cutting the management path locks the device out."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from netmiko import ConnectHandler
from netmiko.exceptions import NetmikoAuthenticationException

from provisioner.lab import read_endpoints
from provisioner.lab.seed import strip_header
from tests.conftest import DEMO, ROOT, VENV_BIN, ansible_env
from tests.corpus import REAL, with_account
from tests.corpus import batches as corpus_batches

pytestmark = pytest.mark.integration
PORT = os.environ.get("PROV_LAB_SEED_TEST_PORT", "2293")
PASSWORD = "Seed-Pl4nted-Pw!"
USER = "provlab"
# Demo devices per platform (inventories/demo): each batch seeds one corpus file onto each of them.
HOSTS = {
    "cisco_ios": ["bkt-sw-01", "gew-sw-01", "lmg-sw-core", "jzt-sw-01"],
    "aruba_osswitch": ["gsp-sw-01", "lmg-sw-a1", "kre-sw-01"],
    "cisco_c9800": ["wlc-rz-01"],
}
NETMIKO = {"cisco_ios": "cisco_ios", "aruba_osswitch": "aruba_osswitch", "cisco_c9800": "cisco_ios"}


def with_lab_account(text: str, platform: str) -> str:
    return with_account(text, platform, user=USER, password=PASSWORD)


def batches() -> list[dict[str, tuple[str, Path]]]:
    return corpus_batches(HOSTS)


def _env(base: Path) -> dict[str, str]:
    return ansible_env(
        PROVISIONER_STATE_DIR=str(base / "state"),
        PROVISIONER_NET_PASSWORD=PASSWORD,
        PROVISIONER_SNMP_AUTH="Seed-Auth-1",
        PROVISIONER_SNMP_PRIV="Seed-Priv-1",
        PROVISIONER_PSK_KITA="Seed-Psk-Kita-1",
    )


def _cli(env: dict[str, str], *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([VENV_BIN / "provisioner", *args], env=env, cwd=ROOT, capture_output=True, text=True, check=False)


@pytest.fixture
def seeded_lab(tmp_path: Path) -> Iterator[tuple[Path, dict[str, str]]]:
    env = _env(tmp_path)
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    yield seeds, env
    _cli(env, "lab", "down")


def _connect(env: dict[str, str], host: str, platform: str, *, password: str = PASSWORD) -> object:
    endpoint = read_endpoints(state_dir=Path(env["PROVISIONER_STATE_DIR"]))[host]
    return ConnectHandler(
        device_type=NETMIKO[platform], host=endpoint.host, port=endpoint.port, username=USER, password=password, fast_cli=False
    )


def _body(text: str) -> list[str]:
    return [line.rstrip() for line in strip_header(text).strip("\n").split("\n")]


@pytest.mark.parametrize("batch", range(len(batches())))
def test_every_real_config_round_trips_over_netmiko(seeded_lab: tuple[Path, dict[str, str]], batch: int) -> None:
    seeds, env = seeded_lab
    chosen = batches()[batch]
    for host, (platform, path) in chosen.items():
        (seeds / f"{host}.cfg").write_text(with_lab_account(path.read_text(), platform))
    started = _cli(env, "lab", "up", DEMO / "site_registry.yml", "--seed", seeds, "--port", PORT)
    assert started.returncode == 0, started.stderr + started.stdout
    for host, (platform, path) in chosen.items():
        connection = _connect(env, host, platform)
        printed = connection.send_command("show running-config", read_timeout=30)  # type: ignore[attr-defined]
        connection.disconnect()  # type: ignore[attr-defined]
        expected = _body(with_lab_account(path.read_text(), platform))
        assert _body(printed) == expected, f"{path.name} on {host}"


def test_seed_dir_naming_an_unknown_device_is_refused(seeded_lab: tuple[Path, dict[str, str]]) -> None:
    seeds, env = seeded_lab
    (seeds / "no-such-switch.cfg").write_text("hostname x\n")
    result = _cli(env, "lab", "up", DEMO / "site_registry.yml", "--seed", seeds, "--port", PORT)
    assert result.returncode != 0
    assert "no-such-switch" in result.stdout + result.stderr


def _locked_out(env: dict[str, str], host: str, platform: str) -> bool:
    try:
        _connect(env, host, platform).disconnect()  # type: ignore[attr-defined]
    except NetmikoAuthenticationException:
        return True
    return False


@pytest.mark.parametrize(
    "cut",
    [
        pytest.param(["interface Vlan2", " shutdown"], id="mgmt-svi-shut"),
        pytest.param(["interface Vlan2", " ip address 192.0.2.10 255.255.255.0"], id="mgmt-svi-readdressed"),
        pytest.param(["no interface Vlan2"], id="mgmt-svi-removed"),
        pytest.param(["no ip default-gateway"], id="default-gateway-removed"),
    ],
)
def test_cutting_the_way_in_locks_the_device_until_reload(seeded_lab: tuple[Path, dict[str, str]], cut: list[str]) -> None:
    """C9200L on 17.9 (oxidized capture): management on Vlan2 10.42.11.42, `ip default-gateway 10.41.11.1`."""
    seeds, env = seeded_lab
    path = REAL / "cisco_ios" / "c9200l-17.9-oxidized.cfg"
    assert "ip default-gateway 10.41.11.1" in path.read_text()
    (seeds / "bkt-sw-01.cfg").write_text(with_lab_account(path.read_text(), "cisco_ios"))
    assert _cli(env, "lab", "up", DEMO / "site_registry.yml", "--seed", seeds, "--port", PORT).returncode == 0
    connection = _connect(env, "bkt-sw-01", "cisco_ios")
    with pytest.raises(Exception):  # noqa: B017, PT011 - the session is cut under the administrator (OSError or a read timeout)
        _push_and_look(connection, cut)
    assert _locked_out(env, "bkt-sw-01", "cisco_ios")
    assert _cli(env, "lab", "reload", "bkt-sw-01").returncode == 0
    assert not _locked_out(env, "bkt-sw-01", "cisco_ios")


def test_removing_the_own_account_fails_the_next_login_until_reload(seeded_lab: tuple[Path, dict[str, str]]) -> None:
    """As on IOS: the open session goes on, the next login with that account is refused."""
    seeds, env = seeded_lab
    path = REAL / "cisco_ios" / "c9300-24ux-17.12-netcanon-contrib.cfg"
    (seeds / "gew-sw-01.cfg").write_text(with_lab_account(path.read_text(), "cisco_ios"))
    assert _cli(env, "lab", "up", DEMO / "site_registry.yml", "--seed", seeds, "--port", PORT).returncode == 0
    connection = _connect(env, "gew-sw-01", "cisco_ios")
    connection.send_config_set([f"no username {USER}"])  # type: ignore[attr-defined]
    assert f"username {USER}" not in connection.send_command("show running-config")  # type: ignore[attr-defined]
    connection.disconnect()  # type: ignore[attr-defined]
    assert _locked_out(env, "gew-sw-01", "cisco_ios")
    assert _cli(env, "lab", "reload", "gew-sw-01").returncode == 0
    assert not _locked_out(env, "gew-sw-01", "cisco_ios")


def test_a_harmless_change_keeps_the_session_and_login(seeded_lab: tuple[Path, dict[str, str]]) -> None:
    seeds, env = seeded_lab
    path = REAL / "cisco_ios" / "c9200l-17.9-oxidized.cfg"
    (seeds / "bkt-sw-01.cfg").write_text(with_lab_account(path.read_text(), "cisco_ios"))
    assert _cli(env, "lab", "up", DEMO / "site_registry.yml", "--seed", seeds, "--port", PORT).returncode == 0
    connection = _connect(env, "bkt-sw-01", "cisco_ios")
    connection.send_config_set(["interface Vlan2", " description mgmt"])  # type: ignore[attr-defined]
    assert " description mgmt\n" in connection.send_command("show running-config")  # type: ignore[attr-defined]
    connection.disconnect()  # type: ignore[attr-defined]
    assert not _locked_out(env, "bkt-sw-01", "cisco_ios")
    assert _locked_out_with(env, "wrong-password")


def _locked_out_with(env: dict[str, str], password: str) -> bool:
    try:
        _connect(env, "bkt-sw-01", "cisco_ios", password=password).disconnect()  # type: ignore[attr-defined]
    except NetmikoAuthenticationException:
        return True
    return False


def _push_and_look(connection: object, lines: list[str]) -> None:
    connection.send_config_set(lines, read_timeout=10)  # type: ignore[attr-defined]
    connection.send_command("show clock", read_timeout=5)  # type: ignore[attr-defined]
