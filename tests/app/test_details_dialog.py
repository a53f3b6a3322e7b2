"""Edit > Title and Story (issue 15): tried as a new user, a smile made for a friend
could only be named in the Publish dialog, so it was saved as "my-fusion-smile.json"."""

from __future__ import annotations

from pathlib import Path

from fusionsmile.app.details_dialog import DetailsDialog
from fusionsmile.app.document import DesignDocument
from fusionsmile.app.publish_dialog import PublishDialog


def test_the_details_are_one_undo_step(qtbot, document: DesignDocument) -> None:
    before = document.design
    dialog = DetailsDialog(document)
    qtbot.addWidget(dialog)
    dialog.open()
    assert dialog.form.title.text() == before.meta.title
    dialog.form.title.clear()
    qtbot.keyClicks(dialog.form.title, "Sea for Mira")
    dialog.form.story.setPlainText("Slow tides of sea light, for Mira's birthday.")
    dialog.form.tags.setText("sea, calm, gift, sea")
    dialog.apply()
    assert not dialog.isVisible()
    meta = document.design.meta
    assert meta.title == "Sea for Mira" and meta.tags == ("sea", "calm", "gift")
    assert meta.story.startswith("Slow tides")
    assert document.design.geometry == before.geometry and document.dirty
    assert document.undo_stack.count() == 1
    assert document.undo_stack.undoText() == "Design details"
    document.undo_stack.undo()
    assert document.design == before


def test_a_refused_detail_is_named_and_the_dialog_stays(qtbot, document: DesignDocument) -> None:
    before = document.design
    dialog = DetailsDialog(document)
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.form.title.setText("S" * 300)
    dialog.apply()
    # Named under the field at fault, as the Publish dialog does (one form, issue 16).
    assert dialog.isVisible() and not dialog.form.errors["title"].isHidden()
    assert "200 characters" in dialog.form.errors["title"].text()
    assert dialog.form.errors["story"].isHidden()
    assert document.design == before and document.undo_stack.count() == 0


def test_the_details_and_the_publish_dialog_show_the_same_fields(
    qtbot, document: DesignDocument, tmp_path: Path
) -> None:
    details = DetailsDialog(document)
    publish = PublishDialog(document.design, tmp_path / "gallery")
    qtbot.addWidget(details)
    qtbot.addWidget(publish)
    # Publishing adds the license: the rest is the same form, in the same order.
    assert [*details.form.fields, "license"] == [*publish.form.fields]
    assert details.form.tags.placeholderText() == publish.form.tags.placeholderText()


def test_a_strangers_mood_in_the_publish_dialog_is_text_never_html(
    qtbot, document: DesignDocument, tmp_path: Path
) -> None:
    # A label whose text looks like HTML is HTML, and an <img src> there makes Qt read
    # any local file (a FIFO hangs the window, /dev/zero fills its memory).
    from PyQt6.QtCore import Qt

    mood = '<img src="/nonexistent/x.png">'  # a design's mood is any short text
    design = document.design
    design = design.model_copy(update={"meta": design.meta.model_copy(update={"mood": mood})})
    publish = PublishDialog(design, tmp_path / "gallery")
    qtbot.addWidget(publish)
    assert publish.mood.text() == mood
    rich = publish.mood.textFormat()
    assert rich == Qt.TextFormat.PlainText or (
        rich == Qt.TextFormat.AutoText and not Qt.mightBeRichText(mood)
    )
