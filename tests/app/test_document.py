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


def test_every_edit_is_validated_once_by_the_document(qtbot, document: DesignDocument) -> None:
    # A panel that builds its design with model_copy (pydantic does not check it) cannot
    # slip an invalid design in: the document refuses it, names the problem, keeps all.
    start = document.design
    with qtbot.waitSignal(document.rejected) as blocker:
        problem = document.edit(start.model_copy(update={"fusion": 1.5}), "Change fusion")
    assert problem and "fusion" in problem and blocker.args == ["Change fusion", problem]
    assert document.design == start and document.undo_stack.count() == 0
    assert document.update("Change fusion", fusion=0.25) is None
    assert document.design.fusion == 0.25 and document.undo_stack.undoText() == "Change fusion"


def test_layer_commands_replace_and_restack(document: DesignDocument) -> None:
    layers = document.design.layers
    hidden = layers[0].model_copy(update={"enabled": False})
    assert document.set_layer(0, hidden, "Hide") is None
    assert document.design.layers[0].enabled is False
    assert document.set_layers(layers[::-1], "Reverse") is None
    assert document.design.layers == layers[::-1]
    too_long = layers[0].model_copy(update={"name": "x" * 10_000})
    assert document.set_layer(0, too_long, "Rename") is not None
    assert document.design.layers == layers[::-1]


def test_an_edit_with_bad_layer_params_is_refused_naming_them(document: DesignDocument) -> None:
    # Layer params are checked against the registry after the model (layers/validate):
    # a panel's model_copy with a param the kind does not have, or out of its range,
    # is refused like a bad field, so the design on the stack always builds.
    start = document.design
    index = len(start.layers) - 1
    cases = (
        ({"wobble": 1}, "wobble: unknown parameter"),
        ({"intensity": 99.0}, "intensity: 99 is above the maximum 20"),
        ({"intensity": "bright"}, "intensity: must be a number"),
    )
    for params, problem in cases:
        layer = start.layers[index].model_copy(update={"params": params})
        refused = document.set_layer(index, layer, "Edit layer")
        assert refused is not None and f"layers.{index}" in refused and problem in refused
    assert document.design == start and document.undo_stack.count() == 0
