"""apply_transactions: scoped parts of one device over one session, each diff-first on its own."""

from __future__ import annotations

from collections.abc import Callable

from conftest import PLANTED, FakeDevice
from provisioner.netconfig import ApplyOptions, DeviceTarget
from provisioner.netconfig.engine import apply_transactions
from provisioner.netconfig.models import Transaction

RUNNING = "hostname wlc\nvlan 10\n name a\nvlan 20\n name b\nvlan 30\n name keep-me"


def _vlans(*ids: int) -> Callable[[str], str]:
    """A view: the `vlan N` blocks with these ids."""

    def view(text: str) -> str:
        out, keep = [], False
        for line in text.splitlines():
            if not line.startswith(" "):
                keep = line.startswith("vlan ") and int(line.split()[1]) in ids
            if keep:
                out.append(line)
        return "\n".join(out)

    return view


def _parts(a: str, b: str) -> list[Transaction]:
    return [Transaction("a", a, _vlans(10)), Transaction("b", b, _vlans(20, 21))]


def test_a_no_op_reads_once_and_pushes_nothing(target: DeviceTarget, make_device: type[FakeDevice]) -> None:
    device = make_device(RUNNING)
    results = apply_transactions(
        target=target, transactions=_parts("vlan 10\n name a", "vlan 20\n name b"), options=ApplyOptions(), connect=device.connect
    )
    assert [r.changed for r in results] == [False, False]
    assert (device.connects, device.reads, device.pushes, device.saves) == (1, 1, [], 0)


def test_each_part_pushes_only_its_own_lines_and_never_touches_the_rest(target: DeviceTarget, make_device: type[FakeDevice]) -> None:
    device = make_device(RUNNING)
    results = apply_transactions(
        target=target, transactions=_parts("vlan 10\n name a", "vlan 21\n name new"), options=ApplyOptions(), connect=device.connect
    )
    assert results[0].changed is False
    assert results[1].commands == ["vlan 21", "  name new", "no vlan 20"]
    assert device.pushes
    assert all("vlan 30" not in line and "vlan 10" not in line for line in device.pushes[0])
    assert "vlan 30\n  name keep-me" in device.running
    assert "hostname wlc" in device.running
    assert device.saves == 1


def test_a_failing_part_is_rolled_back_alone_and_later_parts_still_run(target: DeviceTarget, make_device: type[FakeDevice]) -> None:
    device = make_device(RUNNING, reject="name bad")
    parts = [Transaction("a", "vlan 10\n name bad", _vlans(10)), Transaction("b", "vlan 20\n name better", _vlans(20))]
    results = apply_transactions(target=target, transactions=parts, options=ApplyOptions(), connect=device.connect)
    assert results[0].failed
    assert results[0].rolled_back
    assert not results[1].failed
    assert results[1].changed
    assert "vlan 10\n  name a" in device.running
    assert "vlan 20\n  name better" in device.running
    assert device.saves == 1


def test_check_mode_reports_every_part_and_sends_nothing(target: DeviceTarget, make_device: type[FakeDevice]) -> None:
    device = make_device(RUNNING)
    results = apply_transactions(
        target=target,
        transactions=_parts("vlan 10\n name x", "vlan 20\n name y"),
        options=ApplyOptions(check=True),
        connect=device.connect,
    )
    assert all(r.changed for r in results)
    assert (device.pushes, device.saves, device.running) == ([], 0, RUNNING)


def test_finish_gets_the_open_session_and_secrets_are_masked(target: DeviceTarget, make_device: type[FakeDevice]) -> None:
    device = make_device(RUNNING)
    seen: list[str] = []
    parts = [Transaction("a", f"vlan 10\n name {PLANTED}", _vlans(10))]
    results = apply_transactions(
        target=target, transactions=parts, options=ApplyOptions(), connect=device.connect, finish=lambda s: seen.append(s.command("show x"))
    )
    assert seen == [""]
    assert device.commands == ["show x"]
    assert device.connects == 1
    assert PLANTED not in " ".join(results[0].commands)
