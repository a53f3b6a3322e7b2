"""Sharing from the Gallery dock: Publish (a dialog, then a child process that renders
the thumbnail), Import and Export of `.fsmile` bundles. Each reports what it added
through `entry_added` (the dock then shows it) and a line through `message`.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PyQt6.QtCore import QObject, pyqtSignal
from PyQt6.QtWidgets import QFileDialog, QMessageBox, QWidget

from fusionsmile.app.document import DesignDocument
from fusionsmile.app.panels.gallery_cards import Card
from fusionsmile.app.panels.user_gallery import UserGallery
from fusionsmile.app.publish_dialog import PublishDialog
from fusionsmile.core.design import Design
from fusionsmile.gallery.bundle import SUFFIX, import_bundle, write_bundle
from fusionsmile.gallery.entry import DESIGN_FILE, Entry, GalleryError
from fusionsmile.gallery.jobs import Published

BUNDLE_FILTER = f"FusionSmile bundles (*{SUFFIX})"


class GallerySharing(QObject):
    """Publish, import and export for the dock `parent` (dialogs open over it).

    photo_file : the file of an open photo by content hash (the window knows which
                 were read), offered for sharing with the design on request

    Signals
    -------
    entry_added(path: Path)   the design file of an entry just added to the gallery
    message(text: str)        a line for the status bar
    """

    entry_added = pyqtSignal(object)
    message = pyqtSignal(str)

    def __init__(
        self,
        document: DesignDocument,
        gallery: UserGallery,
        parent: QWidget,
        photo_file: Callable[[str], Path | None],
    ) -> None:
        super().__init__(parent)
        self._document = document
        self._gallery = gallery
        self._parent = parent
        self.photo_file = photo_file

    def publish(self) -> PublishDialog | None:
        """Ask for the open design's details and add it to the gallery (not modal: the
        dialog reports when the child process is done)."""
        design = self._document.design
        photo = self.photo_file(design.photo.sha256) if design.photo is not None else None
        try:
            root = self._gallery.get().root
        except GalleryError as error:
            self._warn("Cannot publish", html.escape(str(error)))
            return None
        dialog = PublishDialog(design, root, self._parent, photo_path=photo)
        dialog.published.connect(self._published)
        dialog.open()
        return dialog

    def _published(self, result: Published, design: Design) -> None:
        document = self._document
        if design != document.design and design.meta != document.design.meta:
            # The open design takes the details it was published with, as one undo step.
            document.edit(
                document.design.model_copy(update={"meta": design.meta}), "Publishing details"
            )
        self.entry_added.emit(Path(result.folder) / DESIGN_FILE)
        said = "Published" if result.added else "Already in your gallery:"
        self.message.emit(f"{said} “{result.title}”")

    def import_bundles(self, paths: list[Path] | None = None) -> list[Entry]:
        """Add .fsmile bundles to the gallery (a file dialog when paths is None). Bundles
        are checked in memory before anything is written, which is quick: done here. A
        rejected bundle is named in one dialog; the others are still imported."""
        if paths is None:
            chosen, _ = QFileDialog.getOpenFileNames(
                self._parent, "Import bundles", str(Path.home()), BUNDLE_FILTER
            )
            paths = [Path(name) for name in chosen]
        if not paths:
            return []
        imported: list[Entry] = []
        problems: list[str] = []
        try:
            gallery = self._gallery.get()
        except GalleryError as error:
            self._warn("Cannot import", html.escape(str(error)))
            return []
        for path in paths:
            try:
                entry, _ = import_bundle(gallery, path)
            except GalleryError as error:
                text = str(error)
                problems.append(text if str(path) in text else f"{path}: {text}")
            else:
                imported.append(entry)
        if imported:
            self.entry_added.emit(imported[-1].folder / DESIGN_FILE)
            noun = "bundle" if len(imported) == 1 else "bundles"
            self.message.emit(f"Imported {len(imported)} {noun}")
        if problems:
            listed = "".join(f"<li>{html.escape(line)}</li>" for line in problems)
            self._warn(
                "Cannot import",
                f"<p>These bundles were not imported; nothing of them was written:</p>"
                f"<ul>{listed}</ul>",
            )
        return imported

    def export_bundle(self, card: Card | None, out: Path | None = None) -> Path | None:
        """Write the gallery entry of card as a bundle at out (a save dialog when None)."""
        if card is None or not card.in_gallery:
            self._warn("Export bundle", "Choose a design of My gallery (publish it first).")
            return None
        if out is None:
            suggested = Path.home() / f"{card.design.parent.name}{SUFFIX}"
            chosen, _ = QFileDialog.getSaveFileName(
                self._parent, "Export bundle", str(suggested), BUNDLE_FILTER
            )
            if not chosen:
                return None
            out = Path(chosen)
        if out.suffix.lower() != SUFFIX:
            out = out.with_suffix(SUFFIX)
        try:
            write_bundle(self._gallery.get().get(card.id), out)
        except GalleryError as error:
            self._warn("Cannot export", html.escape(str(error)))
            return None
        self.message.emit(f"Wrote {out.name}")
        return out

    def _warn(self, title: str, text: str) -> None:
        QMessageBox.warning(self._parent, title, text)
