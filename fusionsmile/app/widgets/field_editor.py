"""An editor for one pydantic field, chosen from its declaration (magicgui's idea).

A float gets a FloatSlider over its declared `ge`/`le`, an int a spin box, a bool a check
box, a Literal a combo box. The unit comes from the field name's suffix (`_mm`, `_deg`),
the tooltip from its description, so a field added to the model shows up in a panel
with the right range and words and no panel change.

Every editor speaks the same small protocol: `valueChanged(object)` on user edits,
`editingFinished()` when a drag or a typed value ends, and `setValue` that never emits.
"""

from __future__ import annotations

from types import UnionType
from typing import Any, Literal, Union, get_args, get_origin

from annotated_types import Ge, Le
from pydantic.fields import FieldInfo
from PyQt6.QtCore import QSignalBlocker, pyqtSignal
from PyQt6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QSpinBox, QWidget

from fusionsmile.app.widgets.float_slider import FloatSlider

# Field-name suffix -> unit shown to the user; the suffix itself is dropped from the label.
UNITS = {"_mm": "mm", "_deg": "°"}


def field_unit(name: str) -> str:
    return next((unit for suffix, unit in UNITS.items() if name.endswith(suffix)), "")


def field_label(name: str) -> str:
    """'offset_mesial_mm' -> 'Offset mesial'."""
    for suffix in UNITS:
        name = name.removesuffix(suffix)
    return name.replace("_", " ").capitalize()


def field_range(field: FieldInfo) -> tuple[float | None, float | None]:
    """The declared (ge, le) bounds, None where the field has none."""
    low = next((m.ge for m in field.metadata if isinstance(m, Ge)), None)
    high = next((m.le for m in field.metadata if isinstance(m, Le)), None)
    return (
        float(low) if low is not None else None,  # type: ignore[arg-type]
        float(high) if high is not None else None,  # type: ignore[arg-type]
    )


def field_tooltip(name: str, field: FieldInfo) -> str:
    """Description, then range and unit: 'gap between all teeth (0 to 3 mm)'."""
    text = (field.description or field_label(name)).rstrip(".")
    low, high = field_range(field)
    unit = field_unit(name)
    if low is not None and high is not None:
        text += f" ({low:g} to {high:g}{' ' + unit if unit else ''})"
    return text[0].upper() + text[1:]


def value_type(field: FieldInfo) -> Any:
    """The field's type, without an optional None (`float | None` -> float): the panel
    that shows such a field shows the value None stands for."""
    annotation = field.annotation
    if get_origin(annotation) in (Union, UnionType):
        arms = [arm for arm in get_args(annotation) if arm is not type(None)]
        if len(arms) == 1:
            return arms[0]
    return annotation


def is_editable(field: FieldInfo) -> bool:
    """Whether editor_for can make an editor for this field."""
    annotation = value_type(field)
    return annotation in (bool, int, float) or get_origin(annotation) is Literal


class FieldEditor(QWidget):
    """The editor of one field; see the module docstring for its protocol."""

    valueChanged = pyqtSignal(object)
    editingFinished = pyqtSignal()

    def __init__(self, name: str, field: FieldInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        annotation = value_type(field)
        tooltip = field_tooltip(name, field)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.control: QWidget
        if annotation is bool:
            self.control = QCheckBox()
            self.control.toggled.connect(self._emit_and_finish)
        elif get_origin(annotation) is Literal:
            self.control = QComboBox()
            for choice in get_args(annotation):
                self.control.addItem(str(choice).replace("-", " ").capitalize(), choice)
            self.control.activated.connect(self._combo_activated)
        elif annotation is int:
            low, high = field_range(field)
            self.control = QSpinBox()
            # QSpinBox holds a C int: clamp bounds that are absent or wider than that.
            self.control.setRange(int(low or -(2**31)), int(min(high or 2**31 - 1, 2**31 - 1)))
            self.control.setKeyboardTracking(False)
            self.control.valueChanged.connect(self._emit_and_finish)
        elif annotation is float:
            low, high = field_range(field)
            if low is None or high is None:
                raise ValueError(f"{name}: a float field needs ge and le to get a slider")
            self.control = FloatSlider(low, high, field_unit(name), decimals=2)
            # One spin width for every row, so the sliders of a form line up.
            self.control.spin.setFixedWidth(96)
            self.control.valueChanged.connect(self.valueChanged.emit)
            self.control.editingFinished.connect(self.editingFinished)
        else:
            raise TypeError(f"{name}: no editor for fields of type {annotation!r}")
        self.control.setToolTip(tooltip)
        layout.addWidget(self.control)

    def value(self) -> Any:
        control = self.control
        if isinstance(control, QCheckBox):
            return control.isChecked()
        if isinstance(control, QComboBox):
            return control.currentData()
        return control.value()  # type: ignore[attr-defined]

    def setValue(self, value: Any) -> None:
        """Show value without emitting anything."""
        control = self.control
        if isinstance(control, FloatSlider):
            control.setValue(float(value))
            return
        with QSignalBlocker(control):
            if isinstance(control, QCheckBox):
                control.setChecked(bool(value))
            elif isinstance(control, QComboBox):
                control.setCurrentIndex(control.findData(value))
            elif isinstance(control, QSpinBox):
                control.setValue(int(value))

    def _emit_and_finish(self, *_: object) -> None:
        # Check boxes, combos and spin steps are single edits: each is its own undo step.
        self.valueChanged.emit(self.value())
        self.editingFinished.emit()

    def _combo_activated(self, index: int) -> None:
        self._emit_and_finish()
