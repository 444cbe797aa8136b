"""The switch role against the lab: idempotence, check mode, one-line changes, faults, secrets.

The tests share one lab and run in file order (each builds on the state the previous left).
"""

from __future__ import annotations

import difflib
import json
import time

import pytest
from switch_lab import PLANTED, SECRETS, SWITCHES, Lab

NAMES = [n for n, _, _ in SWITCHES]


def _same(before: str, after: str, out: str) -> None:
    diff = "\n".join(difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm=""))
    assert before == after, f"{diff}\n--- playbook output ---\n{out[-4000:]}"


NTP3 = json.dumps({"site_ntp_servers": ["10.250.0.1", "10.250.0.2", "10.250.0.3"]})
NTP4 = json.dumps({"site_ntp_servers": ["10.250.0.1", "10.250.0.2", "10.250.0.3", "10.250.0.4"]})
NTP5 = json.dumps({"site_ntp_servers": ["10.250.0.1", "10.250.0.2", "10.250.0.5"]})

pytestmark = pytest.mark.integration


RENDER_BOTH = """
- hosts: role_switch
  gather_facts: false
  vars_files: [{root}/roles/switch/defaults/main.yml, {root}/roles/switch/vars/main.yml]
  tasks:
    - name: Rendered by the action (provisioner.netconfig.template)
      schulit.provisioner.net_config:
        template: "{root}/roles/switch/templates/{{{{ __switch_templates[device_platform] }}}}"
      check_mode: true
      register: fast
    - name: Rendered by Ansible's template lookup
      schulit.provisioner.net_config:
        intended: "{{{{ lookup('ansible.builtin.template', '{root}/roles/switch/templates/' + __switch_templates[device_platform]) }}}}"
      check_mode: true
      register: slow
    - name: Both give the same commands for a factory switch (so the same intended config)
      ansible.builtin.assert:
        that: [fast.commands | length > 20, fast.commands == slow.commands]
"""


def test_the_action_renders_exactly_what_the_template_lookup_renders(lab: Lab, tmp_path_factory: pytest.TempPathFactory) -> None:
    from switch_lab import ROOT

    book = tmp_path_factory.mktemp("render") / "render_both.yml"
    book.write_text(RENDER_BOTH.format(root=ROOT))
    run = lab.playbook(playbook=str(book))
    assert run.rc == 0, run.out[-3000:]
    assert all(run.recap[n]["failed"] == 0 and run.recap[n]["ok"] == 3 for n in NAMES)


def test_check_mode_on_factory_switches_sends_nothing(lab: Lab) -> None:
    before = {n: lab.config(n) for n in NAMES}
    start = time.time()
    run = lab.playbook("--check", "--diff", "-v")
    assert run.rc == 0, run.out[-3000:]
    assert all(run.recap[n]["changed"] == 1 for n in NAMES)
    assert '"commands": [' in run.out
    assert "+hostname sw-ios-1" in run.out  # the --diff shows the predicted change
    assert {n: lab.config(n) for n in NAMES} == before
    assert all(lab.config_lines_since(n, start) == [] for n in NAMES)


def test_first_run_configures_every_switch(lab: Lab) -> None:
    run = lab.playbook("--diff")
    assert run.rc == 0, run.out[-3000:]
    assert all(run.recap[n]["changed"] == 1 and run.recap[n]["failed"] == 0 for n in NAMES)
    assert "hostname sw-ios-1" in lab.config("sw-ios-1")
    assert 'hostname "sw-hp-1"' in lab.config("sw-hp-1")


def test_second_run_sends_no_config_lines(lab: Lab) -> None:
    start = time.time()
    run = lab.playbook()
    assert run.rc == 0, run.out[-3000:]
    assert all(run.recap[n]["changed"] == 0 for n in NAMES)
    assert all(lab.config_lines_since(n, start) == [] for n in NAMES)


def test_one_line_change_pushes_exactly_that_line(lab: Lab) -> None:
    start = time.time()
    run = lab.playbook("-e", NTP3)
    assert run.rc == 0, run.out[-3000:]
    assert lab.config_lines_since("sw-ios-1", start) == ["ntp server 10.250.0.3"]
    assert lab.config_lines_since("sw-hp-1", start) == ["ntp server 10.250.0.3 iburst"]


def test_dropped_session_mid_push_rolls_back_that_host_only(lab: Lab) -> None:
    before = lab.config("sw-ios-1")
    lab.fault("sw-ios-1", drop_after_lines=2)
    try:
        run = lab.playbook("-e", NTP4, "-e", "switch_stp_mode=pvst", "-e", "switch_timeout=5")
    finally:
        lab.fault("sw-ios-1")
    assert run.recap["sw-ios-1"]["failed"] == 1
    assert run.recap["sw-ios-2"]["failed"] == 0
    assert run.recap["sw-ios-2"]["changed"] == 1
    _same(before, lab.config("sw-ios-1"), run.out)
    assert "rolled back to the pre-change config" in run.out
    assert "backup" in run.out


def test_rejected_command_rolls_back_with_a_clear_failure(lab: Lab) -> None:
    before = lab.config("sw-hp-1")
    lab.fault("sw-hp-1", reject_pattern=r"^ntp server 10\.250\.0\.5")
    try:
        run = lab.playbook("-e", NTP5, "-e", "switch_timeout=5")
    finally:
        lab.fault("sw-hp-1")
    assert run.recap["sw-hp-1"]["failed"] == 1
    assert "rejected" in run.out
    assert "rolled back" in run.out
    _same(before, lab.config("sw-hp-1"), run.out)


def test_secrets_never_appear_in_output_backups_or_diffs(lab: Lab) -> None:
    run = lab.playbook("--check", "--diff", "-vvv", "-e", "switch_rotate_secrets=true")
    assert run.rc == 0
    backups = list(lab.backups.rglob("*.cfg"))
    assert backups, "pushes must leave backups"
    texts = [*lab.outputs, *(p.read_text() for p in backups)]
    for secret in SECRETS:
        assert not [t for t in texts if secret in t], f"{secret!r} leaked"
    assert PLANTED not in "".join(texts)
