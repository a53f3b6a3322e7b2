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


def test_the_papilla_between_the_upper_centrals_is_two_fifths_of_the_crown() -> None:
    # Chu et al. 2009 (Int J Periodontics Restorative Dent 29:385): the papilla between
    # the upper centrals is ~40% of the clinical crown, zenith to edge (44%, long under
    # the lip of a portrait, before).
    mouth = build(Geometry())
    gum = mouth.part("gingiva-upper").attributes.position.astype(np.float64)
    right, left = mouth.placements[11], mouth.placements[21]
    contact = 0.5 * (right.contact_mesial + left.contact_mesial)
    labial = (np.abs(gum[:, 0] - contact[0]) < 0.4) & (gum[:, 2] > contact[2] - 2.5)
    tip = gum[labial, 1].min()  # upper papillae point down (-y)
    zenith = 0.5 * (right.zenith[1] + left.zenith[1])
    edge = 0.5 * (right.incisal_point[1] + left.incisal_point[1])
    assert 0.35 < (zenith - tip) / (zenith - edge) < 0.43
