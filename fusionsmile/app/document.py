"""The open design: the one model every panel reads and edits, with undo.

A Design is immutable, so an edit is "replace the design with a new one": panels ask for
a named command (`document.update("Change fusion", fusion=0.4)`, `set_layer`,
`set_layers`, or `edit(new_design, "Change arch width", merge_key="geometry.width")`)
and listen to `changed(old, new)`. Every command ends in `edit`, which validates the new
design once, whichever panel asked: an edit the model refuses changes nothing and comes
back as a one-line problem (and `rejected`), so no panel needs validation of its own and
none can slip an unvalidated design past the others. Undo is Qt's QUndoStack of (old,
new) pairs; consecutive edits with the same merge key (a slider drag) merge into one
undo step. Panels never keep their own copy of the truth: they redraw from
`document.design` when it changes, with their signals blocked so that showing a value
never writes it back.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from PyQt6.QtCore import QObject, pyqtSignal
from PyQt6.QtGui import QUndoCommand, QUndoStack

from fusionsmile.core.design import Design, Layer
from fusionsmile.core.layers.validate import validate_design

_MERGE_IDS: dict[str, int] = {}


def _merge_id(key: str | None) -> int:
    """A stable small integer per merge key (QUndoCommand.id must be an int; -1 = never)."""
    if key is None:
        return -1
    return _MERGE_IDS.setdefault(key, len(_MERGE_IDS) + 1)


def problem_text(error: ValidationError) -> str:
    """One line from a pydantic error: "teeth: 19 is not an FDI tooth number"."""
    first = error.errors()[0]
    message = str(first["msg"]).removeprefix("Value error, ")
    location = ".".join(str(part) for part in first["loc"])
    return f"{location}: {message}" if location and location not in message else message


class _Edit(QUndoCommand):
    def __init__(self, document: DesignDocument, old: Design, new: Design, label: str, key: int):
        super().__init__(label)
        self._document, self._old, self._new, self._key = document, old, new, key

    def id(self) -> int:
        return self._key

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, _Edit) or other.id() != self._key or self._key < 0:
            return False
        self._new = other._new
        return True

    def redo(self) -> None:
        self._document._set(self._new)

    def undo(self) -> None:
        self._document._set(self._old)


class DesignDocument(QObject):
    """The design being edited, its file, its undo history and the current selection.

    Signals
    -------
    changed(old: Design, new: Design)  after every edit, undo, redo and open
    opened(path: object)                a new design replaced the old one (path or None)
    selection_changed(teeth: tuple)     the selected FDI numbers (sorted)
    current_layer_changed(index: int)   the layer shown in the inspector, -1 for none
    dirty_changed(dirty: bool)          unsaved changes appeared or were saved
    rejected(label: str, problem: str)  an edit the model refused (nothing changed)
    """

    changed = pyqtSignal(object, object)
    opened = pyqtSignal(object)
    selection_changed = pyqtSignal(tuple)
    current_layer_changed = pyqtSignal(int)
    dirty_changed = pyqtSignal(bool)
    rejected = pyqtSignal(str, str)

    def __init__(self, design: Design | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._design = design if design is not None else Design()
        self.path: Path | None = None
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        self._selection: tuple[int, ...] = ()
        self._current_layer = -1

    def _clean_changed(self, clean: bool) -> None:
        self.dirty_changed.emit(not clean)

    # -- the design ----------------------------------------------------------------------

    @property
    def design(self) -> Design:
        return self._design

    @property
    def dirty(self) -> bool:
        return not self.undo_stack.isClean()

    def edit(self, design: Design, label: str, merge_key: str | None = None) -> str | None:
        """Make `design` the current design as one undoable step named `label`, once
        the model accepts it; the problem in one line (and `rejected`) if it does not.

        Edits that change nothing are ignored. Consecutive edits with the same merge_key
        become one step (a slider drag undoes in one go).
        """
        if design == self._design:
            return None
        try:
            # From plain data: pydantic does not re-check a model_copy's fields.
            design = validate_design(Design.model_validate(design.model_dump()))
        except ValidationError as error:
            problem = problem_text(error)
            self.rejected.emit(label, problem)
            return problem
        self.undo_stack.push(_Edit(self, self._design, design, label, _merge_id(merge_key)))
        return None

    def update(self, label: str, merge_key: str | None = None, **fields: Any) -> str | None:
        """Set top-level fields of the design: `update("Change fusion", fusion=0.4)`."""
        return self.edit(self._design.model_copy(update=fields), label, merge_key)

    def set_layers(
        self, layers: Sequence[Layer], label: str, merge_key: str | None = None
    ) -> str | None:
        """Replace the layer stack (add, remove, move, duplicate)."""
        return self.update(label, merge_key, layers=tuple(layers))

    def set_layer(
        self, index: int, layer: Layer, label: str, merge_key: str | None = None
    ) -> str | None:
        """Replace the layer at stack index `index`."""
        layers = list(self._design.layers)
        layers[index] = layer
        return self.set_layers(layers, label, merge_key)

    def end_merge(self) -> None:
        """Stop merging: the next edit with the same key starts a new undo step."""
        # Pushing a barrier command would add an undo step, so instead the last
        # command's key is retired: QUndoStack asks id() each time it tries to merge.
        command = self.undo_stack.command(self.undo_stack.index() - 1)
        if isinstance(command, _Edit):
            command._key = -1

    def open(self, design: Design, path: Path | None) -> None:
        """Replace the design (a file opened or a new design): clears undo, not dirty."""
        self.undo_stack.clear()
        self.path = path
        self._set(design)
        self.undo_stack.setClean()
        self.dirty_changed.emit(False)
        # The top of the stack (drawn last, usually the glow) is what a designer opens on.
        self.set_current_layer(len(design.layers) - 1)
        self.opened.emit(path)

    def mark_saved(self, path: Path) -> None:
        self.path = path
        self.undo_stack.setClean()
        self.opened.emit(path)

    def _set(self, design: Design) -> None:
        old, self._design = self._design, design
        if self._current_layer >= len(design.layers):
            self.set_current_layer(len(design.layers) - 1)
        self.changed.emit(old, design)

    # -- selection -----------------------------------------------------------------------

    @property
    def selection(self) -> tuple[int, ...]:
        return self._selection

    def set_selection(self, teeth: tuple[int, ...] | list[int] | set[int]) -> None:
        selection = tuple(sorted(set(teeth)))
        if selection != self._selection:
            self._selection = selection
            self.selection_changed.emit(selection)

    @property
    def current_layer(self) -> int:
        return self._current_layer

    def set_current_layer(self, index: int) -> None:
        index = max(-1, min(index, len(self._design.layers) - 1))
        if index != self._current_layer:
            self._current_layer = index
            self.current_layer_changed.emit(index)
