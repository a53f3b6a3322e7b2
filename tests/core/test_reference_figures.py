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
