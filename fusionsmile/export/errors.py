"""The one error exporters raise: a single line that names the file."""

from __future__ import annotations


class ExportError(Exception):
    """An export could not be written; the message names the path and the reason."""
