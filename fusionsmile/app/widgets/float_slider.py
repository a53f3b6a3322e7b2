"""A slider for a number with a range and a unit: slider, exact spin box and label.

Qt sliders are integer-only, so the value is mapped to `steps` ticks. The spin box takes
typed values. `valueChanged(float)` fires on every move (the document merges a drag into
one undo step); `editingFinished()` fires when a drag ends or a typed value is accepted.
`setValue` never emits: the model writes the widget, the user writes the model.
"""

from __future__ import annotations

from PyQt6.QtCore import QSignalBlocker, Qt, pyqtSignal
from PyQt6.QtWidgets import QDoubleSpinBox, QHBoxLayout, QSlider, QWidget


class FloatSlider(QWidget):
    valueChanged = pyqtSignal(float)
    editingFinished = pyqtSignal()

    def __init__(
        self,
        minimum: float,
        maximum: float,
        unit: str = "",
        decimals: int = 2,
        steps: int = 1000,
        integer: bool = False,
        tooltip: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._minimum, self._maximum = float(minimum), float(maximum)
        self._steps = max(1, round(maximum - minimum)) if integer else steps
        self._integer = integer
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, self._steps)
        self.spin = QDoubleSpinBox()
        self.spin.setRange(self._minimum, self._maximum)
        self.spin.setDecimals(0 if integer else decimals)
        self.spin.setSingleStep(1.0 if integer else (maximum - minimum) / 100)
        self.spin.setKeyboardTracking(False)
        if unit:
            self.spin.setSuffix(f" {unit}")
        self.spin.setMinimumWidth(86)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.spin)
        if tooltip:
            self.setToolTip(tooltip)
        self.slider.valueChanged.connect(self._from_slider)
        self.slider.sliderReleased.connect(self.editingFinished)
        self.spin.valueChanged.connect(self._from_spin)
        self.spin.editingFinished.connect(self.editingFinished)

    def value(self) -> float:
        return float(self.spin.value())

    def setValue(self, value: float) -> None:
        """Show value without emitting valueChanged."""
        with QSignalBlocker(self.slider), QSignalBlocker(self.spin):
            self.spin.setValue(value)
            self.slider.setValue(self._to_ticks(value))

    def _to_ticks(self, value: float) -> int:
        span = self._maximum - self._minimum
        return round((value - self._minimum) / span * self._steps) if span > 0 else 0

    def _from_slider(self, ticks: int) -> None:
        value = self._minimum + (self._maximum - self._minimum) * ticks / self._steps
        if self._integer:
            value = round(value)
        with QSignalBlocker(self.spin):
            self.spin.setValue(value)
        self.valueChanged.emit(self.value())
        if not self.slider.isSliderDown():
            self.editingFinished.emit()  # keyboard or click on the groove: one step

    def _from_spin(self, value: float) -> None:
        with QSignalBlocker(self.slider):
            self.slider.setValue(self._to_ticks(value))
        self.valueChanged.emit(float(value))
