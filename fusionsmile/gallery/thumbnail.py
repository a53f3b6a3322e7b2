"""Thumbnails: rendered by FusionSmile for every entry, and checked when they arrive from
elsewhere (a bundle, a git repository), since a PNG from a stranger can claim any size.

Rendering pulls in the renderer and OpenGL, so it is imported only when a thumbnail is
actually drawn; listing and searching a gallery never load it.
"""

from __future__ import annotations

import io
import struct
import zlib

from fusionsmile.core.design import Design
from fusionsmile.core.design_png import PNG_SIGNATURE
from fusionsmile.gallery.entry import THUMBNAIL_FILE, GalleryError

THUMBNAIL_SIZE = (480, 270)
MAX_THUMBNAIL_SIDE = 4096  # a sane picture; a 100000-pixel-wide PNG is an attack
MAX_THUMBNAIL_BYTES = 8 * 1024 * 1024
MOMENTS = 12  # moments of an animation looked at to find the brightest


def check_thumbnail(data: bytes, source: str) -> None:
    """GalleryError unless data is a whole PNG of at most MAX_THUMBNAIL_SIDE pixels a side.

    The size is read from the IHDR chunk before Pillow decodes anything, so an absurd
    declared size costs nothing."""
    if len(data) > MAX_THUMBNAIL_BYTES:
        raise GalleryError(f"{source}: larger than {MAX_THUMBNAIL_BYTES // 2**20} MB")
    if not data.startswith(PNG_SIGNATURE):
        raise GalleryError(f"{source}: not a PNG image")
    if len(data) < 33 or data[12:16] != b"IHDR":
        raise GalleryError(f"{source}: not a valid PNG (no IHDR header)")
    width, height = struct.unpack(">II", data[16:24])
    if zlib.crc32(data[12:29]) != struct.unpack(">I", data[29:33])[0]:
        raise GalleryError(f"{source}: not a valid PNG (damaged IHDR header)")
    if not (1 <= width <= MAX_THUMBNAIL_SIDE and 1 <= height <= MAX_THUMBNAIL_SIDE):
        raise GalleryError(
            f"{source}: {width}x{height} pixels is not a sane thumbnail"
            f" (at most {MAX_THUMBNAIL_SIDE} a side)"
        )
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data), formats=["PNG"]) as image:
            image.load()  # decodes every row: a truncated or corrupt image fails here
    except Exception as error:  # Pillow raises many kinds for broken files
        raise GalleryError(f"{source}: not a valid PNG ({error})") from None


def carrying_design(data: bytes, design: Design) -> bytes:
    """A checked thumbnail that carries design, or none: one that carries another design
    (or a damaged one) is re-encoded carrying this one, so that the picture a gallery or
    its site hands out opens as the entry it stands for, never as a stranger's other
    design. Only the pixels are kept; a stranger's other metadata goes with it."""
    from fusionsmile.core.design_io import DesignError, design_from_bytes
    from fusionsmile.core.design_png import NoDesignInPng, PngDesignError, design_text_from_png
    from fusionsmile.gallery.entry import design_id

    try:
        text = design_text_from_png(io.BytesIO(data), MAX_THUMBNAIL_BYTES)
        carried = design_from_bytes(text, THUMBNAIL_FILE)
    except NoDesignInPng:
        return data
    except (PngDesignError, DesignError):
        return with_design(data, design)
    if design_id(carried) == design_id(design):
        return data
    return with_design(data, design)


def check_glb(data: bytes, source: str) -> None:
    """GalleryError unless data starts like a binary glTF 2 file of exactly its length."""
    if len(data) < 12 or data[:4] != b"glTF":
        raise GalleryError(f"{source}: not a binary glTF (GLB) file")
    version, length = struct.unpack("<II", data[4:12])
    if version != 2 or length != len(data):
        raise GalleryError(f"{source}: not a glTF 2 file of {len(data)} bytes")


def brightest_moment(design: Design, dentition: object) -> float:
    """The time (s) in the design's loop at which its surface glows most; 0 when still."""
    from fusionsmile.core.layers.compose import loop_period
    from fusionsmile.core.scene import design_scene

    period = loop_period(design, longest=12.0)
    if period == 0.0:
        return 0.0
    span = period or 3.0  # an animation that never loops: look at its first seconds
    times = [span * i / MOMENTS for i in range(MOMENTS)]
    glow = [float(design_scene(design, dentition, t).emission.sum()) for t in times]  # type: ignore[arg-type]
    return times[glow.index(max(glow))]


def render_thumbnail(design: Design, size: tuple[int, int] = THUMBNAIL_SIZE) -> bytes:
    """PNG bytes of design at its own view and lighting, at its brightest moment, with
    the design embedded (see fusionsmile.export.png_design)."""
    from fusionsmile.core.geometry.dentition import build
    from fusionsmile.core.layers.registry import LayerError
    from fusionsmile.core.scene import design_scene
    from fusionsmile.export.png_design import design_pnginfo
    from fusionsmile.render.context import RenderUnavailable
    from fusionsmile.render.renderer import render_image

    try:
        dentition = build(design.geometry)
        moment = brightest_moment(design, dentition)
        scene = design_scene(design, dentition, moment)
        image = render_image(scene, size, design.view.camera, design.view.lighting)
    except (LayerError, RenderUnavailable) as error:
        raise GalleryError(
            f"cannot render the thumbnail of {design.meta.title!r}: {error}"
        ) from None
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6, pnginfo=design_pnginfo(design))
    return out.getvalue()


def render_portrait_thumbnail(
    design: Design, photo_jpeg: bytes, size: tuple[int, int] = THUMBNAIL_SIZE
) -> bytes:
    """PNG bytes of design's smile on the portrait its maker shared, cropped around the
    lower face, in the design's lighting at its brightest moment, the design embedded.
    Falls back to the 3D thumbnail when no usable face is found in the photo."""
    from PIL import Image

    from fusionsmile.core.geometry.dentition import build
    from fusionsmile.core.layers.registry import LayerError
    from fusionsmile.export.png_design import design_pnginfo
    from fusionsmile.portrait.analysis import analyse_photo
    from fusionsmile.portrait.face import FaceError
    from fusionsmile.portrait.photo import PhotoError, photo_from_bytes
    from fusionsmile.portrait.portrait_image import render_portrait
    from fusionsmile.render.context import RenderUnavailable

    face_index = design.photo.face if design.photo is not None else 0
    try:
        face = analyse_photo(photo_from_bytes(photo_jpeg, "photo.jpg"), face_index)
    except (PhotoError, FaceError):
        return render_thumbnail(design, size)
    try:
        dentition = build(design.geometry)
        moment = brightest_moment(design, dentition)
        portrait = render_portrait(face, design, dentition, design.view.lighting, moment)
    except (LayerError, RenderUnavailable) as error:
        raise GalleryError(
            f"cannot render the thumbnail of {design.meta.title!r}: {error}"
        ) from None
    box = lower_face_box(face.frame.pupils, face.frame.commissures, face.photo.size, size)
    image = Image.fromarray(portrait.pixels).crop(box).resize(size, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=6, pnginfo=design_pnginfo(design))
    return out.getvalue()


def lower_face_box(
    pupils: object, commissures: object, photo_size: tuple[int, int], aspect: tuple[int, int]
) -> tuple[int, int, int, int]:
    """(left, top, right, bottom) of a box of the aspect of aspect (w, h) around the
    smile: from below the eyes to the chin, centred on the mouth, inside the photo."""
    import numpy as np

    eyes = np.asarray(pupils, dtype=np.float64)
    corners = np.asarray(commissures, dtype=np.float64)
    mouth = corners.mean(axis=0)
    ipd = float(np.linalg.norm(eyes[1] - eyes[0]))
    # Pupils to mouth is about one interpupillary distance; the chin is ~0.7 below.
    height = 2.0 * ipd
    width = height * aspect[0] / aspect[1]
    scale = min(1.0, photo_size[0] / width, photo_size[1] / height)
    width, height = width * scale, height * scale
    centre_x = float(np.clip(mouth[0], width / 2, photo_size[0] - width / 2))
    centre_y = float(np.clip(mouth[1] - 0.12 * height, height / 2, photo_size[1] - height / 2))
    left, top = round(centre_x - width / 2), round(centre_y - height / 2)
    return left, top, left + round(width), top + round(height)


def with_design(png: bytes, design: Design) -> bytes:
    """The same picture carrying another design (a remix looks like its source)."""
    from PIL import Image

    from fusionsmile.export.png_design import design_pnginfo

    out = io.BytesIO()
    with Image.open(io.BytesIO(png), formats=["PNG"]) as image:
        image.save(out, format="PNG", compress_level=6, pnginfo=design_pnginfo(design))
    return out.getvalue()
