"""typer callbacks shared by the commands: arguments are checked before anything runs or is written."""

from __future__ import annotations

from pathlib import Path

import typer

from provisioner.paths import output_path_problem
from provisioner.registry.types import IdentifierError, check_host_name, check_identifier


def site_id(value: str) -> str:
    """A site id is an identifier before it is used in a path (`--site ../../x` is refused)."""
    try:
        return check_identifier(value, what="site")
    except IdentifierError as exc:
        raise typer.BadParameter(str(exc)) from None


def site_ids(values: list[str] | None) -> list[str] | None:
    """A repeatable --site: each one an identifier."""
    return [site_id(v) for v in values] if values else values


def host_name(value: str) -> str:
    """A device or client name is a host name before it is used in a path (`lab show ../x` is refused)."""
    try:
        return check_host_name(value)
    except IdentifierError as exc:
        raise typer.BadParameter(str(exc)) from None


def output_file(value: Path | None) -> Path | None:
    """--json, --junit, --out FILE: writable, checked before the run starts, not after it."""
    problem = output_path_problem(value) if value is not None else None
    if problem is not None:
        raise typer.BadParameter(f"{value} {problem}")
    return value


def output_dir(value: Path) -> Path:
    """--out DIR: creatable or a writable directory."""
    problem = output_path_problem(value, directory=True)
    if problem is not None:
        raise typer.BadParameter(f"{value} {problem}")
    return value
