"""The inspector: every setting of the layer being inspected (`document.current_layer`).

Nothing here knows a layer kind by name. The parameter rows are generated from the kind's
declarations (`LayerKind.params`) with the editors of `param_widgets`, so a new kind
registered in the core shows up fully editable without touching the app.

Writes go through `document.edit` with a merge key per layer and setting, so a slider
drag is one undo step ("Change Sparkle: intensity"). The new Layer is validated by the
Design's own pydantic model before it is sent; a value it refuses is shown on the
editor that made it and the design is left as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import ValidationError
from PyQt6.QtCore import QSignalBlocker, Qt
from PyQt6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from fusionsmile.app.document import DesignDocument, problem_text
from fusionsmile.app.panels.mask_editor import MaskEditor
from fusionsmile.app.widgets.float_slider import FloatSlider
from fusionsmile.app.widgets.param_widgets import ParamWidget, param_widget
from fusionsmile.core.design import Design, Layer, Mask
from fusionsmile.core.layers.blend import BLEND_MODES
from fusionsmile.core.layers.registry import LayerKind, kind_for
from fusionsmile.core.layers.validate import resolved_params

LABEL_WIDTH = 84
GROUP_COLOURS = {"natural": "#d8c3a0", "luminous": "#3fd0c9"}
# Units live in the spin boxes' suffixes, so labels drop them: "size_mm" reads "Size".
_UNIT_SUFFIXES = ("_mm_s", "_mm", "_ms", "_s", "_deg")


def param_label(name: str) -> str:
    """What the user reads for a parameter name ("decay_s" -> "Decay")."""
    for suffix in _UNIT_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
            break
    return name.replace("_", " ").capitalize()


def layer_title(layer: Layer) -> str:
    """The layer as named in undo labels: its name, or its kind's label."""
    return layer.name or kind_for(layer.kind).label


def chip(text: str, colour: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet(
        f"color: {colour}; border: 1px solid {colour}; border-radius: 7px;"
        "padding: 0px 6px; font-size: 10px;"
    )
    return label


class Section(QWidget):
    """A titled, collapsible block of the inspector (Blender-style panel)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.header = QToolButton()
        self.header.setText(title)
        self.header.setCheckable(True)
        self.header.setChecked(True)
        self.header.setArrowType(Qt.ArrowType.DownArrow)
        self.header.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.header.setAutoRaise(True)
        self.header.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.header.setStyleSheet("QToolButton { font-weight: 600; border: none; }")
        self.body = QWidget()
        self.form = QFormLayout(self.body)
        self.form.setContentsMargins(4, 2, 2, 6)
        self.form.setHorizontalSpacing(10)
        self.form.setVerticalSpacing(6)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setStyleSheet("color: palette(mid);")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(line)
        layout.addWidget(self.header)
        layout.addWidget(self.body)
        self.header.toggled.connect(self._toggle)

    def _toggle(self, open_: bool) -> None:
        self.body.setVisible(open_)
        self.header.setArrowType(Qt.ArrowType.DownArrow if open_ else Qt.ArrowType.RightArrow)

    def add_row(self, text: str, widget: QWidget, tooltip: str = "") -> QLabel:
        label = QLabel(text)
        label.setFixedWidth(LABEL_WIDTH)
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        label.setToolTip(tooltip or widget.toolTip())
        self.form.addRow(label, widget)
        return label


class InspectorPanel(QWidget):
    """Every setting of the current layer. Constructed once; follows the document."""

    def __init__(self, document: DesignDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.param_widgets: dict[str, ParamWidget] = {}
        self._shown_kind: str | None = None

        self.empty = QLabel("Select a layer to edit it.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: palette(mid); padding: 24px;")

        self.content = QWidget()
        column = QVBoxLayout(self.content)
        column.setContentsMargins(8, 8, 8, 8)
        column.setSpacing(6)
        column.addWidget(self._build_header())
        self.layer_section = self._build_layer_section()
        self.params_section = Section("Parameters")
        self.mask_section = Section("Mask")
        self.mask_editor = MaskEditor(LABEL_WIDTH)
        self.mask_section.form.addRow(self.mask_editor)
        self.mask_editor.changed.connect(self._mask_changed)
        self.mask_editor.set_selection(document.selection)
        for section in (self.layer_section, self.params_section, self.mask_section):
            column.addWidget(section)
        column.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addWidget(scroll)
        self.scroll = scroll

        document.changed.connect(self._design_changed)
        document.opened.connect(lambda _path: self.show_layer())
        document.current_layer_changed.connect(lambda _index: self.show_layer())
        document.selection_changed.connect(self.mask_editor.set_selection)
        self.show_layer()

    # -- building -------------------------------------------------------------------------

    def _build_header(self) -> QWidget:
        header = QWidget()
        column = QVBoxLayout(header)
        column.setContentsMargins(2, 0, 2, 4)
        column.setSpacing(3)
        row = QHBoxLayout()
        row.setSpacing(6)
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # a layer name from a file
        self.title.setStyleSheet("font-size: 14px; font-weight: 600;")
        self.group_chip = QLabel()
        self.animated_chip = chip("animated", "#c9a7ff")
        row.addWidget(self.title)
        row.addWidget(self.group_chip)
        row.addWidget(self.animated_chip)
        row.addStretch(1)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setStyleSheet("color: palette(placeholder-text);")
        column.addLayout(row)
        column.addWidget(self.description)
        return header

    def _build_layer_section(self) -> Section:
        section = Section("Layer")
        self.name = QLineEdit()
        self.name.setPlaceholderText("layer name")
        self.name.editingFinished.connect(self._rename)
        self.enabled = QCheckBox()
        self.enabled.toggled.connect(self._enable)
        self.opacity = FloatSlider(0.0, 100.0, "%", decimals=0, tooltip="How much of the "
                                   "layer shows over what is beneath it")  # fmt: skip
        self.opacity.valueChanged.connect(lambda v: self._set_common("opacity", v / 100, False))
        self.opacity.editingFinished.connect(
            lambda: self._set_common("opacity", self.opacity.value() / 100, True)
        )
        self.blend = QComboBox()
        for mode in BLEND_MODES:
            self.blend.addItem(mode.replace("-", " ").capitalize(), mode)
        self.blend.setToolTip("How the layer's colour combines with what is beneath it")
        self.blend.currentIndexChanged.connect(
            lambda i: self._set_common("blend", self.blend.itemData(i), True)
        )
        section.add_row("Name", self.name)
        section.add_row("Enabled", self.enabled, "Draw this layer")
        section.add_row("Opacity", self.opacity)
        section.add_row("Blend", self.blend)
        return section

    def _build_params(self, kind: LayerKind) -> None:
        form = self.params_section.form
        while form.rowCount():
            form.removeRow(0)  # deletes the old editors
        self.param_widgets = {}
        for param in kind.params:
            widget = param_widget(param)
            widget.changed.connect(
                lambda value, finished, p=param.name: self._set_param(p, value, finished)
            )
            self.params_section.add_row(param_label(param.name), widget)
            self.param_widgets[param.name] = widget
        self.reset = QPushButton("Reset to defaults")
        self.reset.setToolTip("Set every parameter of this layer back to its default")
        self.reset.clicked.connect(self._reset_params)
        form.addRow("", self.reset)
        self._shown_kind = kind.name

    # -- showing the model --------------------------------------------------------------

    def layer(self) -> Layer | None:
        index = self.document.current_layer
        layers = self.document.design.layers
        return layers[index] if 0 <= index < len(layers) else None

    def show_layer(self) -> None:
        """Show the current layer (or the empty message); emits nothing."""
        layer = self.layer()
        self.empty.setVisible(layer is None)
        self.scroll.setVisible(layer is not None)
        if layer is None:
            return
        kind = kind_for(layer.kind)
        if kind.name != self._shown_kind:
            self._build_params(kind)
        self.title.setText(layer.name or kind.label)
        colour = GROUP_COLOURS[kind.group]
        self.group_chip.setText(kind.group)
        self.group_chip.setStyleSheet(chip(kind.group, colour).styleSheet())
        self.animated_chip.setVisible(kind.animated)
        label = f"{kind.label} — " if layer.name and layer.name != kind.label else ""
        self.description.setText(f"{label}{kind.description[:1].upper()}{kind.description[1:]}")
        with (
            QSignalBlocker(self.name),
            QSignalBlocker(self.enabled),
            QSignalBlocker(self.blend),
        ):
            self.name.setText(layer.name)
            self.enabled.setChecked(layer.enabled)
            self.blend.setCurrentIndex(self.blend.findData(layer.blend))
        self.opacity.setValue(layer.opacity * 100)
        for name, value in resolved_params(layer).items():
            widget = self.param_widgets[name]
            widget.set_value(value)
            widget.show_problem("")
        self.reset.setEnabled(bool(layer.params))
        self.mask_editor.set_mask(layer.mask)

    def _design_changed(self, old: Design, new: Design) -> None:
        index = self.document.current_layer
        before = old.layers[index] if 0 <= index < len(old.layers) else None
        # Only a change of this layer redraws: a redraw would undo text being typed.
        if self.layer() != before or self.layer() is None:
            self.show_layer()

    # -- writing the model --------------------------------------------------------------

    def _edit_layer(
        self,
        changes: dict[str, Any],
        setting: str,
        finished: bool,
        on_problem: Callable[[str], None],
        label: str | None = None,
    ) -> bool:
        """Replace the current layer by one with `changes`; False (and on_problem called)
        if the document refuses them."""
        layer = self.layer()
        if layer is None:
            return False
        index = self.document.current_layer
        edited = layer.model_copy(update=changes)
        problem = self.document.set_layer(
            index,
            edited,
            label or f"Change {layer_title(layer)}: {setting}",
            merge_key=f"layer.{index}.{setting}",
        )
        on_problem(problem or "")
        if problem:
            return False
        if finished:
            self.document.end_merge()
        return True

    def _set_param(self, name: str, value: object, finished: bool) -> None:
        layer = self.layer()
        if layer is None:
            return
        params = {**layer.params, name: value}
        self._edit_layer(
            {"params": params},
            param_label(name).lower(),
            finished,
            self.param_widgets[name].show_problem,
        )

    def _set_common(self, field: str, value: object, finished: bool) -> None:
        setting = {"blend": "blend mode"}.get(field, field)
        self._edit_layer({field: value}, setting, finished, lambda _message: None)

    def _rename(self) -> None:
        layer = self.layer()
        text = self.name.text().strip()
        if layer is None or text == layer.name:
            return

        def show(message: str) -> None:
            self.name.setStyleSheet("border: 1px solid #e5484d;" if message else "")
            self.name.setToolTip(message)

        self._edit_layer({"name": text}, "name", True, show,
                         label=f"Rename {layer_title(layer)} to {text or 'its kind'}")  # fmt: skip

    def _enable(self, on: bool) -> None:
        layer = self.layer()
        if layer is not None:
            verb = "Show" if on else "Hide"
            self._edit_layer({"enabled": on}, "enabled", True, lambda _m: None,
                             label=f"{verb} {layer_title(layer)}")  # fmt: skip

    def _reset_params(self) -> None:
        layer = self.layer()
        if layer is not None:
            self._edit_layer({"params": {}}, "defaults", True, lambda _m: None,
                             label=f"Reset {layer_title(layer)} to defaults")  # fmt: skip

    def _mask_changed(self, field: str, value: object, finished: bool) -> None:
        layer = self.layer()
        if layer is None:
            return
        mask = {**layer.mask.model_dump(), field: value}
        setting = field.replace("_", " ")

        def show(message: str) -> None:
            self.mask_editor.show_problem(field, message)

        # The Mask alone first, for a problem that names its field ("teeth", not "mask");
        # the document validates the design the edit makes.
        try:
            checked = Mask.model_validate(mask)
        except ValidationError as error:
            show(problem_text(error))
            return
        self._edit_layer({"mask": checked}, f"mask {setting}", finished, show,
                         label=f"Change {layer_title(layer)} mask: {setting}")  # fmt: skip
