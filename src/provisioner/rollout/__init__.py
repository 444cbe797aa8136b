"""The rollout runner: waves of ansible-runner runs over the site structure, recorded in provisioner.records."""

from __future__ import annotations

from provisioner.rollout.engine import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_REFUSED, recover, run_rollout
from provisioner.rollout.errors import RolloutRefused
from provisioner.rollout.request import NullObserver, Observer, RolloutRequest, RolloutResult

__all__ = [
    "EXIT_FAILED",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_REFUSED",
    "NullObserver",
    "Observer",
    "RolloutRefused",
    "RolloutRequest",
    "RolloutResult",
    "recover",
    "run_rollout",
]
