"""The sampled surface of a dentition: mesh parts and the attributes every sample carries.

World frame, in millimetres: +x to the patient's left, +y up, +z forward (out of the
mouth, towards a viewer standing in front). The occlusal plane is y = 0 at the incisors;
upper crowns rise above it, lower crowns hang below it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float32]


class Region(IntEnum):
    """What tissue a sample lies on."""

    ENAMEL = 0
    GINGIVA = 1
    ROOT = 2  # the stub of root below the cervical line, hidden inside the gum


@dataclass(frozen=True, eq=False)
class SurfaceAttributes:
    """Per-sample attributes of n surface samples; layers see only these.

    tooth : (n,) int16    FDI number; on gingiva, the FDI number of the nearest tooth
    u : (n,) float32      around the crown in [0, 1): 0 mesial, 0.25 labial, 0.5 distal,
                          0.75 lingual; on gingiva, 0 at the labial face, 0.5 lingual
    v : (n,) float32      height above the cervical line / crown length, in [0, 1]
                          (0 at the cervical line, 1 at the incisal edge or cusp tip);
                          on gingiva, 0 at the gum margin, 1 at the far edge of the gum
    region : (n,) uint8   a Region value
    s : (n,) float32      arch coordinate: -1 at the right molars, 0 midline, +1 left
    position : (n, 3) float32   mm, world frame
    normal : (n, 3) float32     unit outward normals
    ambient : (n,) float32 or None   share of ambient light that reaches the sample, 1
                          open .. 0 enclosed (ambient occlusion: the embrasures between
                          crowns, the gum's collar; geometry.ambient); None: open everywhere
    """

    tooth: NDArray[np.int16]
    u: FloatArray
    v: FloatArray
    region: NDArray[np.uint8]
    s: FloatArray
    position: FloatArray
    normal: FloatArray
    ambient: FloatArray | None = None

    def __len__(self) -> int:
        return int(self.position.shape[0])

    def ambient_or_open(self) -> FloatArray:
        """(n,) float32: the ambient attribute, ones where there is none."""
        if self.ambient is None:
            return np.ones(len(self), dtype=np.float32)
        return self.ambient

    @staticmethod
    def concatenate(items: list[SurfaceAttributes]) -> SurfaceAttributes:
        return SurfaceAttributes(
            tooth=np.concatenate([a.tooth for a in items]),
            u=np.concatenate([a.u for a in items]),
            v=np.concatenate([a.v for a in items]),
            region=np.concatenate([a.region for a in items]),
            s=np.concatenate([a.s for a in items]),
            position=np.concatenate([a.position for a in items]),
            normal=np.concatenate([a.normal for a in items]),
            ambient=None
            if all(a.ambient is None for a in items)
            else np.concatenate([a.ambient_or_open() for a in items]),
        )


@dataclass(frozen=True, eq=False)
class MeshPart:
    """One closed piece of the mouth: a crown or one arch of gum.

    name : "11" ... "48" for crowns, "gingiva-upper" / "gingiva-lower" for gums
    fdi : FDI number of a crown, 0 for a gum
    faces : (m, 3) int32, counter-clockwise seen from outside, indices into attributes
    chart : (k, 2) float32, each vertex's place (column, row) in the part's sampling grid,
            in [0, 1]^2, from which exporters lay out a texture atlas. A coordinate that
            goes round the part wraps at 1 (the last sample is next to the first): a
            crown's column (around the crown), a gum's row (around the band). NaN where a
            vertex has no such coordinate: the poles of a crown (rows 0 and 1) have no
            column, the centres of a gum's end caps (columns 0 and 1) have no row.
    """

    name: str
    fdi: int
    faces: NDArray[np.int32]
    attributes: SurfaceAttributes
    chart: FloatArray

    @property
    def triangle_count(self) -> int:
        return int(self.faces.shape[0])


@dataclass(frozen=True, eq=False)
class ToothPlacement:
    """Where one tooth stands, in the world frame (mm); what the analysis measures.

    frame : (3, 3) float64, columns are unit vectors: mesiodistal (pointing mesially),
            axial (from the cervical line towards the incisal edge), labial (outwards)
    origin : (3,) the crown's local origin: on the cervical line, at the labial midpoint's
             height, on the tooth's long axis
    cervical_line : (k, 3) closed polyline of the cervical line (CEJ), ordered by u
    incisal_point : (3,) the most occlusal point of the crown on its labial face
    contact_mesial, contact_distal : (3,) contact points on the arch
    zenith : (3,) most apical point of the labial gum margin of this tooth
    md_width : mesiodistal crown width after all scaling, mm
    crown_length : crown length after scaling, wear and extrusion, mm
    """

    fdi: int
    frame: NDArray[np.float64]
    origin: NDArray[np.float64]
    cervical_line: NDArray[np.float64]
    incisal_point: NDArray[np.float64]
    contact_mesial: NDArray[np.float64]
    contact_distal: NDArray[np.float64]
    zenith: NDArray[np.float64]
    md_width: float
    crown_length: float
    s: float


@dataclass(frozen=True)
class ArchFit:
    """How the teeth of one arch fit the arch curve."""

    arch: str
    available_mm: float  # arch perimeter from the midline to the distal of the last molars
    required_mm: float  # summed mesiodistal widths plus any spacing and diastema asked for
    discrepancy_mm: float  # required - available: > 0 crowding, < 0 spacing


@dataclass(frozen=True, eq=False)
class Dentition:
    """The built mouth: crowns and gums as mesh parts, and where every tooth stands."""

    parts: tuple[MeshPart, ...]
    placements: dict[int, ToothPlacement]
    arch_fit: dict[str, ArchFit]
    # How far the lower jaw was swung open about the hinge (placement.hinge_rotation), so
    # measures of the bite can close it again.
    bite_opening_mm: float = 0.0
    _merged: list[tuple[NDArray[np.int32], SurfaceAttributes]] = field(
        default_factory=list, repr=False
    )

    @property
    def triangle_count(self) -> int:
        return sum(part.triangle_count for part in self.parts)

    def part(self, name: str) -> MeshPart:
        for candidate in self.parts:
            if candidate.name == name:
                return candidate
        raise KeyError(name)

    def merged(self) -> tuple[NDArray[np.int32], SurfaceAttributes]:
        """All parts as one mesh: faces (m, 3) int32 and the concatenated attributes."""
        if not self._merged:
            offsets = np.cumsum([0] + [len(p.attributes) for p in self.parts[:-1]])
            faces = np.concatenate(
                [p.faces + np.int32(o) for p, o in zip(self.parts, offsets, strict=True)]
            ).astype(np.int32)
            attributes = SurfaceAttributes.concatenate([p.attributes for p in self.parts])
            self._merged.append((faces, attributes))
        return self._merged[0]
