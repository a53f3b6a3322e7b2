"""Edit > Title and Story (issue 15): tried as a new user, a smile made for a friend
could only be named in the Publish dialog, so it was saved as "my-fusion-smile.json"."""

from __future__ import annotations

from fusionsmile.app.details_dialog import DetailsDialog
from fusionsmile.app.document import DesignDocument


def test_the_details_are_one_undo_step(qtbot, document: DesignDocument) -> None:
    before = document.design
    dialog = DetailsDialog(document)
    qtbot.addWidget(dialog)
    dialog.open()
    assert dialog.title.text() == before.meta.title
    dialog.title.clear()
    qtbot.keyClicks(dialog.title, "Sea for Mira")
    dialog.story.setPlainText("Slow tides of sea light, for Mira's birthday.")
    dialog.tags.setText("sea, calm, gift, sea")
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
    dialog.title.setText("S" * 300)
    dialog.apply()
    assert dialog.isVisible() and not dialog.problem.isHidden()
    assert "title" in dialog.problem.text()
    assert document.design == before and document.undo_stack.count() == 0
