"""Where the person's own dental midline is: the dark line between their upper central
incisors, found in the photo.

Across the upper teeth, just below the upper lip, brightness is a row of bright crowns
parted by darker embrasures; the embrasure between the centrals is the one nearest the
facial midline with a bright crown on each side. The mouth is sampled in its own frame
(along the eyes' line and down the face), so a tilted head is read the same way.

A smile design may put the new midline where the old one was (to keep the person's own
smile, only changed) or on the facial midline (to correct it); the distance between the
two is a measurement in its own right (Kokich 1999: a midline off by 2 mm or less goes
unnoticed by laypeople, `photo_midline` in `assets/smile-reference.json`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import ndimage

from fusionsmile.core.colour import REC709_LUMINANCE
from fusionsmile.core.teeth import wheeler_size
from fusionsmile.export.colour import srgb_bytes_to_linear
from fusionsmile.portrait.face import FacialFrame

SEARCH_MM = 5.0  # how far from the facial midline the embrasure may lie
# A central is about this wide (Wheeler's average): its bright face is looked for within it.
CROWN_MM = wheeler_size(11).md_crown
BAND = (0.15, 0.55)  # the rows sampled: fractions of the opening below the upper lip
MIN_CONTRAST = 0.12  # the dip, as a fraction of the crowns' brightness beside it
STEP_PX = 0.5


@dataclass(frozen=True)
class OwnMidline:
    """The person's own dental midline.

    point : (2,) pixels, on the line between the upper centrals, in the sampled band
    offset_mm : across the face from the facial midline (+ towards the person's left)
    contrast : how much darker the embrasure is than the crowns beside it (0..1)
    """

    point: NDArray[np.float64]
    offset_mm: float
    contrast: float


def own_midline(pixels: NDArray[np.uint8], frame: FacialFrame) -> OwnMidline | None:
    """The midline of the person's own upper centrals in pixels ((h, w, 3) uint8), or None
    when no clear embrasure with a bright crown on each side shows near the facial midline
    (closed lips, missing or dark teeth, a photo too small)."""
    across, down = frame.mouth_axes
    upper, lower = frame.lip_midpoints()
    opening_px = float((lower - upper) @ down)
    px_per_mm = 1.0 / frame.mm_per_px
    reach = (SEARCH_MM + CROWN_MM) * px_per_mm
    if opening_px < 4.0 or reach < 8.0:
        return None
    offsets = np.arange(-reach, reach + STEP_PX, STEP_PX)
    depths = np.linspace(BAND[0], BAND[1], 7) * opening_px
    # Sample points: upper + across * offset + down * depth (x, y in pixels).
    grid = upper[None, None, :] + across * offsets[None, :, None] + down * depths[:, None, None]
    height, width = pixels.shape[:2]
    inside = (grid[..., 0] >= 0) & (grid[..., 0] < width - 1)
    inside &= (grid[..., 1] >= 0) & (grid[..., 1] < height - 1)
    if not inside.all():
        return None
    luminance = srgb_bytes_to_linear(pixels) @ REC709_LUMINANCE
    samples = ndimage.map_coordinates(luminance, [grid[..., 1], grid[..., 0]], order=1)
    profile = ndimage.gaussian_filter1d(samples.mean(axis=0), 0.3 * px_per_mm / STEP_PX)

    best: tuple[float, float] | None = None  # (score, offset px)
    crown = round(CROWN_MM * px_per_mm / STEP_PX)
    near = round(1.0 * px_per_mm / STEP_PX)  # the embrasure itself: a mm or so
    for i in range(1, len(profile) - 1):
        offset = offsets[i]
        if abs(offset) > SEARCH_MM * px_per_mm or not profile[i] <= min(profile[i - 1 : i + 2]):
            continue
        left = profile[max(0, i - crown) : max(1, i - near)]
        right = profile[i + near + 1 : i + crown + 1]
        if len(left) == 0 or len(right) == 0:
            continue
        beside = min(float(left.max()), float(right.max()))  # a bright crown on each side
        contrast = (beside - float(profile[i])) / max(beside, 1e-6)
        score = contrast - 0.02 * abs(offset) / px_per_mm  # nearer the midline wins a tie
        if contrast >= MIN_CONTRAST and (best is None or score > best[0]):
            best = (score, float(offset))
    if best is None:
        return None
    offset = best[1]
    point = upper + across * offset + down * float(np.mean(depths))
    i = int(np.argmin(np.abs(offsets - offset)))
    left = profile[max(0, i - crown) : max(1, i - near)]
    right = profile[i + near + 1 : i + crown + 1]
    beside = min(float(left.max()), float(right.max()))
    contrast = (beside - float(profile[i])) / max(beside, 1e-6)
    return OwnMidline(point, offset * frame.mm_per_px, contrast)
