"""Export one design file to one format: what `fusionsmile export` does per design.

A design file is read, built and composed at `time`, then written as a mesh
(export_files) or, for PNG, rendered at 1920x1080 from the design's own view and
lighting. Every failure a design can cause becomes one `DesignExportError` line naming
the file, so a batch reports it and goes on with the next design.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fusionsmile.core.design import Design
from fusionsmile.core.design_io import DesignError, read_design
from fusionsmile.core.geometry.dentition import build
from fusionsmile.core.layers.registry import LayerError
from fusionsmile.core.problem_line import problem_line
from fusionsmile.core.scene import Scene, design_scene
from fusionsmile.export.errors import ExportError
from fusionsmile.export.mesh import EXPORTERS, export_files

FORMATS = (*EXPORTERS, "png")
PNG_SIZE = (1920, 1080)


class DesignExportError(Exception):
    """One design could not be exported: a single line naming the file and the reason."""


@dataclass(frozen=True)
class ExportOptions:
    """How to export; time in seconds, texture_size in texels (square)."""

    time: float = 0.0
    texture_size: int = 1024
    split: str = "none"


def out_path(design_path: Path, out_dir: Path, fmt: str) -> Path:
    """The file named after the design: designs/smile.json -> OUT_DIR/smile.glb."""
    return out_dir / f"{design_path.stem}.{fmt}"


def export_design(
    design_path: Path, out: Path, fmt: str, options: ExportOptions = ExportOptions()
) -> list[Path]:
    """Read design_path and write it to out as fmt; returns the files written."""
    try:
        design = read_design(design_path)
        dentition = build(design.geometry)
        scene = design_scene(design, dentition, options.time)
        if fmt == "png":
            return [_render_png(design, scene, out)]
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


def _render_png(design: Design, scene: Scene, out: Path) -> Path:
    from fusionsmile.render.context import RenderUnavailable
    from fusionsmile.render.renderer import render_image

    try:
        image = render_image(scene, PNG_SIZE, design.view.camera, design.view.lighting)
    except RenderUnavailable as error:
        raise ExportError(str(error)) from None
    try:  # PNGs that carry their design, where that writer exists
        from fusionsmile.export.png_design import save_png
    except ImportError:
        from fusionsmile.core.atomic import atomic_write

        with atomic_write(out) as temporary:
            image.save(temporary, format="PNG", compress_level=6)
    else:
        save_png(image, out, design)
    return out
