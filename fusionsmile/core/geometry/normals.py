"""Vertex normals of triangle meshes, vectorised."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray


def vertex_normals(vertices: NDArray[np.float64], faces: NDArray[np.int32]) -> NDArray[np.float32]:
    """Area-weighted unit vertex normals.

    vertices : (n, 3) float     faces : (m, 3) int, counter-clockwise from outside
    returns  : (n, 3) float32
    """
    corners = vertices[faces]
    face_normals = np.cross(corners[:, 1] - corners[:, 0], corners[:, 2] - corners[:, 0])
    normals = np.zeros_like(vertices, dtype=np.float64)
    for axis in range(3):
        normals[:, axis] = np.bincount(
            faces.ravel(), weights=np.repeat(face_normals[:, axis], 3), minlength=len(vertices)
        )
    length = np.linalg.norm(normals, axis=1, keepdims=True)
    unit: NDArray[np.float32] = (normals / np.maximum(length, 1e-12)).astype(np.float32)
    return unit
