"""The incisal angles of the upper lateral incisor (issue 13): rounded, the mesial
sharper than the distal (Wheeler, labial aspect), with a broad edge between them, not a
point. Measured on the crown's outline seen from the labial (local frame: x mesial,
y from the cervical line to the edge)."""

from __future__ import annotations

import numpy as np
import pytest

from fusionsmile.core.geometry import crown as crowns


def outline_inset(fdi: int, side: int, depth: float) -> float:
    """How far (mm) the labial outline stands in from its widest point at `depth` mm
    below the top of the edge, on the mesial (side +1) or distal (-1) side."""
    shape = crowns.shape_for(fdi, 1.0, None, 0.0, 0.0, 0.0)
    vertices = crowns.build_crown(shape).vertices
    x = side * vertices[:, 0]
    top = vertices[:, 1].max()
    band = np.abs(vertices[:, 1] - (top - depth)) < 0.06
    return float(x.max() - x[band].max())


def corner_radius(fdi: int, side: int, depth: float) -> float:
    """Radius (mm) of the circle tangent to the edge's top and the side that passes through
    the outline at depth: (R - inset)^2 + (R - depth)^2 = R^2."""
    inset = outline_inset(fdi, side, depth)
    return inset + depth + float(np.sqrt(2 * inset * depth))


@pytest.mark.parametrize("depth", [0.3, 0.8])
def test_the_lateral_incisal_angles_are_rounded_the_mesial_sharper(depth: float) -> None:
    mesial, distal = corner_radius(12, 1, depth), corner_radius(12, -1, depth)
    assert 0.7 < mesial < 1.4
    assert 1.2 < distal < 2.2
    assert distal > mesial + 0.3


def test_the_lateral_edge_is_broad_not_a_point() -> None:
    shape = crowns.shape_for(12, 1.0, None, 0.0, 0.0, 0.0)
    width = shape.md_crown
    edge = width - outline_inset(12, 1, 0.3) - outline_inset(12, -1, 0.3)
    assert edge > 0.8 * width
