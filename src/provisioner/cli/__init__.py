"""The `provisioner` command: the only place that prints or exits."""

from __future__ import annotations

import os
import sys
from importlib.metadata import PackageNotFoundError, version
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from provisioner.cli import day2 as day2_cli
from provisioner.cli import hostkeys as hostkeys_cli
from provisioner.cli import image as image_cli
from provisioner.cli import lab as lab_cli
from provisioner.cli import plans as plans_cli
from provisioner.cli import registry as registry_cli
from provisioner.cli import rollout as rollout_cli
from provisioner.errors import ProvisionerError

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Configure the city's school IT from the site registry.")
app.command("validate")(registry_cli.validate)
app.command("inventory")(registry_cli.inventory)
app.add_typer(registry_cli.registry_app, name="registry")
app.add_typer(lab_cli.app, name="lab")
rollout_cli.register(app)
plans_cli.register(app)
app.add_typer(image_cli.app, name="image")
app.add_typer(hostkeys_cli.app, name="hostkeys")


def _print_version(value: bool) -> None:
    if value:
        try:
            found = version("provisioner")
        except PackageNotFoundError:
            found = "unknown (not installed)"
        typer.echo(f"provisioner {found}")
        raise typer.Exit()


@app.callback()
def _root(
    show_version: Annotated[
        bool, typer.Option("--version", is_eager=True, callback=_print_version, help="Print the version and exit.")
    ] = False,
) -> None:
    """Configure the city's school IT from the site registry."""
day2_cli.register(app)

EXIT_OK, EXIT_FAILED, EXIT_INVALID, EXIT_INTERRUPTED = 0, 1, 2, 3


def main() -> None:
    """Entry point: library errors become one clear message and exit code 2; no traceback reaches a user."""
    try:
        app()
    except ProvisionerError as exc:
        _error(str(exc))
        sys.exit(EXIT_INVALID)
    except KeyboardInterrupt:
        sys.exit(EXIT_INTERRUPTED)
    except OSError as exc:
        _error(f"{exc.strerror or exc}" + (f": {exc.filename}" if exc.filename else "") + " (fix: check the path and its permissions)")
        sys.exit(EXIT_INVALID)
    except Exception as exc:
        if os.environ.get("PROVISIONER_DEBUG"):
            raise
        _error(f"internal error: {type(exc).__name__}: {exc} (please report it; PROVISIONER_DEBUG=1 shows the traceback)")
        sys.exit(EXIT_FAILED)


def _error(message: str) -> None:
    Console(stderr=True).print(f"[red]error:[/red] {escape(message)}", highlight=False, soft_wrap=True)
