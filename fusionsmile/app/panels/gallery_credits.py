"""Credits and lineage in the Gallery dock: the credits line under the grid names the
open design's parents (hidden when it has none), and the lineage dialog shows the tree
of a card or of the open design. Naming and walking is gallery work
(`gallery.credits`, `Gallery.lineage`); this only asks and shows.
"""

from __future__ import annotations

import html

from PyQt6.QtCore import QObject
from PyQt6.QtWidgets import QMessageBox, QWidget

from fusionsmile.app.document import DesignDocument
from fusionsmile.app.lineage_view import CreditsStrip, LineageDialog
from fusionsmile.app.panels.gallery_cards import Card, load_card, preset_cards
from fusionsmile.app.panels.user_gallery import UserGallery
from fusionsmile.core.design import Design
from fusionsmile.core.design_io import DesignError
from fusionsmile.gallery.credits import Known, credits_text, design_lineage
from fusionsmile.gallery.entry import GalleryError


class GalleryCredits(QObject):
    """Keeps `strip` crediting the open design's parents; dialogs open over `parent`."""

    def __init__(
        self,
        document: DesignDocument,
        gallery: UserGallery,
        strip: CreditsStrip,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._document = document
        self._gallery = gallery
        self._parent = parent
        self.strip = strip
        self._presets: dict[str, Known] | None = None
        self._credited: tuple[str, ...] | None = None
        document.opened.connect(lambda _: self.update())
        document.changed.connect(self._parents_changed)
        self.update()

    def preset_names(self) -> dict[str, Known]:
        """Presets by content id, so a remix of a preset credits it by title."""
        if self._presets is None:
            self._presets = {
                card.id: Known(card.title, card.author, "presets") for card in preset_cards()
            }
        return self._presets

    def _parents_changed(self, old: Design, new: Design) -> None:
        if old.meta.parents != new.meta.parents:
            self.update()

    def update(self, force: bool = False) -> None:
        """Credit the open design's parents (force: again, a parent may have arrived)."""
        design = self._document.design
        parents = design.meta.parents
        if parents == self._credited and not force:
            return
        self._credited = parents
        if not parents:
            self.strip.set_text("")
            return
        try:
            text = credits_text(design, self._gallery.get(), self.preset_names())
        except GalleryError:
            text = credits_text(design, _NoGallery(), self.preset_names())  # type: ignore[arg-type]
        self.strip.set_text(text)

    def show_lineage(self, card: Card | None) -> LineageDialog | None:
        """The lineage tree of card, or of the open design when card is None."""
        try:
            gallery = self._gallery.get()
            if card is not None and card.in_gallery:
                node, title = gallery.lineage(card.id), None
            elif card is not None:
                design, _ = load_card(card)
                node, title = design_lineage(design, gallery), card.title
            else:
                design = self._document.design
                node, title = design_lineage(design, gallery), design.meta.title
        except (GalleryError, DesignError, OSError) as error:
            QMessageBox.warning(self._parent, "Lineage", html.escape(str(error)))
            return None
        dialog = LineageDialog(node, self.preset_names(), title, self._parent)
        dialog.open()
        return dialog


class _NoGallery:
    """Stands in for a gallery that cannot be opened: every parent is unknown there."""

    def find(self, id: str) -> None:
        return None
