"""Documentation of the net_config action (the work and the argument spec are in plugins/action/net_config.py)."""

from __future__ import annotations

DOCUMENTATION = r"""
---
module: net_config
short_description: Diff-first configuration of a network switch (IOS, ArubaOS-Switch)
description:
  - Reads the running config over SSH (netmiko), computes the remediation to O(intended) with
    hier_config, and pushes only those lines. Then re-reads, verifies the remediation is empty
    and saves (C(write memory)).
  - If the push or the verification fails, the device is rolled back to its pre-change config
    (held in memory, unmasked), the rollback is verified, and the host fails with a message that
    says what failed, whether the rollback succeeded and where the masked backup is.
  - Write-only lines (IOS C(snmp-server user), ProCurve C(snmpv3 user) and
    C(password manager ... plaintext)) are never diffed; they are pushed with their anchor (the SNMP
    group line; the hostname line for the ProCurve manager password) when it is new, or when
    O(rotate_secrets=true).
  - Every secret is masked as C(********) in commands, diffs, messages and backups.
  - Scoped ownership (provisioner.netconfig.ownership, one table per platform) - only the lines and sections the
    template renders are compared; everything else on the device is unmanaged, never negated or rewritten, and listed
    in RV(unmanaged). A C(no X) line of the device is never turned into C(X) unless the template owns it.
  - The lockout guard (provisioner.netconfig.guard) checks the planned commands first; a plan that would remove the
    login user, the last privileged user, aaa/vty/ssh/crypto/VRF/Port-channel lines, the gateway, or the address of
    an interface the session may run over is refused with the rule and line named, and nothing is sent.
  - Runs as an action plugin on the controller; use C(ansible_connection=local).
  - Connection data comes from the host's variables C(ansible_host), C(ansible_port),
    C(ansible_user), C(ansible_password) (templated), C(device_netmiko_type),
    C(device_hier_platform) and C(device_name).
version_added: "0.1.0"
author: provisioner
options:
  intended:
    description:
      - The complete intended running config, in the device's own format and order.
      - Exactly one of O(intended) and O(template) is required.
    type: str
  template:
    description:
      - A template (searched like the template module's, e.g. in the role's C(templates/)) that renders
        the intended config. The action renders it with plain Jinja2 from the host's variables, resolved
        by Ansible first (secret expressions evaluated, registry strings left as data). It offers the
        collection's filters by FQCN (C(schulit.provisioner.ios_secret5), C(ios_secret9), C(vlan_ranges),
        C(port_ranges), C(cisco_mac); the short names work too), C(combine), C(difference) and the tests
        C(match), C(search), so a template renders the same through C(lookup('ansible.builtin.template')).
      - Much cheaper per host than C(lookup('ansible.builtin.template')), which copies every variable of
        the host (all groups) for each render; the output is the same (tested).
    type: str
  backup_dir:
    description:
      - Folder for masked pre-change backups, C(<backup_dir>/<device>/<UTC timestamp>.cfg).
      - Defaults to C(<state_dir>/backups), state_dir being C($PROVISIONER_STATE_DIR) or C(./.provisioner).
    type: path
  save:
    description: Save the running config (C(write memory)) after a verified push.
    type: bool
    default: true
  rotate_secrets:
    description: Push write-only credential lines even when their anchor already exists.
    type: bool
    default: false
  secrets:
    description: Extra values to mask in everything returned (the device password is always masked).
    type: list
    elements: str
    default: []
    no_log: true
  timeout:
    description: Seconds to wait for the SSH connection and the login.
    type: int
    default: 20
  purge_vlans:
    description:
      - Remove VLANs the intended config does not name, but only those no port uses after the change.
      - Off by default; unknown VLANs are then only reported in RV(notes).
    type: bool
    default: false
  revert_timer:
    description:
      - Minutes of C(configure terminal revert timer) to push under where the platform has it (IOS-XE with
        C(archive) / C(path) in its config); confirmed with C(configure confirm) after verification. 0 turns it off.
      - Platforms without it (IOS 15, ArubaOS-Switch) are pushed without; the lockout guard and the ordered push still apply.
    type: int
    default: 0
  allow_removals:
    description:
      - Let a plan remove more than max(10%, 20) of the device's owned objects, or every object of a
        kind (all APs, all WLANs, all VLANs). Without it such a plan fails before anything is pushed
        (provisioner.netconfig.removals). C(provisioner rollout --allow-removals) sets it for a run.
    type: bool
    default: false
  plan_file:
    description:
      - Apply exactly an approved plan (C(provisioner apply) writes this file and sets C(provisioner_plan_file)).
        The file holds, per host, the planned (masked) commands and the digest of the running config they were
        planned on. The action re-reads the running config and fails the host as C(STALE) if its digest differs,
        or with C(PLAN MISMATCH) if the commands computed now are not the planned ones; either way nothing is sent.
        A host missing from the file fails with C(NOT PLANNED).
    type: path
attributes:
  action:
    support: full
    description: The work happens in the action plugin C(schulit.provisioner.net_config) on the controller.
  async:
    support: none
  check_mode:
    support: full
    description: Connects and reads, reports C(changed) and the exact C(commands); sends nothing.
  diff_mode:
    support: full
    description: Returns the masked running config before and after (predicted in check mode).
  platform:
    support: full
    platforms: [cisco_ios, aruba_osswitch]
    description: Cisco IOS and IOS-XE switches, HPE ArubaOS-Switch (ProCurve); chosen by C(device_netmiko_type).
requirements:
  - the C(provisioner) Python package (C(pip install provisioner)) on the controller, with netmiko and hier_config
notes:
  - The masked backup cannot be restored as is; automatic rollback uses the in-memory copy.
  - Needs C(ansible_connection=local) for the device hosts; the site_registry inventory sets it.
seealso:
  - module: schulit.provisioner.wlan_config
  - plugin: schulit.provisioner.site_registry
    plugin_type: inventory
"""

EXAMPLES = r"""
- name: Configure the switch from the role's template
  schulit.provisioner.net_config:
    template: cisco_ios.j2
    rotate_secrets: false

- name: Only report what would change
  schulit.provisioner.net_config:
    intended: "{{ lookup('ansible.builtin.template', 'aruba_osswitch.j2') }}"
  check_mode: true

- name: Push under a 5-minute revert timer, keep backups in /srv/backups, purge unused VLANs
  schulit.provisioner.net_config:
    template: cisco_ios.j2
    backup_dir: /srv/backups
    revert_timer: 5
    purge_vlans: true
    timeout: 40
    secrets: ["{{ site_radius_key }}"]

- name: Decommission - let the plan remove most of the owned objects
  schulit.provisioner.net_config:
    template: cisco_ios.j2
    allow_removals: true
    save: true
"""

RETURN = r"""
changed:
  description: Whether config lines were (or in check mode would be) sent.
  returned: always
  type: bool
commands:
  description: The exact lines sent (or to send), secrets masked.
  returned: always
  type: list
  elements: str
  sample: ["interface GigabitEthernet1/0/5", "  description Raum 101"]
diff:
  description: Masked running config before and after (with --diff).
  returned: when diff mode is on
  type: dict
  sample: {"before": "hostname sw1\n", "after": "hostname sw1\nsnmp-server location Raum 101\n"}
backup_path:
  description: The masked backup written before the push.
  returned: when a push was attempted
  type: str
  sample: .provisioner/backups/lmg-sw-a1/20260101T120000Z.cfg
msg:
  description: What failed, whether the rollback succeeded and where the masked backup is.
  returned: on failure
  type: str
rolled_back:
  description: Whether the rollback after a failed push was verified.
  returned: when a push failed
  type: bool
unmanaged:
  description: Running-config lines the project does not own (left alone); children as C(header / child).
  returned: always
  type: list
  elements: str
notes:
  description: What the engine left in place or decided (old management address kept, VLANs not purged, revert timer).
  returned: always
  type: list
  elements: str
running_digest:
  description: sha256 of the running config read before planning (what C(provisioner plan) records).
  returned: when the device was read
  type: str
timings:
  description: Seconds spent in render, connect, read, plan, push, verify, save, rollback.
  returned: always
  type: dict
  sample: {"render": 0.01, "connect": 0.4, "read": 0.1, "plan": 0.02}
"""


def main() -> None:
    from ansible.module_utils.basic import AnsibleModule

    # The argument spec lives with the action (plugins/action/net_config.py), which does the work.
    module = AnsibleModule(argument_spec={}, supports_check_mode=True, bypass_checks=True)
    module.fail_json(msg="net_config runs as an action plugin on the controller: call it as schulit.provisioner.net_config")


if __name__ == "__main__":
    main()
