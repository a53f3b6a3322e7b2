"""Every mesh part carries a chart: its vertices' places in the part's sampling grid."""

from __future__ import annotations

import numpy as np
import pytest

from fusionsmile.core.design import Geometry
from fusionsmile.core.geometry.dentition import build
from fusionsmile.core.geometry.surface import Dentition


@pytest.fixture(scope="module")
def mouth() -> Dentition:
    return build(Geometry(resolution="preview"))


def _wrapped_span(values: np.ndarray) -> np.ndarray:
    """Per triangle: the span of (t, 3) grid coordinates, going round the wrap if shorter."""
    span = np.nanmax(values, axis=1) - np.nanmin(values, axis=1)
    return np.minimum(span, 1.0 - span)


def test_every_part_has_one_chart_entry_per_vertex_in_the_unit_square(mouth: Dentition) -> None:
    for part in mouth.parts:
        chart = part.chart
        assert chart.shape == (len(part.attributes), 2)
        assert chart.dtype == np.float32
        finite = chart[np.isfinite(chart)]
        assert finite.min() >= 0.0 and finite.max() <= 1.0
        # Never both coordinates missing.
        assert not np.isnan(chart).all(axis=1).any()


def test_crown_poles_have_no_column_and_rows_zero_and_one(mouth: Dentition) -> None:
    crown = mouth.part("11")
    chart = crown.chart
    poles = np.flatnonzero(np.isnan(chart[:, 0]))
    assert list(poles) == [0, len(chart) - 1]
    assert chart[0, 1] == 0.0 and chart[-1, 1] == 1.0
    assert not np.isnan(chart[:, 1]).any()


def test_gum_caps_have_no_row_and_the_band_wraps(mouth: Dentition) -> None:
    gum = mouth.part("gingiva-upper")
    chart = gum.chart
    caps = np.flatnonzero(np.isnan(chart[:, 1]))
    assert list(chart[caps, 0]) == [0.0, 1.0]
    assert not np.isnan(chart[:, 0]).any()


def test_triangles_join_neighbouring_grid_samples(mouth: Dentition) -> None:
    """Going round the wrap, no triangle spans more than a few grid steps."""
    for part in mouth.parts:
        corners = part.chart[part.faces]  # (t, 3, 2)
        for axis in (0, 1):
            steps = np.diff(np.unique(part.chart[:, axis][np.isfinite(part.chart[:, axis])]))
            assert _wrapped_span(corners[:, :, axis]).max() <= 2.5 * steps.max(), part.name
