"""Figures from the literature live once, in assets/, and the code's defaults follow them."""

from __future__ import annotations

import pytest

from fusionsmile.core.design import Geometry
from fusionsmile.core.geometry.arch import arch_curve
from fusionsmile.core.reference import reference
from fusionsmile.core.teeth import wheeler_size


def _summed_widths(quadrant: int) -> float:
    """Wheeler's mesiodistal crown widths, central incisor to second molar, one side."""
    return sum(wheeler_size(quadrant * 10 + position).md_crown for position in range(1, 8))


@pytest.mark.parametrize(("arch", "quadrant"), [("upper", 1), ("lower", 4)])
def test_default_arches_fit_the_average_teeth_in_contact(arch: str, quadrant: int) -> None:
    size = reference(f"arch_{arch}")
    assert size.source and set(size.value) == {"width_mm", "depth_mm"}
    curve = arch_curve("beta", **size.value)
    assert curve.half_length == pytest.approx(_summed_widths(quadrant), abs=0.05)


def test_the_default_geometry_takes_its_arches_from_the_data() -> None:
    geometry = Geometry()
    assert geometry.upper_arch.model_dump() == reference("arch_upper").value
    assert geometry.lower_arch.model_dump() == reference("arch_lower").value


def test_the_glows_nominal_arch_length_lies_between_the_average_arches() -> None:
    from fusionsmile.core.layers.glow.glowing import ARCH_MM_PER_S

    assert _summed_widths(4) <= ARCH_MM_PER_S <= _summed_widths(1)


def test_the_central_proportion_default_is_wheelers_and_says_so() -> None:
    field = Geometry.model_fields["central_width_length_ratio"]
    central = wheeler_size(11)
    assert field.default == pytest.approx(central.md_crown / central.crown_length, abs=0.005)
    assert f"{central.md_crown:g}/{central.crown_length:g}" in (field.description or "")
    assert f"preferred {reference('central_width_length').value:g}" in (field.description or "")


def test_the_default_front_tips_and_lateral_step_are_the_references() -> None:
    from fusionsmile.core.geometry.placement import _TIP_DEG, _TIP_HEIGHT
    from fusionsmile.core.teeth import ToothType

    tips = reference("axial_inclination").value
    for name, value in tips.items():
        assert _TIP_DEG["upper"][ToothType(name)] == value
    step = _TIP_HEIGHT["upper"][ToothType.LATERAL] - _TIP_HEIGHT["upper"][ToothType.CENTRAL]
    assert step == reference("lateral_step").value


def test_reference_names_are_unique_across_the_files_and_each_has_a_source() -> None:
    from fusionsmile.core.reference import references

    table = references()
    assert {"natural_central_lab", "arch_upper", "dentin_to_enamel_fluorescence"} <= set(table)
    assert all(entry.source and entry.unit for entry in table.values())


def test_the_lightest_shade_is_the_natural_central_incisor() -> None:
    from fusionsmile.core.shades import NATURAL_CENTRAL, NATURAL_LATERAL, shade

    assert tuple(reference("natural_central_lab").value) == NATURAL_CENTRAL
    assert tuple(reference("natural_lateral_lab").value) == NATURAL_LATERAL
    assert shade("A1").lab[0] == pytest.approx(NATURAL_CENTRAL[0])
