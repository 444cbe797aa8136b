"""Semantic checks over a schema-valid registry. Every check is linear in the registry size."""

from __future__ import annotations

from provisioner.registry.checks import cli, network, presence, references, separation, unique, wlan
from provisioner.registry.issues import Issue
from provisioner.registry.load import Registry


def run_checks(registry: Registry) -> list[Issue]:
    """Run every check and return all issues found, in a stable order."""
    issues: list[Issue] = []
    for check in (presence.check, references.check, unique.check, network.check, cli.check, wlan.check, separation.check):
        issues.extend(check(registry))
    return issues
