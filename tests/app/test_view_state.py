"""Viewing is not editing (issue 15): camera presets, orbits and lighting previews are
view state in a real window, never undo steps, never unsaved changes; remembered in
QSettings; a design's preferred view is set on purpose; a preset button is lit only
while the camera is on it."""

from __future__ import annotations

from PyQt6.QtCore import QEvent, QPointF, QSettings, Qt
from PyQt6.QtGui import QMouseEvent
from PyQt6.QtWidgets import QApplication

from fusionsmile.app.main_window import MainWindow
from fusionsmile.app.view_state import ViewState


def drag(widget, start: tuple[float, float], end: tuple[float, float], steps: int = 8) -> None:
    """A left-button drag through the widget's own mouse events."""

    def send(kind: QEvent.Type, x: float, y: float, buttons) -> None:
        button = (
            Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
        )
        point = QPointF(x, y)
        event = QMouseEvent(kind, point, widget.mapToGlobal(point), button, buttons,
                            Qt.KeyboardModifier.NoModifier)  # fmt: skip
        QApplication.sendEvent(widget, event)

    send(QEvent.Type.MouseButtonPress, *start, Qt.MouseButton.LeftButton)
    for i in range(1, steps + 1):
        x = start[0] + (end[0] - start[0]) * i / steps
        y = start[1] + (end[1] - start[1]) * i / steps
        send(QEvent.Type.MouseMove, x, y, Qt.MouseButton.LeftButton)
    send(QEvent.Type.MouseButtonRelease, *end, Qt.MouseButton.NoButton)


def checked_presets(window: MainWindow) -> list[str]:
    return [a.data() for a in window.view_actions.actions() if a.isChecked()]


def test_camera_and_lighting_are_not_undo_steps_and_keep_the_file_saved(
    qtbot, window: MainWindow
) -> None:
    design = window.document.design
    window.lighting_actions.actions()[0].trigger()  # Day
    window.view_actions.actions()[3].trigger()  # Occlusal upper
    window.lighting_actions.actions()[1].trigger()  # Night
    window.view_actions.actions()[0].trigger()  # Front
    qtbot.waitUntil(lambda: window.view.camera is not None)
    w, h = window.view.width(), window.view.height()
    drag(window.view, (w / 2, h / 2), (w / 2 + 60, h / 2 + 20))
    window.mood_panel.lighting_buttons["blacklight"].click()
    assert window.view_state.lighting == "blacklight" and window.view.camera_moved
    assert window.document.undo_stack.count() == 0 and not window.document.dirty
    assert not window.isWindowModified()
    assert window.document.design == design  # what is saved did not change
    # Undo undoes the one edit, not the camera moves around it.
    window.document.edit(design.model_copy(update={"fusion": 0.3}), "Change fusion")
    window.view_actions.actions()[1].trigger()
    window.undo_action.trigger()
    assert window.document.design.fusion == design.fusion
    assert window.view_state.camera == "three-quarter-left"


def test_lighting_and_bloom_are_remembered_in_settings(window: MainWindow) -> None:
    window.set_lighting("blacklight")
    window.bloom_action.trigger()  # off
    later = ViewState(QSettings("FusionSmile", "FusionSmile"))
    assert later.lighting == "blacklight" and later.bloom is False


def test_a_file_opens_in_its_preferred_view_set_on_purpose(window: MainWindow, tmp_path) -> None:
    window.set_lighting("day")
    window.set_view("three-quarter-right")
    window.use_view_for_renders()
    assert window.document.design.view.lighting == "day"
    assert window.document.design.view.camera == "three-quarter-right"
    assert window.document.undo_stack.count() == 1  # an edit, made on purpose
    path = tmp_path / "preferred.json"
    assert window._write(path)
    window.set_lighting("night")
    window.set_view("front")
    assert window.open_path(path, ask=False)
    assert window.view_state.lighting == "day"
    assert window.view_state.camera == "three-quarter-right"
    assert checked_presets(window) == ["three-quarter-right"]


def test_a_preset_button_is_lit_only_while_the_camera_is_on_it(qtbot, window: MainWindow) -> None:
    window.view_actions.actions()[0].trigger()  # Front
    qtbot.waitUntil(lambda: window.view.camera is not None)
    assert checked_presets(window) == ["front"]
    w, h = window.view.width(), window.view.height()
    drag(window.view, (w / 2, h / 2), (w / 2 + 80, h / 2))
    assert checked_presets(window) == []
    window.view_actions.actions()[0].trigger()  # back on Front
    assert checked_presets(window) == ["front"] and not window.view.camera_moved


def test_a_panel_choice_is_remembered_and_is_not_an_edit(qtbot, document) -> None:
    from fusionsmile.app.panels.mood_panel import MoodPanel

    panel = MoodPanel(document, ViewState(QSettings("FusionSmile", "FusionSmile")))
    qtbot.addWidget(panel)
    panel.replace.click()
    assert panel.apply_mode == "replace" and document.undo_stack.count() == 0
    later = MoodPanel(document, ViewState(QSettings("FusionSmile", "FusionSmile")))
    qtbot.addWidget(later)
    assert later.apply_mode == "replace"
