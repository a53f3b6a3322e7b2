"""The Film dialog (issue 14): a storyboard edited shot by shot (add, remove, reorder,
captions, lengths), previewed, exported in a child process and re-read with PyAV, and
an export cancelled without leaving a file behind."""

from __future__ import annotations

from pathlib import Path

import pytest
from PyQt6.QtCore import Qt

from fusionsmile.app.film_dialog import FilmDialog
from fusionsmile.core.design import Design
from fusionsmile.film.storyboard import CardShot, SmileShot, Storyboard

av = pytest.importorskip("av")

CHILD_TIMEOUT_MS = 180_000  # a spawned child imports, builds the teeth and renders


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

    qtbot.keyClicks(dialog.caption, "A new dawn")
    dialog.seconds.setValue(1.5)
    dialog.lighting.setCurrentText("day")
    dialog.camera_move.setCurrentText("orbit")
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
    assert dialog.kind_forms.currentIndex() == 1
    dialog.heading.clear()
    qtbot.keyClicks(dialog.heading, "Credits")
    dialog.lines.setPlainText("by me\nCC-BY-4.0")
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
    assert "caption" in dialog.status.text()

    with qtbot.waitSignal(dialog.previews_ready, timeout=CHILD_TIMEOUT_MS):
        pass
    assert not dialog.preview.pixmap().isNull()
    assert not dialog.shots.item(0).icon().isNull()
    dialog.reject()


def test_a_tiny_film_is_exported_in_a_child_and_reread(
    qtbot, design: Design, tmp_path: Path
) -> None:
    out = tmp_path / "tiny.mp4"
    dialog = FilmDialog(design, tiny_board(), out, previews=False)
    qtbot.addWidget(dialog)
    dialog.video_size.setCurrentText("160x90")
    dialog.fps.setValue(24)
    with qtbot.waitSignal(dialog.exported, timeout=CHILD_TIMEOUT_MS) as done:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert done.args == [[str(out)]]
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
    dialog.video_size.setCurrentText("320x180")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    # Cancel once frames are being written into the temporary.
    qtbot.waitUntil(lambda: dialog.status.text().startswith("frame "), timeout=CHILD_TIMEOUT_MS)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert not dialog.runner.running
    assert dialog.status.text().startswith("cancelled")
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
    assert dialog.kind_forms.currentIndex() == 2
    dialog.effect.setCurrentText("glow")
    dialog.photo_lighting.setCurrentText("night")
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
