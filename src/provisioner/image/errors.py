"""Errors of the image builder."""

from __future__ import annotations

from provisioner.errors import ProvisionerError


class ImageError(ProvisionerError):
    """An image cannot be built; the message names every problem found and its fix."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems) if len(problems) > 1 else problems[0])
