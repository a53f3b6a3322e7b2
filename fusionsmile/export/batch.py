"""Export one design file to one format: what `fusionsmile export` does per design.

A design file is read, built and composed at `time`, then written by the format's entry
of the exporter registry (export_files: meshes, or a PNG rendered from the design's own
view and lighting). Every failure a design can cause becomes one `DesignExportError`
line naming the file, so a batch reports it and goes on with the next design.
"""

from __future__ import annotations

from pathlib import Path

from fusionsmile.core.design_io import DesignError, read_design
from fusionsmile.core.geometry.dentition import build
from fusionsmile.core.layers.registry import LayerError
from fusionsmile.core.problem_line import problem_line
from fusionsmile.core.scene import design_scene
from fusionsmile.export.errors import ExportError
from fusionsmile.export.exporter import ExportOptions
from fusionsmile.export.mesh import EXPORTERS, export_files

__all__ = ["FORMATS", "DesignExportError", "ExportOptions", "export_design", "out_path"]

FORMATS = tuple(EXPORTERS)
_DEFAULT_OPTIONS = ExportOptions()


class DesignExportError(Exception):
    """One design could not be exported: a single line naming the file and the reason."""


def out_path(design_path: Path, out_dir: Path, fmt: str) -> Path:
    """The file named after the design: designs/smile.json -> OUT_DIR/smile.glb."""
    return out_dir / f"{design_path.stem}.{fmt}"


def export_design(
    design_path: Path, out: Path, fmt: str, options: ExportOptions = _DEFAULT_OPTIONS
) -> list[Path]:
    """Read design_path and write it to out as fmt; returns the files written."""
    try:
        design = read_design(design_path)
        dentition = build(design.geometry)
        scene = design_scene(design, dentition, options.time)
        return export_files(
            scene,
            dentition,
            out,
            fmt,
            design=design,
            time=options.time,
            texture_size=options.texture_size,
            split=options.split,
        )
    except DesignError as error:
        raise DesignExportError(problem_line(error)) from None
    except (LayerError, ExportError) as error:
        raise DesignExportError(f"{design_path}: {error}") from None
