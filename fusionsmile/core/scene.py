"""Scene: a dentition's surface with its shading channels, ready to draw or write.

Until the layer stack exists, the look is plain: enamel and pink gums (`plain_scene`).
The layers issue replaces that with `compose(design, attributes, t)`; everything
downstream (renderer, exporters) only ever sees a Scene.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from fusionsmile.core.geometry.surface import Dentition, Region, SurfaceAttributes

# Linear-RGB base colours of the plain look. Enamel: sRGB ~(236, 228, 208), a light
# shade (L* ~ 90, b* ~ 12); gums: sRGB ~(196, 98, 104), healthy attached gingiva.
_ENAMEL_LINEAR = np.array([0.84, 0.77, 0.63], dtype=np.float32)
_GINGIVA_LINEAR = np.array([0.55, 0.12, 0.14], dtype=np.float32)
_ROOT_LINEAR = np.array([0.80, 0.70, 0.52], dtype=np.float32)


@dataclass(frozen=True, eq=False)
class Scene:
    """Arrays for n vertices and m triangles.

    position : (n, 3) float32, mm      normal : (n, 3) float32, unit
    faces : (m, 3) uint32              tooth : (n,) int16 FDI number (0 = none), for picking
    region : (n,) uint8 Region         albedo : (n, 3) float32, linear RGB in [0, 1]
    alpha : (n,) float32 in [0, 1]     emission : (n, 3) float32, linear RGB, HDR (>= 0)
    translucency : (n,) float32 [0, 1] roughness : (n,) float32 in [0, 1]
    parts : name -> (first_face, face_count, first_vertex, vertex_count), in draw order
    """

    position: NDArray[np.float32]
    normal: NDArray[np.float32]
    faces: NDArray[np.uint32]
    tooth: NDArray[np.int16]
    region: NDArray[np.uint8]
    albedo: NDArray[np.float32]
    alpha: NDArray[np.float32]
    emission: NDArray[np.float32]
    translucency: NDArray[np.float32]
    roughness: NDArray[np.float32]
    parts: dict[str, tuple[int, int, int, int]]

    @property
    def triangle_count(self) -> int:
        return int(self.faces.shape[0])

    def bounds(self) -> NDArray[np.float32]:
        """(2, 3) float32: minimum and maximum corner of the vertices, mm."""
        return np.stack([self.position.min(axis=0), self.position.max(axis=0)])


def part_table(dentition: Dentition) -> dict[str, tuple[int, int, int, int]]:
    """Face and vertex ranges of each part in the merged mesh, in part order."""
    table = {}
    face_start = vertex_start = 0
    for part in dentition.parts:
        n_faces, n_vertices = part.triangle_count, len(part.attributes)
        table[part.name] = (face_start, n_faces, vertex_start, n_vertices)
        face_start += n_faces
        vertex_start += n_vertices
    return table


def plain_scene(dentition: Dentition) -> Scene:
    """Plain enamel and pink gums: the look before any layer is applied."""
    faces, attributes = dentition.merged()
    return scene_with_channels(dentition, attributes, faces, plain_channels(attributes))


def plain_channels(attributes: SurfaceAttributes) -> dict[str, NDArray[np.float32]]:
    n = len(attributes)
    albedo = np.empty((n, 3), dtype=np.float32)
    region = attributes.region
    albedo[region == Region.ENAMEL] = _ENAMEL_LINEAR
    albedo[region == Region.GINGIVA] = _GINGIVA_LINEAR
    albedo[region == Region.ROOT] = _ROOT_LINEAR
    enamel = region == Region.ENAMEL
    # Enamel is a little bluer and more translucent towards the incisal edge.
    incisal = np.clip((attributes.v - 0.7) / 0.3, 0.0, 1.0) * enamel
    albedo[:, 2] += 0.05 * incisal
    albedo[:, 0] -= 0.04 * incisal
    return {
        "albedo": np.clip(albedo, 0.0, 1.0),
        "alpha": np.ones(n, dtype=np.float32),
        "emission": np.zeros((n, 3), dtype=np.float32),
        "translucency": (0.15 + 0.45 * incisal).astype(np.float32),
        "roughness": np.where(enamel, 0.35, 0.6).astype(np.float32),
    }


def scene_with_channels(
    dentition: Dentition,
    attributes: SurfaceAttributes,
    faces: NDArray[np.int32],
    channels: dict[str, NDArray[np.float32]],
) -> Scene:
    return Scene(
        position=attributes.position.astype(np.float32, copy=False),
        normal=attributes.normal.astype(np.float32, copy=False),
        faces=faces.astype(np.uint32),
        tooth=attributes.tooth,
        region=attributes.region,
        albedo=channels["albedo"],
        alpha=channels["alpha"],
        emission=channels["emission"],
        translucency=channels["translucency"],
        roughness=channels["roughness"],
        parts=part_table(dentition),
    )
