"""Vertex normals of triangle meshes, vectorised.

Each vertex's normal is the sum of its faces' cross products, added in face order, then
made unit. `vertex_normals` does that for one mesh; `FaceIncidence` prepares a topology
once for meshes whose vertices move but whose faces do not (the crowns: one topology per
resolution), and adds in the same order, so both give the same normals.

The arithmetic runs on one contiguous row per axis (x, y, z of every face or vertex):
on (m, 3) arrays each operation strides across rows, several times slower.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_array

F64 = NDArray[np.float64]
F32 = NDArray[np.float32]


def vertex_normals(vertices: F64, faces: NDArray[np.int32]) -> F32:
    """Area-weighted unit vertex normals.

    vertices : (n, 3) float     faces : (m, 3) int, counter-clockwise from outside
    returns  : (n, 3) float32
    """
    corners = np.ascontiguousarray(faces.T, dtype=np.intp)
    face_normals = _face_normals(vertices, corners)
    flat = faces.ravel().astype(np.intp)
    summed: list[F64] = [
        np.bincount(flat, weights=np.repeat(component, 3), minlength=len(vertices)).astype(
            np.float64, copy=False
        )
        for component in face_normals
    ]
    return _unit(summed)


class FaceIncidence:
    """One mesh topology, ready for the vertex normals of any positions of its vertices.

    faces : (m, 3) int, counter-clockwise from outside     n_vertices : n
    corners : (3, m) intp, the faces' vertex indices, one row per corner
    incidence : (n, m) sparse, ones where a vertex is a corner of a face; its product with
                the face normals adds each vertex's faces in ascending face order from
                zero, as the bincount in `vertex_normals` does
    """

    def __init__(self, faces: NDArray[np.int32], n_vertices: int) -> None:
        m = len(faces)
        self.corners = np.ascontiguousarray(faces.T, dtype=np.intp)
        self.incidence = csr_array(
            (np.ones(3 * m), (faces.ravel(), np.repeat(np.arange(m), 3))),
            shape=(n_vertices, m),
        )

    def normals(self, vertices: F64) -> F32:
        """(n, 3) float32 unit normals of the vertices (n, 3)."""
        return _unit(
            [self.incidence @ component for component in _face_normals(vertices, self.corners)]
        )


def _face_normals(vertices: F64, corners: NDArray[np.intp]) -> F64:
    """(3, m) cross products of the faces' edges (as long as twice their areas), one row
    per axis; corners (3, m) are the faces' vertex indices, one row per corner."""
    axes = np.ascontiguousarray(vertices.T)
    origin = axes.take(corners[0], axis=1)
    a = axes.take(corners[1], axis=1) - origin
    b = axes.take(corners[2], axis=1) - origin
    cross: F64 = np.empty_like(a)
    # np.cross's arithmetic, in its order: a1 b2 - a2 b1, a2 b0 - a0 b2, a0 b1 - a1 b0.
    for axis, (i, j) in enumerate(((1, 2), (2, 0), (0, 1))):
        np.multiply(a[i], b[j], out=cross[axis])
        cross[axis] -= a[j] * b[i]
    return cross


def _unit(summed: list[F64]) -> F32:
    """The summed normals' x, y, z (n,) each, made unit (0 stays 0), as (n, 3) float32."""
    x, y, z = summed
    # The squares added in np.linalg.norm's order (x + y) + z.
    length = np.maximum(np.sqrt((x * x + y * y) + z * z), 1e-12)
    unit = np.empty((len(x), 3), dtype=np.float32)
    for axis, component in enumerate(summed):
        unit[:, axis] = component / length
    return unit
