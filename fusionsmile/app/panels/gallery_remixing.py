"""New designs from the Gallery dock: Remix (a copy that credits its parent) and Blend
(two designs crossed at an amount chosen in a dialog), each opened as a new unsaved
design that remembers its parents, after the window's unsaved-changes question.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from functools import partial

from PyQt6.QtCore import QObject, pyqtSignal
from PyQt6.QtWidgets import QMessageBox, QWidget

from fusionsmile.app.blend_dialog import BlendDialog, Choice
from fusionsmile.app.details_form import remembered_author
from fusionsmile.app.document import DesignDocument
from fusionsmile.app.panels.gallery_cards import Card, load_card
from fusionsmile.core.design import Design
from fusionsmile.core.design_io import DesignError
from fusionsmile.gallery.entry import design_id
from fusionsmile.gallery.synergy import remix


class GalleryRemixing(QObject):
    """Remix and Blend for the dock `parent` (dialogs open over it).

    confirm_discard : asked before a new design replaces the open one (the window's
                      "unsaved changes" question); False leaves everything as it was

    Signals
    -------
    message(text: str)   a line for the status bar
    """

    message = pyqtSignal(str)

    def __init__(
        self,
        document: DesignDocument,
        parent: QWidget,
        confirm_discard: Callable[[], bool],
    ) -> None:
        super().__init__(parent)
        self._document = document
        self._parent = parent
        self.confirm_discard = confirm_discard

    def remix(self, card: Card) -> Design | None:
        """A copy of the card's design, crediting it as its parent, opened unsaved."""
        try:
            design, id = load_card(card)
        except (DesignError, OSError) as error:
            self._warn("Cannot remix", html.escape(str(error)))
            return None
        made = remix(design, id, author=remembered_author())
        return made if self.open_new(made, f"Remix of “{card.title}”") else None

    def blend(
        self, card: Card, others: list[tuple[str, Card]], with_open_design: bool = False
    ) -> BlendDialog | None:
        """Cross the card with another design (or the open design with the card, when
        with_open_design), at an amount chosen in a dialog with a live description.
        others: (source name, card) the partner may also be chosen from."""
        current = self._document.design
        open_choice = Choice(
            f"The open design: {current.meta.title}", lambda: (current, design_id(current))
        )
        more = [
            Choice(f"{source}: {other.title}", partial(load_card, other))
            for source, other in others
            if other.design != card.design
        ]
        card_choice = Choice(card.title, partial(load_card, card))
        try:
            if with_open_design:
                dialog = BlendDialog(open_choice, [card_choice, *more], 0, self._parent)
            else:
                dialog = BlendDialog(card_choice, [open_choice, *more], 0, self._parent)
        except (DesignError, OSError) as error:
            self._warn("Cannot blend", html.escape(str(error)))
            return None
        dialog.accepted.connect(lambda: self._blended(dialog))
        dialog.open()
        return dialog

    def _blended(self, dialog: BlendDialog) -> None:
        try:
            made = dialog.blended()
        except (DesignError, OSError, ValueError) as error:
            self._warn("Cannot blend", html.escape(str(error)))
            return
        self.open_new(made, f"Blend at {dialog.t:.2f}")

    def open_new(self, design: Design, what: str) -> bool:
        """Open design as a new, unsaved design (after the unsaved-changes question);
        True if it was opened."""
        if not self.confirm_discard():
            return False
        document = self._document
        document.open(design, None)
        document.undo_stack.resetClean()  # made here, saved nowhere yet
        document.dirty_changed.emit(True)
        document.set_selection(())
        self.message.emit(f"{what}: a new design, not saved yet")
        return True

    def _warn(self, title: str, text: str) -> None:
        QMessageBox.warning(self._parent, title, text)
