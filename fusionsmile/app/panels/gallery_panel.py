"""The Gallery dock: designs to start from, as a grid of thumbnails with search.

Designs come from sources: the presets shipped with FusionSmile and the user's own
gallery (`fusionsmile.gallery.store`). A source is a function returning cards, so a new
one (a shared repository, a folder) is one more entry in `GalleryPanel.sources`.
Presets have no pictures of their own and are rendered by `ThumbnailRenderer` in the
background; gallery entries carry theirs. Double-clicking a card asks the main window to
open it (`open_requested(path)`): the window decides about unsaved changes.

The dock's buttons and card menu also share (`gallery_sharing`: publish, import,
export), make new designs (`gallery_remixing`: remix, blend) and credit the open
design's parents (`gallery_credits`); all of them use one open gallery (`UserGallery`).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

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
    QResizeEvent,
    QShowEvent,
    QStandardItem,
    QStandardItemModel,
)
from PyQt6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from fusionsmile.app.blend_dialog import BlendDialog
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
from fusionsmile.app.panels.gallery_credits import GalleryCredits
from fusionsmile.app.panels.gallery_remixing import GalleryRemixing
from fusionsmile.app.panels.gallery_sharing import GallerySharing
from fusionsmile.app.panels.user_gallery import UserGallery
from fusionsmile.app.publish_dialog import PublishDialog
from fusionsmile.app.theme import WARNING
from fusionsmile.app.thumbnails import ThumbnailRenderer
from fusionsmile.core.design import Design
from fusionsmile.gallery.entry import Entry

PRESETS, MY_GALLERY = "Presets", "My gallery"
PROBLEM_CHARS = 200  # of a gallery's problem on the count line (elided to the width too)
PROBLEM_TIP_CHARS = 2000  # of the problems in the count line's tooltip
_Dialog = TypeVar("_Dialog", PublishDialog, BlendDialog, LineageDialog)


class GalleryPanel(QWidget):
    """Presets and the user's gallery as a searchable grid of thumbnails.

    sources : name -> function returning its cards, in the order of the source box
              (default: the presets and the user's gallery)

    Signals
    -------
    open_requested(path: Path)   the user double-clicked (or pressed Enter on) a design
    message(text: str)           something happened worth a line in the status bar

    confirm_discard : asked before Remix or Blend opens a new design in place of the
                      open one (the window's "unsaved changes" question)
    photo_file : the file of an open photo by content hash (the window knows which were
                 read), offered when publishing
    """

    open_requested = pyqtSignal(object)
    message = pyqtSignal(str)

    def __init__(
        self,
        document: DesignDocument,
        parent: QWidget | None = None,
        *,
        sources: dict[str, Callable[[], list[Card]]] | None = None,
        confirm_discard: Callable[[], bool] = lambda: True,
        photo_file: Callable[[str], Path | None] = lambda sha256: None,
    ) -> None:
        super().__init__(parent)
        self._document = document
        self.gallery = UserGallery()  # opened once, on first use, by every part below
        # A new source (a shared repository, a folder) is one more entry here.
        self.sources = sources or {
            PRESETS: preset_cards,
            MY_GALLERY: lambda: my_gallery_cards(self.gallery.get()),
        }
        self.sharing = GallerySharing(document, self.gallery, self, photo_file)
        self.sharing.entry_added.connect(self.show_entry)
        self.sharing.message.connect(self.message)
        self.remixing = GalleryRemixing(document, self, confirm_discard)
        self.remixing.message.connect(self.message)
        self._cards: dict[Path, Card] = {}
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
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)  # a gallery's error, its paths
        # A long problem is elided to the dock's width, never widening the dock.
        self.count_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._problem = ""  # what the last refresh could not read, shown beside the count

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
        self.crediting = GalleryCredits(document, self.gallery, self.credits, self)

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
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)
        self.refresh()

    def stop(self) -> None:
        """Stop rendering thumbnails and close the gallery (the window is closing)."""
        self.thumbnails.stop()
        self.gallery.close()

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
            self._problem = _skipped(self.gallery.problems() if source == MY_GALLERY else [])
        except Exception as error:  # a broken gallery is shown, not raised into Qt
            cards = []
            self._problem = f"{source} could not be read: {error}"
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
        self._show_count()

    def _show_count(self) -> None:
        """The count, and what could not be read (until a refresh reads it well): one
        line of plain text elided to the label's width, the whole of it as the tip."""
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        noun = "design" if total == 1 else "designs"
        line = f"{total} {noun}" if shown == total else f"{shown} of {total} {noun}"
        if self._problem:
            line = f"{line} — {_one_line(self._problem)}"
        metrics = self.count_label.fontMetrics()
        width = max(self.count_label.contentsRect().width() - 8, 120)  # 4 px padding a side
        self.count_label.setText(metrics.elidedText(line, Qt.TextElideMode.ElideRight, width))
        tip = _one_line(self._problem, PROBLEM_TIP_CHARS)
        # A tooltip that looks like HTML is HTML: escaped inside a tag, it is text.
        self.count_label.setToolTip(f"<p>{html.escape(tip)}</p>" if tip else "")
        colour = WARNING if self._problem else "palette(placeholder-text)"
        style = f"color: {colour}; padding: 0 4px;"
        if self.count_label.styleSheet() != style:  # not repolished on every letter typed
            self.count_label.setStyleSheet(style)

    def resizeEvent(self, event: QResizeEvent | None) -> None:
        super().resizeEvent(event)
        self._show_count()  # elided again to the new width

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

    # -- choosing cards ------------------------------------------------------------------

    def selected_path(self) -> Path | None:
        """The design file of the chosen card, or None."""
        selection = self.view.selectionModel()
        chosen = selection.selectedIndexes() if selection is not None else []
        path = chosen[0].data(PATH_ROLE) if chosen else None
        return Path(path) if path is not None else None

    def card(self, path: Path | None) -> Card | None:
        return self._cards.get(path) if path is not None else None

    def _chosen(self, path: Path | None) -> Card | None:
        """The card of path, or the chosen card when path is None."""
        return self.card(path or self.selected_path())

    def select(self, path: Path) -> bool:
        """Choose the card of path (True if it is shown)."""
        index = self.index_of(path)
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)
        return index.isValid()

    def show_entry(self, path: Path) -> None:
        """Show My gallery, freshly read, with the card of path chosen."""
        if self.source_box.currentText() == MY_GALLERY:
            self.refresh()
        else:
            self.source_box.setCurrentText(MY_GALLERY)  # refreshes
        self.select(path)
        self.crediting.update(force=True)  # a parent may have just arrived

    def _all_cards(self) -> list[tuple[str, Card]]:
        """Every card of every source (a broken source is skipped)."""
        out: list[tuple[str, Card]] = []
        for source, cards in self.sources.items():
            try:
                out.extend((source, card) for card in cards())
            except Exception:
                continue
        return out

    # -- what the buttons and the card menu do (the work is in the parts) ----------------

    def publish(self) -> PublishDialog | None:
        return self._keep(self.sharing.publish())

    def import_bundles(self, paths: list[Path] | None = None) -> list[Entry]:
        return self.sharing.import_bundles(paths)

    def export_bundle(self, path: Path | None = None, out: Path | None = None) -> Path | None:
        """Write the entry of path (default: the chosen card) as a bundle."""
        return self.sharing.export_bundle(self._chosen(path), out)

    def remix(self, path: Path | None = None) -> Design | None:
        card = self._chosen(path)
        return self.remixing.remix(card) if card is not None else None

    def blend(self, path: Path | None = None, with_open_design: bool = False) -> BlendDialog | None:
        card = self._chosen(path)
        if card is None:
            return None
        return self._keep(self.remixing.blend(card, self._all_cards(), with_open_design))

    def show_lineage(self, path: Path | None = None) -> LineageDialog | None:
        """The lineage tree of the card of path, or of the open design when path is None."""
        return self._keep(self.crediting.show_lineage(self.card(path)))

    def _keep(self, dialog: _Dialog | None) -> _Dialog | None:
        if dialog is not None:
            self.dialog = dialog
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


def _skipped(problems: list[str]) -> str:
    """The entries a source had to skip, as one phrase ("" for none)."""
    if not problems:
        return ""
    noun = "entry" if len(problems) == 1 else "entries"
    return f"{len(problems)} {noun} could not be read: {'; '.join(problems)}"


def _one_line(text: str, limit: int = PROBLEM_CHARS) -> str:
    """text on one line (a stranger's file name may hold line breaks), at most limit
    characters."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _button(action: QAction) -> QToolButton:
    button = QToolButton()
    button.setDefaultAction(action)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setAutoRaise(True)
    return button
