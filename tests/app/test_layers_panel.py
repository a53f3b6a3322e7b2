"""The Layers panel: the stack top first, both ways bound to the document, every stack edit
one named undo step."""

from __future__ import annotations

import pytest
from PyQt6.QtCore import QModelIndex, Qt

from fusionsmile.app.document import DesignDocument
from fusionsmile.app.panels.layers_panel import ANIMATED_ROLE, LayersPanel
from fusionsmile.core.design import Design, Layer
from fusionsmile.core.layers.registry import all_kinds

# The starter stack, bottom first: enamel shade, incisal translucency, perikymata, gums,
# UV fluorescence, and "Joy glow" (a sparkle) on top.


@pytest.fixture
def panel(qtbot, document: DesignDocument) -> LayersPanel:
    panel = LayersPanel(document)
    qtbot.addWidget(panel)
    return panel


def rows(panel: LayersPanel) -> list[str]:
    model = panel.model
    return [model.data(model.index(row)) for row in range(model.rowCount())]


def names(document: DesignDocument) -> list[str]:
    return [layer.name for layer in document.design.layers]


def steps(document: DesignDocument) -> list[str]:
    return [document.undo_stack.text(i) for i in range(document.undo_stack.count())]


def test_the_top_of_the_list_is_the_top_of_the_stack(panel, document) -> None:
    assert rows(panel) == list(reversed(names(document)))
    assert rows(panel)[0] == "Joy glow"
    model = panel.model
    assert model.data(model.index(0), ANIMATED_ROLE) is True  # sparkle is animated
    assert model.data(model.index(5), ANIMATED_ROLE) is False
    assert model.data(model.index(0), Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert "luminous" in model.data(model.index(0), Qt.ItemDataRole.ToolTipRole)
    assert not model.data(model.index(0), Qt.ItemDataRole.DecorationRole).isNull()


def test_the_list_follows_the_model(panel, document) -> None:
    layers = list(document.design.layers)
    layers[2] = layers[2].model_copy(update={"enabled": False, "name": "Ridges"})
    document.edit(document.design.model_copy(update={"layers": tuple(layers)}), "test")
    model = panel.model
    assert rows(panel)[3] == "Ridges"
    assert model.data(model.index(3), Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    document.open(Design(layers=(Layer(kind="decal"), Layer(kind="heartbeat", name="Beat"))), None)
    assert rows(panel) == ["Beat", "Decal"]  # an unnamed layer shows its kind's label
    assert panel.view.currentIndex().row() == 0  # open makes the top layer current: row 0


def test_selection_and_current_layer_follow_each_other(panel, document) -> None:
    panel.view.setCurrentIndex(panel.model.index(0))  # the user clicks the top row
    assert document.current_layer == 5
    document.set_current_layer(2)
    assert panel.view.currentIndex().row() == 3
    assert panel.view.selectionModel().isRowSelected(3, QModelIndex())
    assert document.undo_stack.count() == 0


def test_the_add_menu_lists_every_kind_by_group(panel) -> None:
    entries = [(a.text(), a.isSeparator()) for a in panel.add_menu.actions()]
    sections = [text for text, separator in entries if separator]
    assert sections == ["Natural", "Luminous"]
    kinds = all_kinds()
    assert set(panel.add_actions) == set(kinds)
    luminous_at = [text for text, _ in entries].index("Luminous")
    for name, action in panel.add_actions.items():
        position = panel.add_menu.actions().index(action)
        assert (position > luminous_at) == (kinds[name].group == "luminous")
        assert action.toolTip().lower() == kinds[name].description.lower()


def test_add_a_kind_from_the_menu(panel, document, design) -> None:
    document.set_current_layer(2)  # perikymata
    panel.add_actions["sparkle"].trigger()
    added = document.design.layers[3]
    assert added == Layer(kind="sparkle", name="Sparkle")
    assert document.current_layer == 3 and rows(panel)[3] == "Sparkle"  # 7 rows now
    assert steps(document) == ["Add Sparkle"]
    panel.add_actions["sparkle"].trigger()
    assert document.design.layers[4].name == "Sparkle 2"
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert document.design == design and rows(panel) == list(reversed(names(document)))


def test_move_up_and_down(panel, document, design) -> None:
    document.set_current_layer(2)
    panel.up_button.click()
    assert names(document)[2:4] == ["Gums", "Perikymata"] and document.current_layer == 3
    panel.down_button.click()
    panel.down_button.click()
    assert names(document)[1:3] == ["Perikymata", "Incisal translucency"]
    assert steps(document) == ["Move Perikymata up", "Move Perikymata down",
                               "Move Perikymata down"]  # fmt: skip
    document.set_current_layer(5)
    assert not panel.up_button.isEnabled() and panel.down_button.isEnabled()
    while document.undo_stack.canUndo():
        document.undo_stack.undo()
    assert document.design == design


def test_drag_and_drop_reorders_in_one_step(panel, document, design) -> None:
    model = panel.model
    dragged = model.mimeData([model.index(5)])  # enamel shade, the bottom row
    model.dropMimeData(dragged, Qt.DropAction.MoveAction, 1, 0, QModelIndex())  # under row 0
    assert rows(panel) == ["Joy glow", "Enamel shade", "UV fluorescence", "Gums", "Perikymata",
                           "Incisal translucency"]  # fmt: skip
    assert names(document)[4] == "Enamel shade" and document.current_layer == 4
    assert steps(document) == ["Move Enamel shade up"]
    dropped_on_itself = model.mimeData([model.index(1)])
    model.dropMimeData(dropped_on_itself, Qt.DropAction.MoveAction, 2, 0, QModelIndex())
    assert document.undo_stack.count() == 1
    document.undo_stack.undo()
    assert document.design == design
    # QListView's internal move asks the model to moveRow; that is the same edit.
    assert model.moveRow(QModelIndex(), 0, QModelIndex(), 6)  # the top row to the bottom
    assert rows(panel)[-1] == "Joy glow" and names(document)[0] == "Joy glow"
    assert steps(document) == ["Move Joy glow down"]


@pytest.mark.parametrize("payload", [b"", b"row", b"\xff\xfe", b"9" * 5000, b"-1", b"99"])
def test_a_drop_from_another_program_is_ignored(panel, document, design, payload) -> None:
    # Any program can drag data of our row type: it is read like a stranger's file
    # (an exception in dropMimeData would abort the app: PyQt calls qFatal).
    from PyQt6.QtCore import QByteArray, QMimeData

    from fusionsmile.app.panels.layers_panel import ROW_MIME

    data = QMimeData()
    data.setData(ROW_MIME, QByteArray(payload))
    model = panel.model
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, 1, 0, QModelIndex()) is False
    assert document.design == design and document.undo_stack.count() == 0


def test_remove_and_duplicate(panel, document, design) -> None:
    document.set_current_layer(2)
    panel.remove_button.click()
    assert "Perikymata" not in names(document) and document.current_layer == 1
    panel.duplicate_button.click()
    assert names(document)[1:3] == ["Incisal translucency", "Incisal translucency copy"]
    assert document.design.layers[2].params == document.design.layers[1].params
    assert steps(document) == ["Remove Perikymata", "Duplicate Incisal translucency"]
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert document.design == design


def test_tick_and_rename_in_the_list(panel, document, design) -> None:
    model = panel.model
    assert model.setData(model.index(0), Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    assert document.design.layers[5].enabled is False
    assert model.setData(model.index(1), "Blacklight", Qt.ItemDataRole.EditRole)
    assert document.design.layers[4].name == "Blacklight"
    assert steps(document) == ["Hide Joy glow", "Rename UV fluorescence to Blacklight"]
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert document.design == design


def test_empty_stack_disables_the_layer_buttons(qtbot) -> None:
    document = DesignDocument()
    panel = LayersPanel(document)
    qtbot.addWidget(panel)
    assert rows(panel) == []
    assert not panel.remove_button.isEnabled() and not panel.up_button.isEnabled()
    panel.add_actions["enamel-shade"].trigger()
    assert rows(panel) == ["Enamel shade"] and document.current_layer == 0
    assert panel.remove_button.isEnabled()
