"""PNGs that carry their design: the design JSON in a compressed iTXt chunk, so any
picture FusionSmile writes can be opened again as the design that made it
(`read_design` reads it back; see fusionsmile/core/design_png.py)."""

from __future__ import annotations

import os

from PIL import Image
from PIL.PngImagePlugin import PngInfo

from fusionsmile.core.design import Design
from fusionsmile.core.design_io import canonical_json
from fusionsmile.core.design_png import DESIGN_KEYWORD
from fusionsmile.export.atomic import atomic_write


def design_pnginfo(design: Design | None) -> PngInfo:
    """PNG text chunks: the design (compressed iTXt) and the software that wrote it."""
    info = PngInfo()
    info.add_text("Software", "FusionSmile")
    if design is not None:
        info.add_text("Title", design.meta.title)
        if design.meta.author:
            info.add_text("Author", design.meta.author)
        info.add_itxt(DESIGN_KEYWORD, canonical_json(design).decode("utf-8"), zip=True)
    return info


def save_png(
    image: Image.Image, path: str | os.PathLike[str], design: Design | None, **options: object
) -> None:
    """Write image as a PNG carrying design, atomically (ExportError on failure)."""
    with atomic_write(path) as temporary:
        image.save(
            temporary, format="PNG", compress_level=6, pnginfo=design_pnginfo(design), **options
        )
