"""The `provisioner` command: the only place that prints or exits."""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from provisioner.cli import image as image_cli
from provisioner.cli import lab as lab_cli
from provisioner.cli import registry as registry_cli
from provisioner.cli import rollout as rollout_cli
from provisioner.errors import ProvisionerError

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Configure the city's school IT from the site registry.")
app.command("validate")(registry_cli.validate)
app.command("inventory")(registry_cli.inventory)
app.add_typer(registry_cli.registry_app, name="registry")
app.add_typer(lab_cli.app, name="lab")
rollout_cli.register(app)
app.add_typer(image_cli.app, name="image")

EXIT_OK, EXIT_FAILED, EXIT_INVALID, EXIT_INTERRUPTED = 0, 1, 2, 3


def main() -> None:
    """Entry point: library errors become one clear message and exit code 2."""
    try:
        app()
    except ProvisionerError as exc:
        Console(stderr=True).print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
        sys.exit(EXIT_INVALID)
    except KeyboardInterrupt:
        sys.exit(EXIT_INTERRUPTED)
