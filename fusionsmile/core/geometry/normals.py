"""Vertex normals of triangle meshes, vectorised.

Each vertex's normal is the sum of its faces' cross products, added in face order, then
made unit. `vertex_normals` does that for one mesh; `FaceIncidence` prepares a topology
once for meshes whose vertices move but whose faces do not (the crowns of every build),
and adds in the same order, so both give the same normals.
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
    face_normals = _face_normals(vertices, faces[:, 0], faces[:, 1], faces[:, 2])
    flat = faces.ravel().astype(np.intp)
    summed = np.empty((len(vertices), 3))
    for axis in range(3):
        summed[:, axis] = np.bincount(
            flat, weights=np.repeat(face_normals[:, axis], 3), minlength=len(vertices)
        )
    return _unit(summed)


class FaceIncidence:
    """One mesh topology, ready for the vertex normals of any positions of its vertices.

    faces : (m, 3) int, counter-clockwise from outside     n_vertices : n
    """

    def __init__(self, faces: NDArray[np.int32], n_vertices: int) -> None:
        self.corners = tuple(np.ascontiguousarray(faces[:, c], dtype=np.intp) for c in range(3))
        m = len(faces)
        # Vertex x face ones: its product with the face normals adds each vertex's faces
        # in ascending face order from zero, as bincount does in `vertex_normals`.
        self.incidence = csr_array(
            (np.ones(3 * m), (faces.ravel(), np.repeat(np.arange(m), 3))),
            shape=(n_vertices, m),
        )

    def normals(self, vertices: F64) -> F32:
        """(n, 3) float32 unit normals of the vertices (n, 3)."""
        summed: F64 = self.incidence @ _face_normals(vertices, *self.corners)
        return _unit(summed)


def _face_normals(
    vertices: F64,
    first: NDArray[np.integer],
    second: NDArray[np.integer],
    third: NDArray[np.integer],
) -> F64:
    """(m, 3) cross products of the faces' edges, as long as twice their areas."""
    origin = vertices.take(first, axis=0)
    cross: F64 = np.cross(
        vertices.take(second, axis=0) - origin, vertices.take(third, axis=0) - origin
    )
    return cross


def _unit(summed: F64) -> F32:
    """summed (n, 3) C-ordered, made unit (0 stays 0), as float32."""
    x, y, z = summed[:, 0], summed[:, 1], summed[:, 2]
    # np.linalg.norm(summed, axis=1) adds the squares in this order, in fewer passes.
    length = np.sqrt((x * x + y * y) + z * z)[:, None]
    unit: F32 = (summed / np.maximum(length, 1e-12)).astype(np.float32)
    return unit
