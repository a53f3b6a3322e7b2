"""The Film dialog (issue 14): a storyboard edited shot by shot (add, remove, reorder,
captions, lengths, a smile shot's change), saved, opened, undone, previewed, exported in
a child process and re-read with PyAV, and an export cancelled without leaving a file
behind."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from PyQt6.QtCore import Qt
from PyQt6.QtGui import QShortcut
from PyQt6.QtWidgets import QFileDialog

from fusionsmile.app.film_dialog import FilmDialog
from fusionsmile.core.design import Design
from fusionsmile.film.storyboard import (
    BlendChange,
    CardShot,
    FusionChange,
    MoodChange,
    ParamChange,
    SmileShot,
    Storyboard,
    storyboard_to_json,
)

av = pytest.importorskip("av")

CHILD_TIMEOUT_MS = 180_000  # a spawned child imports, builds the teeth and renders


def said(dialog: FilmDialog) -> str:
    """The dialog's message line as plain text (an error is red HTML)."""
    return re.sub("<[^>]+>", "", html.unescape(dialog.export.status.text()))


def tiny_board() -> Storyboard:
    return Storyboard(
        crossfade=0.0,
        shots=(
            CardShot(seconds=0.5, heading="Hello"),
            SmileShot(seconds=0.5, camera="front", lighting="night", caption="glow"),
        ),
    )


def test_shots_are_added_reordered_captioned_timed_and_removed(
    qtbot, design: Design, tmp_path: Path
) -> None:
    dialog = FilmDialog(design, tiny_board(), tmp_path / "film")
    qtbot.addWidget(dialog)
    dialog.shots.setCurrentRow(1)
    qtbot.mouseClick(dialog.add_smile, Qt.MouseButton.LeftButton)
    board = dialog.storyboard
    assert [shot.kind for shot in board.shots] == ["card", "smile", "smile"]
    assert dialog.shots.currentRow() == 2 and dialog.shots.count() == 3

    qtbot.keyClicks(dialog.form.caption, "A new dawn")
    dialog.form.seconds.setValue(1.5)
    dialog.form.lighting.setCurrentText("day")
    dialog.form.camera_move.setCurrentText("orbit")
    shot = dialog.storyboard.shots[2]
    assert isinstance(shot, SmileShot)
    assert (shot.caption, shot.seconds, shot.lighting, shot.move) == (
        "A new dawn",
        1.5,
        "day",
        "orbit",
    )

    qtbot.mouseClick(dialog.up, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.up, Qt.MouseButton.LeftButton)
    assert dialog.shots.currentRow() == 0
    assert dialog.storyboard.shots[0] == shot
    assert "A new dawn" in dialog.shots.item(0).toolTip()

    dialog.shots.setCurrentRow(1)  # the card
    assert dialog.form.kind_forms.currentIndex() == 1
    dialog.form.heading.clear()
    qtbot.keyClicks(dialog.form.heading, "Credits")
    dialog.form.lines.setPlainText("by me\nCC-BY-4.0")
    card = dialog.storyboard.shots[1]
    assert isinstance(card, CardShot)
    assert (card.heading, card.lines) == ("Credits", ("by me", "CC-BY-4.0"))

    qtbot.mouseClick(dialog.remove, Qt.MouseButton.LeftButton)
    assert [s.kind for s in dialog.storyboard.shots] == ["smile", "smile"]

    # A caption beyond the storyboard's bound is refused with one line; nothing changes.
    before = dialog.storyboard
    dialog.shots.setCurrentRow(0)
    dialog._change(caption="x" * 400)
    assert dialog.storyboard == before
    assert "caption" in dialog.export.status.text()

    with qtbot.waitSignal(dialog.previews_ready, timeout=CHILD_TIMEOUT_MS):
        pass
    assert not dialog.preview.pixmap().isNull()
    assert not dialog.shots.item(0).icon().isNull()
    dialog.reject()


def test_a_tiny_film_is_exported_in_a_child_and_reread(
    qtbot, design: Design, tmp_path: Path, monkeypatch
) -> None:
    from PyQt6.QtCore import QUrl
    from PyQt6.QtGui import QDesktopServices

    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    out = tmp_path / "tiny.mp4"
    dialog = FilmDialog(design, tiny_board(), out, previews=False)
    qtbot.addWidget(dialog)
    assert not dialog.export.folder_button.isEnabled()  # no film yet
    dialog.export.video_size.setCurrentText("160x90")
    dialog.export.fps.setValue(24)
    with qtbot.waitSignal(dialog.exported, timeout=CHILD_TIMEOUT_MS) as done:
        qtbot.mouseClick(dialog.export.export_button, Qt.MouseButton.LeftButton)
    assert done.args == [[str(out)]]
    assert (
        dialog.export.folder_button.isEnabled()
        and dialog.export.folder_button.text() == "Show in folder"
    )
    qtbot.mouseClick(dialog.export.folder_button, Qt.MouseButton.LeftButton)
    assert opened == [QUrl.fromLocalFile(str(tmp_path))]
    with av.open(str(out)) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "h264"
        assert (stream.width, stream.height) == (160, 90)
        frames = [frame.to_ndarray(format="rgb24") for frame in container.decode(stream)]
    assert len(frames) == 24  # 0.5 s + 0.5 s at 24 fps, no cross-fade
    # The card is dark text on dark; the smile shot at night is not the card.
    assert abs(frames[0].astype(int) - frames[-1].astype(int)).mean() > 5
    assert [p.name for p in tmp_path.iterdir()] == ["tiny.mp4"]
    dialog.reject()


def test_a_cancelled_export_leaves_no_file(qtbot, design: Design, tmp_path: Path) -> None:
    out = tmp_path / "long.mp4"
    board = Storyboard(crossfade=0.0, shots=(SmileShot(seconds=20.0),))
    dialog = FilmDialog(design, board, out, previews=False)
    qtbot.addWidget(dialog)
    dialog.export.video_size.setCurrentText("320x180")
    qtbot.mouseClick(dialog.export.export_button, Qt.MouseButton.LeftButton)
    # Cancel once frames are being written into the temporary.
    qtbot.waitUntil(
        lambda: dialog.export.status.text().startswith("frame "), timeout=CHILD_TIMEOUT_MS
    )
    qtbot.mouseClick(dialog.export.cancel_button, Qt.MouseButton.LeftButton)
    assert not dialog.export.runner.running
    assert dialog.export.status.text().startswith("cancelled")
    assert list(tmp_path.iterdir()) == []  # neither the film nor its temporary
    dialog.reject()


def test_portrait_shots_are_edited_and_previewed_on_the_photo(
    qtbot, design: Design, tmp_path: Path
) -> None:
    from fusionsmile.portrait.photo import sample_portrait_path

    without = FilmDialog(design, tiny_board(), tmp_path / "film", previews=False)
    qtbot.addWidget(without)
    assert not without.add_photo.isEnabled()  # no photo open: no portrait shots
    without.reject()

    dialog = FilmDialog(design, tiny_board(), tmp_path / "film", photo=sample_portrait_path())
    qtbot.addWidget(dialog)
    dialog.shots.setCurrentRow(1)
    qtbot.mouseClick(dialog.add_photo, Qt.MouseButton.LeftButton)
    assert dialog.form.kind_forms.currentIndex() == 2
    dialog.form.effect.setCurrentText("glow")
    dialog.form.photo_lighting.setCurrentText("night")
    shot = dialog.storyboard.shots[2]
    assert (shot.kind, shot.effect, shot.lighting) == ("photo", "glow", "night")
    assert dialog.shots.item(2).text().startswith("3. Portrait: glow, night")
    with qtbot.waitSignal(dialog.previews_ready, timeout=CHILD_TIMEOUT_MS):
        pass
    assert not dialog.shots.item(2).icon().isNull()
    dialog.reject()


def test_file_film_opens_the_designs_own_film_and_keeps_its_edits(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    action = window.film_action
    assert action.shortcut().toString() == "Ctrl+Alt+F"
    file_menu = window.menuBar().actions()[0].menu()
    assert action in file_menu.actions()
    action.trigger()
    dialog = window._film_dialog
    assert isinstance(dialog, FilmDialog) and dialog.isVisible()
    title = window.document.design.meta.title
    assert dialog.storyboard.shots[0].heading == title  # the title card
    qtbot.mouseClick(dialog.remove, Qt.MouseButton.LeftButton)
    edited = dialog.storyboard
    dialog.reject()
    action.trigger()  # opened again: the storyboard as it was left
    assert window._film_dialog.storyboard == edited
    window._film_dialog.reject()


def test_each_kind_of_change_is_edited_through_the_rows(
    qtbot, design: Design, tmp_path: Path, monkeypatch
) -> None:
    from fusionsmile.core.design_io import design_to_json

    dialog = FilmDialog(design, tiny_board(), tmp_path / "film", previews=False)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.shots.setCurrentRow(1)
    rows = dialog.form.change_editor
    kinds = {rows.kind.itemData(i): rows.kind.itemText(i) for i in range(rows.kind.count())}
    assert kinds == {
        None: "None",
        "fusion": "Fusion",
        "mood": "Mood",
        "param": "Parameter",
        "blend": "Blend",
    }
    assert not rows.ends_row.isVisible()

    dialog.form.time.setValue(2.5)
    dialog.form.own_fusion.setChecked(True)
    dialog.form.fusion.setValue(0.3)
    shot = dialog.storyboard.shots[1]
    assert (shot.time, shot.fusion) == (2.5, 0.3)

    rows.kind.setCurrentIndex(rows.kind.findData("fusion"))
    rows.start.setValue(0.2)
    assert dialog.storyboard.shots[1].change == FusionChange(start=0.2, end=1.0)
    assert rows.ends_row.isVisible() and not rows.param_row.isVisible()

    rows.kind.setCurrentIndex(rows.kind.findData("mood"))
    rows.end_mood.setCurrentIndex(rows.end_mood.findData("grief"))
    assert dialog.storyboard.shots[1].change == MoodChange(start="joy", end="grief")
    assert rows.start_mood.isVisible() and not rows.start.isVisible()

    rows.kind.setCurrentIndex(rows.kind.findData("param"))
    assert rows.param_row.isVisible()
    assert [rows.layer.itemData(i) for i in range(rows.layer.count())] == [
        layer.name for layer in design.layers
    ]
    rows.layer.setCurrentIndex(rows.layer.findData("Gums"))
    assert [rows.param.itemData(i) for i in range(rows.param.count())] == [
        "tone", "melanin", "stippling"
    ]  # fmt: skip
    rows.param.setCurrentIndex(rows.param.findData("stippling"))
    assert (rows.end.minimum(), rows.end.maximum()) == (0.0, 1.0)  # the parameter's range
    rows.end.setValue(0.9)
    assert dialog.storyboard.shots[1].change == ParamChange(
        layer="Gums", param="stippling", start=0.4, end=0.9
    )
    assert "stippling 0.4→0.9" in dialog.shots.item(1).text()

    other = tmp_path / "other.json"
    other.write_text(design_to_json(design), encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_: ("", ""))
    rows.kind.setCurrentIndex(rows.kind.findData("blend"))  # Browse… cancelled
    assert rows.kind.currentData() == "param"
    assert dialog.storyboard.shots[1].change.kind == "param"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_: (str(other), ""))
    rows.kind.setCurrentIndex(rows.kind.findData("blend"))
    rows.end.setValue(0.75)
    assert dialog.storyboard.shots[1].change == BlendChange(design=str(other), start=0.0, end=0.75)
    assert rows.other_row.isVisible() and rows.other.text() == str(other)

    rows.kind.setCurrentIndex(rows.kind.findData(None))
    assert dialog.storyboard.shots[1].change is None
    dialog.reject()


def test_a_param_change_that_does_not_fit_the_design_is_one_line(
    qtbot, design: Design, tmp_path: Path
) -> None:
    # A storyboard made for the design as it was: its glow has been renamed since.
    stale = ParamChange(layer="Glow", param="intensity", start=1.0, end=2.0)
    board = Storyboard(crossfade=0.0, shots=(SmileShot(seconds=1.0, change=stale),))
    dialog = FilmDialog(design, board, tmp_path / "film", previews=False)
    qtbot.addWidget(dialog)
    rows = dialog.form.change_editor
    assert rows.layer.currentText() == "Glow (not in the design)"
    rows.end.setValue(3.0)
    assert dialog.storyboard == board
    assert "shot 1: the design has no layer 'Glow'" in said(dialog)
    assert rows.end.value() == 2.0  # the rows show the storyboard again
    rows.layer.setCurrentIndex(rows.layer.findData("Joy glow"))  # fixed: the glow's name
    assert dialog.storyboard.shots[0].change.layer == "Joy glow"
    assert dialog.export.status.text() == ""
    dialog.reject()


def test_a_storyboard_is_saved_opened_and_reset(qtbot, design: Design, tmp_path: Path) -> None:
    from fusionsmile.app.film_dialog import design_storyboard

    dialog = FilmDialog(design, tiny_board(), tmp_path / "smile", previews=False)
    qtbot.addWidget(dialog)
    keys = {shortcut.key().toString() for shortcut in dialog.findChildren(QShortcut)}
    assert {"Ctrl+O", "Ctrl+S", "Ctrl+Z", "Ctrl+Shift+Z"} <= keys
    assert dialog.board_path == tmp_path / "smile.storyboard.json"  # beside the design
    dialog.shots.setCurrentRow(1)
    dialog.form.change_editor.kind.setCurrentIndex(dialog.form.change_editor.kind.findData("mood"))
    saved = dialog.storyboard
    first, second = tmp_path / "a.storyboard.json", tmp_path / "b.storyboard.json"
    dialog.save_board_file(first)
    assert dialog.export.status.text() == "saved a.storyboard.json"
    assert [p.name for p in tmp_path.iterdir()] == ["a.storyboard.json"]  # no temporary

    dialog.reset_board()  # the design's own film
    assert dialog.storyboard == design_storyboard(design)
    dialog.open_board_file(first)
    assert dialog.storyboard == saved
    dialog.save_board_file(second)
    assert second.read_bytes() == first.read_bytes()

    damaged = tmp_path / "damaged.storyboard.json"
    damaged.write_bytes(first.read_bytes()[:-30])
    dialog.shots.setCurrentRow(0)
    dialog.open_board_file(damaged)
    assert dialog.storyboard == saved
    assert "damaged.storyboard.json: not valid JSON" in said(dialog)
    assert "\n" not in said(dialog)
    dialog.save_board_file(tmp_path / "no such folder" / "x.json")
    assert "folder" in dialog.export.status.text()
    dialog.reject()


def test_storyboard_edits_are_undone_and_redone(qtbot, design: Design, tmp_path: Path) -> None:
    dialog = FilmDialog(design, tiny_board(), tmp_path / "film", previews=False)
    qtbot.addWidget(dialog)
    first = dialog.storyboard
    assert not dialog.undo_button.isEnabled() and not dialog.redo_button.isEnabled()
    dialog.shots.setCurrentRow(1)
    dialog.form.caption.clear()
    qtbot.keyClicks(dialog.form.caption, "dawn")  # four letters: one edit
    typed = dialog.storyboard
    dialog.form.seconds.setValue(2.0)
    qtbot.mouseClick(dialog.add_card, Qt.MouseButton.LeftButton)
    assert len(dialog.storyboard.shots) == 3
    last = dialog.storyboard

    dialog.undo()
    assert [s.seconds for s in dialog.storyboard.shots] == [0.5, 2.0]
    dialog.undo()
    assert dialog.storyboard == typed
    dialog.undo()
    assert dialog.storyboard == first and dialog.form.caption.text() == "glow"
    assert not dialog.undo_button.isEnabled()
    dialog.undo()  # nothing left: nothing happens
    assert dialog.storyboard == first
    for shortcut in dialog.findChildren(QShortcut):
        if shortcut.key().toString() == "Ctrl+Shift+Z":
            for _ in range(3):
                shortcut.activated.emit()
    assert dialog.storyboard == last
    assert not dialog.redo_button.isEnabled()
    dialog.undo()
    dialog.form.seconds.setValue(1.0)  # a new edit: the undone one cannot come back
    assert not dialog.redo_button.isEnabled()
    dialog.reject()


def shown_as(text: str) -> str:
    """The text Qt shows for text given to a label or a tooltip: as HTML when it looks
    like HTML (Qt.mightBeRichText), where <img src> loads any local file, a FIFO or
    /dev/zero included (the window hangs, or fills its memory)."""
    from PyQt6.QtGui import QTextDocument

    document = QTextDocument()
    if Qt.mightBeRichText(text):
        document.setHtml(text)
    else:
        document.setPlainText(text)
    return document.toPlainText()


def test_a_strangers_storyboard_text_is_shown_as_text_never_as_html(
    qtbot, design: Design, tmp_path: Path
) -> None:
    from fusionsmile.core.design_io import design_to_json

    other = tmp_path / "<b>bold<" / "b>" / "other.json"  # a folder from someone's zip
    other.parent.mkdir(parents=True)
    other.write_text(design_to_json(design), encoding="utf-8")
    caption = '<img src="/nonexistent/fusionsmile.png"> and <b>bold</b> & co'
    board = Storyboard(
        crossfade=0.0,
        shots=(
            SmileShot(caption=caption, change=BlendChange(design=str(other), start=0.0, end=1.0)),
        ),
    )
    path = tmp_path / "<i>story.storyboard.json"
    path.write_text(storyboard_to_json(board), encoding="utf-8")
    dialog = FilmDialog(design, tiny_board(), tmp_path / "film", previews=False)
    qtbot.addWidget(dialog)
    dialog.open_board_file(path)
    assert dialog.storyboard == board
    assert shown_as(dialog.export.status.text()) == f"opened {path.name}"
    assert shown_as(dialog.shots.item(0).toolTip()) == caption
    dialog.shots.setCurrentRow(0)
    assert shown_as(dialog.form.change_editor.other.toolTip()) == str(other)
    dialog.reject()


def test_a_storyboard_is_never_saved_over_the_design_or_a_folder(
    qtbot, design: Design, tmp_path: Path
) -> None:
    from fusionsmile.core.design_io import design_to_json

    own = tmp_path / "smile.json"  # the design being filmed, picked in Save by mistake
    own.write_text(design_to_json(design), encoding="utf-8")
    kept = own.read_bytes()
    dialog = FilmDialog(design, tiny_board(), tmp_path / "smile", previews=False)
    qtbot.addWidget(dialog)
    for target in (own, tmp_path):
        dialog.save_board_file(target)
        assert said(dialog).startswith(f"{target}: ") and "not replaced" in said(dialog)
        assert "\n" not in said(dialog)
        assert own.read_bytes() == kept
        assert sorted(p.name for p in tmp_path.iterdir()) == ["smile.json"]
        assert dialog.board_path == tmp_path / "smile.storyboard.json"
    dialog.reject()


def test_an_existing_film_is_replaced_only_when_the_user_says_so(
    qtbot, design: Design, tmp_path: Path, monkeypatch
) -> None:
    from PyQt6.QtWidgets import QMessageBox

    out = tmp_path / "<b>old.mp4"  # a name that looks like HTML is shown as a name
    out.write_bytes(b"last week's film")
    asked: list[tuple[str, str, object, object]] = []
    answer = QMessageBox.StandardButton.Cancel

    def question(_parent, title, text, buttons, default):  # type: ignore[no-untyped-def]
        asked.append((title, text, buttons, default))
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    options: list[object] = []

    def save_name(*_args, **keywords):  # type: ignore[no-untyped-def]
        options.append(keywords.get("options"))
        return str(out), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    dialog = FilmDialog(design, tiny_board(), tmp_path / "new", previews=False)
    qtbot.addWidget(dialog)
    dialog.export.browse()  # picked in Browse…: asked once, by Export film, not twice
    assert options == [QFileDialog.Option.DontConfirmOverwrite]
    assert dialog.export.path.text() == str(out)
    dialog.export.video_size.setCurrentText("160x90")
    qtbot.mouseClick(dialog.export.export_button, Qt.MouseButton.LeftButton)
    ((title, text, buttons, default),) = asked
    assert title == "Replace film?" and shown_as(text).startswith("Replace <b>old.mp4?")
    assert buttons & QMessageBox.StandardButton.Cancel
    assert default == QMessageBox.StandardButton.Cancel
    assert dialog.export.runner is None and dialog.export.export_button.isEnabled()
    assert out.read_bytes() == b"last week's film"
    assert shown_as(dialog.export.status.text()) == "not exported: <b>old.mp4 is kept"

    answer = QMessageBox.StandardButton.Yes
    with qtbot.waitSignal(dialog.exported, timeout=CHILD_TIMEOUT_MS):
        qtbot.mouseClick(dialog.export.export_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 2
    with av.open(str(out)) as container:
        assert container.streams.video[0].width == 160
    dialog.reject()
