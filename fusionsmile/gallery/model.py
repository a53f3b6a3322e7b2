"""The optional 3D model of an entry: the design baked into a binary glTF, so the gallery
site and other tools can show the smile in 3D without FusionSmile."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fusionsmile.core.design import Design
from fusionsmile.gallery.entry import GalleryError

TEXTURE_SIZE = 512  # a gallery model is for looking at, not for printing


def bake_glb(design: Design, time: float = 0.0) -> bytes:
    """GLB bytes of design with its look at `time` (s) baked into textures."""
    from fusionsmile.core.geometry.dentition import build
    from fusionsmile.core.layers.registry import LayerError
    from fusionsmile.core.scene import design_scene
    from fusionsmile.export.errors import ExportError
    from fusionsmile.export.mesh import export_mesh

    with tempfile.TemporaryDirectory(prefix="fusionsmile-glb-") as folder:
        path = Path(folder) / "model.glb"
        try:
            dentition = build(design.geometry)
            scene = design_scene(design, dentition, time)
            export_mesh(scene, dentition, path, "glb", design, time, TEXTURE_SIZE)
        except (LayerError, ExportError) as error:
            raise GalleryError(f"cannot bake the model of {design.meta.title!r}: {error}") from None
        return path.read_bytes()
