"""The Change rows of the Film dialog: what changes across a smile shot (nothing, the
fusion, one mood into another, a layer's parameter, or a blend into another design's
file) and between which ends.

The rows show a shot's change (`show`) and say what the user asked for as
`edited(kind or None, fields)`; the dialog asks `film.editing.with_change` for the new
storyboard and shows the change it holds again. The rows never build a change.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PyQt6.QtCore import QObject, Qt, pyqtSignal
from PyQt6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from fusionsmile.core.design import Design
from fusionsmile.core.moods import MOODS
from fusionsmile.film.editing import changing_params

KINDS = (("None", None), ("Fusion", "fusion"), ("Mood", "mood"), ("Parameter", "param"),
         ("Blend", "blend"))  # fmt: skip
TIP = Qt.ItemDataRole.ToolTipRole
_UNBOUNDED = 1e6  # a parameter with no declared end: the storyboard's own bound


class ChangeEditor(QObject):
    """The widgets of a smile shot's change, as rows of the dialog's smile form.

    Signals: edited(kind: str | None, fields: dict), e.g. ("param", {"start": 2.0}).
    folder: where a typed relative path of a blend's design is relative to.
    """

    edited = pyqtSignal(object, dict)

    def __init__(self, design: Design, folder: Path, parent: QWidget) -> None:
        super().__init__(parent)
        self.design, self.folder, self._parent = design, folder, parent
        self._showing = False
        self._change: Any = None  # the change shown (a Change model, or None)
        self._layers = changing_params(design)

        self.kind = QComboBox()
        for label, kind in KINDS:
            self.kind.addItem(label, kind)
        self.kind.setToolTip("what changes across the shot, eased in and out")
        self.kind.currentIndexChanged.connect(self._kind_chosen)

        self.layer = QComboBox()
        self.layer.setToolTip("the layer whose parameter changes")
        self.layer.currentIndexChanged.connect(
            lambda: self._emit("param", layer=self.layer.currentData())
        )
        self.param = QComboBox()
        self.param.setToolTip("the number that changes (its range bounds the ends)")
        self.param.currentIndexChanged.connect(
            lambda: self._emit("param", param=self.param.currentData())
        )
        self.param_row = _row(self.layer, QLabel("parameter"), self.param)

        self.other = QLineEdit()
        self.other.setPlaceholderText("the other design's file (.json)")
        self.other.editingFinished.connect(self._other_typed)
        self.browse = QPushButton("Browse…")
        self.browse.clicked.connect(lambda: self.choose_other())
        self.other_row = _row(self.other, self.browse)
        self.other_row.layout().setStretch(0, 1)  # type: ignore[union-attr]

        self.start, self.end = QDoubleSpinBox(), QDoubleSpinBox()
        self.start_mood, self.end_mood = QComboBox(), QComboBox()
        for spin, key in ((self.start, "start"), (self.end, "end")):
            spin.setDecimals(3)
            spin.setKeyboardTracking(False)  # a typed value is one edit, on Enter
            spin.valueChanged.connect(lambda v, key=key: self._emit(self._kind(), **{key: v}))
        for combo, key in ((self.start_mood, "start"), (self.end_mood, "end")):
            for name, mood in MOODS.items():
                combo.addItem(mood.label, name)
                combo.setItemData(combo.count() - 1, mood.feeling, TIP)
            combo.currentIndexChanged.connect(
                lambda _, combo=combo, key=key: self._emit("mood", **{key: combo.currentData()})
            )
        self.to_label = QLabel("to")
        self.ends_row = _row(
            self.start, self.start_mood, self.to_label, self.end, self.end_mood, stretch=True
        )
        self.form: QFormLayout | None = None

    def add_rows(self, form: QFormLayout) -> None:
        """Add the rows to form (shown and hidden there by the kind of change)."""
        self.form = form
        form.addRow("Change", self.kind)
        form.addRow("Layer", self.param_row)
        form.addRow("Other design", self.other_row)
        form.addRow("From", self.ends_row)
        self._show_rows(None)

    # -- showing ---------------------------------------------------------------------------

    def set_design(self, design: Design) -> None:
        """The design changes are for (its layers and their numbers): the window's design
        as it is edited while the dialog is open."""
        if design is not self.design:
            self.design, self._layers = design, changing_params(design)

    def show(self, change: Any) -> None:
        """Show change (a FusionChange, MoodChange, ParamChange, BlendChange or None)."""
        self._change = change
        kind = None if change is None else change.kind
        self._showing = True
        try:
            self.kind.setCurrentIndex(self.kind.findData(kind))
            if kind == "mood":
                self.start_mood.setCurrentIndex(self.start_mood.findData(change.start))
                self.end_mood.setCurrentIndex(self.end_mood.findData(change.end))
            elif kind is not None:
                low, high, step, unit = 0.0, 1.0, 0.05, ""
                if kind == "param":
                    low, high, step, unit = self._show_param(change.layer, change.param)
                elif kind == "blend" and self.other.text() != change.design:
                    self.other.setText(change.design)
                    self.other.setToolTip(html.escape(change.design))  # not HTML
                for spin, value in ((self.start, change.start), (self.end, change.end)):
                    spin.setRange(low, high)
                    spin.setSingleStep(step)
                    spin.setSuffix(f" {unit}" if unit else "")
                    spin.setValue(value)
        finally:
            self._showing = False
        self._show_rows(kind)

    def _show_param(self, layer: str, param: str) -> tuple[float, float, float, str]:
        """Fill the layer and parameter lists; the parameter's range, step and unit."""
        self.layer.clear()
        for name in self._layers:
            self.layer.addItem(name, name)
        if layer not in self._layers:  # a storyboard made for the design as it was
            self.layer.addItem(f"{layer} (not in the design)", layer)
        self.layer.setCurrentIndex(self.layer.findData(layer))
        self.param.clear()
        params = self._layers.get(layer, ())
        for declared in params:
            self.param.addItem(declared.name.replace("_", " "), declared.name)
            self.param.setItemData(self.param.count() - 1, declared.description, TIP)
        if all(declared.name != param for declared in params):
            self.param.addItem(param, param)
        self.param.setCurrentIndex(self.param.findData(param))
        chosen = next((p for p in params if p.name == param), None)
        if chosen is None:
            return -_UNBOUNDED, _UNBOUNDED, 1.0, ""
        low = -_UNBOUNDED if chosen.minimum is None else chosen.minimum
        high = _UNBOUNDED if chosen.maximum is None else chosen.maximum
        return low, high, max(0.001, round((high - low) / 20, 3)), chosen.unit

    def _show_rows(self, kind: str | None) -> None:
        if self.form is None:
            return
        self.form.setRowVisible(self.param_row, kind == "param")
        self.form.setRowVisible(self.other_row, kind == "blend")
        self.form.setRowVisible(self.ends_row, kind is not None)
        for spin in (self.start, self.end):
            spin.setVisible(kind not in (None, "mood"))
        for combo in (self.start_mood, self.end_mood):
            combo.setVisible(kind == "mood")

    # -- editing ---------------------------------------------------------------------------

    def _kind(self) -> str | None:
        return None if self._change is None else str(self._change.kind)

    def _emit(self, kind: str | None, **fields: Any) -> None:
        if not self._showing:
            self.edited.emit(kind, fields)

    def _kind_chosen(self) -> None:
        kind = self.kind.currentData()
        if self._showing or kind == self._kind():
            return
        if kind == "blend":  # a blend needs the other design first
            if not self.choose_other():
                self.show(self._change)  # cancelled: back to the shot's change
            return
        self._emit(kind)

    def choose_other(self) -> bool:
        """Ask for the other design's file (a blend); False when none was chosen."""
        start = self.other.text() or str(self.folder)
        name, _ = QFileDialog.getOpenFileName(
            self._parent, "Blend into the design", start, "Designs (*.json)"
        )
        if not name:
            return False
        self._emit("blend", design=str(Path(name).absolute()))
        return True

    def _other_typed(self) -> None:
        text = self.other.text().strip()
        if self._kind() != "blend" or not text or text == self._change.design:
            return
        self._emit("blend", design=str((self.folder / Path(text).expanduser()).absolute()))


def _row(*widgets: QWidget, stretch: bool = False) -> QWidget:
    """widgets side by side, as one field of a form (a row it can show and hide)."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    if stretch:
        layout.addStretch(1)
    return row
