"""The midline gap of each arch (issue 15): a new gap opens the upper arch only; designs
made before the lower arch had its own gap keep both their look and their content id."""

from __future__ import annotations

import json

import pytest

from fusionsmile.core.design import Design, Geometry
from fusionsmile.core.design_io import canonical_json, design_from_bytes, design_to_json
from fusionsmile.core.geometry.dentition import build


def gaps(geometry: Geometry) -> tuple[float, float]:
    """(upper, lower) mm between the central incisors' mesial contacts."""
    mouth = build(geometry.model_copy(update={"resolution": "preview"}))
    upper = mouth.placements[21].contact_mesial[0] - mouth.placements[11].contact_mesial[0]
    lower = mouth.placements[31].contact_mesial[0] - mouth.placements[41].contact_mesial[0]
    return float(upper), float(lower)


def test_a_new_diastema_opens_the_upper_arch_only() -> None:
    upper, lower = gaps(Geometry().with_arch_value("diastema", upper=2.0))
    assert upper == pytest.approx(2.0, abs=0.1)
    assert lower == pytest.approx(gaps(Geometry())[1], abs=0.02)


def test_each_arch_has_its_own_gap() -> None:
    upper, lower = gaps(Geometry().with_arch_value("diastema", upper=1.0, lower=2.5))
    assert upper == pytest.approx(1.0, abs=0.1) and lower == pytest.approx(2.5, abs=0.1)
    # Setting one keeps the other's.
    assert (
        Geometry(diastema_mm=2.0).with_arch_value("diastema", upper=1.0).diastema_for("lower")
        == 2.0
    )


def test_a_design_from_before_keeps_its_gaps_and_its_id() -> None:
    before = Design(geometry=Geometry(diastema_mm=2.0))  # as a file of version 2 sets it
    text = design_to_json(before)
    assert "lower_diastema_mm" not in text  # its bytes, and so its content id, as before
    assert (
        json.loads(canonical_json(before))["geometry"].keys()
        == json.loads(canonical_json(Design()))["geometry"].keys()
    )
    upper, lower = gaps(design_from_bytes(text.encode()).geometry)
    assert upper == pytest.approx(2.0, abs=0.1) and lower == pytest.approx(2.0, abs=0.1)


def test_the_lower_gap_round_trips() -> None:
    design = Design(geometry=Geometry().with_arch_value("diastema", upper=1.5))
    assert design_from_bytes(design_to_json(design).encode()) == design
    assert design.geometry.lower_diastema_mm == 0.0
