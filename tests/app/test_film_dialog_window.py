"""The Film dialog beside the window: it does not block the window (an export takes
minutes), follows the design as it is edited, and gives another design opened its own
film, as an undoable step."""

from __future__ import annotations

from PyQt6.QtCore import Qt

from fusionsmile.app.film_dialog import FilmDialog, design_storyboard
from fusionsmile.core.starter import starter_design


def test_the_film_dialog_leaves_the_window_free_and_follows_the_design(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.film_action.trigger()
    dialog = window._film_dialog
    assert isinstance(dialog, FilmDialog) and dialog.isVisible()
    assert not dialog.isModal()
    # Film again: the same dialog comes forward (its edits and running export kept).
    window.film_action.trigger()
    assert window._film_dialog is dialog
    # An edit in the window reaches the dialog: its previews and films show it.
    window.document.update("Fusion", fusion=0.25)
    assert dialog.design == window.document.design
    assert dialog.design.fusion == 0.25
    title = "A Retitled Smile"
    meta = window.document.design.meta.model_copy(update={"title": title})
    window.document.update("Title", meta=meta)
    assert dialog.windowTitle() == f"Film of {title}"
    assert f'"title": "{title}"' in dialog.request().design_json
    dialog.reject()


def test_another_design_opened_while_the_dialog_is_open_gets_its_own_film(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.film_action.trigger()
    dialog = window._film_dialog
    qtbot.mouseClick(dialog.remove, Qt.MouseButton.LeftButton)
    edited = dialog.storyboard
    other = starter_design("calm", fusion=0.4)
    other = other.model_copy(update={"meta": other.meta.model_copy(update={"title": "Tide"})})
    window.document.open(other, None)
    assert dialog.design == other
    assert dialog.storyboard == design_storyboard(other)
    assert dialog.storyboard.shots[0].heading == "Tide"
    dialog.undo()  # the previous storyboard is one undo away
    assert dialog.storyboard == edited
    dialog.reject()


def test_the_change_rows_follow_the_designs_layers(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from fusionsmile.film.editing import changing_params

    window.film_action.trigger()
    dialog = window._film_dialog
    smile = next(i for i, shot in enumerate(dialog.storyboard.shots) if shot.kind == "smile")
    dialog.shots.setCurrentRow(smile)
    editor = dialog.form.change_editor
    editor.kind.setCurrentIndex(editor.kind.findData("param"))
    assert dialog.storyboard.shots[smile].change.kind == "param"
    # A layer added in the window is one the shot's change can move at once.
    layers = window.document.design.layers
    added = layers[0].model_copy(update={"name": "Second glow"})
    window.document.set_layers((*layers, added), "Add layer")
    names = [editor.layer.itemData(i) for i in range(editor.layer.count())]
    assert "Second glow" in names
    assert set(names) >= set(changing_params(window.document.design))
    dialog.reject()


def test_the_status_line_shows_a_file_name_as_it_is(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PyQt6.QtGui import QTextDocument

    window.film_action.trigger()
    dialog = window._film_dialog
    dialog.export.say("wrote Tom & Jerry <1>.mp4")
    status = dialog.export.status
    assert status.textFormat() == Qt.TextFormat.RichText  # not guessed from the text
    shown = QTextDocument()
    shown.setHtml(status.text())
    assert shown.toPlainText() == "wrote Tom & Jerry <1>.mp4"
    dialog.reject()
