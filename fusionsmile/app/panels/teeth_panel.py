"""The Teeth panel: the dental chart, and the edits of the selected teeth.

One slider per numeric `ToothOverride` field, generated from the declarations, edits every
selected tooth at once; the sliders show the first selected tooth. With "Mirror
left/right" each edit also applies to the contralateral tooth, which the model makes the
mirror-image edit because overrides are anatomical (mesial, labial).
"""

from __future__ import annotations

from typing import Any

from PyQt6.QtCore import QSignalBlocker
from PyQt6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fusionsmile.app.document import DesignDocument
from fusionsmile.app.panels.teeth_chart import TeethChart, tooth_name
from fusionsmile.app.widgets.field_editor import FieldEditor, field_label
from fusionsmile.core.design import Design, Geometry, ToothOverride
from fusionsmile.core.teeth import contralateral

# Undo names for the edits, in the user's words ("Rotate 11, 21"); others say "Change x".
VERBS = {
    "missing": "Mark missing",
    "scale": "Scale",
    "rotation_deg": "Rotate",
    "tip_deg": "Tip",
    "torque_deg": "Torque",
    "offset_mesial_mm": "Move mesially",
    "offset_labial_mm": "Move labially",
    "extrusion_mm": "Extrude",
    "wear_mm": "Wear",
    "chip_mm": "Chip",
}
LABELS = {"rotation_deg": "Rotation", "offset_mesial_mm": "Mesial", "offset_labial_mm": "Labial"}


def numeric_fields() -> list[str]:
    """Every ToothOverride field edited with a slider, in declaration order."""
    return [
        name
        for name, field in ToothOverride.model_fields.items()
        if field.annotation in (int, float)
    ]


class TeethPanel(QWidget):
    """The chart on top, the edits of the selection below."""

    def __init__(self, document: DesignDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(8)

        self.chart = TeethChart(document)
        layout.addWidget(self.chart)

        options = QHBoxLayout()
        self.universal = QCheckBox("Universal numbers")
        self.universal.setToolTip("Label teeth 1-32 (Universal/ADA) instead of FDI 11-48")
        self.universal.toggled.connect(self._numbering_changed)
        self.mirror = QCheckBox("Mirror left/right")
        self.mirror.setToolTip("Edits apply to the same tooth on the other side too")
        self.mirror.toggled.connect(lambda _checked: self._show())
        options.addWidget(self.universal)
        options.addWidget(self.mirror)
        options.addStretch(1)
        layout.addLayout(options)

        self.edits = QGroupBox("No tooth selected")
        form = QFormLayout(self.edits)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.missing = QCheckBox("Missing")
        self.missing.setToolTip("Leave the selected teeth out of the smile")
        self.missing.toggled.connect(lambda checked: self._edit("missing", checked))
        self.reset = QPushButton("Reset tooth")
        self.reset.setToolTip("Undo every edit of the selected teeth")
        self.reset.clicked.connect(self._reset)
        top = QHBoxLayout()
        top.addWidget(self.missing)
        top.addStretch(1)
        top.addWidget(self.reset)
        form.addRow(top)
        self.sliders: dict[str, FieldEditor] = {}
        for name in numeric_fields():
            editor = FieldEditor(name, ToothOverride.model_fields[name])
            editor.valueChanged.connect(lambda value, n=name: self._edit(n, value))
            editor.editingFinished.connect(document.end_merge)
            label = QLabel(LABELS.get(name, field_label(name)))
            label.setToolTip(editor.control.toolTip())
            form.addRow(label, editor)
            self.sliders[name] = editor
        layout.addWidget(self.edits)
        layout.addStretch(1)

        document.changed.connect(self._design_changed)
        document.opened.connect(lambda _path: self._show())
        document.selection_changed.connect(lambda _teeth: self._show())
        self._show()

    # -- editing -------------------------------------------------------------------------

    def affected(self) -> tuple[int, ...]:
        """The teeth an edit changes: the selection, with contralaterals when mirroring."""
        teeth = set(self.document.selection)
        if self.mirror.isChecked():
            teeth |= {contralateral(fdi) for fdi in teeth}
        return tuple(sorted(teeth))

    def _names(self, teeth: tuple[int, ...]) -> str:
        return ", ".join(self.chart.label_for(fdi) for fdi in teeth)

    def _edit(self, name: str, value: Any) -> None:
        selection = self.document.selection
        if not selection:
            return
        geometry: Geometry = self.document.design.geometry
        for fdi in selection:
            geometry = geometry.with_tooth(fdi, mirror=self.mirror.isChecked(), **{name: value})
        verb = VERBS.get(name, f"Change {field_label(name).lower()}")
        if name == "missing" and not value:
            verb = "Restore"
        design = self.document.design.model_copy(update={"geometry": geometry})
        label = f"{verb} {self._names(self.affected())}"
        self.document.edit(design, label, merge_key=f"tooth.{name}.{selection}")

    def _reset(self) -> None:
        geometry = self.document.design.geometry
        teeth = {
            key: edit for key, edit in geometry.teeth.items() if int(key) not in self.affected()
        }
        design = self.document.design.model_copy(
            update={"geometry": geometry.model_copy(update={"teeth": teeth})}
        )
        self.document.edit(design, f"Reset {self._names(self.affected())}")

    # -- showing -------------------------------------------------------------------------

    def _numbering_changed(self, universal: bool) -> None:
        self.chart.set_universal(universal)
        self._show()

    def _design_changed(self, old: Design, new: Design) -> None:
        if old.geometry.teeth != new.geometry.teeth:
            self._show()

    def _show(self) -> None:
        selection = self.document.selection
        geometry = self.document.design.geometry
        self.edits.setEnabled(bool(selection))
        if not selection:
            self.edits.setTitle("No tooth selected: click one in the chart")
        elif len(selection) == 1:
            fdi = selection[0]
            self.edits.setTitle(f"{self.chart.label_for(fdi)} · {tooth_name(fdi)}")
        else:
            self.edits.setTitle(f"{len(selection)} teeth: {self._names(selection)}")
        shown = geometry.override(selection[0]) if selection else ToothOverride()
        with QSignalBlocker(self.missing):
            self.missing.setChecked(shown.missing)
        for name, editor in self.sliders.items():
            editor.setValue(getattr(shown, name))
            editor.setEnabled(not shown.missing)
        self.reset.setEnabled(any(str(fdi) in geometry.teeth for fdi in self.affected()))
