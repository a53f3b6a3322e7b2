"""The handles that fit the designed smile to a portrait: where they sit and what a drag
on each does to the fit. Pure geometry over `PhotoFit`, in photo pixels (x right,
y down, the upright photo at its own size); the portrait view draws them and maps the
mouse into photo pixels.

    move     on the anchor (the incisal point between the upper centrals): drag it
    rotate   at the end of an arm along the incisal plane, to the person's left: roll
    scale    at the end of the arm to the person's right: the photo's width at the face
    midline  above the anchor: slides the smile along the interpupillary line only
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from annotated_types import Ge, Le
from numpy.typing import NDArray

from fusionsmile.core.design import PhotoFit

HANDLES = ("move", "rotate", "scale", "midline")
HANDLE_LABELS = {
    "move": "Move the smile",
    "rotate": "Rotate the incisal plane",
    "scale": "Scale the smile",
    "midline": "Shift the midline",
}
# How far the rotate and scale handles sit from the anchor (about the canines' reach
# plus a little), and the midline handle above it (about a central's crown and gum).
ARM_MM = 30.0
MIDLINE_MM = 16.0
MIN_ARM_MM = 2.0  # a scale drag through the anchor would make the smile infinite


def fit_limits(name: str) -> tuple[float, float]:
    """(low, high) of a PhotoFit field, as the design model declares them."""
    low, high = -math.inf, math.inf
    for item in PhotoFit.model_fields[name].metadata:
        if isinstance(item, Ge):
            low = float(item.ge)  # type: ignore[arg-type]
        elif isinstance(item, Le):
            high = float(item.le)  # type: ignore[arg-type]
    return low, high


def clamped_fit(**values: float) -> PhotoFit:
    """A validated PhotoFit with every value brought inside its declared range."""
    for name, value in values.items():
        low, high = fit_limits(name)
        values[name] = float(min(max(value, low), high))
    return PhotoFit(**values)


@dataclass(frozen=True)
class FitHandles:
    """The handles of one fit in a photo of photo_size (w, h) pixels.

    across : (2,) unit vector along the interpupillary line (towards the person's left)
    arm_px : distance of the rotate and scale handles from the anchor, photo pixels
             (the view keeps it long enough to grab on a small face)
    """

    fit: PhotoFit
    photo_size: tuple[int, int]
    across: NDArray[np.float64]
    arm_px: float

    @property
    def px_per_mm(self) -> float:
        return self.photo_size[0] / self.fit.width_mm

    @property
    def anchor(self) -> NDArray[np.float64]:
        """(2,) photo pixels of the anchor."""
        return np.array([self.fit.x * self.photo_size[0], self.fit.y * self.photo_size[1]])

    @property
    def along(self) -> NDArray[np.float64]:
        """(2,) unit vector along the incisal plane (roll is counter-clockwise as seen)."""
        roll = math.radians(self.fit.roll_deg)
        return np.array([math.cos(roll), -math.sin(roll)])

    @property
    def down(self) -> NDArray[np.float64]:
        """(2,) unit vector down the dental midline."""
        along = self.along
        return np.array([-along[1], along[0]])

    def positions(self) -> dict[str, NDArray[np.float64]]:
        """Photo pixels of every handle, by name (HANDLES)."""
        anchor = self.anchor
        midline = max(MIDLINE_MM * self.px_per_mm, 0.6 * self.arm_px)
        return {
            "move": anchor,
            "rotate": anchor + self.along * self.arm_px,
            "scale": anchor - self.along * self.arm_px,
            "midline": anchor - self.down * midline,
        }

    def dragged(
        self, handle: str, start: NDArray[np.float64], now: NDArray[np.float64]
    ) -> PhotoFit:
        """The fit after dragging handle from start to now (photo pixels); self is the
        fit as it was when the drag began, so a drag never accumulates rounding."""
        fit, (width, height) = self.fit, self.photo_size
        values = fit.model_dump()
        anchor = self.anchor
        if handle == "move":
            moved = anchor + (now - start)
            values.update(x=moved[0] / width, y=moved[1] / height)
        elif handle == "midline":
            moved = anchor + self.across * float((now - start) @ self.across)
            values.update(x=moved[0] / width, y=moved[1] / height)
        elif handle == "rotate":
            turned = now - anchor
            grabbed = start - anchor
            delta = math.atan2(-turned[1], turned[0]) - math.atan2(-grabbed[1], grabbed[0])
            delta = (delta + math.pi) % (2 * math.pi) - math.pi
            values.update(roll_deg=fit.roll_deg + math.degrees(delta))
        elif handle == "scale":
            # The handle stays under the hand: the millimetres it stood from the anchor
            # at the press now span the new distance.
            arm_mm = max(float(np.linalg.norm(start - anchor)) / self.px_per_mm, MIN_ARM_MM)
            reach = max(float((now - anchor) @ -self.along), MIN_ARM_MM * self.px_per_mm)
            values.update(width_mm=width / (reach / arm_mm))
        else:
            raise ValueError(f"unknown fit handle {handle!r}: one of {', '.join(HANDLES)}")
        return clamped_fit(**values)

    def nearest(self, point: NDArray[np.float64], reach_px: float) -> str | None:
        """The handle within reach_px (photo pixels) of point, nearest first; the anchor
        loses ties to the others, which sit on its arms."""
        best, best_distance = None, reach_px
        for name, position in self.positions().items():
            distance = float(np.linalg.norm(position - point))
            if name == "move":
                distance += 1e-6
            if distance <= best_distance:
                best, best_distance = name, distance
        return best


def nudged(
    fit: PhotoFit,
    photo_size: tuple[int, int],
    dx_px: float = 0.0,
    dy_px: float = 0.0,
    droll_deg: float = 0.0,
    scale: float = 1.0,
) -> PhotoFit:
    """fit moved by (dx_px, dy_px) photo pixels, turned by droll_deg and grown by scale
    (the smile's size: the photo's width at the face shrinks by it): keyboard nudges."""
    width, height = photo_size
    values = fit.model_dump()
    values.update(
        x=fit.x + dx_px / width,
        y=fit.y + dy_px / height,
        roll_deg=fit.roll_deg + droll_deg,
        width_mm=fit.width_mm / scale,
    )
    return clamped_fit(**values)
