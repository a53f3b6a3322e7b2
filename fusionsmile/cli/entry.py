"""The `fusionsmile` command: the top-level parser, which gathers every command.

Only this module imports the command modules; they share `cli.common` and never import
each other, so the imports run one way.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from fusionsmile.cli.common import fail
from fusionsmile.cli.design import info, layers, moods, new, palettes, schema, validate
from fusionsmile.cli.export import export
from fusionsmile.cli.film import film
from fusionsmile.cli.gallery import gallery_app
from fusionsmile.cli.photo import photo
from fusionsmile.cli.quilt import quilt
from fusionsmile.cli.render import animate, render, sheet

app = typer.Typer(
    help="FusionSmile: design true-to-life smiles with living bioluminescent glow.\n\n"
    "With no command, opens the app.",
    invoke_without_command=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def launch_app(path: Path | None) -> NoReturn:
    """Open the desktop app. Qt is imported by name only here: every other command runs
    on a machine without a display, and import-linter keeps Qt out of this module."""
    import importlib

    try:
        app_main = importlib.import_module("fusionsmile.app.main")
    except ImportError as error:
        fail(f"the app cannot start: {error} (install FusionSmile with its Qt dependencies)")
    raise typer.Exit(app_main.run(path))


@app.callback()
def start(context: typer.Context) -> None:
    if context.invoked_subcommand is None:
        launch_app(None)


@app.command("open")
def open_design(
    path: Annotated[Path, typer.Argument(help="design JSON or a FusionSmile PNG")],
) -> None:
    """Open a design in the app."""
    if not path.is_file():
        fail(f"{path}: no such file")
    launch_app(path)


# In this order in `fusionsmile --help`.
for command in (
    new, layers, palettes, moods, schema, validate, info,
    render, animate, sheet, export, photo, film, quilt,
):  # fmt: skip
    app.command()(command)
app.add_typer(gallery_app, name="gallery")


def main() -> None:
    """Console entry point."""
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
