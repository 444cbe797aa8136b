# Copyright: provisioner contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Thin adapter: Ansible's callback events -> provisioner.rollout.recorder -> the records database."""

from __future__ import annotations

DOCUMENTATION = r"""
name: records
type: notification
version_added: "0.1.0"
author: provisioner contributors
short_description: Record plain ansible-playbook and AWX runs in the provisioner records database
description:
  - Writes the same records as C(provisioner rollout) (who ran what, from which commit, with which options, and what
    changed or failed on each host, secrets masked) for runs started by plain C(ansible-playbook) (trigger
    C(ansible-playbook)) or by AWX (trigger C(awx), with the launching user and the job id), so C(provisioner history)
    and C(provisioner show) list them too.
  - A run is one wave. It starts at the first play; a run ended before the recap is marked C(interrupted) by the next
    C(provisioner history) or C(provisioner rollout).
  - Waves of C(provisioner rollout) and C(provisioner image build) runs are not recorded twice (they set
    C(PROVISIONER_RECORDED_BY)).
  - A failure to record is a warning; it never fails the play.
requirements:
  - the C(provisioner) Python package on the controller (in AWX, in the execution environment)
  - enable it with C(callbacks_enabled = schulit.provisioner.records) in ansible.cfg or C(ANSIBLE_CALLBACKS_ENABLED)
options:
  db:
    description:
      - The records database. Unset means C($PROVISIONER_DB), else C(<state dir>/rollouts.db) where the state dir is
        C($PROVISIONER_STATE_DIR) or C(./.provisioner). In AWX, point it at a persistent volume or it is lost with the job's container.
    type: path
    env:
      - name: PROVISIONER_RECORDS_DB
    ini:
      - section: provisioner_records
        key: db
"""

EXAMPLES = r"""
# ansible.cfg
# [defaults]
# callbacks_enabled = schulit.provisioner.records
#
# [provisioner_records]
# db = /var/lib/provisioner/rollouts.db
"""

import os
from pathlib import Path
from typing import Any

from ansible import context
from ansible.plugins.callback import CallbackBase

from provisioner.records import RecordStore, default_db_path
from provisioner.rollout.recorder import PlainRun, RunRecorder, is_recorded_elsewhere, masker_of


class CallbackModule(CallbackBase):
    """Start a record at the first play, collect results, close it at the recap."""

    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "notification"
    CALLBACK_NAME = "schulit.provisioner.records"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, display: Any = None) -> None:
        super().__init__(display=display)
        self._playbook = ""
        self._recorder: RunRecorder | None = None
        self._off = is_recorded_elsewhere()

    def v2_playbook_on_start(self, playbook: Any) -> None:
        self._playbook = str(Path(playbook._file_name).absolute())

    def v2_playbook_on_play_start(self, play: Any) -> None:
        self._guarded(self._play_start, play)

    def _play_start(self, play: Any) -> None:
        manager = play.get_variable_manager()
        hosts = {h.name: str(h.vars.get("site_id") or "") for h in manager._inventory.get_hosts(play.hosts)}
        if self._recorder is not None:
            self._recorder.play(hosts=hosts)
            return
        run = _plain_run(self._playbook, dict(manager.extra_vars), hosts)
        db = Path(self.get_option("db") or default_db_path())
        db.parent.mkdir(parents=True, exist_ok=True)
        self._recorder = RunRecorder(store=RecordStore(path=db), masker=masker_of(run))
        self._recorder.start(run=run)

    def v2_runner_on_ok(self, result: Any) -> None:
        self._event("runner_on_ok", result)

    def v2_runner_on_failed(self, result: Any, ignore_errors: bool = False) -> None:
        self._event("runner_on_failed", result, ignore_errors=ignore_errors)

    def v2_runner_on_unreachable(self, result: Any) -> None:
        self._event("runner_on_unreachable", result)

    def v2_playbook_on_stats(self, stats: Any) -> None:
        if self._recorder is None:
            return
        counts = {key: dict(getattr(stats, key)) for key in ("ok", "changed", "failures", "dark", "skipped", "rescued", "ignored")}
        self._guarded(self._recorder.event, name="playbook_on_stats", data=counts)
        self._guarded(self._finish)

    def _finish(self) -> None:
        assert self._recorder is not None
        self._recorder.finish()
        self._recorder.store.close()
        self._recorder = None

    def _event(self, name: str, result: Any, **extra: Any) -> None:
        if self._recorder is None:
            return
        task = result._task
        data = {"host": result._host.get_name(), "task": task.get_name(), "resolved_action": task.resolved_action or task.action,
                "res": dict(result._result), **extra}
        self._guarded(self._recorder.event, name=name, data=data)

    def _guarded(self, call: Any, *args: Any, **kwargs: Any) -> None:
        """Recording never fails a play: an error turns this callback off with one warning."""
        if self._off:
            return
        try:
            call(*args, **kwargs)
        except Exception as exc:  # any failure to record is reported, not raised
            self._off = True
            self._display.warning(f"schulit.provisioner.records: not recording this run: {type(exc).__name__}: {exc}")


def _plain_run(playbook: str, extra_vars: dict[str, Any], hosts: dict[str, str]) -> PlainRun:
    args = context.CLIARGS
    return PlainRun(
        playbook=playbook,
        inventory=tuple(os.path.abspath(i) if os.path.exists(i) else i for i in args.get("inventory") or ()),
        limit=args.get("subset") or None,
        tags=tuple(t for t in args.get("tags") or () if t != "all"),
        skip_tags=tuple(args.get("skip_tags") or ()),
        check=bool(args.get("check")),
        diff=bool(args.get("diff")),
        extra_vars=extra_vars,
        hosts=hosts,
    )
