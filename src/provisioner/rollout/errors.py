"""Why a rollout refuses to start; the CLI maps these to exit code 2."""

from __future__ import annotations

from collections.abc import Sequence

from provisioner.errors import ProvisionerError


class RolloutRefused(ProvisionerError):
    """The rollout cannot start (invalid input or registry, site locked); nothing ran."""

    def __init__(self, message: str, errors: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.errors = list(errors)
