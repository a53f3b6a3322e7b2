"""Dental arch forms: the curve through the contact points, in the occlusal plane.

The curve lies in the world x-z plane: x across (patient's left +), z forward. Its ends
are the distal contacts of the second molars at x = -W/2 and +W/2, z = 0; the midline
point is at x = 0, z = D. Forms (shared/reference/dental-data.md, section 2):

- beta: z = D * (1 - (2x/W)^2)^e              (Braun et al. 1998; e: smile-reference.json)
- catenary: z = D - a (cosh(x/a) - 1), a fitted to W and D  (Aljayousi 2021)
- parabola: z = D * (1 - (2x/W)^2)            (Rudge 1981)
- bonwill-hawley: the six front teeth on a circle whose radius is their summed widths per
  side; premolars and molars on straight lines to the molar ends (Rudge 1981)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import brentq
from scipy.spatial import cKDTree

from fusionsmile.core.reference import reference
from fusionsmile.core.teeth import wheeler_size

_SAMPLES = 2001
_BETA_EXPONENT = float(reference("arch_beta_exponent").value)  # Braun 1998


@dataclass(frozen=True, eq=False)
class ArchCurve:
    """A dense polyline of the arch, from the right end (x < 0) to the left end (x > 0).

    points : (k, 2) float64, (x, z) in mm
    arc : (k,) float64, signed arc length from the midline, mm (negative on the right)
    """

    points: NDArray[np.float64]
    arc: NDArray[np.float64]

    @property
    def half_length(self) -> float:
        """Arc length from the midline to one end (the curve is symmetric)."""
        return float(self.arc[-1])

    def point_at(self, arc: NDArray[np.float64]) -> NDArray[np.float64]:
        """Points (n, 2) at signed arc lengths (n,); beyond the ends the end tangent is
        followed in a straight line, so teeth that do not fit still get a place."""
        arc = np.asarray(arc, dtype=np.float64)
        result = np.empty((*arc.shape, 2))
        result[..., 0] = np.interp(arc, self.arc, self._x)
        result[..., 1] = np.interp(arc, self.arc, self._z)
        if arc.size and (arc.max() > self.arc[-1] or arc.min() < self.arc[0]):
            for end, direction in self._end_directions:
                beyond = arc > self.arc[end] if end else arc < self.arc[end]
                if np.any(beyond):
                    extra = np.abs(arc[beyond] - self.arc[end])[:, None]
                    result[beyond] = self.points[end] + extra * direction
        return result

    def tangent_at(self, arc: NDArray[np.float64]) -> NDArray[np.float64]:
        """Unit tangents (n, 2) pointing towards increasing arc (patient's left)."""
        step = 0.05
        arc = np.asarray(arc)
        # Both sides in one lookup: the builder asks for a few points at a time, many times.
        ahead, behind = self.point_at(np.array([arc + step, arc - step]))
        forward = ahead - behind
        unit: NDArray[np.float64] = forward / np.linalg.norm(forward, axis=-1, keepdims=True)
        return unit

    @cached_property
    def _x(self) -> NDArray[np.float64]:
        # Contiguous columns, so each np.interp does not copy the strided column again.
        return np.ascontiguousarray(self.points[:, 0])

    @cached_property
    def _z(self) -> NDArray[np.float64]:
        return np.ascontiguousarray(self.points[:, 1])

    @cached_property
    def _end_directions(self) -> tuple[tuple[int, NDArray[np.float64]], ...]:
        """(end index, unit direction continuing the curve past it), last end first."""
        ends = []
        for end, sign in ((-1, 1.0), (0, -1.0)):
            direction = self.points[end] - self.points[end - int(sign)]
            ends.append((end, direction / np.linalg.norm(direction)))
        return tuple(ends)

    @cached_property
    def _tree(self) -> cKDTree:
        return cKDTree(self.points)

    def project(self, xz: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Signed arc length (n,) of the nearest curve point to each point (n, 2), and the
        outward distance (n,) of the point from the curve, mm."""
        _, nearest = self._tree.query(xz)
        arc = self.arc[nearest].copy()
        # Past either end the arch continues along its end tangent (see point_at), so
        # points there (third molars, crowded arches) keep increasing arc lengths.
        for end in (0, len(self.arc) - 1):
            beyond = nearest == end
            if np.any(beyond):
                tangent = self.tangent_at(np.array([self.arc[end]]))[0]
                along = (xz[beyond] - self.points[end]) @ tangent
                sign = 1.0 if end else -1.0
                arc[beyond] += np.where(along * sign > 0, along, 0.0)
        base = self.point_at(arc)
        outward = self.outward_at(arc)
        return arc, np.einsum("ij,ij->i", xz - base, outward)

    def outward_at(self, arc: NDArray[np.float64]) -> NDArray[np.float64]:
        """Unit normals (n, 2) pointing out of the mouth (labially / buccally)."""
        tangent = self.tangent_at(arc)
        outward = np.empty_like(tangent)
        outward[..., 0] = -tangent[..., 1]
        outward[..., 1] = tangent[..., 0]
        return outward


@lru_cache(maxsize=64)
def arch_curve(
    form: str, width_mm: float, depth_mm: float, front_widths_mm: float | None = None
) -> ArchCurve:
    """The arch of a given form. `front_widths_mm` (central + lateral + canine on one side;
    None: Wheeler's upper average) is only used by the Bonwill-Hawley form.

    Cached: every build asks for the same two curves while one tooth is edited, and a
    curve's k-d tree (for `project`) is built once. Its arrays are read-only, as shared.
    """
    half = width_mm / 2.0
    if form == "bonwill-hawley":
        if front_widths_mm is None:
            front_widths_mm = sum(wheeler_size(fdi).md_crown for fdi in (11, 12, 13))
        points = _bonwill_hawley(half, depth_mm, front_widths_mm)
    else:
        x = half * np.sin(np.linspace(-np.pi / 2, np.pi / 2, _SAMPLES))  # denser at the ends
        points = np.stack([x, _FORMS[form](x, half, depth_mm)], axis=-1)
    segment = np.linalg.norm(np.diff(points, axis=0), axis=1)
    arc = np.concatenate([[0.0], np.cumsum(segment)])
    middle = float(np.interp(0.0, points[:, 0], arc))
    curve = ArchCurve(points=points, arc=arc - middle)
    curve.points.flags.writeable = False
    curve.arc.flags.writeable = False
    return curve


def _beta(x: NDArray[np.float64], half: float, depth: float) -> NDArray[np.float64]:
    inside = np.clip(1.0 - (x / half) ** 2, 0.0, None)
    return depth * inside**_BETA_EXPONENT


def _parabola(x: NDArray[np.float64], half: float, depth: float) -> NDArray[np.float64]:
    return depth * (1.0 - (x / half) ** 2)


def _catenary(x: NDArray[np.float64], half: float, depth: float) -> NDArray[np.float64]:
    # a (cosh(half / a) - 1) = depth; the left side falls as a grows, so one root.
    a = float(brentq(lambda a: a * (np.cosh(half / a) - 1.0) - depth, half / 50.0, half * 50.0))
    z: NDArray[np.float64] = depth - a * (np.cosh(x / a) - 1.0)
    return z


_FORMS = {"beta": _beta, "parabola": _parabola, "catenary": _catenary}


def _bonwill_hawley(half: float, depth: float, radius: float) -> NDArray[np.float64]:
    # The six front teeth span 2 * radius of arc, so 1 radian each side of the midline.
    centre_z = depth - radius
    angle = np.minimum(1.0, np.arcsin(min(1.0, 0.95 * half / radius)))
    theta = np.linspace(-angle, angle, 801)
    front = np.stack([radius * np.sin(theta), centre_z + radius * np.cos(theta)], axis=-1)
    right = np.linspace([-half, 0.0], front[0], 400, endpoint=False)
    left = np.linspace(front[-1], [half, 0.0], 401)[1:]
    return np.concatenate([right, front, left])
