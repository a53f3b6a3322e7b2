"""The Geometry panel: arch form and size, tooth proportions, character and build quality.

Rows are generated from the `Geometry` field declarations (range, unit, description), so
a field added to the model appears here with no change; only the grouping and a few
friendlier labels are written down. Nested shapes (the upper and lower `ArchShape`) get
one row per field of the shape. What each row shows and sets, the values of each arch
included (an unset lower spacing is the upper's), comes from `core.geometry_values`,
which `fusionsmile info` reads too. Per-tooth edits live in the Teeth panel.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PyQt6.QtWidgets import QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from fusionsmile.app.document import DesignDocument
from fusionsmile.app.widgets.field_editor import FieldEditor, field_label, is_editable
from fusionsmile.core.design import Design
from fusionsmile.core.geometry.surface import ArchFit
from fusionsmile.core.geometry_values import (
    fit_words,
    geometry_field,
    geometry_paths,
    geometry_value,
    with_geometry_value,
)

# Where each field goes; a field not named here lands in the last group.
GROUPS: dict[str, tuple[str, ...]] = {
    "Arch": (
        "arch_form",
        "upper_arch",
        "lower_arch",
        "bite_opening_mm",
        "midline_shift_mm",
        "lower_midline_shift_mm",
    ),
    "Teeth": (
        "tooth_size",
        "central_width_length_ratio",
        "spacing_mm",
        "lower_spacing_mm",
        "diastema_mm",
        "lower_diastema_mm",
        "third_molars",
    ),
    "Character": ("smile_arc_mm", "crowding", "mamelons", "asymmetry", "seed"),
    "Build": ("resolution",),
}
# Labels the generic 'field name in words' would say less well.
LABELS = {
    "central_width_length_ratio": "Central width/length",
    "smile_arc_mm": "Smile arc",
    "bite_opening_mm": "Bite opening",
    "upper_arch.width_mm": "Upper width",
    "upper_arch.depth_mm": "Upper depth",
    "lower_arch.width_mm": "Lower width",
    "lower_arch.depth_mm": "Lower depth",
    "diastema_mm": "Diastema, upper",
    "lower_diastema_mm": "Diastema, lower",
    "spacing_mm": "Spacing, upper",
    "lower_spacing_mm": "Spacing, lower",
    "midline_shift_mm": "Midline shift, upper",
    "lower_midline_shift_mm": "Midline shift, lower",
}


def _editable_paths() -> list[str]:
    return [path for path in geometry_paths() if is_editable(geometry_field(path))]


class GeometryPanel(QWidget):
    """Edits `design.geometry` apart from the per-tooth overrides."""

    def __init__(self, document: DesignDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.editors: dict[str, FieldEditor] = {}
        # How the teeth fit each arch, once the window has built them (`show_fit`): a
        # spacing the arch cannot hold shows here instead of only as squeezed teeth.
        self.fit_label = QLabel()
        self.fit_label.setWordWrap(True)
        self.fit_label.setStyleSheet("color: palette(placeholder-text);")
        self.fit_label.setToolTip(
            "The length the teeth and their gaps need, against the arch's length"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(10)
        last_group = list(GROUPS)[-1]
        grouped: dict[str, list[str]] = {group: [] for group in GROUPS}
        for path in _editable_paths():
            head = path.split(".")[0]
            group = next((g for g, names in GROUPS.items() if head in names), last_group)
            grouped[group].append(path)
        labels: list[QLabel] = []
        for group, paths in grouped.items():
            order = GROUPS[group]
            paths.sort(
                key=lambda p: order.index(p.split(".")[0]) if p.split(".")[0] in order else 99
            )
            box = QGroupBox(group)
            form = QFormLayout(box)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            for path in paths:
                editor = FieldEditor(path.split(".")[-1], geometry_field(path))
                editor.valueChanged.connect(lambda value, p=path: self._edit(p, value))
                editor.editingFinished.connect(document.end_merge)
                label = QLabel(LABELS.get(path, field_label(path.split(".")[-1])))
                label.setToolTip(editor.control.toolTip())
                labels.append(label)
                form.addRow(label, editor)
                self.editors[path] = editor
            if group == "Arch":
                form.addRow(self.fit_label)
            layout.addWidget(box)
        layout.addStretch(1)
        # One label column across the groups, so the sliders line up from box to box.
        width = max(label.sizeHint().width() for label in labels)
        for label in labels:
            label.setMinimumWidth(width)
        document.changed.connect(self._design_changed)
        document.opened.connect(lambda _path: self._show(document.design))
        self._show(document.design)

    def _edit(self, path: str, value: Any) -> None:
        geometry = self.document.design.geometry
        label = LABELS.get(path, field_label(path.split(".")[-1])).lower()
        self.document.update(
            f"Change {label}",
            merge_key=f"geometry.{path}",
            geometry=with_geometry_value(geometry, path, value),
        )

    def _design_changed(self, old: Design, new: Design) -> None:
        if old.geometry != new.geometry:
            self._show(new)

    def show_fit(self, fits: Mapping[str, ArchFit]) -> None:
        """Show how the teeth fit each arch of the latest build."""
        lines = [
            f"{arch.capitalize()}: {fit_words(fits[arch].discrepancy_mm)}"
            for arch in ("upper", "lower")
            if arch in fits
        ]
        self.fit_label.setText("\n".join(lines))

    def _show(self, design: Design) -> None:
        for path, editor in self.editors.items():
            editor.setValue(geometry_value(design.geometry, path))
