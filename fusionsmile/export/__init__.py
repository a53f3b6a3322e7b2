"""Mesh and image writers. Never imports Qt."""

from fusionsmile.core.atomic import atomic_write
from fusionsmile.export.errors import ExportError
from fusionsmile.export.mesh import EXPORTERS, export_mesh

__all__ = ["EXPORTERS", "ExportError", "atomic_write", "export_mesh"]
