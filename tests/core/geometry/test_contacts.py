"""Neighbouring crowns touch unless the design asks for space: the default turns of the
front teeth (the canine into the corner of the arch) keep their contacts closed."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.spatial import cKDTree

from fusionsmile.core.design import Geometry
from fusionsmile.core.geometry.dentition import build
from fusionsmile.core.geometry.surface import Dentition, Region

FRONT_PAIRS = [
    (11, 12), (12, 13), (13, 14), (21, 22), (22, 23), (23, 24),
    (31, 32), (32, 33), (33, 34), (41, 42), (42, 43), (43, 44),
]  # fmt: skip
TIGHT_MM = 0.12  # about a sample spacing of the default mesh


def gap(mouth: Dentition, a: int, b: int) -> float:
    """Smallest distance between the enamel samples of two crowns, mm."""

    def enamel(fdi: int) -> np.ndarray:
        attributes = mouth.part(str(fdi)).attributes
        return attributes.position[attributes.region == Region.ENAMEL].astype(np.float64)

    distance, _ = cKDTree(enamel(a)).query(enamel(b))
    return float(distance.min())


@pytest.fixture(scope="module")
def mouth() -> Dentition:
    return build(Geometry())


@pytest.mark.parametrize(("a", "b"), FRONT_PAIRS)
def test_front_contacts_are_tight(mouth: Dentition, a: int, b: int) -> None:
    assert gap(mouth, a, b) <= TIGHT_MM


def test_spacing_still_opens_the_contacts() -> None:
    spaced = build(Geometry(spacing_mm=1.0))
    for a, b in FRONT_PAIRS:
        assert gap(spaced, a, b) > 0.4
