"""Vertex normals: both ways of computing them give the same bits as the plain formula."""

from __future__ import annotations

import numpy as np
import pytest

from fusionsmile.core.geometry import crown
from fusionsmile.core.geometry.normals import FaceIncidence, vertex_normals


def plain_normals(vertices: np.ndarray, faces: np.ndarray) -> np.ndarray:
    """Area-weighted unit normals written out plainly: the reference."""
    corners = vertices[faces]
    face = np.cross(corners[:, 1] - corners[:, 0], corners[:, 2] - corners[:, 0])
    summed = np.zeros_like(vertices)
    for axis in range(3):
        summed[:, axis] = np.bincount(
            faces.ravel(), weights=np.repeat(face[:, axis], 3), minlength=len(vertices)
        )
    length = np.linalg.norm(summed, axis=1, keepdims=True)
    return (summed / np.maximum(length, 1e-12)).astype(np.float32)


@pytest.mark.parametrize("reverse", [False, True])
def test_normals_are_bit_for_bit_the_plain_formula(reverse: bool) -> None:
    mesh = crown.build_crown(crown.shape_for(16), crown.PREVIEW)
    faces = mesh.faces[:, ::-1] if reverse else mesh.faces
    rng = np.random.default_rng(4)
    # A turned, moved crown: the builder computes normals of world positions.
    turn, _ = np.linalg.qr(rng.standard_normal((3, 3)))
    vertices = mesh.vertices @ turn.T + rng.standard_normal(3) * 20.0
    expected = plain_normals(vertices, faces).view(np.uint32)
    assert np.array_equal(vertex_normals(vertices, faces).view(np.uint32), expected)
    incidence = FaceIncidence(faces, len(vertices))
    assert np.array_equal(incidence.normals(vertices).view(np.uint32), expected)
