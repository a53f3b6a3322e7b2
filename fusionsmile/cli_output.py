"""What the command line prints: every line made safe for a terminal.

Titles, authors, keys and paths reach our output from strangers' files (bundles, git
remotes, designs), and a terminal obeys the escape sequences they may hold (set the
window title, clear the screen). Every line goes through `echo`, which shows control
characters escaped; fields that may hold a newline of their own are escaped where they
are formatted (`shown`), so one item stays one line.
"""

from __future__ import annotations

from typing import NoReturn

import typer

from fusionsmile.core.untrusted_text import escape_controls

shown = escape_controls  # a field from a file, inside a line we format


def echo(text: str = "", err: bool = False) -> None:
    """Print text (lines separated by newlines), control characters escaped."""
    typer.echo("\n".join(escape_controls(line) for line in text.split("\n")), err=err)


def fail(message: str, code: int = 1) -> NoReturn:
    """One line on stderr and exit with code."""
    echo(f"fusionsmile: {escape_controls(message)}", err=True)
    raise typer.Exit(code)
