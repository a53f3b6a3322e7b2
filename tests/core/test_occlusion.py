"""Overbite and overjet, measured on the built mesh: a natural bite by default, and the
measure follows the teeth when they move."""

from __future__ import annotations

import pytest

from fusionsmile.core.design import Geometry
from fusionsmile.core.geometry.dentition import build
from fusionsmile.core.occlusion import measure_bite
from fusionsmile.core.reference import reference


def bite(geometry: Geometry) -> tuple[float, float]:
    found = measure_bite(build(geometry))
    assert found.overbite_mm is not None and found.overjet_mm is not None
    return found.overbite_mm, found.overjet_mm


def test_the_default_bite_is_natural() -> None:
    overbite, overjet = bite(Geometry())
    low, high = reference("overbite").range or (0.0, 0.0)
    assert low <= overbite <= high
    low, high = reference("overjet").range or (0.0, 0.0)
    assert low <= overjet <= high


def test_moving_the_upper_centrals_forward_adds_their_move_to_the_overjet() -> None:
    base = bite(Geometry(resolution="preview"))
    moved = Geometry(resolution="preview").with_tooth(11, mirror=True, offset_labial_mm=1.5)
    # The labial axis of a proclined incisor also rises a little: overjet is what moves.
    assert bite(moved)[1] == pytest.approx(base[1] + 1.5, abs=0.3)


def test_extruding_the_upper_centrals_deepens_the_overbite() -> None:
    base = bite(Geometry(resolution="preview"))
    deeper = Geometry(resolution="preview").with_tooth(11, mirror=True, extrusion_mm=1.0)
    assert bite(deeper)[0] == pytest.approx(base[0] + 1.0, abs=0.2)


def test_an_open_jaw_is_measured_closed() -> None:
    closed = bite(Geometry(resolution="preview"))
    opened = bite(Geometry(resolution="preview", bite_opening_mm=12.0))
    assert opened == pytest.approx(closed, abs=1e-3)


def test_no_pair_of_centrals_no_bite() -> None:
    geometry = Geometry(resolution="preview").with_tooth(41, missing=True)
    geometry = geometry.with_tooth(31, missing=True)
    found = measure_bite(build(geometry))
    assert found.overbite_mm is None and found.overjet_mm is None
