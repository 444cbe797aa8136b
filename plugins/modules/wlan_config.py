"""Documentation and argument spec of the wlan_config action (the work happens in plugins/action)."""

from __future__ import annotations

DOCUMENTATION = r"""
---
module: wlan_config
short_description: Diff-first configuration of a WLAN controller, one transaction per site
description:
  - Configures one WLAN controller (Catalyst 9800) for the sites in the play over one SSH session.
    Run it with C(run_once=true) from a play over C(role_access_point) and C(role_wlan_controller);
    the AP hosts say which sites are in scope, and none of them costs an SSH session.
  - Scope. A site with AP hosts is in scope when one of them is in the play, so C(--limit) is
    obeyed. If the controller itself is in the play, the sites without AP hosts are in scope too,
    and the run also removes what belongs to sites that no longer exist on this controller and the
    WLANs (C(wl_*)) org.yml no longer has. A whole-city run has both, so it converges everything.
  - Each site is its own transaction (its flex and policy profiles, site and policy tags, AP
    entries), with the same contract as M(schulit.provisioner.net_config) - read, remediation with hier_config,
    push only that, verify, roll back that site alone on failure. WLANs are a transaction of
    their own before the sites. The controller is saved once at the end.
  - Objects provisioner owns are named C(wl_<ssid profile>), C(pp_<site>_<zone>), C(fp_<site>),
    C(st_<site>) and C(pt_<site>); C(ap <mac>) entries belong to the site the registry gives the MAC
    (else the site their tags name). Everything else on the controller is left alone.
  - After the config, every joined AP of the scope gets its registry name (exec mode,
    C(ap name <old> name <new>)); APs not joined yet are listed in C(not_joined).
  - PSK lines are write-only (the controller shows them encrypted); they are pushed with a new
    WLAN, or with O(rotate_secrets=true). Every secret is masked in everything returned.
version_added: "0.1.0"
author: provisioner
options:
  controller:
    description: Inventory name of the controller (a host of C(role_wlan_controller)).
    type: str
    required: true
  intended:
    description:
      - The controller's intended wireless config for all its sites, already rendered.
      - Exactly one of O(intended) and O(template) is required.
    type: str
  template:
    description:
      - Name of the role's template (C(cisco_c9800.j2)), rendered by provisioner's guarded renderer with
        C(wlan) set to the controller's C(wlan_ssids) and C(wlan_sites). A value with a line break, a control
        character or a character the controller's CLI cannot take fails the run, naming the variable.
    type: str
  backup_dir:
    description: Folder for masked pre-change backups (default C(<state_dir>/backups)).
    type: path
  save:
    description: Save (C(write memory)) once after the run if anything was pushed.
    type: bool
    default: true
  rotate_secrets:
    description: Push the PSKs of all WLANs even if the WLANs exist.
    type: bool
    default: false
  timeout:
    description: Seconds to wait for the SSH connection and the login.
    type: int
    default: 20
  allow_removals:
    description:
      - Let a plan remove more than max(10%, 20) of the device's owned objects, or every object of a
        kind (all APs, all WLANs, all VLANs). Without it such a plan fails before anything is pushed
        (provisioner.netconfig.removals). C(provisioner rollout --allow-removals) sets it for a run.
    type: bool
    default: false
attributes:
  action:
    support: full
    description: The work happens in the action plugin C(schulit.provisioner.wlan_config) on the controller.
  async:
    support: none
  check_mode:
    support: full
    description: Reads once, reports per site the exact commands and renames; sends nothing.
  diff_mode:
    support: full
    description: One diff per changed transaction (masked), headed C(<controller> [<site>]).
  platform:
    support: full
    platforms: [cisco_c9800]
    description: Cisco Catalyst 9800 WLAN controllers (IOS-XE).
requirements:
  - the C(provisioner) Python package on the controller, with netmiko and hier_config
notes:
  - Run it once per play (C(run_once=true)); the AP hosts only choose the sites in scope.
seealso:
  - module: schulit.provisioner.net_config
"""

EXAMPLES = r"""
- name: Configure the controllers for the sites in the play (the role's template, guarded renderer)
  schulit.provisioner.wlan_config:
    controller: "{{ item }}"
    template: cisco_c9800.j2
    backup_dir: /srv/backups
    timeout: 40
  loop: "{{ groups['role_wlan_controller'] }}"
  run_once: true

- name: Rotate every WLAN's PSK, save at the end
  schulit.provisioner.wlan_config:
    controller: wlc-central
    intended: "{{ lookup('ansible.builtin.template', 'cisco_c9800.j2', template_vars={'wlan': hostvars['wlc-central']}) }}"
    rotate_secrets: true
    save: true
  run_once: true

- name: A city-wide run after deleting several sites
  schulit.provisioner.wlan_config:
    controller: wlc-central
    template: cisco_c9800.j2
    allow_removals: true
  run_once: true
"""

RETURN = r"""
changed:
  description: Whether config lines were (or would be) sent or APs renamed.
  type: bool
  returned: always
scope:
  description: The site ids converged in this run.
  type: list
  elements: str
  returned: unless skipped
  sample: ["gs-am-stadtpark", "lmg"]
full:
  description: Whether leftovers of removed sites and WLANs were cleaned up.
  type: bool
  returned: unless skipped
sites:
  description:
    - Per transaction (site id, C(wlans), C(removed sites), C(removed wlans)) - changed, commands,
      renames, not_joined, failed, msg, rolled_back, backup_path.
  type: dict
  returned: unless skipped
commands:
  description: All config lines and renames sent (or to be sent in check mode), masked.
  type: list
  elements: str
  returned: unless skipped
controller:
  description: The controller's inventory name (also as C(provisioner_device), for the run records).
  type: str
  returned: unless skipped
provisioner_hosts:
  description: Per AP host of the play, its own outcome (changed when its entry was pushed or it was renamed, failed with its site).
  type: dict
  returned: unless skipped
msg:
  description: Which parts failed and why; the other parts were applied.
  type: str
  returned: on failure
diff:
  description: Masked config before and after, one entry per changed transaction.
  type: list
  elements: dict
  returned: when diff mode is on and something changed
"""
