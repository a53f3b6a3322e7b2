"""The Analysis dock: metric rows show the build's figures, the glow curve follows the
selected layer (varying when animated, flat when static, a note for natural layers)."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest

from fusionsmile.app.document import DesignDocument
from fusionsmile.app.panels.analysis_panel import (
    IN_RANGE,
    NOT_MEASURED,
    OUT_OF_RANGE,
    AnalysisPanel,
)
from fusionsmile.app.scene_service import BuiltScene, SceneService
from fusionsmile.core.analysis import Metric
from fusionsmile.core.design import Design, Layer
from fusionsmile.core.layers.registry import kind_for


@pytest.fixture
def service() -> Iterator[SceneService]:
    service = SceneService()
    yield service
    service.stop()


@pytest.fixture
def glowing(design: Design) -> Design:
    """The starter design with a static glow added after its animated one."""
    return design.model_copy(update={"layers": (*design.layers, Layer(kind="solid-glow"))})


@pytest.fixture
def built(service: SceneService, glowing: Design) -> BuiltScene:
    return service._build(1, glowing)


@pytest.fixture
def panel(qtbot, document: DesignDocument, glowing: Design, service: SceneService) -> AnalysisPanel:
    document.open(glowing, None)
    panel = AnalysisPanel(document, service)
    qtbot.addWidget(panel)
    return panel


def _index(design: Design, animated: bool, group: str = "luminous") -> int:
    for index, layer in enumerate(design.layers):
        kind = kind_for(layer.kind)
        if kind.group == group and (group == "natural" or kind.animated == animated):
            return index
    raise AssertionError("no such layer")


def test_metric_rows_show_values_ranges_and_colours(
    panel: AnalysisPanel, service: SceneService, glowing: Design
) -> None:
    # The starter design passes every metric (issue 13): a 4 mm midline shift does not.
    shifted = glowing.geometry.model_copy(update={"midline_shift_mm": 4.0})
    built = service._build(2, glowing.model_copy(update={"geometry": shifted}))
    panel.show_build(built)
    assert built.metrics
    outside = 0
    for name, metric in built.metrics.items():
        row = panel.metric_row(name)
        assert (row.band.opts["x0"][0], row.band.opts["x1"][0]) == metric.range
        if metric.value is not None:
            assert row.marker_x() == pytest.approx(metric.value)
        expected = {True: IN_RANGE, False: OUT_OF_RANGE, None: NOT_MEASURED}[metric.ok]
        assert row.marker_colour() == expected
        outside += metric.ok is False
    assert outside >= 1  # the midline deviation


def test_summary_counts_metrics_inside_their_ranges(
    qtbot, panel: AnalysisPanel, built: BuiltScene
) -> None:
    assert panel.summary_text() == ""
    with qtbot.waitSignal(panel.summary_changed) as blocker:
        panel.show_build(built)
    measured = [m for m in built.metrics.values() if m.ok is not None]
    inside = sum(m.ok for m in measured)
    assert panel.summary_text().startswith(f"{inside}/{len(measured)} ")
    assert blocker.args == [panel.summary_text()]


def test_a_metric_without_value_is_grey(panel: AnalysisPanel, built: BuiltScene) -> None:
    metrics = dict(built.metrics)
    name, metric = next(iter(metrics.items()))
    metrics[name] = Metric(name, metric.label, None, metric.range, metric.unit, metric.source)
    panel._show_metrics(metrics)
    assert panel.metric_row(name).marker_colour() == NOT_MEASURED


def test_glow_curve_varies_for_an_animated_layer_and_is_flat_for_a_static_one(
    qtbot, panel: AnalysisPanel, built: BuiltScene, document: DesignDocument, glowing: Design
) -> None:
    with qtbot.waitSignal(panel.glow_changed, timeout=10_000):
        panel.show_build(built)

    with qtbot.waitSignal(panel.glow_changed, timeout=10_000):
        document.set_current_layer(_index(glowing, animated=True))
    times, luminance = panel.glow_data()
    assert len(times) == 60 and times[0] == 0.0
    layer = glowing.layers[document.current_layer]
    kind = kind_for(layer.kind)
    assert times[-1] == pytest.approx(kind.period(kind.resolve(layer.params)))
    assert np.ptp(luminance) > 0.0 and luminance.min() >= 0.0

    with qtbot.waitSignal(panel.glow_changed, timeout=10_000):
        document.set_current_layer(_index(glowing, animated=False))
    times, luminance = panel.glow_data()
    assert len(times) == 60 and times[-1] == pytest.approx(4.0)
    assert np.ptp(luminance) == 0.0 and luminance[0] > 0.0

    with qtbot.waitSignal(panel.glow_changed, timeout=10_000):
        document.set_current_layer(_index(glowing, animated=False, group="natural"))
    assert len(panel.glow_data()[0]) == 0
    assert panel.glow is not None and "natural layers do not glow" in panel.glow.note.lower()


def test_builds_from_the_service_reach_the_panel(
    qtbot, panel: AnalysisPanel, service: SceneService, glowing: Design
) -> None:
    with qtbot.waitSignal(panel.summary_changed, timeout=30_000):
        service.request(glowing)
    assert "/" in panel.summary_text()


def test_a_strangers_layer_name_is_shown_as_text_never_html(
    qtbot, document: DesignDocument, service: SceneService, glowing: Design
) -> None:
    # A label whose text looks like HTML is HTML, and an <img src> there makes Qt read
    # any local file (a FIFO hangs the window, /dev/zero fills its memory).
    from PyQt6.QtCore import Qt
    from PyQt6.QtGui import QTextDocument

    name = '<img src="/nonexistent/fusionsmile.png"> <b>Glow</b>'
    index = _index(glowing, animated=True)
    layers = list(glowing.layers)
    layers[index] = layers[index].model_copy(update={"name": name})
    named = glowing.model_copy(update={"layers": tuple(layers)})
    document.open(named, None)
    panel = AnalysisPanel(document, service)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.glow_changed, timeout=10_000):
        panel.show_build(service._build(1, named))
    with qtbot.waitSignal(panel.glow_changed, timeout=10_000):
        document.set_current_layer(index)
    label = panel._glow_title
    shown = QTextDocument()
    text, form = label.text(), label.textFormat()
    if form == Qt.TextFormat.RichText or (
        form == Qt.TextFormat.AutoText and Qt.mightBeRichText(text)
    ):
        shown.setHtml(text)
    else:
        shown.setPlainText(text)
    assert shown.toPlainText().startswith(f"Glow of {name} — ")
