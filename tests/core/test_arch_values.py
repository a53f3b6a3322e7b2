"""Spacing and midline shift per arch (issue 15), like the diastema: a value set for the
upper arch leaves the lower as it was; the lower has its own, validated; designs made
before keep their look, their files and their content ids."""

from __future__ import annotations

import json

import numpy as np
import pytest
from pydantic import ValidationError

from fusionsmile.core.design import Design, Geometry
from fusionsmile.core.design_io import (
    DesignError,
    canonical_json,
    design_from_bytes,
    design_to_json,
)
from fusionsmile.core.geometry.dentition import Dentition, build


def mouth(geometry: Geometry) -> Dentition:
    return build(geometry.model_copy(update={"resolution": "preview"}))


def origins(dentition: Dentition, quadrants: tuple[int, ...]) -> np.ndarray:
    return np.array(
        [
            pose.origin
            for fdi, pose in sorted(dentition.placements.items())
            if fdi // 10 in quadrants
        ]
    )


def midline(dentition: Dentition, arch: str) -> float:
    right, left = (11, 21) if arch == "upper" else (41, 31)
    contacts = dentition.placements[right].contact_mesial, dentition.placements[left].contact_mesial
    return float((contacts[0][0] + contacts[1][0]) / 2.0)


def test_upper_spacing_leaves_the_lower_arch_as_it_was() -> None:
    before = mouth(Geometry())
    spaced = Geometry().with_arch_value("spacing", upper=1.0)
    after = mouth(spaced)
    assert spaced.arch_value("spacing", "upper") == 1.0
    assert spaced.arch_value("spacing", "lower") == 0.0
    np.testing.assert_allclose(origins(after, (3, 4)), origins(before, (3, 4)), atol=1e-9)
    assert not np.allclose(origins(after, (1, 2)), origins(before, (1, 2)))
    # 12 gaps between 14 upper teeth (the one between the centrals is the diastema's).
    grown = after.arch_fit["upper"].required_mm - before.arch_fit["upper"].required_mm
    assert grown == pytest.approx(12.0, abs=1e-3)
    assert after.arch_fit["lower"].required_mm == before.arch_fit["lower"].required_mm


def test_the_lower_arch_has_its_own_spacing() -> None:
    geometry = Geometry().with_arch_value("spacing", upper=0.5, lower=1.5)
    before, after = mouth(Geometry()), mouth(geometry)
    grown = {
        arch: after.arch_fit[arch].required_mm - before.arch_fit[arch].required_mm
        for arch in ("upper", "lower")
    }
    assert grown["upper"] == pytest.approx(6.0, abs=1e-3)
    assert grown["lower"] == pytest.approx(18.0, abs=1e-3)
    # Setting one keeps the other's.
    again = geometry.with_arch_value("spacing", upper=2.0)
    assert again.arch_value("spacing", "lower") == 1.5


def test_the_lower_midline_moves_on_its_own_and_the_same_way() -> None:
    centred = mouth(Geometry())
    upper = mouth(Geometry().with_arch_value("midline_shift", upper=2.0))
    lower = mouth(Geometry().with_arch_value("midline_shift", lower=2.0))
    assert midline(upper, "upper") == pytest.approx(2.0, abs=0.1)
    assert midline(upper, "lower") == pytest.approx(midline(centred, "lower"), abs=1e-9)
    assert midline(lower, "lower") == pytest.approx(2.0, abs=0.1)  # to the same side
    assert midline(lower, "upper") == pytest.approx(midline(centred, "upper"), abs=1e-9)
    # An unset lower midline stays centred, whatever the upper's (as it always did).
    assert Geometry(midline_shift_mm=3.0).arch_value("midline_shift", "lower") == 0.0
    assert (
        Geometry(midline_shift_mm=3.0)
        .with_arch_value("midline_shift", upper=1.0)
        .lower_midline_shift_mm
        is None
    )


def test_a_design_from_before_keeps_its_spacing_its_shift_and_its_id() -> None:
    before = Design(geometry=Geometry(spacing_mm=1.0, midline_shift_mm=1.5))
    text = design_to_json(before)
    assert "lower_spacing_mm" not in text and "lower_midline_shift_mm" not in text
    assert (
        json.loads(canonical_json(before))["geometry"].keys()
        == json.loads(canonical_json(Design()))["geometry"].keys()
    )
    geometry = design_from_bytes(text.encode()).geometry
    # Both arches spaced, as spacing always spaced both; the lower midline centred.
    assert geometry.arch_value("spacing", "lower") == 1.0
    assert geometry.arch_value("midline_shift", "lower") == 0.0


def test_lower_values_round_trip_and_are_validated() -> None:
    geometry = Geometry().with_arch_value("spacing", lower=0.75)
    geometry = geometry.with_arch_value("midline_shift", lower=-1.25)
    design = Design(geometry=geometry)
    assert design_from_bytes(design_to_json(design).encode()) == design
    with pytest.raises(ValidationError):
        Geometry().with_arch_value("spacing", lower=3.5)
    with pytest.raises(ValidationError):
        Geometry(lower_midline_shift_mm=-6.0)
    body = json.loads(design_to_json(Design()))
    body["geometry"]["lower_spacing_mm"] = -1
    with pytest.raises(DesignError, match="lower_spacing_mm"):
        design_from_bytes(json.dumps(body).encode())
