"""The designed smile on a person's photo, as pictures: the portrait itself, a
before/after comparison, the reference lines, and the frames of an animation.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageDraw

from fusionsmile.core.design import Design, PhotoFit
from fusionsmile.core.geometry.surface import Dentition
from fusionsmile.core.layers.compose import compose
from fusionsmile.core.scene import design_scene
from fusionsmile.portrait.analysis import PhotoFace, fit_of
from fusionsmile.portrait.composite import (
    PortraitLook,
    composite_portrait,
    graded_photo,
    mouth_scene,
)
from fusionsmile.portrait.fit import Placement, anchor_mm, placement
from fusionsmile.portrait.metrics import ReferenceLines

COMPARE_MODES = ("side", "wipe")


@dataclass(frozen=True)
class Portrait:
    """A composite and how it was made: pixels ((h, w, 3) uint8 at the photo's size),
    the fit used and the placement it gave."""

    pixels: NDArray[np.uint8]
    fit: PhotoFit
    place: Placement


def render_portrait(
    photo_face: PhotoFace,
    design: Design,
    dentition: Dentition,
    lighting: str = "day",
    t: float = 0.0,
) -> Portrait:
    """design (built as dentition) in photo_face's mouth at time t (s)."""
    fit = fit_of(design, photo_face, dentition)
    scene = mouth_scene(design_scene(design, dentition, t))
    anchor = anchor_mm(dentition)
    frame, look, pixels = photo_face.frame, photo_face.look, photo_face.photo.pixels
    out = composite_portrait(pixels, frame, look, fit, scene, anchor, PortraitLook(lighting))
    return Portrait(out, fit, placement(fit, photo_face.photo.size, anchor))


def portrait_frames(
    photo_face: PhotoFace,
    design: Design,
    dentition: Dentition,
    size: tuple[int, int],
    times: list[float],
    lighting: str = "night",
) -> Iterator[NDArray[np.uint8]]:
    """Frames of the glow playing on the face: the photo scaled to fit in size (w, h)
    pixels, one frame per time (s). The surface is uploaded once; only the look
    changes between frames."""
    width, height = photo_face.photo.size
    factor = min(1.0, size[0] / width, size[1] / height)
    pixels, frame, look = photo_face.at_scale(factor)
    fit = fit_of(design, photo_face, dentition)
    anchor = anchor_mm(dentition)
    _, attributes = dentition.merged()
    surface = design_scene(design, dentition, times[0] if times else 0.0)
    base = graded_photo(pixels, lighting)  # the same for every frame
    for index, t in enumerate(times):
        scene = surface if index == 0 else surface.with_channels(compose(design, attributes, t))
        yield composite_portrait(
            pixels, frame, look, fit, mouth_scene(scene), anchor, PortraitLook(lighting), base=base
        )


def compare(
    before: NDArray[np.uint8], after: NDArray[np.uint8], mode: str, split_x: float | None = None
) -> NDArray[np.uint8]:
    """A before/after picture: side by side (before on the left), or a wipe (before left
    of split_x, after right of it, a thin light line between)."""
    if mode not in COMPARE_MODES:
        raise ValueError(f"compare mode {mode!r}: choose one of {', '.join(COMPARE_MODES)}")
    if mode == "side":
        gap = np.full((before.shape[0], max(2, before.shape[1] // 100), 3), 255, np.uint8)
        return np.concatenate([before, gap, after], axis=1)
    width = before.shape[1]
    split = round(split_x if split_x is not None else width / 2)
    split = int(np.clip(split, 1, width - 1))
    out = after.copy()
    out[:, :split] = before[:, :split]
    line = max(1, width // 400)
    out[:, max(0, split - line) : split + line] = (240, 240, 240)
    return out


def draw_reference_lines(pixels: NDArray[np.uint8], lines: ReferenceLines) -> NDArray[np.uint8]:
    """The photo with the smile designer's reference lines drawn over it: the eyes and
    facial midline in cyan, the teeth's lines in amber, the lower lip in rose."""
    image = Image.fromarray(pixels).convert("RGB")
    draw = ImageDraw.Draw(image, "RGBA")
    width = max(1, round(max(image.size) / 500))
    face, teeth, lip = (80, 220, 255, 220), (255, 190, 60, 230), (255, 110, 150, 220)
    for line, colour in (
        (lines.interpupillary, face),
        (lines.facial_midline, face),
        (lines.commissures, face),
        (lines.dental_midline, teeth),
        (lines.incisal_plane, teeth),
    ):
        draw.line([line[0], line[1]], fill=colour, width=width)
    if len(lines.incisal_curve) >= 2:
        draw.line([tuple(p) for p in lines.incisal_curve], fill=teeth, width=width)
    if len(lines.lower_lip) >= 2:
        draw.line([tuple(p) for p in lines.lower_lip], fill=lip, width=width)
    return np.asarray(image)
