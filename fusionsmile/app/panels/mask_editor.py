"""Where a layer applies: the mask of one layer, as chips, a teeth list and sliders.

`MaskEditor` is a view of one `Mask`: `set_mask(mask)` shows it (no signal) and the user's
edits come out as `changed(field, value, finished)` with a top-level Mask field name and
its new value. The inspector builds the new Mask and lets pydantic judge it, so a value
the Mask refuses (a tooth 19, an arch range that runs backwards) is shown here with
`show_problem(field, message)` and never reaches the design.

Empty selections select everything, so every chip group starts off (nothing ticked =
no restriction), which is what a designer sees on a new layer.
"""

from __future__ import annotations

from typing import get_args

from PyQt6.QtCore import QSignalBlocker, Qt, pyqtSignal
from PyQt6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QWidget,
)

from fusionsmile.app.widgets.float_slider import FloatSlider
from fusionsmile.app.widgets.param_widgets import PROBLEM_STYLE
from fusionsmile.core.design import Mask, MaskRegion, NoiseMask, ToothTypeName

REGIONS: tuple[MaskRegion, ...] = get_args(MaskRegion)
TOOTH_TYPES: tuple[ToothTypeName, ...] = get_args(ToothTypeName)
REGION_ROWS = (("cervical", "middle", "incisal"), ("labial", "lingual"), ("teeth", "gums"))
TOOTH_TYPE_LABELS = {
    "central": "Central", "lateral": "Lateral", "canine": "Canine", "premolar1": "PM 1",
    "premolar2": "PM 2", "molar1": "Molar 1", "molar2": "Molar 2", "molar3": "Molar 3",
}  # fmt: skip
# Laid out as the dentist sees the patient: upper right (1) on the viewer's left.
QUADRANT_GRID = ((1, "Upper right"), (2, "Upper left"), (4, "Lower right"), (3, "Lower left"))


def _chip(text: str, tooltip: str) -> QToolButton:
    chip = QToolButton()
    chip.setText(text)
    chip.setToolTip(tooltip)
    chip.setCheckable(True)
    chip.setProperty("chip", True)
    chip.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return chip


CHIP_STYLE = """
QToolButton[chip="true"] {
    padding: 2px 4px; border: 1px solid palette(mid); border-radius: 4px;
    background: palette(button);
}
QToolButton[chip="true"]:hover { border-color: palette(highlight); }
QToolButton[chip="true"]:checked {
    background: palette(highlight); color: palette(highlighted-text);
    border-color: palette(highlight);
}
"""


def _noise_slider(field: str, unit: str, decimals: int) -> FloatSlider:
    """A slider over a NoiseMask field, its range and tooltip read from the model."""
    info = NoiseMask.model_fields[field]
    bounds = {
        key: getattr(m, key) for m in info.metadata for key in ("ge", "le") if hasattr(m, key)
    }
    return FloatSlider(bounds["ge"], bounds["le"], unit, decimals, tooltip=info.description or "")


def parse_teeth(text: str) -> tuple[int, ...]:
    """ "11, 21" -> (11, 21); ValueError naming the part that is not a number."""
    numbers = []
    for part in text.replace(";", ",").replace(" ", ",").split(","):
        if part.strip():
            if not part.strip().isdigit():
                raise ValueError(f"{part.strip()!r} is not a tooth number like 11 or 21")
            numbers.append(int(part))
    return tuple(numbers)


class MaskEditor(QWidget):
    """The mask of one layer."""

    changed = pyqtSignal(str, object, bool)

    def __init__(self, label_width: int = 84, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._label_width = label_width
        self.setStyleSheet(CHIP_STYLE)
        self._mask = Mask()
        self._selection: tuple[int, ...] = ()
        self.problems: dict[str, str] = {}  # Mask field -> what is wrong with it
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(10)
        form.setVerticalSpacing(6)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form = form

        self.region_chips = {}
        regions = QGridLayout()
        regions.setSpacing(3)
        for row, names in enumerate(REGION_ROWS):
            for column, name in enumerate(names):
                chip = _chip(name.capitalize(), f"Only the {name} part (none ticked: all)")
                chip.toggled.connect(lambda _=False: self._emit_chips("regions"))
                regions.addWidget(chip, row, column)
                self.region_chips[name] = chip
        form.addRow(self._label("Regions", "Thirds, faces and tissues; groups intersect"),
                    regions)  # fmt: skip

        self.quadrant_chips = {}
        quadrants = QGridLayout()
        quadrants.setSpacing(3)
        for i, (number, name) in enumerate(QUADRANT_GRID):
            chip = _chip(f"{number}  {name}", f"Quadrant {number}: {name.lower()}")
            chip.toggled.connect(lambda _=False: self._emit_chips("quadrants"))
            quadrants.addWidget(chip, i // 2, i % 2)
            self.quadrant_chips[number] = chip
        form.addRow(self._label("Quadrants", "Patient's right and left"), quadrants)

        self.type_chips = {}
        types = QGridLayout()
        types.setSpacing(3)
        for i, name in enumerate(TOOTH_TYPES):
            chip = _chip(TOOTH_TYPE_LABELS[name], f"Only {TOOTH_TYPE_LABELS[name].lower()}s")
            chip.toggled.connect(lambda _=False: self._emit_chips("tooth_types"))
            types.addWidget(chip, i // 4, i % 4)
            self.type_chips[name] = chip
        form.addRow(self._label("Tooth types", "none ticked: all"), types)

        teeth_row = QHBoxLayout()
        teeth_row.setSpacing(4)
        self.teeth = QLineEdit()
        self.teeth.setPlaceholderText("all teeth  (e.g. 11, 21)")
        self.teeth.setToolTip("FDI tooth numbers separated by commas; empty: every tooth")
        self.use_selection = QPushButton("Use selected")
        self.use_selection.setToolTip("Restrict the layer to the teeth selected in the view")
        self.use_selection.setEnabled(False)
        teeth_row.addWidget(self.teeth, 1)
        teeth_row.addWidget(self.use_selection)
        form.addRow(self._label("Teeth", "FDI numbers"), teeth_row)
        self.teeth.editingFinished.connect(self._teeth_typed)
        self.use_selection.clicked.connect(
            lambda: self.changed.emit("teeth", self._selection, True)
        )

        self.arch_start = FloatSlider(-1.0, 1.0, decimals=2, tooltip="Start of the arch range "
                                      "(-1: patient's right molars)")  # fmt: skip
        self.arch_end = FloatSlider(-1.0, 1.0, decimals=2, tooltip="End of the arch range "
                                    "(+1: patient's left molars)")  # fmt: skip
        form.addRow(self._label("Arch from", "-1 right molars … +1 left molars"), self.arch_start)
        form.addRow(self._label("Arch to", "-1 right molars … +1 left molars"), self.arch_end)
        for slider in (self.arch_start, self.arch_end):
            slider.valueChanged.connect(lambda _=0.0: self._emit_arch(False))
            slider.editingFinished.connect(lambda: self._emit_arch(True))

        self.noise = QCheckBox("Organic patches")
        self.noise.setToolTip("Keep the layer only where smooth noise is above a threshold")
        form.addRow(self._label("Noise", ""), self.noise)
        self.noise.toggled.connect(self._noise_toggled)
        self.noise_scale = _noise_slider("scale_mm", "mm", 1)
        self.noise_threshold = _noise_slider("threshold", "", 2)
        self.noise_softness = _noise_slider("softness", "", 2)
        self.noise_seed = QSpinBox()
        self.noise_seed.setRange(0, 2**31 - 1)
        self.noise_seed.setKeyboardTracking(False)
        self.noise_rows = {
            "scale_mm": ("Scale", self.noise_scale),
            "threshold": ("Threshold", self.noise_threshold),
            "softness": ("Softness", self.noise_softness),
            "seed": ("Seed", self.noise_seed),
        }
        for field, (label, widget) in self.noise_rows.items():
            form.addRow(self._label(label, ""), widget)
            if isinstance(widget, FloatSlider):
                widget.valueChanged.connect(lambda v, f=field: self._emit_noise(f, v, False))
                widget.editingFinished.connect(
                    lambda f=field, w=widget: self._emit_noise(f, w.value(), True)
                )
            else:
                widget.valueChanged.connect(lambda v, f=field: self._emit_noise(f, v, True))

        self.invert = QCheckBox("Everywhere else")
        self.invert.setToolTip("Apply the layer outside the mask instead of inside")
        form.addRow(self._label("Invert", ""), self.invert)
        self.invert.toggled.connect(lambda on: self.changed.emit("invert", bool(on), True))
        self._show_noise_rows(False)

    def _label(self, text: str, tooltip: str) -> QLabel:
        # The same fixed, right-aligned column as the inspector's other sections.
        label = QLabel(text)
        label.setToolTip(tooltip)
        label.setFixedWidth(self._label_width)
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return label

    # -- the user edits ---------------------------------------------------------------

    def _emit_chips(self, field: str) -> None:
        chips = {
            "regions": self.region_chips,
            "quadrants": self.quadrant_chips,
            "tooth_types": self.type_chips,
        }[field]
        # In the declared order whatever the click order: equal masks compare equal.
        order = {"regions": REGIONS, "quadrants": (1, 2, 3, 4), "tooth_types": TOOTH_TYPES}
        value = tuple(key for key in order[field] if chips[key].isChecked())
        self.changed.emit(field, value, True)

    def _teeth_typed(self) -> None:
        try:
            teeth = parse_teeth(self.teeth.text())
        except ValueError as error:
            self.show_problem("teeth", str(error))
            return
        self.changed.emit("teeth", teeth, True)

    def _emit_arch(self, finished: bool) -> None:
        value = (round(self.arch_start.value(), 4), round(self.arch_end.value(), 4))
        self.changed.emit("arch_range", value, finished)

    def _noise_toggled(self, on: bool) -> None:
        self._show_noise_rows(on)
        self.changed.emit("noise", NoiseMask().model_dump() if on else None, True)

    def _emit_noise(self, field: str, value: float, finished: bool) -> None:
        current = self._mask.noise or NoiseMask()
        self.changed.emit("noise", {**current.model_dump(), field: value}, finished)

    def _show_noise_rows(self, on: bool) -> None:
        for _, widget in self.noise_rows.values():
            self.form.setRowVisible(widget, on)

    # -- the model shows ----------------------------------------------------------------

    def set_selection(self, teeth: tuple[int, ...]) -> None:
        """The teeth selected in the view, offered by "Use selected"."""
        self._selection = tuple(teeth)
        self.use_selection.setEnabled(bool(teeth))
        shown = ", ".join(map(str, teeth)) if teeth else "none selected"
        self.use_selection.setToolTip(f"Restrict the layer to the selected teeth ({shown})")

    def mask(self) -> Mask:
        return self._mask

    def set_mask(self, mask: Mask) -> None:
        """Show mask; emits nothing and clears the problems shown."""
        self._mask = mask
        blockers = [QSignalBlocker(w) for w in self.findChildren(QWidget)]
        for name, chip in self.region_chips.items():
            chip.setChecked(name in mask.regions)
        for number, chip in self.quadrant_chips.items():
            chip.setChecked(number in mask.quadrants)
        for name, chip in self.type_chips.items():
            chip.setChecked(name in mask.tooth_types)
        self.teeth.setText(", ".join(map(str, mask.teeth)))
        self.arch_start.setValue(mask.arch_range[0])
        self.arch_end.setValue(mask.arch_range[1])
        noise = mask.noise or NoiseMask()
        self.noise.setChecked(mask.noise is not None)
        self.noise_scale.setValue(noise.scale_mm)
        self.noise_threshold.setValue(noise.threshold)
        self.noise_softness.setValue(noise.softness)
        self.noise_seed.setValue(noise.seed)
        self.invert.setChecked(mask.invert)
        del blockers
        self._show_noise_rows(mask.noise is not None)
        for field in ("teeth", "arch_range", "noise"):
            self.show_problem(field, "")

    def show_problem(self, field: str, message: str) -> None:
        """Outline the editor of a Mask field with the problem ("" clears it)."""
        widgets: dict[str, list[QWidget]] = {
            "teeth": [self.teeth],
            "arch_range": [self.arch_start.spin, self.arch_end.spin],
            "noise": [w.spin if isinstance(w, FloatSlider) else w
                      for _, w in self.noise_rows.values()],
        }  # fmt: skip
        for widget in widgets.get(field, []):
            if widget.property("usual_tooltip") is None:
                widget.setProperty("usual_tooltip", widget.toolTip())
            widget.setStyleSheet(PROBLEM_STYLE if message else "")
            widget.setToolTip(message or widget.property("usual_tooltip"))
        self.problems[field] = message
