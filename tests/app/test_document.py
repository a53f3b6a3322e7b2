"""The document: edits, merged slider drags, undo and redo, selection."""

from __future__ import annotations

from fusionsmile.app.document import DesignDocument


def test_edits_merge_by_key_and_undo_in_one_step(document: DesignDocument) -> None:
    start = document.design
    seen = []
    document.changed.connect(lambda old, new: seen.append(new.fusion))
    for value in (0.1, 0.2, 0.3):
        document.edit(document.design.model_copy(update={"fusion": value}), "Fusion", "fusion")
    assert seen == [0.1, 0.2, 0.3]
    assert document.undo_stack.count() == 1 and document.dirty
    document.undo_stack.undo()
    assert document.design == start and not document.dirty
    document.undo_stack.redo()
    assert document.design.fusion == 0.3


def test_end_merge_starts_a_new_step(document: DesignDocument) -> None:
    document.edit(document.design.model_copy(update={"fusion": 0.1}), "Fusion", "fusion")
    document.end_merge()
    document.edit(document.design.model_copy(update={"fusion": 0.9}), "Fusion", "fusion")
    assert document.undo_stack.count() == 2
    document.undo_stack.undo()
    assert document.design.fusion == 0.1


def test_an_edit_that_changes_nothing_is_not_a_step(document: DesignDocument) -> None:
    document.edit(document.design, "Nothing")
    assert document.undo_stack.count() == 0 and not document.dirty


def test_open_clears_history_and_selection_is_sorted(document: DesignDocument) -> None:
    document.edit(document.design.model_copy(update={"fusion": 0.1}), "Fusion")
    document.open(document.design.model_copy(update={"fusion": 0.7}), None)
    assert document.undo_stack.count() == 0 and not document.dirty
    document.set_selection([21, 11, 21])
    assert document.selection == (11, 21)
    document.set_current_layer(99)
    assert document.current_layer == len(document.design.layers) - 1
