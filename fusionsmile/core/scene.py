"""Scene: a dentition's surface with its shading channels, ready to draw or write.

`design_scene(design, dentition, t)` composes the design's layers on the dentition's
vertices; everything downstream (renderer, exporters) only ever sees a Scene.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from fusionsmile.core.design import Design
from fusionsmile.core.geometry.surface import Dentition, SurfaceAttributes
from fusionsmile.core.layers.channels import Channels
from fusionsmile.core.layers.compose import base_channels, compose


@dataclass(frozen=True, eq=False)
class Scene:
    """Arrays for n vertices and m triangles.

    position : (n, 3) float32, mm      normal : (n, 3) float32, unit
    faces : (m, 3) uint32              tooth : (n,) int16 FDI number (0 = none), for picking
    region : (n,) uint8 Region         albedo : (n, 3) float32, linear RGB in [0, 1]
    alpha : (n,) float32 in [0, 1]     emission : (n, 3) float32, linear RGB, HDR (>= 0)
    translucency : (n,) float32 [0, 1] roughness : (n,) float32 in [0, 1]
    fluorescence : (n, 3) float32, linear RGB emitted under a UV lamp only
    bump : (n, 3) float32, normal offset from micro-relief
    ambient : (n,) float32 in [0, 1], share of ambient light reaching the vertex (the
              geometry's ambient occlusion: 1 open); the renderer shades with it and the
              exporters bake it into the colours they write (`occluded_albedo`)
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
    fluorescence: NDArray[np.float32]
    bump: NDArray[np.float32]
    parts: dict[str, tuple[int, int, int, int]]
    ambient: NDArray[np.float32]

    @property
    def triangle_count(self) -> int:
        return int(self.faces.shape[0])

    def bounds(self) -> NDArray[np.float32]:
        """(2, 3) float32: minimum and maximum corner of the vertices, mm."""
        return np.stack([self.position.min(axis=0), self.position.max(axis=0)])

    def with_channels(self, channels: Channels) -> Scene:
        """The same surface with another look (a new frame of animation)."""
        return Scene(
            **{**self.__dict__, **channels.as_dict()},
        )


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
    return scene_with_channels(dentition, attributes, faces, base_channels(attributes))


def design_scene(design: Design, dentition: Dentition, t: float = 0.0) -> Scene:
    """The dentition (built from design.geometry) with the design's look at time t (s)."""
    faces, attributes = dentition.merged()
    return scene_with_channels(dentition, attributes, faces, compose(design, attributes, t))


def scene_with_channels(
    dentition: Dentition,
    attributes: SurfaceAttributes,
    faces: NDArray[np.int32],
    channels: Channels,
) -> Scene:
    return Scene(
        position=attributes.position.astype(np.float32, copy=False),
        normal=attributes.normal.astype(np.float32, copy=False),
        faces=faces.astype(np.uint32),
        tooth=attributes.tooth,
        region=attributes.region,
        parts=part_table(dentition),
        ambient=attributes.ambient_or_open(),
        **channels.as_dict(),
    )


def occluded_albedo(
    albedo: NDArray[np.float32], ambient: NDArray[np.float32]
) -> NDArray[np.float32]:
    """(n, 3) albedo darkened by the ambient occlusion (n,), for files whose viewers know
    nothing of it: the colours a vertex-coloured or baked export writes. The renderer
    scales the light it reflects by the same factor (surface.frag), so both agree."""
    darkened: NDArray[np.float32] = albedo * ambient[:, None]
    return darkened
