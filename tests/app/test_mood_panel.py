"""The Mood & Fusion panel: fusion slider, mood buttons, apply mode and lighting (view
state: not an edit of the design)."""

from __future__ import annotations

import pytest
from PyQt6.QtCore import Qt

from fusionsmile.app.document import DesignDocument
from fusionsmile.app.panels.mood_panel import MoodPanel, palette_swatches
from fusionsmile.app.view_state import ViewState
from fusionsmile.core.layers.registry import kind_for
from fusionsmile.core.moods import MOODS


@pytest.fixture
def panel(qtbot, document: DesignDocument) -> MoodPanel:
    panel = MoodPanel(document, ViewState())
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
    assert panel.lighting_buttons["night"].isChecked()  # the view state's
    meta = document.design.meta.model_copy(update={"mood": "calm"})
    document.edit(document.design.model_copy(update={"fusion": 0.25, "meta": meta}), "test")
    assert panel.fusion.value() == 25.0 and panel.percent.text() == "25 %"
    assert panel.mood_buttons["calm"].isChecked() and not panel.mood_buttons["joy"].isChecked()
    panel.view_state.set_lighting("blacklight")
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


def test_a_mood_gives_its_own_glow_by_default(qtbot, panel: MoodPanel, document) -> None:
    # The starter's glow is Joy's sparkle, as Joy set it up: Calm brings calm tides.
    assert panel.apply_mode == "auto"
    qtbot.mouseClick(panel.mood_buttons["calm"], Qt.MouseButton.LeftButton)
    glows = [layer for layer in document.design.layers if kind_for(layer.kind).group == "luminous"]
    assert [(layer.kind, layer.name) for layer in glows] == [("flowing-noise", "Calm glow")]
    assert document.undo_stack.count() == 1 and "Kept" not in panel.feeling.text()


def test_a_glow_built_by_hand_is_kept_retuned_and_the_panel_says_so(
    qtbot, panel: MoodPanel, document
) -> None:
    design = document.design
    mine = design.layers[-1].model_copy(update={"name": "Confetti"})
    document.edit(design.model_copy(update={"layers": (*design.layers[:-1], mine)}), "Rename")
    qtbot.mouseClick(panel.mood_buttons["calm"], Qt.MouseButton.LeftButton)
    (glow,) = [layer for layer in document.design.layers if layer.name == "Confetti"]
    assert glow.kind == "sparkle" and glow.params["palette"] == MOODS["calm"].palette
    assert glow_kinds(document) == ["sparkle"]
    assert "Kept your own glow “Confetti”" in panel.feeling.text()


def test_mood_button_retunes_the_glow_and_sets_the_mood(qtbot, panel: MoodPanel, document):
    qtbot.mouseClick(panel.mood_buttons["love"], Qt.MouseButton.LeftButton)
    assert document.design.meta.mood == "love"
    assert glow_kinds(document) == [MOODS["love"].pattern]
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


def test_lighting_buttons_change_the_view_not_the_design(
    qtbot, panel: MoodPanel, document: DesignDocument
) -> None:
    design = document.design
    qtbot.mouseClick(panel.lighting_buttons["day"], Qt.MouseButton.LeftButton)
    assert panel.view_state.lighting == "day" and panel.lighting_buttons["day"].isChecked()
    assert document.design == design and document.undo_stack.count() == 0


def test_swatches_show_the_hue_at_full_brightness() -> None:
    # Far red (dragonfish, ~705 nm) is nearly black at its true luminance.
    swatches = palette_swatches("dragonfish")
    assert all(swatch.startswith("#") and len(swatch) == 7 for swatch in swatches)
    assert all(max(int(s[i : i + 2], 16) for i in (1, 3, 5)) == 255 for s in swatches)
