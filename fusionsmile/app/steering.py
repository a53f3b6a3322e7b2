"""Steering the 3D view's camera: orbit, zoom and pan with the limits that keep the
smile in view. Plain functions of a `Camera`, so the widget only turns mouse motion
into calls and the limits can be tested without a mouse.

Why these limits: a designer lost the smile by zooming far out (no useful limit), or
orbited into a view through the gum sheet (from above or below the arch that is shown,
or from behind). The orbit rate follows the view size, so a drag across the view turns
the same angle in a small window and a large one.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from numpy.typing import NDArray

from fusionsmile.render.camera import Camera

# A drag across the whole width of the view turns the smile this far.
DEGREES_ACROSS_VIEW = 180.0
# Seen together, the arches look right up to this tilt; beyond it one looks along the
# gum sheets. The occlusal views (±90°) show one arch only, from its biting side.
PITCH_LIMIT_BOTH = 60.0
# From behind one looks through the back of the gums.
AZIMUTH_LIMIT = 110.0
# Zoom, as a multiple of the distance the preset frames the smile at.
CLOSEST, FARTHEST = 0.3, 3.0


def degrees_per_pixel(view_width: int) -> float:
    return DEGREES_ACROSS_VIEW / max(1, view_width)


def pitch_range(arch: str) -> tuple[float, float]:
    """Elevations (degrees) the camera may take while it shows `arch`: an occlusal view
    of the upper arch looks up from below (-90°), of the lower down from above."""
    if arch == "upper":
        return -90.0, PITCH_LIMIT_BOTH
    if arch == "lower":
        return -PITCH_LIMIT_BOTH, 90.0
    return -PITCH_LIMIT_BOTH, PITCH_LIMIT_BOTH


def orbit(camera: Camera, d_azimuth: float, d_elevation: float) -> Camera:
    """camera turned by the given degrees, within the pitch and azimuth limits; an
    occlusal view tilted towards the front shows both arches again."""
    low, high = pitch_range(camera.arch)
    elevation = min(high, max(low, camera.elevation_deg + d_elevation))
    arch = camera.arch if abs(elevation) > PITCH_LIMIT_BOTH else "both"
    azimuth = min(AZIMUTH_LIMIT, max(-AZIMUTH_LIMIT, camera.azimuth_deg + d_azimuth))
    return replace(camera, azimuth_deg=azimuth, elevation_deg=elevation, arch=arch)


def zoom(camera: Camera, factor: float, framed_mm: float) -> Camera:
    """camera moved to factor times its distance, kept within CLOSEST..FARTHEST of the
    framed distance `framed_mm`."""
    distance = camera.distance_mm * factor
    distance = min(FARTHEST * framed_mm, max(CLOSEST * framed_mm, distance))
    return replace(camera, distance_mm=distance)


def pan(camera: Camera, shift_mm: NDArray[np.floating], bounds: NDArray[np.floating]) -> Camera:
    """camera with its target moved by shift_mm (3,), kept inside bounds (2, 3) mm: the
    view always looks at some part of the smile."""
    target = np.clip(np.asarray(camera.target) + shift_mm, bounds[0], bounds[1])
    return replace(camera, target=tuple(float(v) for v in target))
