"""Decal: a PNG ("tattoo") glowing on the labial face of chosen teeth.

The image is projected flat onto each tooth's labial face, in a frame found from the
surface itself (`labial.labial_frame`): x across the face to the viewer's right on every
tooth, so a picture reads the same on both sides of the mouth; y up the crown's long
axis (v turned over on upper teeth, whose edge points down), centred on the face.
`scale` 1 makes the image as wide as the face; its height follows its aspect. Only
surface looking out of the face takes the image, so it does not show through on the
lingual side.

In "glow" mode the image's luminance lights the palette, which runs from the top of the
image to its bottom; in "colour" mode the image's own colours glow.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.spatial import cKDTree

from fusionsmile.core.geometry.surface import Region, SurfaceAttributes
from fusionsmile.core.layers.channels import LayerOutput
from fusionsmile.core.layers.glow.decal_image import DecalImage, load_decal
from fusionsmile.core.layers.glow.glowing import (
    F32,
    colour_at,
    intensity_param,
    palette_param,
)
from fusionsmile.core.layers.glow.labial import LabialFrame, labial_frame, outward_directions
from fusionsmile.core.layers.mask import smoothstep
from fusionsmile.core.layers.params import Param, teeth_list
from fusionsmile.core.layers.registry import LayerKind, Params, register

DEFAULT_TEETH = (11, 21)
MODES = ("glow", "colour")
_PIXELS_PER_SAMPLE = 1.0  # image pixels per gap between surface samples, after reduction
_LUMA = np.array([0.2126, 0.7152, 0.0722], dtype=np.float32)  # Rec. 709, linear RGB


def _spacing_mm(attributes: SurfaceAttributes, index: NDArray[np.intp]) -> float:
    """Typical distance between neighbouring samples among `index`, mm."""
    if len(index) < 2:
        return 1.0
    distance, _ = cKDTree(attributes.position[index]).query(attributes.position[index], k=2)
    return max(float(np.median(distance[:, 1])), 1e-3)


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


def _srgb_to_linear(c: F32) -> F32:
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4).astype(np.float32)


def _project(
    attributes: SurfaceAttributes, index: NDArray[np.intp], frame: LabialFrame,
    image: DecalImage, params: Params,
) -> tuple[F32, F32, F32]:  # fmt: skip
    """Image coordinates (column, row in [0, 1], row 0 at the top) of the samples, and
    how much each faces out of the labial face (0..1)."""
    relative = attributes.position[index] - frame.centre
    span = float(params["scale"]) * frame.width_mm
    x = relative @ frame.x - float(params["offset_x"]) * frame.width_mm
    y = relative @ frame.y - float(params["offset_y"]) * frame.width_mm
    angle = np.radians(float(params["rotation_deg"]))
    # Turning the image anticlockwise (as seen) turns the samples clockwise in it.
    xr = np.cos(angle) * x + np.sin(angle) * y
    yr = -np.sin(angle) * x + np.cos(angle) * y
    column = xr / span + 0.5
    row = 0.5 - yr / (span * image.aspect)
    facing = smoothstep(0.15, 0.45, attributes.normal[index] @ frame.out)
    return column.astype(np.float32), row.astype(np.float32), facing


def _prepare(attributes: SurfaceAttributes, params: Params) -> LayerOutput:
    image = load_decal(str(params["image"]))
    n = len(attributes)
    emission = np.zeros((n, 3), dtype=np.float32)
    coverage = np.zeros(n, dtype=np.float32)
    intensity = float(params["intensity"])
    enamel = attributes.region == Region.ENAMEL
    outwards = outward_directions(attributes)
    for fdi in teeth_list(str(params["teeth"])) or DEFAULT_TEETH:
        index = np.flatnonzero(enamel & (attributes.tooth == fdi))
        frame = labial_frame(attributes, index, outwards) if len(index) else None
        if frame is None:
            continue
        column, row, facing = _project(attributes, index, frame, image, params)
        inside = (column >= 0) & (column <= 1) & (row >= 0) & (row <= 1) & (facing > 0)
        index, column, row, facing = index[inside], column[inside], row[inside], facing[inside]
        if not len(index):
            continue
        span = float(params["scale"]) * frame.width_mm
        rgba = image.reduced(round(_PIXELS_PER_SAMPLE * span / _spacing_mm(attributes, index)))
        h, w = rgba.shape[:2]
        sample = sample_bilinear(rgba, column * (w - 1), row * (h - 1))
        alpha = sample[:, 3]
        straight = sample[:, :3] / np.maximum(alpha, 1e-6)[:, None]
        linear = _srgb_to_linear(np.clip(straight, 0.0, 1.0))
        if params["mode"] == "glow":
            coverage[index] = alpha * (linear @ _LUMA) * facing
            emission[index] = colour_at(str(params["palette"]), row, intensity)
        else:
            coverage[index] = alpha * facing
            emission[index] = linear * np.float32(intensity)
    return LayerOutput(emission=emission, coverage=np.clip(coverage, 0.0, 1.0))


def _evaluate(attributes: SurfaceAttributes, params: Params, state: Any, t: float) -> LayerOutput:
    output: LayerOutput = state
    return output


register(
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
    )
)
