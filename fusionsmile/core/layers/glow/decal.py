"""Decal: a PNG ("tattoo") glowing on the labial face of chosen teeth.

The image is laid on each tooth's labial face in the face's own coordinates, so that
every sample finds its pixel from its own attributes (the live view and a baked atlas
agree, whatever samples are evaluated together): across the face from the labial
midpoint (u = 0.25, u running mesial 0 .. distal 0.5), to the viewer's right on every
tooth, so a picture reads the same on both sides of the mouth; up the crown (v turned
over on upper teeth, whose edge points down). Millimetres come from the tooth's average
size (Wheeler). `scale` 1 makes the image as wide as the face; its height follows its
aspect. Only the labial half (u < 0.5) takes the image, so it does not show through on
the lingual side.

In "glow" mode the image's luminance lights the palette, which runs from the top of the
image to its bottom; in "colour" mode the image's own colours glow.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from fusionsmile.core.colour import REC709_LUMINANCE, srgb_to_linear
from fusionsmile.core.geometry.surface import Region, SurfaceAttributes
from fusionsmile.core.layers.channels import LayerOutput
from fusionsmile.core.layers.glow.decal_image import DecalImage, load_decal
from fusionsmile.core.layers.glow.glowing import (
    F32,
    colour_at,
    intensity_param,
    palette_param,
)
from fusionsmile.core.layers.kind import LayerKind, Params
from fusionsmile.core.layers.params import Param, teeth_list
from fusionsmile.core.layers.ramps import smoothstep
from fusionsmile.core.teeth import arch_of, wheeler_size

DEFAULT_TEETH = (11, 21)
MODES = ("glow", "colour")
_PIXELS_ACROSS = 40  # image pixels across the picture, after reduction
_FACE_EDGE_U = 0.06  # the picture fades out this close (in u) to the proximal sides
_SECTION_EXPONENT = 0.85  # typical of the front crowns' cross-sections (0.82-0.9)
_V_SPAN = 1.2  # crown lengths of labial surface from v = 0 to 1
_FACE_MIDDLE_V = 0.58  # the gum covers about the cervical sixth of v


def sample_bilinear(rgba: F32, column: F32, row: F32) -> F32:
    """(m, 4) premultiplied-alpha bilinear samples of an (h, w, 4) straight-alpha image
    at fractional pixel coordinates (clamped to the image)."""
    h, w = rgba.shape[:2]
    premultiplied = np.concatenate([rgba[..., :3] * rgba[..., 3:], rgba[..., 3:]], axis=2)
    column = np.clip(column, 0.0, w - 1.0)
    row = np.clip(row, 0.0, h - 1.0)
    c0 = np.minimum(column.astype(np.intp), w - 2) if w > 1 else np.zeros(len(column), np.intp)
    r0 = np.minimum(row.astype(np.intp), h - 2) if h > 1 else np.zeros(len(row), np.intp)
    c1, r1 = np.minimum(c0 + 1, w - 1), np.minimum(r0 + 1, h - 1)
    fc, fr = (column - c0)[:, None], (row - r0)[:, None]
    top = premultiplied[r0, c0] * (1 - fc) + premultiplied[r0, c1] * fc
    bottom = premultiplied[r1, c0] * (1 - fc) + premultiplied[r1, c1] * fc
    return (top * (1 - fr) + bottom * fr).astype(np.float32)  # type: ignore[no-any-return]


def _project(
    attributes: SurfaceAttributes, index: NDArray[np.intp], params: Params, image: DecalImage
) -> tuple[F32, F32, F32]:
    """Image coordinates (column, row in [0, 1], row 0 at the top) of the samples, and
    how far each is inside the labial face (0..1)."""
    fdi = int(attributes.tooth[index[0]])
    size = wheeler_size(fdi)
    width = size.md_crown
    u = attributes.u[index].astype(np.float64)
    v = attributes.v[index].astype(np.float64)
    # Mesial is towards the midline: the viewer's right on the patient's right side.
    towards_right = 1.0 if fdi // 10 in (1, 4) else -1.0
    # The crown's cross-section is a superellipse in u: its x is sign(c) |c|^p of the half
    # width, c = cos(2 pi u) (crown_anatomy.cross_section), flat across the labial middle.
    # The half width narrows from the contacts (about 0.7 of v) to the cervix.
    c = np.cos(2.0 * np.pi * u)
    half = 0.5 * (size.md_cervix + (width - size.md_cervix) * np.minimum(v / 0.7, 1.0))
    across = towards_right * np.sign(c) * np.abs(c) ** _SECTION_EXPONENT * half
    # v runs over about 1.2 crown lengths of labial surface (measured on the built crowns);
    # the face's middle is that of the part the gum leaves visible.
    up = (_FACE_MIDDLE_V - v) if arch_of(fdi) == "upper" else (v - _FACE_MIDDLE_V)
    along = up * _V_SPAN * size.crown_length
    x = across - float(params["offset_x"]) * width
    y = along - float(params["offset_y"]) * width
    angle = np.radians(float(params["rotation_deg"]))
    # Turning the image anticlockwise (as seen) turns the samples clockwise in it.
    xr = np.cos(angle) * x + np.sin(angle) * y
    yr = -np.sin(angle) * x + np.cos(angle) * y
    span = float(params["scale"]) * width
    column = xr / span + 0.5
    row = 0.5 - yr / (span * image.aspect)
    facing = smoothstep(0.0, _FACE_EDGE_U, np.minimum(u, 0.5 - u))
    return column.astype(np.float32), row.astype(np.float32), facing.astype(np.float32)


def _prepare(attributes: SurfaceAttributes, params: Params) -> LayerOutput:
    image = load_decal(str(params["image"]))
    n = len(attributes)
    emission = np.zeros((n, 3), dtype=np.float32)
    coverage = np.zeros(n, dtype=np.float32)
    intensity = float(params["intensity"])
    enamel = attributes.region == Region.ENAMEL
    # One resolution for the view and the atlas alike, about what the default mesh can
    # show across a face without jags (a finer one would alias at the vertices).
    rgba = image.reduced(_PIXELS_ACROSS)
    for fdi in teeth_list(str(params["teeth"])) or DEFAULT_TEETH:
        index = np.flatnonzero(enamel & (attributes.tooth == fdi))
        if not len(index):
            continue
        column, row, facing = _project(attributes, index, params, image)
        inside = (column >= 0) & (column <= 1) & (row >= 0) & (row <= 1) & (facing > 0)
        index, column, row, facing = index[inside], column[inside], row[inside], facing[inside]
        if not len(index):
            continue
        h, w = rgba.shape[:2]
        sample = sample_bilinear(rgba, column * (w - 1), row * (h - 1))
        alpha = sample[:, 3]
        straight = sample[:, :3] / np.maximum(alpha, 1e-6)[:, None]
        linear = srgb_to_linear(np.clip(straight, 0.0, 1.0)).astype(np.float32)
        if params["mode"] == "glow":
            coverage[index] = alpha * (linear @ REC709_LUMINANCE) * facing
            emission[index] = colour_at(str(params["palette"]), row, intensity)
        else:
            coverage[index] = alpha * facing
            emission[index] = linear * np.float32(intensity)
    return LayerOutput(emission=emission, coverage=np.clip(coverage, 0.0, 1.0))


def _evaluate(attributes: SurfaceAttributes, params: Params, state: Any, t: float) -> LayerOutput:
    output: LayerOutput = state
    return output


KINDS = (
    LayerKind(
        name="decal",
        label="Decal",
        group="luminous",
        description="A picture (PNG) glows on the front of chosen teeth, like a tattoo.",
        params=(
            palette_param("firefly"),
            intensity_param(3.0),
            Param(
                "image",
                "file",
                "assets:decals/star.png",
                "the picture: a built-in decal (assets:decals/star.png, heart, crescent, "
                "lightning, sparkle, constellation) or your own PNG",
            ),
            Param("teeth", "teeth", "", "FDI numbers of the teeth that wear it ('' = 11, 21)"),
            Param(
                "scale",
                "float",
                0.85,
                "width of the picture as a fraction of the tooth's front face",
                minimum=0.05,
                maximum=3.0,
            ),
            Param(
                "offset_x",
                "float",
                0.0,
                "move the picture right (+) or left, in face widths",
                minimum=-1.0,
                maximum=1.0,
            ),
            Param(
                "offset_y",
                "float",
                0.0,
                "move the picture up (+) or down, in face widths",
                minimum=-1.0,
                maximum=1.0,
            ),
            Param(
                "rotation_deg",
                "float",
                0.0,
                "turn the picture anticlockwise (as seen from the front)",
                minimum=-180.0,
                maximum=180.0,
                unit="°",
            ),
            Param(
                "mode",
                "choice",
                "glow",
                "glow: the picture's brightness in the palette's colours; colour: its own",
                choices=MODES,
            ),
        ),
        evaluate=_evaluate,
        prepare=_prepare,
    ),
)
