"""The Teeth panel and its chart: clicking teeth selects them, sliders edit the selection."""

from __future__ import annotations

import pytest
from PyQt6.QtCore import QPoint, Qt

from fusionsmile.app.document import DesignDocument
from fusionsmile.app.panels.teeth_chart import LOWER_ROW, UPPER_ROW, TeethChart
from fusionsmile.app.panels.teeth_panel import TeethPanel, numeric_fields
from fusionsmile.app.widgets.float_slider import FloatSlider
from fusionsmile.core.design import ToothOverride


@pytest.fixture
def panel(qtbot, document: DesignDocument) -> TeethPanel:
    panel = TeethPanel(document)
    qtbot.addWidget(panel)
    panel.resize(420, 640)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def click_tooth(qtbot, chart: TeethChart, fdi: int, ctrl: bool = False) -> None:
    modifier = Qt.KeyboardModifier.ControlModifier if ctrl else Qt.KeyboardModifier.NoModifier
    centre = chart.tooth_rect(fdi).center().toPoint()
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, modifier, centre)


def slider(panel: TeethPanel, name: str) -> FloatSlider:
    control = panel.sliders[name].control
    assert isinstance(control, FloatSlider)
    return control


def type_value(qtbot, spin, text: str) -> None:
    spin.selectAll()
    qtbot.keyClicks(spin, text)
    qtbot.keyClick(spin, Qt.Key.Key_Return)


def test_chart_lays_out_32_teeth_as_a_dentist_reads_them(panel: TeethPanel) -> None:
    chart = panel.chart
    assert len(UPPER_ROW) == len(LOWER_ROW) == 16
    rects = {fdi: chart.tooth_rect(fdi) for fdi in UPPER_ROW + LOWER_ROW}
    # Patient's right on the viewer's left, upper arch above the lower.
    assert rects[18].center().x() < rects[11].center().x() < rects[21].center().x()
    assert rects[48].center().x() < rects[41].center().x() < rects[31].center().x()
    assert rects[11].bottom() < rects[41].top()
    # Molars wider than incisors; every rect inside the widget; each tooth hit at its centre.
    assert rects[16].width() > 1.3 * rects[41].width()
    for fdi, rect in rects.items():
        assert chart.rect().toRectF().contains(rect)
        assert chart.tooth_at(rect.center()) == fdi
    assert chart.sizeHint().width() == 420 and chart.sizeHint().height() == 180


def test_click_selects_and_ctrl_click_toggles(qtbot, panel: TeethPanel, document) -> None:
    click_tooth(qtbot, panel.chart, 11)
    assert document.selection == (11,)
    click_tooth(qtbot, panel.chart, 36, ctrl=True)
    click_tooth(qtbot, panel.chart, 21, ctrl=True)
    assert document.selection == (11, 21, 36)
    click_tooth(qtbot, panel.chart, 36, ctrl=True)
    assert document.selection == (11, 21)
    click_tooth(qtbot, panel.chart, 47)
    assert document.selection == (47,)
    qtbot.mouseClick(panel.chart, Qt.MouseButton.LeftButton, pos=QPoint(2, 2))
    assert document.selection == ()
    assert document.undo_stack.count() == 0  # selecting is not an edit


def test_edits_are_disabled_without_a_selection(qtbot, panel: TeethPanel, document) -> None:
    assert not panel.edits.isEnabled()
    click_tooth(qtbot, panel.chart, 11)
    assert panel.edits.isEnabled()
    assert set(panel.sliders) == set(numeric_fields())
    assert {"scale", "rotation_deg", "chip_mm"} <= set(panel.sliders)
    assert slider(panel, "rotation_deg").spin.maximum() == 45.0


def test_slider_edits_every_selected_tooth_in_one_step(qtbot, panel: TeethPanel, document):
    before = document.design
    document.set_selection([11, 21])
    type_value(qtbot, slider(panel, "rotation_deg").spin, "12")
    geometry = document.design.geometry
    assert geometry.override(11).rotation_deg == 12.0
    assert geometry.override(21).rotation_deg == 12.0
    assert geometry.override(12).rotation_deg == 0.0
    assert document.undo_stack.count() == 1
    assert document.undo_stack.undoText() == "Rotate 11, 21"
    document.undo_stack.undo()
    assert document.design == before
    assert slider(panel, "rotation_deg").value() == 0.0


def test_slider_drag_merges_into_one_undo_step(qtbot, panel: TeethPanel, document) -> None:
    document.set_selection([13])
    tip = slider(panel, "tip_deg")  # -30..30 over 1000 ticks
    tip.slider.setSliderDown(True)
    for ticks in (600, 700, 750):
        tip.slider.setValue(ticks)
    tip.slider.setSliderDown(False)
    assert document.design.geometry.override(13).tip_deg == pytest.approx(15.0)
    assert document.undo_stack.count() == 1 and document.undo_stack.undoText() == "Tip 13"


def test_mirror_applies_to_the_contralateral_tooth(qtbot, panel: TeethPanel, document) -> None:
    click_tooth(qtbot, panel.chart, 12)
    panel.mirror.setChecked(True)
    type_value(qtbot, slider(panel, "offset_labial_mm").spin, "1.5")
    geometry = document.design.geometry
    assert geometry.override(12).offset_labial_mm == 1.5
    assert geometry.override(22).offset_labial_mm == 1.5
    assert document.undo_stack.undoText() == "Move labially 12, 22"
    panel.mirror.setChecked(False)
    type_value(qtbot, slider(panel, "offset_labial_mm").spin, "-2")
    geometry = document.design.geometry
    assert geometry.override(12).offset_labial_mm == -2.0
    assert geometry.override(22).offset_labial_mm == 1.5


def test_model_to_widget_shows_the_first_selected_tooth(panel: TeethPanel, document) -> None:
    geometry = document.design.geometry.with_tooth(14, scale=1.2).with_tooth(24, wear_mm=1.0)
    document.edit(document.design.model_copy(update={"geometry": geometry}), "test")
    document.set_selection([24, 14])
    assert slider(panel, "scale").value() == 1.2
    assert slider(panel, "wear_mm").value() == 0.0
    geometry = geometry.with_tooth(14, scale=0.9)
    document.open(document.design.model_copy(update={"geometry": geometry}), None)
    assert slider(panel, "scale").value() == 0.9
    assert "14, 24" in panel.edits.title()
    assert document.undo_stack.count() == 0


def test_missing_and_reset(qtbot, panel: TeethPanel, document) -> None:
    click_tooth(qtbot, panel.chart, 26)
    assert not panel.reset.isEnabled()
    qtbot.mouseClick(panel.missing, Qt.MouseButton.LeftButton, pos=QPoint(8, 8))
    assert document.design.geometry.override(26).missing is True
    assert document.undo_stack.undoText() == "Mark missing 26"
    assert not panel.sliders["scale"].isEnabled()
    assert panel.reset.isEnabled()
    qtbot.mouseClick(panel.reset, Qt.MouseButton.LeftButton)
    assert document.design.geometry.override(26) == ToothOverride()
    assert "26" not in document.design.geometry.teeth
    assert document.undo_stack.count() == 2
    document.undo_stack.undo()
    assert panel.missing.isChecked()


def test_universal_numbers_relabel_the_chart(qtbot, panel: TeethPanel, document) -> None:
    assert panel.chart.label_for(18) == "18"
    qtbot.mouseClick(panel.universal, Qt.MouseButton.LeftButton, pos=QPoint(8, 8))
    assert panel.chart.universal
    assert [panel.chart.label_for(fdi) for fdi in (18, 11, 21, 28, 38, 31, 41, 48)] == [
        "1", "8", "9", "16", "17", "24", "25", "32",
    ]  # fmt: skip
    document.set_selection([11, 21])
    type_value(qtbot, slider(panel, "chip_mm").spin, "0.5")
    assert document.undo_stack.undoText() == "Chip 8, 9"


def test_chart_paints_absent_third_molars_grey_and_missing_teeth_hollow(panel, document):
    def colour_at(fdi: int):
        image = panel.chart.grab().toImage()
        point = panel.chart.tooth_rect(fdi).center().toPoint()
        scale = image.devicePixelRatio()
        return image.pixelColor(round(point.x() * scale), round(point.y() * scale))

    background = panel.chart.grab().toImage().pixelColor(1, 1)
    assert colour_at(18).value() < 120 and colour_at(18).saturation() < 30  # greyed
    assert colour_at(17).value() > 180  # enamel
    geometry = document.design.geometry.model_copy(update={"third_molars": True})
    geometry = geometry.with_tooth(17, missing=True)
    document.edit(document.design.model_copy(update={"geometry": geometry}), "test")
    assert colour_at(18).value() > 180
    assert colour_at(17) == background  # hollow: only a dashed outline
    document.set_selection([11])
    accent = panel.chart.palette().color(panel.chart.palette().ColorRole.Highlight)
    assert colour_at(11).hue() == pytest.approx(accent.hue(), abs=12)
