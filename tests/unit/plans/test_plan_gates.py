"""The gates a rollout runs after planning its waves: change windows and the plan's registry state."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from provisioner.netconfig.masking import Masker
from provisioner.plans.gates import source_gate, window_gate
from provisioner.records.models import Options, WavePlan
from provisioner.rollout.errors import RolloutRefused
from provisioner.rollout.request import Prepared, RolloutRequest

SITE = "gs-am-stadtpark"
# Wednesday 2 December 2026, 10:00 in Berlin; the window opens on Saturdays only.
MOMENT = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.UTC)
CONTROL = """
change_control:
  windows:
    weekends: {weekly: [{days: [sat], start: "08:00", end: "12:00"}]}
  site_types: {school: weekends}
"""


def _prepared(registry: Path, digest: str = "d1") -> Prepared:
    wave = WavePlan(index=0, name="wave 1", sites=(SITE,), hosts=("gsp-sw-01",))
    return Prepared(
        options=Options(playbook="p.yml"), waves=(wave,), site_of={}, masker=Masker(), registry_digest=digest, registry_path=str(registry)
    )


@pytest.fixture
def registry(base_registry: Path) -> Path:
    org = base_registry / "org.yml"
    org.write_text(org.read_text() + CONTROL)
    return base_registry


def test_a_closed_site_is_refused_with_its_next_window(registry: Path) -> None:
    gate = window_gate(override=None, now=lambda: MOMENT)
    with pytest.raises(RolloutRefused, match="outside its change window") as refused:
        gate(RolloutRequest(playbook=Path("p.yml")), _prepared(registry))
    assert refused.value.errors == [f"{SITE}: window 'weekends' is closed; next window: Sat 2026-12-05 08:00 - 12:00 CET"]


def test_check_mode_and_an_override_pass(registry: Path) -> None:
    window_gate(override=None, now=lambda: MOMENT)(RolloutRequest(playbook=Path("p.yml"), check=True), _prepared(registry))
    window_gate(override="emergency", now=lambda: MOMENT)(RolloutRequest(playbook=Path("p.yml")), _prepared(registry))
    saturday = dt.datetime(2026, 12, 5, 9, 0, tzinfo=dt.UTC)
    window_gate(override=None, now=lambda: saturday)(RolloutRequest(playbook=Path("p.yml")), _prepared(registry))


def test_a_plan_of_another_registry_state_or_commit_is_refused(registry: Path, tmp_path: Path) -> None:
    request = RolloutRequest(playbook=Path("p.yml"), cwd=tmp_path)  # not a git checkout: commit None
    source_gate(registry_digest="d1", commit=None)(request, _prepared(registry))
    with pytest.raises(RolloutRefused, match="another registry state") as refused:
        source_gate(registry_digest="d0", commit="abc123")(request, _prepared(registry))
    assert [e.split(":")[0] for e in refused.value.errors] == ["registry digest", "git commit"]
