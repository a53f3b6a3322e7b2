"""Binary PLY: millimetres, normals, sRGB vertex colours and the glow as linear HDR floats.

Vertex properties: x y z (mm), nx ny nz, red green blue alpha (uchar, sRGB), and
emission_r emission_g emission_b (float, linear, HDR: may exceed 1). Readers that do not
know the emission properties skip them (trimesh keeps them in
`mesh.metadata["_ply_raw"]["vertex"]["data"]`); one mesh, faces as uchar-counted int lists.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from fusionsmile.core.scene import Scene, occluded_albedo
from fusionsmile.export.colour import linear_to_srgb_bytes

_VERTEX = np.dtype(
    [(name, "<f4") for name in ("x", "y", "z", "nx", "ny", "nz")]
    + [(name, "u1") for name in ("red", "green", "blue", "alpha")]
    + [(name, "<f4") for name in ("emission_r", "emission_g", "emission_b")]
)
_FACE = np.dtype([("count", "u1"), ("vertex_indices", "<i4", (3,))])
_TYPES = {"<f4": "float", "|u1": "uchar"}


def ply_bytes(scene: Scene) -> bytes:
    """The whole scene as one binary little-endian PLY."""
    vertex = np.empty(len(scene.position), dtype=_VERTEX)
    for axis, name in enumerate("xyz"):
        vertex[name] = scene.position[:, axis]
        vertex[f"n{name}"] = scene.normal[:, axis]
    albedo = linear_to_srgb_bytes(occluded_albedo(scene.albedo, scene.ambient))
    for channel, name in enumerate(("red", "green", "blue")):
        vertex[name] = albedo[:, channel]
        vertex[f"emission_{name[0]}"] = scene.emission[:, channel]
    vertex["alpha"] = np.round(np.clip(scene.alpha, 0, 1) * 255)
    face = np.empty(len(scene.faces), dtype=_FACE)
    face["count"] = 3
    face["vertex_indices"] = scene.faces
    properties = "".join(
        f"property {_TYPES[vertex.dtype[name].str]} {name}\n" for name in _VERTEX.names or ()
    )
    header = (
        "ply\nformat binary_little_endian 1.0\n"
        "comment FusionSmile: millimetres; colour sRGB; emission linear HDR\n"
        f"element vertex {len(vertex)}\n{properties}"
        f"element face {len(face)}\nproperty list uchar int vertex_indices\nend_header\n"
    )
    return header.encode("ascii") + vertex.tobytes() + face.tobytes()


def write_ply(scene: Scene, path: Path) -> None:
    path.write_bytes(ply_bytes(scene))
