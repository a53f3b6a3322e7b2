"""PNG of a design: rendered at 1920x1080 from the design's own view and lighting, and
carrying the design (`save_png`), so the picture opens again as the design."""

from __future__ import annotations

from pathlib import Path

from fusionsmile.core.geometry.surface import Dentition
from fusionsmile.core.scene import Scene
from fusionsmile.export.errors import ExportError
from fusionsmile.export.exporter import ExportOptions
from fusionsmile.export.png_design import save_png

PNG_SIZE = (1920, 1080)


def export_png(
    scene: Scene, dentition: Dentition, target: Path, options: ExportOptions
) -> list[Path]:
    """Render scene as the design's view shows it and write target (all or nothing)."""
    from fusionsmile.render.context import RenderUnavailable  # moderngl: only when drawing
    from fusionsmile.render.renderer import render_image

    design = options.design
    if design is None:
        raise ExportError(f"cannot write {target}: a PNG is rendered from a design; none given")
    try:
        image = render_image(scene, PNG_SIZE, design.view.camera, design.view.lighting)
    except RenderUnavailable as error:
        raise ExportError(str(error)) from None
    save_png(image, target, design)
    return [target]
