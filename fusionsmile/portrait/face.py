"""The facial frame: the lines and scale a smile is designed against, from landmarks.

Indices are MediaPipe Face Mesh's (see photo-smile-reference in the shared notes).
Image coordinates: x right, y down, pixels of the upright photo.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from fusionsmile.portrait.landmarks import FaceLandmarks

# The inner lip contour (the mouth opening), upper lip from commissure to commissure,
# then the lower lip back.
INNER_UPPER = (78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308)
INNER_LOWER = (308, 324, 318, 402, 317, 14, 87, 178, 88, 95, 78)
OUTER_UPPER = (61, 185, 40, 39, 37, 0, 267, 269, 270, 409, 291)
OUTER_LOWER = (291, 375, 321, 405, 314, 17, 84, 181, 91, 146, 61)
COMMISSURES_OUTER = (61, 291)
COMMISSURES_INNER = (78, 308)
IRIS_A = (468, (469, 470, 471, 472))  # the iris of the eye whose contour runs 33..133
IRIS_B = (473, (474, 475, 476, 477))  # the iris of the eye whose contour runs 263..362
# Midline points that do not move with expression: the facial midline is fit through them.
RIGID_MIDLINE = (10, 151, 9, 8, 168, 6, 197, 195, 5, 4, 1)
GLABELLA, SUBNASALE = 168, 2

IRIS_DIAMETER_MM = (
    11.7  # adult horizontal visible iris diameter (assets/photo-smile-reference.json)
)
IRIS_DIAMETER_SD_MM = 0.5
MIN_IPD_PX = 36.0  # below this the iris spans ~7 px: too few to scale a smile by
MIN_OPENING_MM = 1.5  # lips closer than this at the midline show no teeth


class FaceError(ValueError):
    """A face that cannot carry a designed smile, with one line saying why."""


@dataclass(frozen=True)
class FacialFrame:
    """Where the smile goes in a photo, in photo pixels and millimetres.

    pupils : (2, 2) pixel centres of the irises, the person's right then left
    midline : ((x, y) point, (dx, dy) unit direction pointing down the face) facial midline
    inner_lip : (22, 2) mouth opening polygon, upper lip from the person's right, then lower
    outer_lip : (22, 2) outer lip contour, in the same order
    commissures : (2, 2) mouth corners (outer), the person's right then left
    mm_per_px : scale at the face, with mm_per_px_sd its standard uncertainty
    roll_deg : the interpupillary line's angle, counter-clockwise as seen (0: level)
    yaw_deg, pitch_deg : head turn (+: towards the person's left) and nod (+: chin up)
    """

    pupils: NDArray[np.float64]
    midline_point: NDArray[np.float64]
    midline_direction: NDArray[np.float64]
    inner_lip: NDArray[np.float64]
    outer_lip: NDArray[np.float64]
    commissures: NDArray[np.float64]
    mm_per_px: float
    mm_per_px_sd: float
    roll_deg: float
    yaw_deg: float
    pitch_deg: float

    @property
    def ipd_mm(self) -> float:
        return float(np.linalg.norm(self.pupils[1] - self.pupils[0]) * self.mm_per_px)

    @property
    def mouth_axes(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Unit vectors along the interpupillary line (towards the person's left) and down
        the face, perpendicular to it (pixels)."""
        across = self.pupils[1] - self.pupils[0]
        across = across / np.linalg.norm(across)
        return across, np.array([-across[1], across[0]])

    @property
    def upper_inner_lip(self) -> NDArray[np.float64]:
        return self.inner_lip[: len(INNER_UPPER)]

    @property
    def lower_inner_lip(self) -> NDArray[np.float64]:
        return self.inner_lip[len(INNER_UPPER) :]

    def midline_x_at(self, y: float) -> float:
        """x (pixels) of the facial midline at image row y."""
        (px, py), (dx, dy) = self.midline_point, self.midline_direction
        return float(px + (y - py) * dx / dy)

    def opening_mm(self) -> float:
        """Height of the mouth opening at the midline (inner lips), mm."""
        upper, lower = self.lip_midpoints()
        return float(np.linalg.norm(lower - upper) * self.mm_per_px)

    def lip_midpoints(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Where the facial midline crosses the upper and the lower inner lip (pixels)."""
        return (
            _crossing(self.upper_inner_lip, self.midline_point, self.midline_direction),
            _crossing(self.lower_inner_lip, self.midline_point, self.midline_direction),
        )


def facial_frame(face: FaceLandmarks, require_open_mouth: bool = True) -> FacialFrame:
    """The facial frame of one face, or FaceError (face too small, mouth closed)."""
    points = face.points
    xy = points[:, :2]
    pupil_a, pupil_b = xy[IRIS_A[0]], xy[IRIS_B[0]]
    # Which iris is the person's right differs between MediaPipe files: the one on the
    # image's left is the person's right in a photo that is not mirrored.
    (right_iris, left_iris) = (IRIS_A, IRIS_B) if pupil_a[0] <= pupil_b[0] else (IRIS_B, IRIS_A)
    pupils = np.stack([xy[right_iris[0]], xy[left_iris[0]]])
    ipd_px = float(np.linalg.norm(pupils[1] - pupils[0]))
    if ipd_px < MIN_IPD_PX:
        raise FaceError(
            f"the face is too small to work with ({ipd_px:.0f} px between the pupils, "
            f"at least {MIN_IPD_PX:.0f}): use a closer or larger photo"
        )
    across = (pupils[1] - pupils[0]) / ipd_px
    roll = math.degrees(math.atan2(-across[1], across[0]))  # y runs down the image
    yaw, pitch = _head_turn(points, right_iris[0], left_iris[0])

    # The iris's horizontal diameter, foreshortened by the head's turn.
    diameters = []
    for _, ring in (right_iris, left_iris):
        ring_xy = xy[list(ring)]
        diameters.append(float(np.linalg.norm(ring_xy[0] - ring_xy[2])))  # temporal-nasal
    iris_px = float(np.mean(diameters)) / max(math.cos(math.radians(yaw)), 0.5)
    mm_per_px = IRIS_DIAMETER_MM / iris_px
    # Anatomy (11.7 +- 0.5 mm) and how far the two eyes disagree, combined.
    spread = abs(diameters[0] - diameters[1]) / max(sum(diameters), 1e-9)
    relative_sd = math.hypot(IRIS_DIAMETER_SD_MM / IRIS_DIAMETER_MM, spread)

    midline_point, midline_direction = _midline(xy, across)
    inner = xy[list(INNER_UPPER) + list(INNER_LOWER)]
    outer = xy[list(OUTER_UPPER) + list(OUTER_LOWER)]
    commissures = xy[list(COMMISSURES_OUTER)]
    if commissures[0][0] > commissures[1][0]:
        commissures = commissures[::-1]
    frame = FacialFrame(
        pupils=pupils,
        midline_point=midline_point,
        midline_direction=midline_direction,
        inner_lip=inner,
        outer_lip=outer,
        commissures=commissures,
        mm_per_px=mm_per_px,
        mm_per_px_sd=mm_per_px * relative_sd,
        roll_deg=roll,
        yaw_deg=yaw,
        pitch_deg=pitch,
    )
    if require_open_mouth and frame.opening_mm() < MIN_OPENING_MM:
        raise FaceError(
            f"the mouth is closed ({frame.opening_mm():.1f} mm between the lips): "
            "use a photo that smiles with the teeth showing"
        )
    return frame


def _midline(
    xy: NDArray[np.float64], across: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """A line through the rigid midline points (total least squares), pointing down."""
    points = xy[list(RIGID_MIDLINE)]
    centre = points.mean(axis=0)
    _, _, vt = np.linalg.svd(points - centre)
    direction = vt[0]
    # Nearly straight faces give a well-defined line; keep it perpendicular-ish to the
    # eyes' line sense (pointing down the face).
    down = np.array([-across[1], across[0]])
    if direction @ down < 0:
        direction = -direction
    return centre, direction / np.linalg.norm(direction)


def _head_turn(
    points: NDArray[np.float64], right_pupil: int, left_pupil: int
) -> tuple[float, float]:
    """(yaw, pitch) degrees from the landmarks' relative depth.

    Yaw: the eye-to-eye vector turns out of the image plane as the head turns. Pitch:
    the glabella-subnasale line (near vertical in an upright face) tilts in depth as the
    head nods. MediaPipe's depth is approximate: both are clamped to what a portrait
    shows, and the fit stays adjustable.
    """
    # To a frame with y up and z towards the viewer.
    flip = np.array([1.0, -1.0, -1.0])
    eyes = (points[left_pupil] - points[right_pupil]) * flip
    yaw = math.degrees(math.atan2(eyes[2], eyes[0]))
    profile = (points[GLABELLA] - points[SUBNASALE]) * flip
    pitch = math.degrees(math.atan2(-profile[2], profile[1]))
    return float(np.clip(-yaw, -35, 35)), float(np.clip(pitch, -25, 25))


def _crossing(
    polyline: NDArray[np.float64], point: NDArray[np.float64], direction: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Where the line (point, direction) crosses polyline ((n, 2)); the nearest vertex to
    the line when it does not cross (a lip contour that curls)."""
    normal = np.array([-direction[1], direction[0]])
    side = (polyline - point) @ normal
    crossing: NDArray[np.float64]
    for i in range(len(polyline) - 1):
        a, b = side[i], side[i + 1]
        if a == 0:
            crossing = polyline[i].copy()
            return crossing
        if a * b < 0:
            t = a / (a - b)
            crossing = polyline[i] + t * (polyline[i + 1] - polyline[i])
            return crossing
    crossing = polyline[int(np.argmin(np.abs(side)))].copy()
    return crossing
