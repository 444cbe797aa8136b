"""The one exception family that provisioner raises; only the CLI turns it into exit codes."""

from __future__ import annotations


class ProvisionerError(Exception):
    """Base of every error provisioner raises."""
