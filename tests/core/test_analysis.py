"""Smile analysis: each metric has its range and source, and responds to the geometry."""

from __future__ import annotations

import pytest

from fusionsmile.core.analysis import analyse, apparent_widths, summary
from fusionsmile.core.design import Geometry
from fusionsmile.core.geometry.dentition import build


def metrics(**changes: object) -> dict:
    geometry = Geometry(resolution="preview").model_copy(update=changes)
    return analyse(build(geometry))


def test_every_metric_has_a_range_a_source_and_a_verdict() -> None:
    found = metrics()
    expected = {
        "golden_central_lateral",
        "red_lateral_central",
        "golden_percentage_central",
        "central_width_length",
        "midline_deviation",
        "width_asymmetry",
        "arch_discrepancy_upper",
        "arch_discrepancy_lower",
        "zenith_offset_central",
        "smile_arc",
    }
    assert expected <= set(found)
    for metric in found.values():
        low, high = metric.range
        assert low < high
        assert metric.source
        assert metric.ok == (low <= metric.value <= high)


def test_apparent_widths_shrink_towards_the_canines() -> None:
    widths = apparent_widths(build(Geometry(resolution="preview")))
    for side in (10, 20):
        assert widths[side + 1] > widths[side + 2]  # centrals look widest


def test_symmetric_default_has_no_midline_deviation_or_asymmetry() -> None:
    found = metrics()
    assert found["midline_deviation"].value == pytest.approx(0.0, abs=0.05)
    assert found["width_asymmetry"].value == pytest.approx(0.0, abs=0.05)


def test_midline_shift_is_measured_and_judged() -> None:
    found = metrics(midline_shift_mm=4.0)
    assert found["midline_deviation"].value == pytest.approx(4.0, abs=0.3)
    assert found["midline_deviation"].ok is False


def test_one_wide_central_is_an_asymmetry() -> None:
    geometry = Geometry(resolution="preview").with_tooth(11, scale=1.35)
    found = analyse(build(geometry))
    assert found["width_asymmetry"].value > 2.0
    assert found["width_asymmetry"].ok is False


def test_spacing_reads_as_negative_discrepancy() -> None:
    assert metrics(spacing_mm=1.0)["arch_discrepancy_upper"].value > 10.0
    assert metrics(tooth_size=0.85)["arch_discrepancy_upper"].value < -10.0


def test_width_length_ratio_follows_the_parameter() -> None:
    assert metrics(central_width_length_ratio=0.78)["central_width_length"].value == pytest.approx(
        0.78, abs=0.01
    )
    assert metrics(central_width_length_ratio=0.95)["central_width_length"].ok is False


def test_smile_arc_reflects_the_parameter() -> None:
    assert metrics(smile_arc_mm=2.0)["smile_arc"].value > metrics()["smile_arc"].value + 1.0
    assert metrics(smile_arc_mm=-2.0)["smile_arc"].ok is False


def test_missing_centrals_leave_their_metrics_unmeasured() -> None:
    geometry = (
        Geometry(resolution="preview").with_tooth(11, missing=True).with_tooth(21, missing=True)
    )
    found = analyse(build(geometry))
    assert found["central_width_length"].value is None
    assert found["central_width_length"].ok is None
    assert "smile metrics inside" in summary(found)


def test_default_gingival_zeniths_follow_chu() -> None:
    found = analyse(build(Geometry()))
    for kind in ("central", "lateral", "canine"):
        metric = found[f"zenith_offset_{kind}"]
        assert metric.ok, (kind, metric.value)
    assert found["zenith_offset_central"].value > found["zenith_offset_lateral"].value
    assert found["zenith_offset_lateral"].value > found["zenith_offset_canine"].value


def test_the_starter_design_passes_its_own_analysis() -> None:
    # Issue 13: the canine turns at the corner of the arch, so from the front it shows
    # much less than the lateral (golden proportion, RED, golden percentage).
    from fusionsmile.core.starter import starter_design

    found = analyse(build(starter_design().geometry))
    outside = {name: metric.value for name, metric in found.items() if metric.ok is False}
    assert outside == {}


def test_the_canine_looks_narrower_than_the_lateral_from_the_front() -> None:
    widths = apparent_widths(build(Geometry()))
    for side in (10, 20):
        assert widths[side + 3] / widths[side + 2] <= 0.8  # Ward's RED upper bound
