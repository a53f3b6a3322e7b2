"""The Film dialog's keys and its closing button: Enter in a caption never starts a film,
Escape while one is written cancels it and keeps the dialog, and the button that closes
says Close (the storyboard's edits are kept, so there is nothing to cancel)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PyQt6.QtCore import Qt
from PyQt6.QtGui import QGuiApplication
from PyQt6.QtWidgets import QPushButton

from fusionsmile.app.film_dialog import FilmDialog
from fusionsmile.core.design import Design
from fusionsmile.film.storyboard import CardShot, PhotoShot, SmileShot, Storyboard

pytest.importorskip("av")

CHILD_TIMEOUT_MS = 180_000


def board() -> Storyboard:
    return Storyboard(
        crossfade=0.0,
        shots=(CardShot(seconds=0.5, heading="Hello"), SmileShot(seconds=20.0, caption="x")),
    )


def test_enter_in_a_caption_does_not_export(qtbot, design: Design, tmp_path: Path) -> None:
    dialog = FilmDialog(design, board(), tmp_path / "film", previews=False)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert not any(b.isDefault() or b.autoDefault() for b in dialog.findChildren(QPushButton))
    dialog.shots.setCurrentRow(1)
    assert dialog.form.caption.cursorPosition() == 0  # a long caption shows its beginning
    dialog.form.caption.setFocus()
    qtbot.keyClick(dialog.form.caption, Qt.Key.Key_End)
    qtbot.keyClicks(dialog.form.caption, "y")
    qtbot.keyClick(dialog.form.caption, Qt.Key.Key_Return)
    assert dialog.export.runner is None and dialog.isVisible()
    assert dialog.storyboard.shots[1].caption == "xy"
    dialog.shots.setCurrentRow(0)
    dialog.form.heading.setFocus()
    qtbot.keyClick(dialog.form.heading, Qt.Key.Key_Enter)
    assert dialog.export.runner is None and dialog.isVisible()
    assert dialog.export.cancel_button.text() == "Close"
    assert dialog.windowTitle() == f"Film of {design.meta.title}"
    assert dialog.export.video_size.toolTip() and dialog.export.quality.toolTip()
    dialog.reject()


def test_escape_while_exporting_cancels_the_film_and_keeps_the_dialog(
    qtbot, design: Design, tmp_path: Path
) -> None:
    dialog = FilmDialog(design, board(), tmp_path / "film", previews=False)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.export.video_size.setCurrentText("160x90")
    qtbot.mouseClick(dialog.export.export_button, Qt.MouseButton.LeftButton)
    assert dialog.export.cancel_button.text() == "Cancel export"
    qtbot.waitUntil(
        lambda: dialog.export.status.text().startswith("frame "), timeout=CHILD_TIMEOUT_MS
    )
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and not dialog.export.runner.running
    assert dialog.export.status.text().startswith("cancelled")
    assert dialog.export.cancel_button.text() == "Close"
    assert list(tmp_path.iterdir()) == []
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # nothing running: Escape closes
    assert not dialog.isVisible()


def test_a_film_that_cannot_be_made_is_said_before_any_child_starts(
    qtbot, design: Design, tmp_path: Path
) -> None:
    portrait = Storyboard(crossfade=0.0, shots=(PhotoShot(seconds=1.0),))
    dialog = FilmDialog(design, portrait, tmp_path / "film", previews=False)
    qtbot.addWidget(dialog)
    dialog.export.video_size.setCurrentText("641x360")
    qtbot.mouseClick(dialog.export.export_button, Qt.MouseButton.LeftButton)
    assert dialog.export.runner is None
    assert "641x360: video width and height must be even" in dialog.export.status.text()
    dialog.export.video_size.setCurrentText("640x360")
    qtbot.mouseClick(dialog.export.export_button, Qt.MouseButton.LeftButton)
    assert dialog.export.runner is None and dialog.export.export_button.isEnabled()
    assert "shot 1 shows the portrait: open a portrait photo" in dialog.export.status.text()
    assert list(tmp_path.iterdir()) == []
    dialog.reject()


def test_help_lists_the_film_dialogs_keys(qtbot, design: Design, tmp_path: Path) -> None:
    from PyQt6.QtGui import QShortcut

    from fusionsmile.app.help_dialogs import FILM, shortcut_rows

    dialog = FilmDialog(design, board(), tmp_path / "film", previews=False)
    qtbot.addWidget(dialog)
    bound = {shortcut.key().toString() for shortcut in dialog.findChildren(QShortcut)}
    assert bound == {key for _, key in FILM}
    assert set(FILM) <= set(shortcut_rows([]))
    dialog.reject()


def test_another_design_opened_gets_its_own_film(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from fusionsmile.app.film_dialog import design_storyboard
    from fusionsmile.core.starter import starter_design

    window.film_action.trigger()
    qtbot.mouseClick(window._film_dialog.remove, Qt.MouseButton.LeftButton)
    window._film_dialog.reject()
    other = starter_design("calm", fusion=0.4)
    other = other.model_copy(update={"meta": other.meta.model_copy(update={"title": "Tide"})})
    window.document.open(other, None)
    window.film_action.trigger()
    assert window._film_dialog.storyboard == design_storyboard(other)
    assert window._film_dialog.storyboard.shots[0].heading == "Tide"
    window._film_dialog.reject()


def test_a_fusion_change_leaves_no_own_fusion_to_set(qtbot, design: Design, tmp_path: Path) -> None:
    dialog = FilmDialog(design, board(), tmp_path / "film", previews=False)
    qtbot.addWidget(dialog)
    dialog.shots.setCurrentRow(1)
    assert dialog.form.own_fusion.isEnabled()
    rows = dialog.form.change_editor
    rows.kind.setCurrentIndex(rows.kind.findData("fusion"))
    assert dialog.storyboard.shots[1].change.kind == "fusion"
    assert not dialog.form.own_fusion.isEnabled() and not dialog.form.fusion.isEnabled()
    assert "change" in dialog.form.own_fusion.toolTip()
    rows.kind.setCurrentIndex(rows.kind.findData(None))
    assert dialog.form.own_fusion.isEnabled()
    dialog.reject()


def test_delete_and_alt_arrows_remove_and_move_the_chosen_shot_and_undo_takes_them_back(
    qtbot, design: Design, tmp_path: Path
) -> None:
    three = Storyboard(
        crossfade=0.0,
        shots=(CardShot(heading="A"), CardShot(heading="B"), CardShot(heading="C")),
    )
    dialog = FilmDialog(design, three, tmp_path / "film", previews=False)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()  # shortcuts act in the window that has the keyboard
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is dialog.windowHandle())

    def headings() -> list[str]:
        return [shot.heading for shot in dialog.storyboard.shots]

    alt = Qt.KeyboardModifier.AltModifier
    dialog.shots.setCurrentRow(0)
    dialog.shots.setFocus()
    qtbot.keyClick(dialog.shots, Qt.Key.Key_Down, alt)
    assert headings() == ["B", "A", "C"] and dialog.shots.currentRow() == 1
    qtbot.keyClick(dialog.shots, Qt.Key.Key_Down, alt)
    qtbot.keyClick(dialog.shots, Qt.Key.Key_Down, alt)  # the last already: nothing happens
    assert headings() == ["B", "C", "A"] and dialog.shots.currentRow() == 2
    qtbot.keyClick(dialog.shots, Qt.Key.Key_Up, alt)
    assert headings() == ["B", "A", "C"] and dialog.shots.currentRow() == 1
    qtbot.keyClick(dialog.shots, Qt.Key.Key_Delete)
    assert headings() == ["B", "C"]
    qtbot.keyClick(dialog.shots, Qt.Key.Key_Backspace)  # the Delete key of Mac keyboards
    assert headings() == ["C"]
    qtbot.keyClick(dialog.shots, Qt.Key.Key_Delete)  # the last shot stays, as with Remove
    assert headings() == ["C"]

    for expected in (
        ["B", "C"],
        ["B", "A", "C"],
        ["B", "C", "A"],
        ["B", "A", "C"],
        ["A", "B", "C"],
    ):
        qtbot.keyClick(dialog, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert headings() == expected

    # In a text field the keys are the field's own: Backspace deletes a letter, not a shot.
    dialog.shots.setCurrentRow(0)
    dialog.form.heading.setFocus()
    qtbot.keyClick(dialog.form.heading, Qt.Key.Key_End)
    qtbot.keyClick(dialog.form.heading, Qt.Key.Key_Backspace)
    qtbot.keyClick(dialog.form.heading, Qt.Key.Key_Delete)
    assert headings() == ["", "B", "C"]
    assert "Alt+Up" in dialog.up.toolTip() and "Del" in dialog.remove.toolTip()
    dialog.reject()


def test_reset_to_the_designs_film_says_what_it_does_and_is_one_undo_step(
    qtbot, design: Design, tmp_path: Path
) -> None:
    from fusionsmile.app.film_dialog import design_storyboard

    dialog = FilmDialog(design, board(), tmp_path / "film", previews=False)
    qtbot.addWidget(dialog)
    assert dialog.reset_button.text() == "Reset to design's film"
    assert "replaces" in dialog.reset_button.toolTip()
    dialog.shots.setCurrentRow(1)
    qtbot.mouseClick(dialog.add_card, Qt.MouseButton.LeftButton)
    edited = dialog.storyboard
    qtbot.mouseClick(dialog.reset_button, Qt.MouseButton.LeftButton)
    assert dialog.storyboard == design_storyboard(design)
    dialog.undo()
    assert dialog.storyboard == edited
    dialog.redo()
    assert dialog.storyboard == design_storyboard(design)
    dialog.reject()
