"""Editors for layer parameters, chosen from the parameter's declared type.

The inspector never hand-builds a panel per layer kind: it asks `param_widget(param)` for
each declaration, and `PARAM_WIDGETS` (a plain dict keyed by `Param.type`) says which
editor fits. Every editor has the same small surface, in the magicgui manner:

    value()                 the value shown
    set_value(v)            show v; never emits (the model writes the widget)
    changed(value, finished)  the user changed the value; finished is False while a
                              slider is being dragged (the document merges the drag)
    show_problem(message)   a red outline and the message as tooltip ("" clears it)

Editors check what they can (Param.check) before emitting, so text that is not a valid
value stays in the editor, outlined, and never reaches the design.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from functools import cache
from pathlib import Path

import numpy as np
from PyQt6.QtCore import QSignalBlocker, QSize, Qt, pyqtSignal
from PyQt6.QtGui import QColor, QIcon, QLinearGradient, QPainter, QPixmap
from PyQt6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from fusionsmile.app.widgets.float_slider import FloatSlider
from fusionsmile.assets import asset_path
from fusionsmile.core.colour import linear_to_hex
from fusionsmile.core.layers.params import Param, ParamValue
from fusionsmile.core.palettes import palette_for, palettes

ASSET_PREFIX = "assets:"
PROBLEM_STYLE = "border: 1px solid #e5484d; border-radius: 3px;"
# Wider than this, a slider moves too far per pixel to be of use: seeds get a spin box.
SLIDER_MAX_SPAN = 10_000
SWATCH = QSize(48, 14)


def describe(param: Param) -> str:
    """Tooltip text: what the parameter does, its range and unit, its default."""
    lines = [param.description[:1].upper() + param.description[1:]]
    unit = f" {param.unit}" if param.unit else ""
    if param.minimum is not None and param.maximum is not None:
        lines.append(f"{param.minimum:g} – {param.maximum:g}{unit}, default {param.default}")
    elif param.default != "":
        lines.append(f"Default: {param.default}")
    return "\n".join(lines)


class ParamWidget(QWidget):
    """Base of the editors: the shared signal, tooltip and problem outline."""

    changed = pyqtSignal(object, bool)

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.param = param
        self._tooltip = describe(param)
        self._problem = ""
        self.setToolTip(self._tooltip)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)

    def value(self) -> ParamValue:
        raise NotImplementedError

    def set_value(self, value: ParamValue) -> None:
        raise NotImplementedError

    def outlined(self) -> QWidget:
        """The part that gets the red outline when the value is wrong."""
        return self

    def show_problem(self, message: str) -> None:
        self._problem = message
        target = self.outlined()
        target.setStyleSheet(PROBLEM_STYLE if message else "")
        self.setToolTip(f"{message}\n\n{self._tooltip}" if message else self._tooltip)
        target.setToolTip(self.toolTip())

    @property
    def problem(self) -> str:
        """The problem shown, "" when none (for tests and the status bar)."""
        return self._problem

    def _emit_checked(self, value: ParamValue, finished: bool = True) -> None:
        """Emit value if the declaration accepts it, else outline the problem."""
        try:
            value = self.param.check(value)
        except ValueError as error:
            self.show_problem(str(error))
            return
        self.show_problem("")
        self.changed.emit(value, finished)


class NumberField(ParamWidget):
    """float and int with a range: a slider with an exact spin box and the unit."""

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(param, parent)
        integer = param.type == "int"
        low = param.minimum if param.minimum is not None else 0.0
        high = param.maximum if param.maximum is not None else max(1.0, float(param.default) * 4)
        span = high - low
        decimals = 0 if integer else 3 if span < 1 else 2 if span <= 50 else 1
        self.slider = FloatSlider(low, high, param.unit, decimals, integer=integer)
        self.slider.setToolTip(self._tooltip)
        self._layout.addWidget(self.slider)
        self.slider.valueChanged.connect(lambda v: self.changed.emit(self._typed(v), False))
        self.slider.editingFinished.connect(
            lambda: self.changed.emit(self._typed(self.slider.value()), True)
        )

    def _typed(self, value: float) -> ParamValue:
        return round(value) if self.param.type == "int" else float(value)

    def value(self) -> ParamValue:
        return self._typed(self.slider.value())

    def set_value(self, value: ParamValue) -> None:
        self.slider.setValue(float(value))

    def outlined(self) -> QWidget:
        return self.slider.spin


class SeedField(ParamWidget):
    """A whole number with a huge range (a random seed): a spin box and a dice button."""

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(param, parent)
        self.spin = QSpinBox()
        self.spin.setRange(int(param.minimum or 0), int(param.maximum or 2**31 - 1))
        self.spin.setKeyboardTracking(False)
        self.spin.setToolTip(self._tooltip)
        self.dice = QToolButton()
        self.dice.setText("⚄")
        self.dice.setToolTip("A new random seed")
        self._layout.addWidget(self.spin, 1)
        self._layout.addWidget(self.dice)
        self.spin.valueChanged.connect(lambda v: self.changed.emit(int(v), True))
        self.dice.clicked.connect(self.roll)

    def roll(self) -> None:
        # setValue emits valueChanged, which is the user's edit here.
        self.spin.setValue(random.randint(self.spin.minimum(), min(self.spin.maximum(), 99_999)))

    def value(self) -> ParamValue:
        return int(self.spin.value())

    def set_value(self, value: ParamValue) -> None:
        with QSignalBlocker(self.spin):
            self.spin.setValue(int(value))

    def outlined(self) -> QWidget:
        return self.spin


def whole_number_field(param: Param, parent: QWidget | None = None) -> ParamWidget:
    low, high = param.minimum or 0, param.maximum or 0
    if high - low > SLIDER_MAX_SPAN:
        return SeedField(param, parent)
    return NumberField(param, parent)


class BoolField(ParamWidget):
    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(param, parent)
        self.check = QCheckBox()
        self.check.setToolTip(self._tooltip)
        self._layout.addWidget(self.check)
        self._layout.addStretch(1)
        self.check.toggled.connect(lambda on: self.changed.emit(bool(on), True))

    def value(self) -> ParamValue:
        return self.check.isChecked()

    def set_value(self, value: ParamValue) -> None:
        with QSignalBlocker(self.check):
            self.check.setChecked(bool(value))


class ChoiceField(ParamWidget):
    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(param, parent)
        self.combo = QComboBox()
        self.combo.setToolTip(self._tooltip)
        for choice in param.choices:
            self.combo.addItem(choice.replace("-", " ").capitalize(), choice)
        self.combo.setMaxVisibleItems(16)
        self._layout.addWidget(self.combo, 1)
        self.combo.currentIndexChanged.connect(
            lambda i: self.changed.emit(self.combo.itemData(i), True)
        )

    def value(self) -> ParamValue:
        return str(self.combo.currentData())

    def set_value(self, value: ParamValue) -> None:
        with QSignalBlocker(self.combo):
            self.combo.setCurrentIndex(self.combo.findData(value))


def colour_swatch(colour: str, size: QSize = SWATCH) -> QIcon:
    pixmap = QPixmap(size)
    pixmap.fill(QColor(colour))
    painter = QPainter(pixmap)
    painter.setPen(QColor(255, 255, 255, 60))
    painter.drawRect(0, 0, size.width() - 1, size.height() - 1)
    painter.end()
    return QIcon(pixmap)


class ColourField(ParamWidget):
    """A swatch button showing the sRGB hex; clicking opens the colour dialog."""

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(param, parent)
        self.button = QPushButton()
        self.button.setToolTip(self._tooltip)
        self.button.setIconSize(QSize(28, 14))
        self.button.setStyleSheet("text-align: left; padding: 2px 6px;")
        self._layout.addWidget(self.button, 1)
        self._colour = str(param.default)
        self.set_value(self._colour)
        self.button.clicked.connect(self.choose)

    def choose(self) -> None:
        chosen = QColorDialog.getColor(QColor(self._colour), self, self.param.name)
        if chosen.isValid():
            self.set_value(chosen.name())
            self._emit_checked(chosen.name())

    def value(self) -> ParamValue:
        return self._colour

    def set_value(self, value: ParamValue) -> None:
        self._colour = str(value)
        self.button.setIcon(colour_swatch(self._colour, QSize(28, 14)))
        self.button.setText(self._colour)


@cache
def palette_stops(value: str) -> tuple[str, ...]:
    """sRGB hex stops of a palette name or gradient, as a custom gradient would store them."""
    return tuple(linear_to_hex(stop) for stop in palette_for(value).stops)


def gradient_swatch(value: str, size: QSize = SWATCH) -> QIcon:
    """A painted strip of the palette. Emitter colours keep their luminance relative to
    555 nm (far red is truly dim), so a named palette is brightened as a whole until its
    brightest channel is 1: the hues show, and the stops keep their relative brightness."""
    stops = palette_for(value).stops
    if value.strip() in palettes():
        stops = stops / max(float(np.max(stops)), 1e-6)
    pixmap = QPixmap(size)
    pixmap.fill(Qt.GlobalColor.transparent)
    gradient = QLinearGradient(0, 0, size.width(), 0)
    for i, stop in enumerate(stops):
        position = i / (len(stops) - 1) if len(stops) > 1 else 0.0
        gradient.setColorAt(position, QColor(linear_to_hex(stop)))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(gradient)
    painter.setPen(QColor(255, 255, 255, 50))
    painter.drawRoundedRect(0, 0, size.width() - 1, size.height() - 1, 2, 2)
    painter.end()
    return QIcon(pixmap)


CUSTOM = "custom"


class PaletteField(ParamWidget):
    """Named emitter palettes with gradient swatches, and "Custom…" for typed stops."""

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(param, parent)
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(3)
        self._layout.addLayout(column, 1)
        self.combo = QComboBox()
        self.combo.setIconSize(SWATCH)
        self.combo.setToolTip(self._tooltip)
        for name, palette in palettes().items():
            self.combo.addItem(gradient_swatch(name), palette.label, name)
            self.combo.setItemData(
                self.combo.count() - 1, f"{palette.emitter}", Qt.ItemDataRole.ToolTipRole
            )
        self.combo.addItem("Custom…", CUSTOM)
        self.stops = QLineEdit()
        self.stops.setPlaceholderText("#001133 #22ccff #ffffff")
        self.stops.setToolTip("Custom gradient: #rrggbb colours separated by spaces")
        self.stops.setVisible(False)
        column.addWidget(self.combo)
        column.addWidget(self.stops)
        self._value = str(param.default)
        self.combo.currentIndexChanged.connect(self._chosen)
        self.stops.editingFinished.connect(self._typed)

    def _chosen(self, index: int) -> None:
        name = self.combo.itemData(index)
        if name == CUSTOM:
            # Start the custom gradient from the palette the user was looking at.
            self.stops.setText(" ".join(palette_stops(self._value)))
            self.stops.setVisible(True)
            self.stops.setFocus()
            self._value = self.stops.text()
        else:
            self.stops.setVisible(False)
            self._value = name
        self._emit_checked(self._value)

    def _typed(self) -> None:
        text = " ".join(self.stops.text().split())
        try:
            self.param.check(text)
        except ValueError as error:
            self.show_problem(str(error))
            return
        self._value = text
        self.combo.setItemIcon(self.combo.count() - 1, gradient_swatch(text))
        self._emit_checked(text)

    def outlined(self) -> QWidget:
        return self.stops if self.stops.isVisible() else self.combo

    def value(self) -> ParamValue:
        return self._value

    def set_value(self, value: ParamValue) -> None:
        self._value = str(value)
        index = self.combo.findData(self._value.strip())
        custom = index < 0
        with QSignalBlocker(self.combo), QSignalBlocker(self.stops):
            if custom:
                index = self.combo.count() - 1
                self.stops.setText(self._value)
                try:
                    self.combo.setItemIcon(index, gradient_swatch(self._value))
                except ValueError:
                    self.combo.setItemIcon(index, QIcon())
            self.combo.setCurrentIndex(index)
            self.stops.setVisible(custom)


def shipped_decals(default: str) -> list[str]:
    """The built-in decal names ("assets:decals/star.png") beside a default decal."""
    if not default.startswith(ASSET_PREFIX):
        return []
    folder = asset_path(default[len(ASSET_PREFIX) :]).parent
    return [f"{ASSET_PREFIX}{folder.name}/{path.name}" for path in sorted(folder.glob("*.png"))]


def _decal_icon(name: str) -> QIcon:
    pixmap = QPixmap(str(asset_path(name[len(ASSET_PREFIX) :])))
    return QIcon(pixmap.scaled(20, 20, Qt.AspectRatioMode.KeepAspectRatio,
                               Qt.TransformationMode.SmoothTransformation))  # fmt: skip


class FileField(ParamWidget):
    """A decal image: one of the shipped decals, or a PNG of the user's own."""

    OWN_FILE = "own"

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(param, parent)
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(3)
        self._layout.addLayout(column, 1)
        self.combo = QComboBox()
        self.combo.setToolTip(self._tooltip)
        for name in shipped_decals(str(param.default)):
            label = Path(name).stem.replace("-", " ").capitalize()
            self.combo.addItem(_decal_icon(name), label, name)
        self.combo.addItem("Your own PNG", self.OWN_FILE)
        row = QHBoxLayout()
        row.setSpacing(4)
        self.path = QLineEdit()
        self.path.setPlaceholderText("path to a PNG")
        self.browse = QPushButton("Browse…")
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        column.addWidget(self.combo)
        column.addLayout(row)
        self.combo.currentIndexChanged.connect(self._chosen)
        self.path.editingFinished.connect(lambda: self._take(self.path.text().strip()))
        self.browse.clicked.connect(self.choose_file)

    def _chosen(self, index: int) -> None:
        name = self.combo.itemData(index)
        if name == self.OWN_FILE:
            self.path.setFocus()
            return
        self._take(name)

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Decal image", "", "PNG images (*.png)")
        if path:
            self._take(path)

    def _take(self, value: str) -> None:
        if not value.startswith(ASSET_PREFIX) and not Path(value).expanduser().is_file():
            self.show_problem(f"{value!r}: no such file" if value else "no image file given")
            return
        self.set_value(value)
        self._emit_checked(value)

    def outlined(self) -> QWidget:
        return self.path

    def value(self) -> ParamValue:
        return self.path.text().strip()

    def set_value(self, value: ParamValue) -> None:
        value = str(value)
        index = self.combo.findData(value)
        with QSignalBlocker(self.combo), QSignalBlocker(self.path):
            self.combo.setCurrentIndex(index if index >= 0 else self.combo.count() - 1)
            self.path.setText(value)


class TeethField(ParamWidget):
    """FDI numbers separated by commas, checked as typed; empty means every tooth."""

    def __init__(self, param: Param, parent: QWidget | None = None) -> None:
        super().__init__(param, parent)
        self.line = QLineEdit()
        self.line.setPlaceholderText("all teeth  (e.g. 11, 21)")
        self.line.setToolTip(self._tooltip)
        self._layout.addWidget(self.line, 1)
        self.line.textEdited.connect(self._check_as_typed)
        self.line.editingFinished.connect(lambda: self._emit_checked(self.line.text().strip()))

    def _check_as_typed(self, text: str) -> None:
        try:
            self.param.check(text.strip())
        except ValueError as error:
            self.show_problem(str(error))
        else:
            self.show_problem("")

    def outlined(self) -> QWidget:
        return self.line

    def value(self) -> ParamValue:
        return self.line.text().strip()

    def set_value(self, value: ParamValue) -> None:
        with QSignalBlocker(self.line):
            self.line.setText(str(value))
        self.show_problem("")


WidgetFactory = Callable[[Param, QWidget | None], ParamWidget]
PARAM_WIDGETS: dict[str, WidgetFactory] = {
    "float": NumberField,
    "int": whole_number_field,
    "bool": BoolField,
    "choice": ChoiceField,
    "colour": ColourField,
    "palette": PaletteField,
    "file": FileField,
    "teeth": TeethField,
}


def param_widget(param: Param, parent: QWidget | None = None) -> ParamWidget:
    """The editor for a parameter, showing its default."""
    widget = PARAM_WIDGETS[param.type](param, parent)
    widget.set_value(param.default)
    return widget
