"""The Gallery dock: designs to start from, as a grid of thumbnails with search.

Designs come from sources: the presets shipped with FusionSmile and the user's own
gallery (`fusionsmile.gallery.store`). A source is a function returning cards, so a new
one (a shared repository, a folder) is one more entry in `GalleryPanel.sources`.
Presets have no pictures of their own and are rendered by `ThumbnailRenderer` in the
background; gallery entries carry theirs. Double-clicking a card asks the main window to
open it (`open_requested(path)`): the window decides about unsaved changes.

The dock is also where designs are shared: Publish (a dialog, then a child process that
renders the thumbnail), Import and Export of `.fsmile` bundles, Remix and Blend (opened as
new unsaved designs that remember their parents), and a credits line with the lineage of
the open design.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PyQt6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPoint,
    Qt,
    pyqtSignal,
)
from PyQt6.QtGui import (
    QAction,
    QPixmap,
    QShowEvent,
    QStandardItem,
    QStandardItemModel,
)
from PyQt6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QMessageBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from fusionsmile.app.blend_dialog import BlendDialog, Choice
from fusionsmile.app.document import DesignDocument
from fusionsmile.app.lineage_view import CreditsStrip, LineageDialog
from fusionsmile.app.panels.gallery_cards import (
    ALL_TAGS,
    PATH_ROLE,
    RENDERED_ROLE,
    SEARCH_ROLE,
    SUBTITLE_ROLE,
    TAGS_ROLE,
    Card,
    CardDelegate,
    CardFilter,
    my_gallery_cards,
    placeholder,
    preset_cards,
)
from fusionsmile.app.publish_dialog import PublishDialog, remembered_author
from fusionsmile.app.thumbnails import ThumbnailRenderer
from fusionsmile.core.design import Design
from fusionsmile.core.design_io import DesignError, read_design
from fusionsmile.gallery.bundle import SUFFIX, import_bundle, write_bundle
from fusionsmile.gallery.credits import Known, credits_text, design_lineage
from fusionsmile.gallery.entry import DESIGN_FILE, Entry, GalleryError, design_id
from fusionsmile.gallery.jobs import Published
from fusionsmile.gallery.store import Gallery
from fusionsmile.gallery.synergy import remix

PRESETS, MY_GALLERY = "Presets", "My gallery"
BUNDLE_FILTER = f"FusionSmile bundles (*{SUFFIX})"


class GalleryPanel(QWidget):
    """Presets and the user's gallery as a searchable grid of thumbnails.

    sources : name -> function returning its cards, in the order of the source box
              (default: the presets and the user's gallery)

    Signals
    -------
    open_requested(path: Path)   the user double-clicked (or pressed Enter on) a design
    message(text: str)           something happened worth a line in the status bar

    Remix and Blend open their result as a new unsaved design through `open_new`, after
    asking `confirm_discard()` (the window sets it to its own "unsaved changes" question).
    """

    open_requested = pyqtSignal(object)
    message = pyqtSignal(str)

    def __init__(
        self,
        document: DesignDocument,
        parent: QWidget | None = None,
        *,
        sources: dict[str, Callable[[], list[Card]]] | None = None,
    ) -> None:
        super().__init__(parent)
        self._document = document
        # A new source (a shared repository, a folder) is one more entry here.
        self.sources = sources or {PRESETS: preset_cards, MY_GALLERY: my_gallery_cards}
        self.confirm_discard: Callable[[], bool] = lambda: True
        # The file of an open photo by content hash (the window knows which were read).
        self.photo_file: Callable[[str], Path | None] = lambda sha256: None
        self._cards: dict[Path, Card] = {}
        self._presets: dict[str, Known] | None = None
        self._credited: tuple[str, ...] | None = None
        self.dialog: PublishDialog | BlendDialog | LineageDialog | None = None  # the last one
        self.thumbnails = ThumbnailRenderer(parent=self)
        self.thumbnails.ready.connect(self._thumbnail_ready)
        self.thumbnails.failed.connect(self._thumbnail_failed)
        self._items: dict[Path, QStandardItem] = {}

        self.source_box = QComboBox()
        self.source_box.addItems(list(self.sources))
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText("Search title, tags, author, mood, story…")
        self.search_box.setClearButtonEnabled(True)
        self.tag_box = QComboBox()
        self.tag_box.setMinimumContentsLength(8)
        self.count_label = QLabel()
        self.count_label.setStyleSheet("color: palette(placeholder-text); padding: 0 4px;")

        self.model = QStandardItemModel(self)
        self.proxy = CardFilter(self)
        self.proxy.setSourceModel(self.model)
        self.view = QListView()
        self.view.setModel(self.proxy)
        self.view.setViewMode(QListView.ViewMode.IconMode)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setMovement(QListView.Movement.Static)
        self.view.setUniformItemSizes(True)
        self.view.setSpacing(2)
        self.view.setMouseTracking(True)
        self.delegate = CardDelegate(self.view)
        self.view.setItemDelegate(self.delegate)
        self.view.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.view.setFrameShape(QListView.Shape.NoFrame)

        viewport = self.view.viewport()
        assert viewport is not None
        viewport.installEventFilter(self)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.credits = CreditsStrip()
        self.credits.lineage_requested.connect(lambda: self.show_lineage(None))

        self.publish_action = self._action(
            "Publish…", self.publish, "Add the open design to your gallery, with its story"
        )
        self.import_action = self._action(
            "Import…", lambda: self.import_bundles(), "Add .fsmile bundles to your gallery"
        )
        self.export_action = self._action(
            "Export…", lambda: self.export_bundle(), "Write the chosen entry as a .fsmile bundle"
        )
        self.remix_action = self._action(
            "Remix", lambda: self.remix(), "Start a new design from the chosen card"
        )
        self.blend_action = self._action(
            "Blend…", lambda: self.blend(), "Cross the chosen card with another design"
        )
        self.lineage_action = self._action(
            "Lineage…", lambda: self.show_lineage(self.selected_path()),
            "The designs the chosen entry was remixed or blended from",
        )  # fmt: skip
        actions = QHBoxLayout()
        actions.setSpacing(2)
        for action in (self.publish_action, self.import_action, self.export_action):
            actions.addWidget(_button(action))
        actions.addStretch(1)
        for action in (self.remix_action, self.blend_action):
            actions.addWidget(_button(action))

        bar = QHBoxLayout()
        bar.setSpacing(6)
        bar.addWidget(self.source_box)
        bar.addWidget(self.search_box, 1)
        bar.addWidget(self.tag_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addLayout(actions)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.credits)
        layout.addWidget(self.count_label)

        self.search_box.textChanged.connect(self._filter_changed)
        self.tag_box.currentIndexChanged.connect(self._filter_changed)
        self.source_box.currentTextChanged.connect(self.refresh)
        self.view.activated.connect(self._activated)
        selection = self.view.selectionModel()
        assert selection is not None
        selection.selectionChanged.connect(lambda *_: self._update_actions())
        document.opened.connect(self._select_open_design)
        document.opened.connect(lambda _: self.update_credits())
        document.changed.connect(lambda old, new: self._parents_changed(old, new))
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.thumbnails.stop)
        self.refresh()
        self.update_credits()

    def eventFilter(self, watched: QObject | None, event: QEvent | None) -> bool:
        # Cards grow to fill whole columns: a 400-px dock shows two, not one and a gap.
        if event is not None and event.type() == QEvent.Type.Resize:
            viewport = self.view.viewport()
            if (
                watched is viewport
                and viewport is not None
                and self.delegate.fit(viewport.width(), self.view.spacing())
            ):
                self.view.doItemsLayout()  # type: ignore[attr-defined]  # public, unstubbed
        return super().eventFilter(watched, event)

    def _action(self, text: str, slot: Callable[[], object], tip: str) -> QAction:
        action = QAction(text, self)
        action.setIconText(text)  # buttons keep the "…" that says a dialog follows
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(lambda _=False: slot())
        return action

    def menu_actions(self) -> list[QAction]:
        """The actions of the dock, for the window's Gallery menu."""
        return [
            self.publish_action, self.import_action, self.export_action,
            self.remix_action, self.blend_action, self.lineage_action,
        ]  # fmt: skip

    # -- what the window calls -------------------------------------------------------

    def refresh(self) -> None:
        """Reload the chosen source (after a design was added to the gallery)."""
        source = self.source_box.currentText() or "Presets"
        try:
            cards = self.sources[source]()
        except Exception as error:  # a broken gallery is shown, not raised into Qt
            cards = []
            self.count_label.setText(f"{source}: {error}")
        self.thumbnails.stop()
        self.model.clear()
        self._items = {}
        self._cards = {card.design: card for card in cards}
        for card in cards:
            self.model.appendRow(self._item(card))
        tags = sorted({tag for card in cards for tag in card.tags}, key=str.lower)
        chosen = self.tag_box.currentText()
        self.tag_box.blockSignals(True)
        self.tag_box.clear()
        self.tag_box.addItems([ALL_TAGS, *tags])
        self.tag_box.setCurrentIndex(max(self.tag_box.findText(chosen), 0))
        self.tag_box.blockSignals(False)
        self._filter_changed()
        self._select_open_design(self._document.path)
        self._update_actions()

    def visible_paths(self) -> list[Path]:
        """The design files of the cards shown, in order."""
        return [self.proxy.index(row, 0).data(PATH_ROLE) for row in range(self.proxy.rowCount())]

    def index_of(self, path: Path) -> QModelIndex:
        """The view's index of the card for path (invalid if it is filtered out)."""
        item = self._items.get(path)
        if item is None:
            return QModelIndex()
        return self.proxy.mapFromSource(item.index())

    # -- building the grid -----------------------------------------------------------

    def _item(self, card: Card) -> QStandardItem:
        item = QStandardItem(card.title)
        item.setEditable(False)
        item.setData(card.design, PATH_ROLE)
        item.setData(card.search_text(), SEARCH_ROLE)
        item.setData(card.tags, TAGS_ROLE)
        item.setData(" · ".join(part for part in (card.author, card.mood) if part), SUBTITLE_ROLE)
        # Titles and stories come from strangers: escaped, never read as markup.
        tip = f"<b>{html.escape(card.title)}</b>"
        if card.author:
            tip += f"<br>by {html.escape(card.author)}"
        if card.story:
            tip += f"<p style='max-width: 320px'>{html.escape(card.story)}</p>"
        if card.tags:
            tip += f"<i>{html.escape(', '.join(card.tags))}</i>"
        item.setToolTip(tip)
        # Rendering waits until the grid is on screen: a hidden dock costs nothing.
        thumbnail = card.thumbnail or (
            self.thumbnails.request(card.design)
            if self.isVisible()
            else self.thumbnails.cached(card.design)
        )
        picture = QPixmap(str(thumbnail)) if thumbnail else QPixmap()
        item.setData(
            picture if not picture.isNull() else placeholder(card.title),
            Qt.ItemDataRole.DecorationRole,
        )
        item.setData(not picture.isNull(), RENDERED_ROLE)
        self._items[card.design] = item
        return item

    def showEvent(self, event: QShowEvent | None) -> None:
        super().showEvent(event)
        for path, item in self._items.items():
            if not item.data(RENDERED_ROLE):
                png = self.thumbnails.request(path)
                if png is not None:
                    self._thumbnail_ready(path, png)

    def has_thumbnail(self, path: Path) -> bool:
        """Whether the card for path shows its rendered picture (not the placeholder)."""
        item = self._items.get(path)
        return bool(item and item.data(RENDERED_ROLE))

    def _thumbnail_ready(self, design: Path, png: Path) -> None:
        item = self._items.get(design)
        picture = QPixmap(str(png))
        if item is not None and not picture.isNull():
            item.setData(picture, Qt.ItemDataRole.DecorationRole)
            item.setData(True, RENDERED_ROLE)

    def _thumbnail_failed(self, design: Path, message: str) -> None:
        item = self._items.get(design)
        if item is not None:
            item.setToolTip(f"{item.toolTip()}<br><span style='color:#f0a33a'>{message}</span>")

    # -- filtering and opening -------------------------------------------------------

    def _filter_changed(self, *_: object) -> None:
        tag = self.tag_box.currentText()
        self.proxy.set_tag(None if tag in ("", ALL_TAGS) else tag)
        self.proxy.set_text(self.search_box.text())
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        noun = "design" if total == 1 else "designs"
        self.count_label.setText(
            f"{total} {noun}" if shown == total else f"{shown} of {total} {noun}"
        )

    def _activated(self, index: QModelIndex) -> None:
        path = index.data(PATH_ROLE)
        if path is not None:
            self.open_requested.emit(Path(path))

    def _select_open_design(self, path: object) -> None:
        index = self.index_of(path) if isinstance(path, Path) else QModelIndex()
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)
        else:
            self.view.clearSelection()

    # -- sharing: publish, import, export ---------------------------------------------

    def selected_path(self) -> Path | None:
        """The design file of the chosen card, or None."""
        selection = self.view.selectionModel()
        chosen = selection.selectedIndexes() if selection is not None else []
        path = chosen[0].data(PATH_ROLE) if chosen else None
        return Path(path) if path is not None else None

    def card(self, path: Path | None) -> Card | None:
        return self._cards.get(path) if path is not None else None

    def select(self, path: Path) -> bool:
        """Choose the card of path (True if it is shown)."""
        index = self.index_of(path)
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)
        return index.isValid()

    def publish(self) -> PublishDialog:
        """Ask for the open design's details and add it to the gallery (not modal: the
        dialog reports into the dock when the child process is done)."""
        root = _gallery_root()
        design = self._document.design
        photo = self.photo_file(design.photo.sha256) if design.photo is not None else None
        dialog = PublishDialog(design, root, self, photo_path=photo)
        dialog.published.connect(self._published)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _published(self, result: Published, design: Design) -> None:
        if design != self._document.design and design.meta != self._document.design.meta:
            # The open design takes the details it was published with, as one undo step.
            self._document.edit(
                self._document.design.model_copy(update={"meta": design.meta}),
                "Publishing details",
            )
        self.show_entry(Path(result.folder) / DESIGN_FILE)
        said = "Published" if result.added else "Already in your gallery:"
        self.message.emit(f"{said} “{result.title}”")

    def show_entry(self, path: Path) -> None:
        """Show My gallery, freshly read, with the card of path chosen."""
        if self.source_box.currentText() == MY_GALLERY:
            self.refresh()
        else:
            self.source_box.setCurrentText(MY_GALLERY)  # refreshes
        self.select(path)
        self.update_credits(force=True)  # a parent may have just arrived

    def import_bundles(self, paths: list[Path] | None = None) -> list[Entry]:
        """Add .fsmile bundles to the gallery (a file dialog when paths is None). Bundles
        are checked in memory before anything is written, which is quick: done here. A
        rejected bundle is named in one dialog; the others are still imported."""
        if paths is None:
            chosen, _ = QFileDialog.getOpenFileNames(
                self, "Import bundles", str(Path.home()), BUNDLE_FILTER
            )
            paths = [Path(name) for name in chosen]
        if not paths:
            return []
        imported: list[Entry] = []
        problems: list[str] = []
        gallery = Gallery.default()
        try:
            for path in paths:
                try:
                    entry, _ = import_bundle(gallery, path)
                except GalleryError as error:
                    text = str(error)
                    problems.append(text if str(path) in text else f"{path}: {text}")
                else:
                    imported.append(entry)
        finally:
            gallery.close()
        if imported:
            self.show_entry(imported[-1].folder / DESIGN_FILE)
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

    def export_bundle(self, path: Path | None = None, out: Path | None = None) -> Path | None:
        """Write the gallery entry of path (default: the chosen card) as a bundle at out
        (a save dialog when None)."""
        card = self.card(path or self.selected_path())
        if card is None or not card.in_gallery:
            self._warn("Export bundle", "Choose a design of My gallery (publish it first).")
            return None
        if out is None:
            suggested = Path.home() / f"{card.design.parent.name}{SUFFIX}"
            chosen, _ = QFileDialog.getSaveFileName(
                self, "Export bundle", str(suggested), BUNDLE_FILTER
            )
            if not chosen:
                return None
            out = Path(chosen)
        if out.suffix.lower() != SUFFIX:
            out = out.with_suffix(SUFFIX)
        gallery = Gallery.default()
        try:
            write_bundle(gallery.get(card.id), out)
        except GalleryError as error:
            self._warn("Cannot export", html.escape(str(error)))
            return None
        finally:
            gallery.close()
        self.message.emit(f"Wrote {out.name}")
        return out

    # -- making new designs: remix and blend ------------------------------------------

    def _load(self, card: Card) -> tuple[Design, str]:
        design = read_design(card.design)
        return design, card.id or design_id(design)

    def remix(self, path: Path | None = None) -> Design | None:
        """A copy of the card's design, crediting it as its parent, opened unsaved."""
        card = self.card(path or self.selected_path())
        if card is None:
            return None
        try:
            design, id = self._load(card)
        except (DesignError, OSError) as error:
            self._warn("Cannot remix", html.escape(str(error)))
            return None
        made = remix(design, id, author=remembered_author())
        return made if self.open_new(made, f"Remix of “{card.title}”") else None

    def blend(self, path: Path | None = None, with_open_design: bool = False) -> BlendDialog | None:
        """Cross the card with another design (or the open design with the card, when
        with_open_design), at an amount chosen in a dialog with a live description."""
        card = self.card(path or self.selected_path())
        if card is None:
            return None
        current = self._document.design
        open_choice = Choice(
            f"The open design: {current.meta.title}", lambda: (current, design_id(current))
        )
        others = [
            Choice(f"{source}: {other.title}", partial(self._load, other))
            for source, other in self._all_cards()
            if other.design != card.design
        ]
        card_choice = Choice(card.title, lambda: self._load(card))
        try:
            if with_open_design:
                partners = [card_choice, *others]
                dialog = BlendDialog(open_choice, partners, 0, self)
            else:
                dialog = BlendDialog(card_choice, [open_choice, *others], 0, self)
        except (DesignError, OSError) as error:
            self._warn("Cannot blend", html.escape(str(error)))
            return None
        dialog.accepted.connect(lambda: self._blended(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _blended(self, dialog: BlendDialog) -> None:
        try:
            made = dialog.blended()
        except (DesignError, OSError, ValueError) as error:
            self._warn("Cannot blend", html.escape(str(error)))
            return
        self.open_new(made, f"Blend at {dialog.t:.2f}")

    def _all_cards(self) -> list[tuple[str, Card]]:
        """Every card of every source (a broken source is skipped)."""
        out: list[tuple[str, Card]] = []
        for source, cards in self.sources.items():
            try:
                out.extend((source, card) for card in cards())
            except Exception:
                continue
        return out

    def open_new(self, design: Design, what: str) -> bool:
        """Open design as a new, unsaved design (after the window's unsaved-changes
        question); True if it was opened."""
        if not self.confirm_discard():
            return False
        self._document.open(design, None)
        self._document.undo_stack.resetClean()  # made here, saved nowhere yet
        self._document.dirty_changed.emit(True)
        self._document.set_selection(())
        self.message.emit(f"{what}: a new design, not saved yet")
        return True

    # -- credits and lineage ------------------------------------------------------------

    def preset_names(self) -> dict[str, Known]:
        """Presets by content id, so a remix of a preset credits it by title."""
        if self._presets is None:
            self._presets = {
                card.id: Known(card.title, card.author, "presets") for card in preset_cards()
            }
        return self._presets

    def _parents_changed(self, old: Design, new: Design) -> None:
        if old.meta.parents != new.meta.parents:
            self.update_credits()

    def update_credits(self, force: bool = False) -> None:
        """Credit the open design's parents under the grid (hidden when it has none)."""
        parents = self._document.design.meta.parents
        if parents == self._credited and not force:
            return
        self._credited = parents
        if not parents:
            self.credits.set_text("")
            return
        try:
            gallery = Gallery.default()
            try:
                text = credits_text(self._document.design, gallery, self.preset_names())
            finally:
                gallery.close()
        except GalleryError:
            text = credits_text(self._document.design, _NoGallery(), self.preset_names())  # type: ignore[arg-type]
        self.credits.set_text(text)

    def show_lineage(self, path: Path | None = None) -> LineageDialog | None:
        """The lineage tree of the card of path, or of the open design when path is None."""
        card = self.card(path)
        try:
            gallery = Gallery.default()
            try:
                if card is not None and card.in_gallery:
                    node, title = gallery.lineage(card.id), None
                elif card is not None:
                    design, _ = self._load(card)
                    node, title = design_lineage(design, gallery), card.title
                else:
                    design = self._document.design
                    node, title = design_lineage(design, gallery), design.meta.title
            finally:
                gallery.close()
        except (GalleryError, DesignError, OSError) as error:
            self._warn("Lineage", html.escape(str(error)))
            return None
        dialog = LineageDialog(node, self.preset_names(), title, self)
        self.dialog = dialog
        dialog.open()
        return dialog

    # -- the card menu and the buttons' state -----------------------------------------

    def card_menu(self, path: Path) -> QMenu:
        """The context menu of the card of path."""
        card = self.card(path)
        menu = QMenu(self)
        entries: list[tuple[str, Callable[[], object], bool]] = [
            ("Open", lambda: self.open_requested.emit(path), True),
            ("Remix", lambda: self.remix(path), True),
            ("Blend with the open design…", lambda: self.blend(path, True), True),
            ("Export bundle…", lambda: self.export_bundle(path), bool(card and card.in_gallery)),
            ("Show lineage", lambda: self.show_lineage(path), True),
        ]
        for text, slot, enabled in entries:
            action = menu.addAction(text)
            assert action is not None
            action.setEnabled(enabled)
            action.triggered.connect(lambda _=False, slot=slot: slot())
        return menu

    def _context_menu(self, position: QPoint) -> None:
        index = self.view.indexAt(position)
        path = index.data(PATH_ROLE) if index.isValid() else None
        if path is None:
            return
        self.view.setCurrentIndex(index)
        viewport = self.view.viewport()
        assert viewport is not None
        self.card_menu(Path(path)).exec(viewport.mapToGlobal(position))

    def _update_actions(self) -> None:
        card = self.card(self.selected_path())
        for action in (self.remix_action, self.blend_action, self.lineage_action):
            action.setEnabled(card is not None)
        self.export_action.setEnabled(card is not None and card.in_gallery)

    def _warn(self, title: str, text: str) -> None:
        QMessageBox.warning(self, title, text)


class _NoGallery:
    """Stands in for a gallery that cannot be opened: every parent is unknown there."""

    def find(self, id: str) -> None:
        return None


def _gallery_root() -> Path:
    gallery = Gallery.default()
    gallery.close()
    return gallery.root


def _button(action: QAction) -> QToolButton:
    button = QToolButton()
    button.setDefaultAction(action)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setAutoRaise(True)
    return button
