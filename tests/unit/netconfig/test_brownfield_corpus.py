"""Plan from every real running config (tests/fixtures/real) to a demo switch's intended config.

The plan must leave unmanaged lines alone: no negation of a line the project does not own, no
removal of users, aaa, vty, ssh, crypto, VRF or Port-channel lines, no `no X` turned into `X`,
banners untouched, and the lockout guard passes or refuses with a named rule.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from provisioner.netconfig.blocks import split_blocks
from provisioner.netconfig.guard import RULES, LockoutError, check_plan, management_first, violations
from provisioner.netconfig.lines import split_intended
from provisioner.netconfig.remediation import remediation
from provisioner.netconfig.scope import Scope, plan_scope
from provisioner.netconfig.writeonly import merge_write_only, split_write_only, strip_write_only
from tests.unit.netconfig.demo_switch import demo_intended

REAL = Path(__file__).resolve().parents[2] / "fixtures" / "real"
HIER = {"cisco_ios": "CISCO_IOS", "aruba_osswitch": "HP_PROCURVE"}
CASES = [pytest.param(p, path, id=path.name) for p in HIER for path in sorted((REAL / p).glob("*.cfg"))]
PROTECTED = ("username", "aaa", "line vty", "ip ssh", "crypto", "vrf", "ip vrf", "interface Port-channel", "password")


def _plan(platform: str, path: Path) -> tuple[str, Scope, list[str]]:
    hier = HIER[platform]
    visible, hidden = split_write_only(platform=hier, lines=split_intended(demo_intended(platform)))
    running = strip_write_only(platform=hier, text=path.read_text())
    scope = plan_scope(platform=hier, running=running, intended="\n".join(visible), session_host="127.0.0.1")
    planned = remediation(platform=hier, running=scope.view(running), intended=scope.intended).commands
    commands = management_first(platform=hier, running=running, commands=merge_write_only(commands=planned, hidden=hidden, rotate=False))
    return running, scope, commands


def _top(commands: list[str]) -> list[str]:
    return [c for c in commands if not c[:1].isspace()]


@pytest.mark.parametrize(("platform", "path"), CASES)
def test_no_unmanaged_top_level_line_is_negated(platform: str, path: Path) -> None:
    _, scope, commands = _plan(platform, path)
    negated = {c.removeprefix("no ") for c in _top(commands) if c.startswith("no ")}
    assert scope.unmanaged
    assert not negated & set(scope.unmanaged)
    assert not [c for c in _top(commands) if c.startswith("no ") and c.removeprefix("no ") not in scope.view(path.read_text())]


@pytest.mark.parametrize(("platform", "path"), CASES)
def test_no_user_aaa_vty_ssh_crypto_vrf_or_port_channel_is_removed(platform: str, path: Path) -> None:
    _, _, commands = _plan(platform, path)
    removed = [c for c in _top(commands) if c.startswith(("no ", "default "))]
    assert not [c for c in removed if c.split(" ", 1)[1].startswith(PROTECTED)]


@pytest.mark.parametrize(("platform", "path"), CASES)
def test_no_device_negation_is_flipped_unless_owned(platform: str, path: Path) -> None:
    running, scope, commands = _plan(platform, path)
    intended = set(split_intended(scope.intended))
    device_no = {b.header.removeprefix("no ") for b in split_blocks(running) if b.header.startswith("no ")}
    assert not [c for c in _top(commands) if c in device_no and c not in intended]
    for block in split_blocks(running):  # children: `no X` inside an unowned part never becomes `X`
        owned = {ln.strip() for ln in split_blocks(scope.view(block.header + "\n" + "\n".join(block.body)))[0].body} if scope.view(
            "\n".join(block.lines)
        ) else set()
        for child, _ in block.children():
            if child.startswith("no ") and child not in owned:
                assert f" {child.removeprefix('no ')}" not in _block_commands(commands, block.header)


def _block_commands(commands: list[str], header: str) -> list[str]:
    out, inside = [], False
    for command in commands:
        if not command[:1].isspace():
            inside = command == header
        elif inside:
            out.append(" " + command.strip())
    return out


@pytest.mark.parametrize(("platform", "path"), CASES)
def test_banners_are_untouched(platform: str, path: Path) -> None:
    _, _, commands = _plan(platform, path)
    assert not [c for c in commands if "banner" in c or c.strip() in ("^C", "^CC")]


@pytest.mark.parametrize(("platform", "path"), CASES)
def test_the_lockout_guard_passes_or_names_a_rule_and_line(platform: str, path: Path) -> None:
    running, _, commands = _plan(platform, path)
    found = violations(platform=HIER[platform], running=running, commands=commands, login_user="admin", session_host="127.0.0.1")
    rules = {rule.id for rule in RULES}
    assert all(v.split(" ", 2)[1] in rules and "): " in v for v in found)
    if found:
        with pytest.raises(LockoutError, match="nothing was sent"):
            check_plan(platform=HIER[platform], running=running, commands=commands, login_user="admin", session_host="127.0.0.1")


@pytest.mark.parametrize(("platform", "path"), CASES)
def test_a_second_plan_after_the_push_is_empty(platform: str, path: Path) -> None:
    from hier_config import Platform, get_hconfig

    running, scope, commands = _plan(platform, path)
    hier = HIER[platform]
    device = get_hconfig(Platform[hier], scope.view(running))  # the owned part: what the push can change
    after = "\n".join(device.future(get_hconfig(Platform[hier], "\n".join(commands))).dump_simple())
    assert remediation(platform=hier, running=scope.view(after), intended=scope.intended).commands == []
