"""The one error exporters raise: a single line that names the file."""

from __future__ import annotations

from fusionsmile.core.atomic import WriteError

# An export fails as any of our file writes fails (core.atomic writes them all): one
# class, so a caller catching ExportError also catches a failed atomic write.
ExportError = WriteError
