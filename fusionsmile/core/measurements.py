"""Measurements of each generated crown, taken on the mesh itself."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from fusionsmile.core.geometry.surface import Dentition, MeshPart, Region


@dataclass(frozen=True)
class CrownMeasurement:
    """Sizes of one generated crown in its own frame, mm, and whether it is closed."""

    mesiodistal_mm: float
    labiolingual_mm: float
    crown_length_mm: float
    watertight: bool

    def as_json(self) -> dict[str, float | bool]:
        return {
            "mesiodistal_mm": round(self.mesiodistal_mm, 3),
            "labiolingual_mm": round(self.labiolingual_mm, 3),
            "crown_length_mm": round(self.crown_length_mm, 3),
            "watertight": self.watertight,
        }


def is_watertight(faces: NDArray[np.int32]) -> bool:
    """Closed and consistently oriented: every directed edge appears exactly once, and so
    does its reverse.

    faces : (m, 3) int
    """
    edges = np.concatenate([faces[:, [0, 1]], faces[:, [1, 2]], faces[:, [2, 0]]]).astype(np.int64)
    if len(edges) == 0:
        return False
    key = edges[:, 0] * (int(edges.max()) + 1) + edges[:, 1]
    reverse = edges[:, 1] * (int(edges.max()) + 1) + edges[:, 0]
    unique, counts = np.unique(key, return_counts=True)
    if np.any(counts != 1):
        return False
    return bool(np.all(np.isin(reverse, unique, assume_unique=False)))


def measure_crown(
    part: MeshPart, frame: NDArray[np.float64], origin: NDArray[np.float64]
) -> CrownMeasurement:
    """Extents of the enamel along the tooth's own mesiodistal, axial and labial axes."""
    attributes = part.attributes
    enamel = attributes.position[attributes.region == Region.ENAMEL].astype(np.float64)
    local = (enamel - origin) @ frame  # columns: mesial, axial, labial
    extent = np.ptp(local, axis=0)
    return CrownMeasurement(
        mesiodistal_mm=float(extent[0]),
        labiolingual_mm=float(extent[2]),
        crown_length_mm=float(extent[1]),
        watertight=is_watertight(part.faces),
    )


def measure_crowns(dentition: Dentition) -> dict[int, CrownMeasurement]:
    """Every present crown, keyed by FDI number."""
    result = {}
    for fdi, placement in sorted(dentition.placements.items()):
        part = dentition.part(str(fdi))
        result[fdi] = measure_crown(part, placement.frame, placement.origin)
    return result
