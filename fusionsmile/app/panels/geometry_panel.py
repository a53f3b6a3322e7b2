"""The Geometry panel: arch form and size, tooth proportions, character and build quality.

Rows are generated from the `Geometry` field declarations (range, unit, description), so
a field added to the model appears here with no change; only the grouping and a few
friendlier labels are written down. Nested shapes (the upper and lower `ArchShape`) get
one row per field of the shape. Per-tooth edits live in the Teeth panel.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from PyQt6.QtWidgets import QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from fusionsmile.app.document import DesignDocument
from fusionsmile.app.widgets.field_editor import FieldEditor, field_label, is_editable
from fusionsmile.core.design import Design, Geometry

# Where each field goes; a field not named here lands in the last group.
GROUPS: dict[str, tuple[str, ...]] = {
    "Arch": ("arch_form", "upper_arch", "lower_arch", "bite_opening_mm", "midline_shift_mm"),
    "Teeth": (
        "tooth_size",
        "central_width_length_ratio",
        "spacing_mm",
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
}
# Each arch's midline gap is set through Geometry.with_diastema, which keeps the other
# arch's gap as it shows (a new gap opens the upper arch only).
DIASTEMA = {"diastema_mm": "upper", "lower_diastema_mm": "lower"}
# The per-tooth overrides have their own panel.
SKIPPED = {"teeth"}


def _geometry_paths() -> list[str]:
    """Dotted paths of every editable Geometry field, nested shapes flattened."""
    paths = []
    for name, field in Geometry.model_fields.items():
        if name in SKIPPED:
            continue
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            paths += [
                f"{name}.{inner}"
                for inner, inner_field in annotation.model_fields.items()
                if is_editable(inner_field)
            ]
        elif is_editable(field):
            paths.append(name)
    return paths


def _field(path: str) -> Any:
    """The FieldInfo of a dotted Geometry path."""
    model: type[BaseModel] = Geometry
    *outer, last = path.split(".")
    for name in outer:
        model = model.model_fields[name].annotation  # type: ignore[assignment]
    return model.model_fields[last]


def geometry_value(geometry: Geometry, path: str) -> Any:
    if path in DIASTEMA:
        return geometry.diastema_for(DIASTEMA[path])  # unset lower: the upper's
    value: Any = geometry
    for name in path.split("."):
        value = getattr(value, name)
    return value


def with_geometry_value(geometry: Geometry, path: str, value: Any) -> Geometry:
    """A validated copy of geometry with the field at `path` set to value."""
    if path in DIASTEMA:
        return geometry.with_diastema(**{DIASTEMA[path]: value})
    head, _, rest = path.partition(".")
    if rest:
        inner = getattr(geometry, head)
        value = type(inner).model_validate({**inner.model_dump(), rest: value})
    return Geometry.model_validate({**geometry.model_dump(), head: value})


class GeometryPanel(QWidget):
    """Edits `design.geometry` apart from the per-tooth overrides."""

    def __init__(self, document: DesignDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.editors: dict[str, FieldEditor] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(10)
        last_group = list(GROUPS)[-1]
        grouped: dict[str, list[str]] = {group: [] for group in GROUPS}
        for path in _geometry_paths():
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
                editor = FieldEditor(path.split(".")[-1], _field(path))
                editor.valueChanged.connect(lambda value, p=path: self._edit(p, value))
                editor.editingFinished.connect(document.end_merge)
                label = QLabel(LABELS.get(path, field_label(path.split(".")[-1])))
                label.setToolTip(editor.control.toolTip())
                labels.append(label)
                form.addRow(label, editor)
                self.editors[path] = editor
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

    def _show(self, design: Design) -> None:
        for path, editor in self.editors.items():
            editor.setValue(geometry_value(design.geometry, path))
