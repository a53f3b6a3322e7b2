"""The Analysis dock: the smile metrics as a bullet chart, and the selected layer's glow
over one loop of its animation.

With a portrait open, the smile measured in the face (midline against the face, cant
against the eyes, smile arc, buccal corridor, gum display) follows the 3D metrics, as
the portrait view measures it for the fit on screen (`show_photo_metrics`).

Both redraw when the scene service delivers a build. The metrics come with the build;
the glow curve (`core.glow_curve`) is sampled off the UI thread by a `GlowSampler`, on
every 20th surface sample of the build, and a curve that arrives for an older request
than the last one asked for is dropped. This module only draws.
"""

from __future__ import annotations

import html

import numpy as np
import pyqtgraph as pg
from numpy.typing import NDArray
from PyQt6.QtCore import Qt, pyqtSignal
from PyQt6.QtGui import QBrush, QColor, QFontMetrics, QGradient, QLinearGradient, QResizeEvent
from PyQt6.QtWidgets import QBoxLayout, QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from fusionsmile.app.document import DesignDocument
from fusionsmile.app.panels.glow_sampler import GlowSampler
from fusionsmile.app.scene_service import BuiltScene, SceneService
from fusionsmile.core.analysis import Metric, summary
from fusionsmile.core.geometry.surface import SurfaceAttributes
from fusionsmile.core.glow_curve import UNLOOPED_SECONDS, GlowCurve, every_nth_sample

IN_RANGE = "#4cc38a"
OUT_OF_RANGE = "#f0a33a"
NOT_MEASURED = "#7b828c"
_BAND = (120, 150, 200, 70)
_TRACK = (255, 255, 255, 14)
_TEXT = "#c9ced6"
_DIM_TEXT = "#8a919b"

LABEL_WIDTH, VALUE_WIDTH = 250, 72  # pixels; labels narrow and elide in a narrow dock
ROW_HEIGHT = 24
SAMPLE_STRIDE = 20


# -- the panel ---------------------------------------------------------------------------


class _MetricRow:
    """One metric: its label, a thin plot in the metric's own unit, and its value."""

    def __init__(self, layout: pg.GraphicsLayout, row: int) -> None:
        self.label = pg.LabelItem(justify="left", color=_TEXT, size="9pt")
        self.label.setFixedWidth(LABEL_WIDTH)
        self._label_text = ""
        self.plot = layout.addPlot(row=row, col=1)
        layout.addItem(self.label, row=row, col=0)
        self.value_label = pg.LabelItem(justify="right", size="9pt")
        self.value_label.setFixedWidth(VALUE_WIDTH)
        layout.addItem(self.value_label, row=row, col=2)
        self.plot.hideAxis("left")
        self.plot.hideAxis("bottom")
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.setMenuEnabled(False)
        self.plot.setFixedHeight(ROW_HEIGHT - 2)
        self.plot.setYRange(-1.0, 1.0, padding=0)
        self.track = pg.BarGraphItem(x0=[0], x1=[1], y=[0], height=0.9, brush=_TRACK, pen=None)
        self.band = pg.BarGraphItem(x0=[0], x1=[1], y=[0], height=0.9, brush=_BAND, pen=None)
        self.marker = pg.ScatterPlotItem(size=11, symbol="d", pen=pg.mkPen("#15171a", width=1.2))
        for item in (self.track, self.band, self.marker):
            self.plot.addItem(item)

    def show(self, metric: Metric) -> None:
        low, high = metric.range
        centre, half = (low + high) / 2.0, max((high - low) / 2.0, 1e-6)
        reach = 2.0 * half
        if metric.value is not None:
            reach = max(reach, abs(metric.value - centre) + 0.35 * half)
        left, right = centre - reach, centre + reach
        self.plot.setXRange(left, right, padding=0)
        self.track.setOpts(x0=[left], x1=[right])
        self.band.setOpts(x0=[low], x1=[high])
        colour = metric_colour(metric)
        if metric.value is None:
            # Not measured: a hollow marker at the band's centre, so the row is not empty.
            self.marker.setData([centre], [0.0], brush=None, pen=pg.mkPen(colour, width=1.5))
            text = "n/a"
        else:
            self.marker.setData(
                [metric.value], [0.0], brush=colour, pen=pg.mkPen("#15171a", width=1.2)
            )
            text = f"{metric.value:.2f}{short_unit(metric.unit)}"
        self._label_text = metric.label
        self.set_label_width(int(self.label.width()) or LABEL_WIDTH)
        self.value_label.setText(text, color=colour)
        unit = f" {metric.unit}" if metric.unit else ""
        tip = (
            f"<b>{metric.label}</b><br>measured: {text}<br>"
            f"reference: {low:.3g} – {high:.3g}{unit}<br><i>{metric.source}</i>"
        )
        for item in (self.plot, self.label, self.value_label):
            item.setToolTip(tip)

    def set_label_width(self, width: int) -> None:
        self.label.setFixedWidth(width)
        metrics = QFontMetrics(self.label.item.font())
        text = metrics.elidedText(self._label_text, Qt.TextElideMode.ElideRight, width - 8)
        self.label.setText(html.escape(text), color=_TEXT)

    def marker_x(self) -> float:
        return float(self.marker.data["x"][0])

    def marker_colour(self) -> str:
        spot = self.marker.points()[0]
        brush = spot.brush()
        hollow = brush.style() == Qt.BrushStyle.NoBrush
        return str((spot.pen().color() if hollow else brush.color()).name())


def short_unit(unit: str) -> str:
    """ " mm" for "mm distal of the tooth axis", "%" for "% of ...", "" for a ratio: the
    reference tables spell units out, a value column has room for the first word."""
    word = unit.replace(",", " ").split(" ")[0] if unit else ""
    if word in ("", "ratio"):
        return ""
    return word if word == "%" else f" {word}"


def metric_colour(metric: Metric) -> str:
    return {True: IN_RANGE, False: OUT_OF_RANGE, None: NOT_MEASURED}[metric.ok]


def _fading(colour: QColor, top: float) -> QBrush:
    """The area under the glow curve: the glow's colour fading out towards zero.

    In data coordinates (0 to top): pyqtgraph fills a curve in pieces, and a gradient
    relative to each piece's bounds would show seams between them.
    """
    gradient = QLinearGradient(0.0, 0.0, 0.0, top)
    gradient.setCoordinateMode(QGradient.CoordinateMode.LogicalMode)
    high, low = QColor(colour), QColor(colour)
    high.setAlpha(100)
    low.setAlpha(6)
    gradient.setColorAt(0.0, low)
    gradient.setColorAt(1.0, high)
    return QBrush(gradient)


class AnalysisPanel(QWidget):
    """Smile metrics and the selected layer's glow over time.

    Signals
    -------
    summary_changed(text: str)   after each build, for the status bar
    glow_changed()               the glow curve was redrawn (for tests and listeners)
    """

    summary_changed = pyqtSignal(str)
    glow_changed = pyqtSignal()

    def __init__(
        self, document: DesignDocument, service: SceneService, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._document, self._service = document, service
        self._metrics: dict[str, Metric] = {}
        self._rows: dict[str, _MetricRow] = {}
        self._photo_metrics: dict[str, Metric] = {}
        self._photo_rows: dict[str, _MetricRow] = {}
        self._attributes: SurfaceAttributes | None = None
        self._glow_request = 0
        self.glow: GlowCurve | None = None

        self._summary = QLabel("Waiting for the first build…")
        self._summary.setObjectName("analysisSummary")
        self._summary.setStyleSheet("font-weight: 600; padding: 2px 4px;")
        self.metrics_view = pg.GraphicsLayoutWidget()
        self.metrics_view.setBackground(None)
        self._layout = self.metrics_view.ci
        self._layout.setSpacing(0)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._photo_title = QLabel("In the face")
        self._photo_title.setStyleSheet("font-weight: 600; padding: 8px 4px 2px 4px;")
        self._photo_title.setToolTip("the designed smile measured against the person's face")
        self.photo_metrics_view = pg.GraphicsLayoutWidget()
        self.photo_metrics_view.setBackground(None)
        self._photo_layout = self.photo_metrics_view.ci
        self._photo_layout.setSpacing(0)
        self._photo_layout.setContentsMargins(0, 0, 0, 0)
        self._photo_title.hide()
        self.photo_metrics_view.hide()

        self._glow_title = QLabel("Glow over time")
        self._glow_title.setTextFormat(Qt.TextFormat.PlainText)  # a layer name from a file
        self._glow_title.setStyleSheet("font-weight: 600; padding: 6px 4px 0 4px;")
        # The two headings wrap rather than set the dock's minimum width: unwrapped they
        # held the dock at 650 px, and at 1280x720 it was laid over the Inspector.
        for heading in (self._summary, self._glow_title):
            heading.setWordWrap(True)
        self.glow_plot = pg.PlotWidget(background=None)
        self.glow_plot.setMinimumHeight(150)
        self.glow_plot.setMouseEnabled(x=False, y=False)
        self.glow_plot.hideButtons()
        self.glow_plot.setMenuEnabled(False)
        self.glow_plot.showGrid(x=True, y=True, alpha=0.12)
        self.glow_plot.setLabel("bottom", "time", units="s", color=_DIM_TEXT)
        self.glow_plot.setLabel("left", "mean emission luminance", color=_DIM_TEXT)
        for side in ("bottom", "left"):
            axis = self.glow_plot.getAxis(side)
            axis.enableAutoSIPrefix(False)
            axis.setTextPen(_DIM_TEXT)
            axis.setPen(pg.mkPen(_DIM_TEXT, width=0.5))
        self.glow_curve_item = pg.PlotDataItem([], [], antialias=True)
        self.glow_plot.addItem(self.glow_curve_item)
        self._glow_note = pg.TextItem("", color=_DIM_TEXT, anchor=(0.5, 0.5))
        self.glow_plot.addItem(self._glow_note)

        # The rows keep their height and scroll when the dock is short.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        rows = QWidget()
        rows_column = QVBoxLayout(rows)
        rows_column.setContentsMargins(0, 0, 0, 0)
        rows_column.setSpacing(0)
        for widget in (self.metrics_view, self._photo_title, self.photo_metrics_view):
            rows_column.addWidget(widget)
        rows_column.addStretch(1)
        scroll.setWidget(rows)
        metrics_box, glow_box = QWidget(), QWidget()
        for box, widgets in (
            (metrics_box, (self._summary, scroll)),
            (glow_box, (self._glow_title, self.glow_plot)),
        ):
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(4)
            column.addWidget(widgets[0])
            column.addWidget(widgets[1], 1)
        self._columns = QBoxLayout(QBoxLayout.Direction.TopToBottom, self)
        self._columns.setContentsMargins(6, 6, 6, 6)
        self._columns.setSpacing(10)
        self._columns.addWidget(metrics_box, 3)
        self._columns.addWidget(glow_box, 2)

        self._sampler = GlowSampler(self)
        self._sampler.sampled.connect(self._show_glow)
        service.built.connect(self.show_build)
        document.current_layer_changed.connect(self._layer_changed)
        if service.latest is not None:
            self.show_build(service.latest)
        else:
            self._layer_changed()

    # -- reading -----------------------------------------------------------------------

    def summary_text(self) -> str:
        """One line for the status bar: how many metrics are inside their ranges."""
        text = summary(self._metrics) if self._metrics else ""
        if self._photo_metrics:
            measured = [m for m in self._photo_metrics.values() if m.ok is not None]
            inside = sum(1 for m in measured if m.ok)
            text += f"; {inside}/{len(measured)} in the face"
        return text

    def metric_row(self, name: str) -> _MetricRow:
        return self._rows.get(name) or self._photo_rows[name]

    def photo_metric_names(self) -> list[str]:
        """The photo metrics shown (empty when no portrait is open)."""
        return list(self._photo_metrics) if self.photo_metrics_view.isVisibleTo(self) else []

    def show_photo_metrics(self, metrics: dict[str, Metric] | None) -> None:
        """Show the smile measured in the face under the 3D metrics; None hides them."""
        self._photo_metrics = dict(metrics or {})
        shown = bool(self._photo_metrics)
        self._photo_title.setVisible(shown)
        self.photo_metrics_view.setVisible(shown)
        if shown:
            if list(self._photo_metrics) != list(self._photo_rows):
                self._photo_layout.clear()
                self._photo_rows = {
                    name: _MetricRow(self._photo_layout, row)
                    for row, name in enumerate(self._photo_metrics)
                }
                self.photo_metrics_view.setMinimumHeight(ROW_HEIGHT * len(self._photo_metrics) + 4)
            for name, metric in self._photo_metrics.items():
                self._photo_rows[name].show(metric)
                self._photo_rows[name].set_label_width(self._label_width())
        text = self.summary_text()
        self._summary.setText(text)
        self.summary_changed.emit(text)

    def resizeEvent(self, event: QResizeEvent | None) -> None:
        # A wide, short dock (the bottom of the window) shows the metrics and the glow
        # side by side; a tall one (a side dock) stacks them.
        wide = self.width() > 1.4 * self.height()
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        self._columns.setDirection(direction)
        super().resizeEvent(event)
        for row in [*self._rows.values(), *self._photo_rows.values()]:
            row.set_label_width(self._label_width())

    def _label_width(self) -> int:
        # About half of what the value column leaves, so the bars keep room to read.
        wide = self._columns.direction() == QBoxLayout.Direction.LeftToRight
        width = self.width() * (0.6 if wide else 1.0)
        return max(110, min(LABEL_WIDTH, int(0.55 * (width - VALUE_WIDTH - 24))))

    # -- updates ------------------------------------------------------------------------

    def show_build(self, built: BuiltScene) -> None:
        """Redraw the metrics of a build and resample the glow on its surface."""
        self._attributes = every_nth_sample(built.attributes, SAMPLE_STRIDE)
        self._show_metrics(built.metrics)
        self._layer_changed()

    def _show_metrics(self, metrics: dict[str, Metric]) -> None:
        self._metrics = metrics
        if list(metrics) != list(self._rows):
            self._layout.clear()
            self._rows = {name: _MetricRow(self._layout, row) for row, name in enumerate(metrics)}
            self.metrics_view.setMinimumHeight(ROW_HEIGHT * len(metrics) + 4)
        for name, metric in metrics.items():
            self._rows[name].show(metric)
            self._rows[name].set_label_width(self._label_width())
        text = self.summary_text()
        self._summary.setText(text)
        self.summary_changed.emit(text)

    def _layer_changed(self, _index: int = -1) -> None:
        layers = self._document.design.layers
        index = self._document.current_layer
        if not 0 <= index < len(layers):
            self._glow_request = 0
            self._draw_note("Select a layer to see its glow over time", "Glow over time")
            return
        if self._attributes is None:
            self._draw_note("Waiting for the first build…", "Glow over time")
            return
        self._glow_request = self._sampler.request(layers[index], self._attributes)

    def _show_glow(self, request: int, curve: GlowCurve) -> None:
        if request != self._glow_request:
            return  # the user has moved on to another layer or build
        self.glow = curve
        if curve.note:
            self._draw_note(curve.note, f"Glow of {curve.layer_name}")
            return
        if curve.period:
            span = f"one loop, {curve.period:.2f} s"
        elif curve.animated:
            span = f"{UNLOOPED_SECONDS:g} s, does not loop"
        else:
            span = "static"
        self._glow_title.setText(f"Glow of {curve.layer_name} — {span}")
        colour = QColor(curve.colour or IN_RANGE)
        self._show_axis_values(True)
        self._glow_note.setText("")
        top = max(float(curve.luminance.max()), 1e-6)
        self.glow_curve_item.setData(
            curve.times,
            curve.luminance,
            pen=pg.mkPen(colour, width=2),
            fillLevel=0.0,
            brush=_fading(colour, top),
        )
        self.glow_plot.setXRange(0.0, float(curve.times[-1]), padding=0.02)
        self.glow_plot.setYRange(0.0, max(top * 1.15, 1e-3), padding=0)
        self.glow_changed.emit()

    def _draw_note(self, note: str, title: str) -> None:
        self._glow_title.setText(title)
        self.glow_curve_item.setData([], [])
        self.glow_plot.setXRange(0.0, 1.0, padding=0)
        self.glow_plot.setYRange(0.0, 1.0, padding=0)
        self._show_axis_values(False)
        self._glow_note.setText(note)
        self._glow_note.setPos(0.5, 0.5)
        self.glow_changed.emit()

    def _show_axis_values(self, show: bool) -> None:
        for side in ("bottom", "left"):
            self.glow_plot.getAxis(side).setStyle(showValues=show)

    def glow_data(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """(times, luminance) of the drawn curve; empty when a note is shown."""
        x, y = self.glow_curve_item.getData()
        if x is None or y is None:
            return np.zeros(0), np.zeros(0)
        return np.asarray(x), np.asarray(y)
