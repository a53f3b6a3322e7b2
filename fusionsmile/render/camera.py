"""Orbit camera around a target, and the named views a dentist asks for.

World frame in mm: +x patient's left, +y up, +z towards a viewer in front. Azimuth 0
looks at the face from the front; positive azimuth moves the camera towards the
patient's left. Elevation +90 looks straight down, -90 straight up. The camera's up
vector follows the orbit (it is the derivative of the position along elevation), so
the poles are not singular: straight down shows the incisors at the bottom of the
image, straight up (the mirror view of the upper arch) shows them at the top.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from scipy.spatial import ConvexHull, QhullError

Arch = Literal["both", "upper", "lower"]


@dataclass(frozen=True)
class Camera:
    """A perspective camera orbiting `target` (mm).

    fov_deg is the vertical field of view. `arch` says which arch is drawn: the occlusal
    views hide the opposing arch, as an open mouth does.
    """

    azimuth_deg: float
    elevation_deg: float
    distance_mm: float
    fov_deg: float
    target: tuple[float, float, float]
    arch: Arch = "both"

    def _angles(self) -> tuple[float, float]:
        return math.radians(self.azimuth_deg), math.radians(self.elevation_deg)

    def position(self) -> NDArray[np.float64]:
        """(3,) camera position, mm."""
        az, el = self._angles()
        offset = np.array([math.cos(el) * math.sin(az), math.sin(el), math.cos(el) * math.cos(az)])
        return np.asarray(self.target, dtype=np.float64) + self.distance_mm * offset

    def up(self) -> NDArray[np.float64]:
        """(3,) unit up vector of the image, world frame."""
        az, el = self._angles()
        return np.array([-math.sin(el) * math.sin(az), math.cos(el), -math.sin(el) * math.cos(az)])

    def view_matrix(self) -> NDArray[np.float64]:
        """(4, 4) world -> view (OpenGL convention: the camera looks down -z)."""
        eye = self.position()
        back = eye - np.asarray(self.target, dtype=np.float64)
        back /= np.linalg.norm(back)
        right = np.cross(self.up(), back)
        right /= np.linalg.norm(right)
        up = np.cross(back, right)
        view = np.eye(4)
        view[0, :3], view[1, :3], view[2, :3] = right, up, back
        view[:3, 3] = -view[:3, :3] @ eye
        return view

    def clip_range(self, radius_mm: float) -> tuple[float, float]:
        """Near and far planes (mm) that hold a sphere of radius_mm around the target."""
        near = max(self.distance_mm - 1.5 * radius_mm, 0.05 * self.distance_mm)
        return near, self.distance_mm + 1.5 * radius_mm

    def projection_matrix(self, aspect: float, radius_mm: float = 60.0) -> NDArray[np.float64]:
        """(4, 4) view -> clip for width / height = aspect, OpenGL depth range [-1, 1]."""
        near, far = self.clip_range(radius_mm)
        f = 1.0 / math.tan(math.radians(self.fov_deg) / 2)
        proj = np.zeros((4, 4))
        proj[0, 0], proj[1, 1] = f / aspect, f
        proj[2, 2] = (far + near) / (near - far)
        proj[2, 3] = 2 * far * near / (near - far)
        proj[3, 2] = -1.0
        return proj


@dataclass(frozen=True)
class CameraPreset:
    """A named view: orbit angles, which arch it shows and how much of the frame it fills."""

    azimuth_deg: float
    elevation_deg: float
    arch: Arch
    fill: tuple[float, float]  # at most this fraction of image width and height is filled
    fov_deg: float = 25.0  # a long lens, as in dental photography: little distortion


CAMERA_PRESETS: dict[str, CameraPreset] = {
    # The smile spans 80% of the width unless a tall scene (gums) would leave the frame.
    "front": CameraPreset(0.0, 0.0, "both", (0.8, 0.95)),
    "three-quarter-left": CameraPreset(40.0, 5.0, "both", (0.74, 0.9)),
    "three-quarter-right": CameraPreset(-40.0, 5.0, "both", (0.74, 0.9)),
    "occlusal-upper": CameraPreset(0.0, -90.0, "upper", (0.85, 0.85)),
    "occlusal-lower": CameraPreset(0.0, 90.0, "lower", (0.85, 0.85)),
}


def camera_for(
    name: str,
    bounds: NDArray[np.floating],
    aspect: float = 16 / 9,
    points: NDArray[np.floating] | None = None,
) -> Camera:
    """Camera for a named preset that frames the scene bounds ((2, 3) mm, min and max).

    The distance is found so that the projection spans the preset's `fill` of the image
    width, or of its height, whichever is reached first. What is projected is `points`
    ((n, 3) mm, e.g. the crowns' vertices) when given, else the box's corners; the box
    overestimates a deep arch in perspective (its front corners are wider than the
    incisors), so the front view frames the smile tighter with points.
    """
    if name not in CAMERA_PRESETS:
        valid = ", ".join(CAMERA_PRESETS)
        raise ValueError(f"unknown camera view {name!r}; valid views: {valid}")
    preset = CAMERA_PRESETS[name]
    lo, hi = np.asarray(bounds, dtype=np.float64)
    centre = (lo + hi) / 2
    if preset.arch != "both":
        # Frame the shown arch only: the half of the box on its side of the occlusal plane.
        lo, hi = lo.copy(), hi.copy()
        if preset.arch == "upper":
            lo[1] = centre[1]
        else:
            hi[1] = centre[1]
        centre = (lo + hi) / 2
    radius = float(np.linalg.norm(hi - lo) / 2)
    camera = Camera(
        preset.azimuth_deg, preset.elevation_deg, 1.0, preset.fov_deg, tuple(centre), preset.arch
    )
    corners = np.array(
        [[x, y, z] for x in (lo[0], hi[0]) for y in (lo[1], hi[1]) for z in (lo[2], hi[2])]
    )
    if points is not None and len(points):
        found = np.asarray(points, dtype=np.float64)
        inside = np.all((found >= lo) & (found <= hi), axis=1)
        corners = _extreme_points(found[inside][:: max(1, int(inside.sum()) // 4000)])
    # In perspective the near side of a turned arch projects larger, so the box centre
    # is not the image centre: fit the distance, move the target so the projection is
    # centred, and fit again (two rounds settle to well under a pixel).
    for _ in range(3):
        camera = _fit_distance(camera, corners, aspect, radius, preset.fill)
        camera = _centred(camera, corners, aspect, radius)
    return _fit_distance(camera, corners, aspect, radius, preset.fill)


def _extreme_points(points: NDArray[np.float64]) -> NDArray[np.float64]:
    """The vertices of the convex hull of points ((n, 3) mm): the same framing for a
    fraction of the work.

    Every point lies in front of every camera the fit tries (the eye stays outside the
    sphere around the box), so each projected coordinate x / w is a linear-fractional,
    hence quasi-linear, function of the point: over a convex set its extremes are at
    extreme points. The fit projects the points ~160 times; ~4000 crown vertices cost
    ~76 ms a camera, their ~hundreds of hull vertices a few ms (hull included).
    Degenerate sets (too few points, all coplanar) are kept whole.
    """
    if len(points) <= 8:
        return points
    try:
        hull: NDArray[np.intp] = np.sort(ConvexHull(points).vertices)
    except (QhullError, ValueError):
        return points
    return points[hull]


def _fit_distance(
    camera: Camera,
    corners: NDArray[np.float64],
    aspect: float,
    radius: float,
    fill: tuple[float, float],
) -> Camera:
    """The camera moved along its axis to where the corners span the fill."""
    # Moving the eye along its axis keeps the view's axes: in them a point sits at
    # (x, y) beside the axis and depth w = distance - z in front of the eye, and projects
    # to (x f / aspect, y f) / w (the near and far planes change only the depth). Each
    # bisection step then costs two divisions instead of a matrix product per point.
    view = camera.view_matrix()[:3, :3]
    x, y, z = view @ (corners - np.asarray(camera.target, dtype=np.float64)).T
    f = 1.0 / math.tan(math.radians(camera.fov_deg) / 2)
    scale_x, scale_y = f / aspect / fill[0], f / fill[1]

    def extent(distance: float) -> float:
        w = distance - z
        u, v = x / w, y / w
        return float(max((u.max() - u.min()) * scale_x, (v.max() - v.min()) * scale_y) / 2)

    # Projected size shrinks monotonically with distance: bisect on it.
    near_d, far_d = radius * 1.01, radius * 200
    for _ in range(40):
        mid = math.sqrt(near_d * far_d)
        if extent(mid) > 1.0:
            near_d = mid
        else:
            far_d = mid
    return replace(camera, distance_mm=far_d)


def _centred(camera: Camera, corners: NDArray[np.float64], aspect: float, radius: float) -> Camera:
    """The camera moved sideways (target and eye together) so that the projection of
    the corners is centred in the image."""
    ndc = _project(camera, corners, aspect, radius)
    centre = (ndc.max(axis=0) + ndc.min(axis=0)) / 2
    half_height = camera.distance_mm * math.tan(math.radians(camera.fov_deg) / 2)
    view = camera.view_matrix()
    shift = centre[0] * half_height * aspect * view[0, :3] + centre[1] * half_height * view[1, :3]
    target = tuple(float(v) for v in np.asarray(camera.target) + shift)
    return replace(camera, target=target)  # type: ignore[arg-type]


def _project(
    camera: Camera, corners: NDArray[np.float64], aspect: float, radius: float
) -> NDArray[np.float64]:
    clip: NDArray[np.float64] = (
        np.c_[corners, np.ones(len(corners))]
        @ (camera.projection_matrix(aspect, radius) @ camera.view_matrix()).T
    )
    return clip[:, :2] / clip[:, 3:4]


def _screen_extent(
    camera: Camera,
    corners: NDArray[np.float64],
    aspect: float,
    radius: float,
    fill: tuple[float, float],
) -> float:
    """Largest ratio of the corners' projected span to the allowed fill, over x and y."""
    ndc = _project(camera, corners, aspect, radius)
    span = (ndc.max(axis=0) - ndc.min(axis=0)) / 2
    return float(max(span[0] / fill[0], span[1] / fill[1]))
