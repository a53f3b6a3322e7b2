"""The Geometry panel: rows from the field declarations, bound both ways to the document."""

from __future__ import annotations

import pytest
from PyQt6.QtCore import QPoint, Qt

from fusionsmile.app.document import DesignDocument
from fusionsmile.app.panels.geometry_panel import GeometryPanel
from fusionsmile.app.widgets.field_editor import FieldEditor
from fusionsmile.app.widgets.float_slider import FloatSlider
from fusionsmile.core.design import ArchShape, Geometry
from fusionsmile.core.geometry.dentition import build
from fusionsmile.core.geometry_values import fit_words


@pytest.fixture
def panel(qtbot, document: DesignDocument) -> GeometryPanel:
    panel = GeometryPanel(document)
    qtbot.addWidget(panel)
    panel.show()
    return panel


def slider(panel: GeometryPanel, path: str) -> FloatSlider:
    control = panel.editors[path].control
    assert isinstance(control, FloatSlider)
    return control


def test_every_geometry_field_has_a_row_with_its_declared_range(panel: GeometryPanel) -> None:
    expected = {name for name in Geometry.model_fields if name not in ("teeth",)}
    expected -= {"upper_arch", "lower_arch"}
    expected |= {
        f"{arch}.{f}" for arch in ("upper_arch", "lower_arch") for f in ArchShape.model_fields
    }
    assert set(panel.editors) == expected
    spacing = slider(panel, "spacing_mm")
    assert (spacing.spin.minimum(), spacing.spin.maximum()) == (0.0, 3.0)
    assert spacing.spin.suffix() == " mm"
    assert (
        "gap between neighbouring upper teeth" in spacing.toolTip().lower()
        and "mm" in spacing.toolTip()
    )
    assert slider(panel, "upper_arch.width_mm").spin.maximum() == 80.0


def test_model_to_widget_on_edit_and_open(panel: GeometryPanel, document: DesignDocument) -> None:
    geometry = document.design.geometry.model_copy(
        update={"spacing_mm": 1.25, "arch_form": "catenary", "third_molars": True}
    )
    document.edit(document.design.model_copy(update={"geometry": geometry}), "test")
    assert slider(panel, "spacing_mm").value() == 1.25
    assert panel.editors["arch_form"].value() == "catenary"
    assert panel.editors["third_molars"].value() is True
    upper = ArchShape(width_mm=61.5, depth_mm=40.0)
    opened = Geometry(upper_arch=upper, seed=42)
    document.open(document.design.model_copy(update={"geometry": opened}), None)
    assert slider(panel, "upper_arch.width_mm").value() == 61.5
    assert panel.editors["seed"].value() == 42
    assert slider(panel, "spacing_mm").value() == 0.0
    # Showing values wrote nothing back.
    assert document.undo_stack.count() == 0


def test_slider_drag_is_one_undo_step(panel: GeometryPanel, document: DesignDocument) -> None:
    before = document.design
    spacing = slider(panel, "spacing_mm")
    spacing.slider.setSliderDown(True)
    for ticks in (100, 200, 300):  # 0..3 mm over 1000 ticks
        spacing.slider.setValue(ticks)
    spacing.slider.setSliderDown(False)
    assert document.design.geometry.spacing_mm == pytest.approx(0.9)
    assert document.undo_stack.count() == 1
    assert document.undo_stack.undoText() == "Change spacing, upper"
    document.undo_stack.undo()
    assert document.design == before
    assert spacing.value() == 0.0


def test_typed_value_in_a_nested_arch_shape(qtbot, panel: GeometryPanel, document) -> None:
    spin = slider(panel, "lower_arch.depth_mm").spin
    spin.selectAll()
    qtbot.keyClicks(spin, "45.5")
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert document.design.geometry.lower_arch.depth_mm == 45.5
    assert document.design.geometry.upper_arch.depth_mm == 43.9
    assert document.undo_stack.count() == 1
    assert document.undo_stack.undoText() == "Change lower depth"


def test_choice_and_checkbox_edit_the_model(qtbot, panel: GeometryPanel, document) -> None:
    editor: FieldEditor = panel.editors["third_molars"]
    # The box sits on the left of its stretched row: click the indicator.
    indicator = QPoint(8, editor.control.height() // 2)
    qtbot.mouseClick(editor.control, Qt.MouseButton.LeftButton, pos=indicator)
    assert document.design.geometry.third_molars is True
    combo = panel.editors["arch_form"].control
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # beta -> catenary, as arrowing a closed combo
    assert document.design.geometry.arch_form == "catenary"
    assert document.undo_stack.count() == 2
    document.undo_stack.undo()
    assert document.design.geometry.arch_form == "beta"
    assert panel.editors["arch_form"].value() == "beta"


def test_the_diastema_opens_the_upper_arch_only_and_the_lower_has_its_own(
    panel: GeometryPanel, document: DesignDocument
) -> None:
    upper, lower = slider(panel, "diastema_mm"), slider(panel, "lower_diastema_mm")
    upper.setValue(2.0)
    upper.valueChanged.emit(2.0)  # as a drag does
    geometry = document.design.geometry
    assert geometry.diastema_for("upper") == 2.0 and geometry.diastema_for("lower") == 0.0
    assert lower.value() == 0.0
    lower.setValue(1.0)
    lower.valueChanged.emit(1.0)
    geometry = document.design.geometry
    assert geometry.diastema_for("upper") == 2.0 and geometry.diastema_for("lower") == 1.0
    assert document.undo_stack.undoText() == "Change diastema, lower"


def test_a_design_whose_gap_opened_both_arches_shows_it_in_both(
    panel: GeometryPanel, document: DesignDocument
) -> None:
    document.open(document.design.model_copy(update={"geometry": Geometry(diastema_mm=2.5)}), None)
    assert slider(panel, "diastema_mm").value() == 2.5
    assert slider(panel, "lower_diastema_mm").value() == 2.5


def test_upper_spacing_and_midline_leave_the_lower_arch_as_it_was(
    panel: GeometryPanel, document: DesignDocument
) -> None:
    document.open(document.design.model_copy(update={"geometry": Geometry(spacing_mm=0.5)}), None)
    # An unset lower spacing shows the upper's (as the teeth do).
    assert slider(panel, "lower_spacing_mm").value() == 0.5
    upper = slider(panel, "spacing_mm")
    upper.setValue(1.5)
    upper.valueChanged.emit(1.5)  # as a drag does
    geometry = document.design.geometry
    assert geometry.arch_value("spacing", "upper") == 1.5
    assert geometry.arch_value("spacing", "lower") == 0.5
    assert slider(panel, "lower_spacing_mm").value() == 0.5
    assert document.undo_stack.undoText() == "Change spacing, upper"
    shift = slider(panel, "lower_midline_shift_mm")
    assert shift.value() == 0.0
    shift.setValue(-1.0)
    shift.valueChanged.emit(-1.0)
    geometry = document.design.geometry
    assert geometry.arch_value("midline_shift", "lower") == -1.0
    assert geometry.arch_value("midline_shift", "upper") == 0.0
    assert document.undo_stack.undoText() == "Change midline shift, lower"
    assert document.undo_stack.count() == 2
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert document.design.geometry == Geometry(spacing_mm=0.5)
    assert slider(panel, "spacing_mm").value() == 0.5


def test_the_panel_shows_how_the_teeth_fit_each_arch(panel: GeometryPanel) -> None:
    spaced = Geometry(resolution="preview").with_arch_value("spacing", upper=0.4)
    fits = build(spaced).arch_fit
    panel.show_fit(fits)
    upper, lower = panel.fit_label.text().splitlines()
    assert upper == "Upper: " + fit_words(fits["upper"].discrepancy_mm)
    assert "more than the arch holds" in upper
    assert lower == "Lower: the teeth fit the arch"
