"""Geometry values by dotted path (core.geometry_values): what the Geometry panel shows
and sets and `fusionsmile info` reports, each arch's values resolved."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from fusionsmile.core.design import ARCH_VALUES, ArchShape, Geometry
from fusionsmile.core.geometry_values import (
    arch_of_path,
    arch_values,
    fit_words,
    geometry_field,
    geometry_paths,
    geometry_value,
    with_geometry_value,
)


def test_every_value_has_a_path_with_its_declaration() -> None:
    paths = geometry_paths()
    expected = set(Geometry.model_fields) - {"teeth", "upper_arch", "lower_arch"}
    expected |= {f"{a}.{f}" for a in ("upper_arch", "lower_arch") for f in ArchShape.model_fields}
    assert set(paths) == expected and len(paths) == len(expected)
    limits = geometry_field("upper_arch.width_mm").metadata
    assert any(getattr(limit, "le", None) == 80.0 for limit in limits)
    assert geometry_field("lower_spacing_mm").description == "gap between neighbouring lower teeth"


def test_per_arch_paths() -> None:
    assert arch_of_path("lower_spacing_mm") == ("spacing", "lower")
    assert arch_of_path("midline_shift_mm") == ("midline_shift", "upper")
    assert arch_of_path("tooth_size") is None
    assert {arch_of_path(f) for fields in ARCH_VALUES.values() for f in fields} == {
        (name, arch) for name in ARCH_VALUES for arch in ("upper", "lower")
    }


def test_values_as_they_show() -> None:
    geometry = Geometry(spacing_mm=0.4, diastema_mm=1.0, midline_shift_mm=2.0)
    assert geometry_value(geometry, "lower_spacing_mm") == 0.4  # unset: the upper's
    assert geometry_value(geometry, "lower_diastema_mm") == 1.0
    assert geometry_value(geometry, "lower_midline_shift_mm") == 0.0  # unset: centred
    assert geometry_value(geometry, "upper_arch.depth_mm") == geometry.upper_arch.depth_mm
    assert geometry_value(geometry, "arch_form") == "beta"


def test_setting_a_value_validates_and_keeps_the_other_arch() -> None:
    geometry = Geometry(spacing_mm=0.4)
    spaced = with_geometry_value(geometry, "spacing_mm", 1.2)
    assert geometry_value(spaced, "lower_spacing_mm") == 0.4
    deeper = with_geometry_value(geometry, "lower_arch.depth_mm", 45.5)
    assert deeper.lower_arch.depth_mm == 45.5 and deeper.upper_arch == geometry.upper_arch
    with pytest.raises(ValidationError):
        with_geometry_value(geometry, "lower_arch.depth_mm", 99.0)
    with pytest.raises(ValidationError):
        with_geometry_value(geometry, "lower_midline_shift_mm", 9.0)


def test_arch_values_report_each_arch() -> None:
    geometry = Geometry(spacing_mm=0.5).with_arch_value("midline_shift", lower=-1.0)
    values = arch_values(geometry)
    assert values["upper"]["spacing_mm"] == values["lower"]["spacing_mm"] == 0.5
    assert values["upper"]["midline_shift_mm"] == 0.0
    assert values["lower"]["midline_shift_mm"] == -1.0
    assert values["lower"]["width_mm"] == geometry.lower_arch.width_mm
    assert set(values["upper"]) == {
        "width_mm",
        "depth_mm",
        "diastema_mm",
        "spacing_mm",
        "midline_shift_mm",
    }


def test_fit_in_words() -> None:
    assert fit_words(0.02) == fit_words(-0.0) == "the teeth fit the arch"
    assert fit_words(4.91) == "the teeth need 4.9 mm more than the arch holds"
    assert fit_words(-1.26) == "1.3 mm of the arch to spare"
