"""A synthetic mouth built from trimesh primitives, for render and export tests.

The real generator (`fusionsmile.core.geometry.dentition`) is written elsewhere; these
tests only need a Dentition of the right shape and scale: ellipsoid crowns named by FDI
number along a U-shaped arch (incisors at +z) and a flattened torus of gum per arch.
Every part is watertight. World frame in mm: +x patient's left, +y up, +z forward.
Charts are angles: a crown's longitude and latitude (the icosphere has vertices on its
poles), a gum's angles around the torus's two circles (both wrap).
"""

from __future__ import annotations

import numpy as np
import trimesh

from fusionsmile.core.geometry.surface import Dentition, MeshPart, Region, SurfaceAttributes

# Mesiodistal width, crown height, labiolingual depth (mm) by position digit 1..7.
_CROWNS = {
    1: (8.5, 10.5, 7.0),
    2: (6.5, 9.0, 6.0),
    3: (7.5, 10.0, 8.0),
    4: (7.0, 8.5, 9.0),
    5: (6.5, 8.0, 9.0),
    6: (10.0, 7.5, 11.0),
    7: (9.0, 7.0, 10.5),
}
_ARCH_HALF_WIDTH = 25.0  # mm, x of the molars
_ARCH_DEPTH = 40.0  # mm, from the incisors back to the molars
_FRONT_Z = 20.0  # mm, z of the incisors


def _arch_point(t: float) -> tuple[np.ndarray, np.ndarray]:
    """Point and unit tangent of the arch at t in [-1, 1] (right molar .. left molar)."""
    x = _ARCH_HALF_WIDTH * np.sin(t * np.pi / 2)
    z = _FRONT_Z - _ARCH_DEPTH * (1 - np.cos(t * np.pi / 2))
    dx = _ARCH_HALF_WIDTH * np.cos(t * np.pi / 2)
    dz = -_ARCH_DEPTH * np.sin(t * np.pi / 2)
    tangent = np.array([dx, 0.0, dz]) / np.hypot(dx, dz)
    return np.array([x, 0.0, z]), tangent


def _arch_centres(widths: list[float]) -> list[tuple[np.ndarray, np.ndarray, float]]:
    """Centre, tangent and arch coordinate s of teeth laid side by side from the midline."""
    ts = np.linspace(0.0, 1.0, 2001)
    points = np.array([_arch_point(t)[0] for t in ts])
    length = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(points, axis=0), axis=1))])
    out, along = [], 0.0
    for width in widths:
        t = float(np.interp(along + width / 2, length, ts))
        point, tangent = _arch_point(t)
        out.append((point, tangent, t))
        along += width
    return out


def _crown(fdi: int, centre, tangent, s: float, subdivisions: int) -> MeshPart:
    width, height, depth = _CROWNS[fdi % 10]
    upper = fdi // 10 in (1, 2)
    sphere = trimesh.creation.icosphere(subdivisions=subdivisions)
    local = sphere.vertices * np.array([width, height, depth]) / 2
    # Columns: mesiodistal (along the arch), up, labial (away from the arch's middle).
    labial = np.array([tangent[2], 0.0, -tangent[0]])
    if labial @ (centre - [0.0, 0.0, _FRONT_Z - _ARCH_DEPTH]) < 0:
        labial = -labial
    up = np.array([0.0, 1.0, 0.0])
    # A proper rotation keeps the icosphere's faces counter-clockwise from outside.
    md = tangent if np.linalg.det(np.column_stack([tangent, up, labial])) > 0 else -tangent
    frame = np.column_stack([md, up, labial])
    y = height / 2 + 0.3 if upper else -height / 2 - 0.3
    position = local @ frame.T + centre + [0.0, y, 0.0]
    normal = (sphere.vertices / (np.array([width, height, depth]) / 2)) @ frame.T
    normal /= np.linalg.norm(normal, axis=1, keepdims=True)
    # v runs from the cervical line (0) to the incisal edge (1).
    v = 1 - (local[:, 1] + height / 2) / height if upper else (local[:, 1] + height / 2) / height
    u = (np.arctan2(local[:, 2], local[:, 0]) / (2 * np.pi)) % 1.0
    row = np.arccos(np.clip(-sphere.vertices[:, 1], -1.0, 1.0)) / np.pi
    column = np.where(np.abs(sphere.vertices[:, 1]) > 1 - 1e-9, np.nan, u)
    n = len(position)
    attributes = SurfaceAttributes(
        tooth=np.full(n, fdi, np.int16),
        u=u.astype(np.float32),
        v=v.astype(np.float32),
        region=np.full(n, Region.ENAMEL, np.uint8),
        s=np.full(n, s, np.float32),
        position=position.astype(np.float32),
        normal=normal.astype(np.float32),
    )
    chart = np.stack([column, row], axis=-1).astype(np.float32)
    return MeshPart(str(fdi), fdi, sphere.faces.astype(np.int32), attributes, chart)


def _gum(arch: str, crowns: list[MeshPart], sections: int) -> MeshPart:
    ring = trimesh.creation.torus(
        1.0, 0.2, major_sections=sections, minor_sections=max(sections // 4, 8)
    )
    # The torus lies in the xy plane: rotate it into the xz plane (x, y, z) -> (x, -z, y),
    # a proper rotation, so the faces stay counter-clockwise; then stretch it.
    vertices = ring.vertices[:, [0, 2, 1]] * [1.0, -1.0, 1.0]
    scale = np.array([_ARCH_HALF_WIDTH, 25.0, _ARCH_DEPTH / 2])
    centre = np.array([0.0, 13.0 if arch == "upper" else -13.0, _FRONT_Z - _ARCH_DEPTH / 2])
    position = vertices * scale + centre
    normal = trimesh.Trimesh(position, ring.faces, process=False).vertex_normals
    # Gums carry the nearest tooth's number, as the real generator does.
    crown_xyz = np.array([p.attributes.position.mean(axis=0) for p in crowns])
    nearest = np.argmin(((position[:, None, :] - crown_xyz[None]) ** 2).sum(-1), axis=1)
    tooth = np.array([p.fdi for p in crowns], np.int16)[nearest]
    n = len(position)
    attributes = SurfaceAttributes(
        tooth=tooth,
        u=np.zeros(n, np.float32),
        v=np.zeros(n, np.float32),
        region=np.full(n, Region.GINGIVA, np.uint8),
        s=np.clip(position[:, 0] / _ARCH_HALF_WIDTH, -1, 1).astype(np.float32),
        position=position.astype(np.float32),
        normal=normal.astype(np.float32),
    )
    major = np.arctan2(ring.vertices[:, 1], ring.vertices[:, 0])
    minor = np.arctan2(ring.vertices[:, 2], np.hypot(ring.vertices[:, 0], ring.vertices[:, 1]) - 1)
    chart = (np.stack([major, minor], axis=-1) / (2 * np.pi) % 1.0).astype(np.float32)
    return MeshPart(f"gingiva-{arch}", 0, ring.faces.astype(np.int32), attributes, chart)


def synthetic_dentition(subdivisions: int = 2, gum_sections: int = 64) -> Dentition:
    """28 crowns (FDI 11-17, 21-27, 31-37, 41-47) and two gums, all watertight.

    subdivisions : icosphere level of each crown (2: 320 faces, 4: 5120 faces)
    """
    parts: list[MeshPart] = []
    for arch, (right, left) in {"upper": (1, 2), "lower": (4, 3)}.items():
        widths = [_CROWNS[p][0] for p in range(1, 8)]
        crowns = []
        for quadrant, sign in ((right, -1), (left, 1)):
            for position, (centre, tangent, t) in enumerate(_arch_centres(widths), start=1):
                point = centre * [sign, 1, 1]
                direction = tangent * [1, 1, sign]
                fdi = 10 * quadrant + position
                crowns.append(_crown(fdi, point, direction, sign * t, subdivisions))
        parts.extend(crowns)
        parts.append(_gum(arch, crowns, gum_sections))
    return Dentition(parts=tuple(parts), placements={}, arch_fit={})
