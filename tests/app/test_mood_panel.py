"""The Mood & Fusion panel: fusion slider, mood buttons, apply mode and lighting."""

from __future__ import annotations

import pytest
from PyQt6.QtCore import Qt

from fusionsmile.app.document import DesignDocument
from fusionsmile.app.panels.mood_panel import MoodPanel, palette_swatches
from fusionsmile.core.layers.registry import kind_for
from fusionsmile.core.moods import MOODS


@pytest.fixture
def panel(qtbot, document: DesignDocument) -> MoodPanel:
    panel = MoodPanel(document)
    qtbot.addWidget(panel)
    panel.resize(380, 440)
    panel.show()
    return panel


def glow_kinds(document: DesignDocument) -> list[str]:
    return [
        layer.kind for layer in document.design.layers if kind_for(layer.kind).group == "luminous"
    ]


def test_model_to_widget(panel: MoodPanel, document: DesignDocument) -> None:
    assert panel.fusion.value() == 60.0 and panel.percent.text() == "60 %"
    assert panel.mood_buttons["joy"].isChecked()
    assert panel.lighting_buttons["day"].isChecked()
    view = document.design.view.model_copy(update={"lighting": "blacklight"})
    meta = document.design.meta.model_copy(update={"mood": "calm"})
    document.edit(
        document.design.model_copy(update={"fusion": 0.25, "view": view, "meta": meta}), "test"
    )
    assert panel.fusion.value() == 25.0 and panel.percent.text() == "25 %"
    assert panel.mood_buttons["calm"].isChecked() and not panel.mood_buttons["joy"].isChecked()
    assert panel.lighting_buttons["blacklight"].isChecked()
    assert "slow tides" in panel.feeling.text()
    meta = document.design.meta.model_copy(update={"mood": None})
    document.open(document.design.model_copy(update={"meta": meta}), None)
    assert not any(button.isChecked() for button in panel.mood_buttons.values())
    assert document.undo_stack.count() == 0


def test_fusion_drag_is_one_undo_step(panel: MoodPanel, document: DesignDocument) -> None:
    slider = panel.fusion.slider
    slider.setSliderDown(True)
    for percent in (70, 80, 90):
        slider.setValue(percent)
    slider.setSliderDown(False)
    assert document.design.fusion == pytest.approx(0.9)
    assert panel.percent.text() == "90 %"
    assert document.undo_stack.count() == 1
    assert document.undo_stack.undoText() == "Change fusion"
    document.undo_stack.undo()
    assert document.design.fusion == pytest.approx(0.6)
    assert panel.fusion.value() == 60.0


def test_keyboard_on_fusion_is_a_step_each(qtbot, panel: MoodPanel, document) -> None:
    panel.fusion.slider.setFocus()
    qtbot.keyClick(panel.fusion.slider, Qt.Key.Key_Right)
    qtbot.keyClick(panel.fusion.slider, Qt.Key.Key_Right)
    assert document.design.fusion == pytest.approx(0.62)
    assert document.undo_stack.count() == 2


def test_mood_button_retunes_the_glow_and_sets_the_mood(qtbot, panel: MoodPanel, document):
    before_kinds = glow_kinds(document)
    qtbot.mouseClick(panel.mood_buttons["love"], Qt.MouseButton.LeftButton)
    assert document.design.meta.mood == "love"
    assert glow_kinds(document) == before_kinds  # retune keeps the patterns
    palettes = {
        layer.params.get("palette")
        for layer in document.design.layers
        if kind_for(layer.kind).group == "luminous"
    }
    assert palettes == {"railroad-worm"}
    assert document.undo_stack.undoText() == "Set mood Love"
    assert panel.mood_buttons["love"].isChecked()
    document.undo_stack.undo()
    assert document.design.meta.mood == "joy"
    assert panel.mood_buttons["joy"].isChecked()


def test_replace_mode_swaps_the_glow_pattern(qtbot, panel: MoodPanel, document) -> None:
    qtbot.mouseClick(panel.replace, Qt.MouseButton.LeftButton)
    assert panel.apply_mode == "replace"
    qtbot.mouseClick(panel.mood_buttons["calm"], Qt.MouseButton.LeftButton)
    assert glow_kinds(document) == [MOODS["calm"].pattern]
    assert document.design.meta.mood == "calm"
    assert document.undo_stack.undoText() == "Replace glow with Calm"


def test_lighting_buttons(qtbot, panel: MoodPanel, document: DesignDocument) -> None:
    qtbot.mouseClick(panel.lighting_buttons["night"], Qt.MouseButton.LeftButton)
    assert document.design.view.lighting == "night"
    assert document.undo_stack.undoText() == "Light for night"
    document.undo_stack.undo()
    assert document.design.view.lighting == "day"
    assert panel.lighting_buttons["day"].isChecked()


def test_swatches_show_the_hue_at_full_brightness() -> None:
    # Far red (dragonfish, ~705 nm) is nearly black at its true luminance.
    swatches = palette_swatches("dragonfish")
    assert all(swatch.startswith("#") and len(swatch) == 7 for swatch in swatches)
    assert all(max(int(s[i : i + 2], 16) for i in (1, 3, 5)) == 255 for s in swatches)
