"""Gums that look like gums: the papillae between the lower incisors end in rounded
tips, not tents whose flanks fall 2 mm within a millimetre of the tip."""

from __future__ import annotations

import numpy as np

from fusionsmile.core.design import Geometry
from fusionsmile.core.geometry.dentition import build

LOWER_FRONT = ((41, 31), (31, 32), (32, 33), (41, 42), (42, 43))


def test_lower_papilla_tips_are_rounded() -> None:
    mouth = build(Geometry())
    gum = mouth.part("gingiva-lower").attributes
    margin = (gum.u == 0) & (gum.v == 0)  # the labial margin row
    points = gum.position[margin].astype(np.float64)
    points = points[np.argsort(points[:, 0])]
    x, y = points[:, 0], points[:, 1]  # lower papillae point up (+y)
    drops = []
    for a, b in LOWER_FRONT:
        gap_x = 0.5 * (mouth.placements[a].incisal_point[0] + mouth.placements[b].incisal_point[0])
        near = np.flatnonzero(np.abs(x - gap_x) < 2.0)
        tip = near[np.argmax(y[near])]
        around = np.interp([x[tip] - 1.0, x[tip] + 1.0], x, y)
        drops.append(float(np.mean(y[tip] - around)))
    # Each papilla falls about 1 mm within a millimetre either side of its tip (2 mm as
    # pointed tents before), and none more than 1.7 mm.
    assert np.mean(drops) < 1.4
    assert max(drops) < 1.7
