"""The bite of the front teeth: overbite and overjet, measured on the built mesh.

Both are judged between the upper and lower central incisors in centric occlusion, so a
design with its jaw open is measured as if it were closed (the lower arch swung back
about the hinge). World frame: y up (the upper incisal edges near y = 0, the lower ones
above them), z forward, x across; the occlusal plane is the x-z plane.

- overbite: how far the upper incisal edge overlaps the lower incisor vertically, mm
  (negative: an open bite).
- overjet: how far the upper incisal edge stands in front of the lower incisor's labial
  face at that height, parallel to the occlusal plane, mm (negative: a reverse overjet).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from fusionsmile.core.geometry.placement import hinge_rotation
from fusionsmile.core.geometry.surface import Dentition, Region

# Opposing central incisors: upper right over lower right, upper left over lower left.
_PAIRS = ((11, 41), (21, 31))
_EDGE_BAND_MM = 0.5  # the incisal edge: the lowest half millimetre of the upper crown
_AXIS_BAND_MM = 1.0  # vertices this close to the crown's middle (x) form its profile


@dataclass(frozen=True)
class Bite:
    """Mean overbite and overjet of the central incisor pairs present, mm (None if no pair)."""

    overbite_mm: float | None
    overjet_mm: float | None


def measure_bite(dentition: Dentition) -> Bite:
    """Overbite and overjet of a dentition, with its jaw closed if it was built open."""
    overbites, overjets = [], []
    for upper, lower in _PAIRS:
        up = _enamel(dentition, upper)
        low = _enamel(dentition, lower)
        if up is None or low is None:
            continue
        if dentition.bite_opening_mm > 0:
            matrix, pivot = hinge_rotation(dentition.bite_opening_mm)
            low = (low - pivot) @ matrix + pivot  # back to occlusion (inverse = transpose)
        up, low = _profile(up), _profile(low)
        edge_y = float(up[:, 1].min())
        edge = up[up[:, 1] <= edge_y + _EDGE_BAND_MM]
        lower_top = float(low[:, 1].max())
        overbites.append(lower_top - edge_y)
        # The lower labial face at the height of the upper edge, or at its own edge when
        # the teeth do not overlap.
        height = min(edge_y, lower_top - 0.5 * _EDGE_BAND_MM)
        band = low[np.abs(low[:, 1] - height) <= _EDGE_BAND_MM]
        overjets.append(float(edge[:, 2].max() - band[:, 2].max()))
    if not overbites:
        return Bite(None, None)
    return Bite(float(np.mean(overbites)), float(np.mean(overjets)))


def _enamel(dentition: Dentition, fdi: int) -> NDArray[np.float64] | None:
    """Enamel vertex positions (n, 3) of a standing tooth, or None."""
    try:
        attributes = dentition.part(str(fdi)).attributes
    except KeyError:
        return None
    enamel: NDArray[np.float64] = attributes.position[attributes.region == Region.ENAMEL]
    return enamel.astype(np.float64)


def _profile(points: NDArray[np.float64]) -> NDArray[np.float64]:
    """The crown's mid-sagittal slice (k, 3): vertices near the middle of its x extent,
    where overbite and overjet are read on a cast."""
    middle = 0.5 * (points[:, 0].min() + points[:, 0].max())
    sliced: NDArray[np.float64] = points[np.abs(points[:, 0] - middle) <= _AXIS_BAND_MM]
    return sliced
